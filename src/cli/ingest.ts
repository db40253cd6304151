/**
 * `npm run ingest [-- <corpusDir>] [--json]`: ingest the corpus and report every entry found under
 * it — indexed (its format, documents, passages, warnings), skipped (why) or ignored on purpose
 * (why) — then the documents. Exit code 1 when any file was skipped, so scripts notice bad input.
 */
import path from "node:path";
import { ingestCorpus } from "../ingest/index.ts";
import { reportLine, summaryLine } from "../ingest/report-lines.ts";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: npm run ingest -- [corpusDir] [--json]\n  corpusDir defaults to ./corpus; --json prints the reports and documents (without passages) as JSON");
  process.exit(0);
}
const json = args.includes("--json");
const dir = path.resolve(args.find((a) => !a.startsWith("--")) ?? "corpus");

const t0 = performance.now();
const progress = !json && process.stderr.isTTY;
const corpus = await ingestCorpus(dir, {
  onProgress: progress ? (done, total, file) => process.stderr.write(`\r\x1b[K reading ${done}/${total} ${file.slice(-60)}`) : undefined,
});
if (progress) process.stderr.write("\r\x1b[K");
const seconds = (performance.now() - t0) / 1000;

if (json) {
  const documents = corpus.documents.map((d) => ({
    id: d.id,
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    date: d.date,
    dates: d.dates,
    type: d.type,
    region: d.region,
    level: d.level,
    status: d.status,
    provenance: d.provenance,
    ...(d.part ? { part: d.part } : {}),
    editions: d.editions.map((e) => ({ id: e.id, name: e.name, source: e.source, format: e.format, primary: e.primary, ...(e.version ? { version: e.version } : {}), passages: e.passages.length, chars: e.text.length })),
  }));
  console.log(JSON.stringify({ corpusDir: dir, seconds: Number(seconds.toFixed(3)), reports: corpus.reports, documents }, null, 2));
} else {
  console.log(`ingest ${dir}`);
  for (const r of corpus.reports) {
    console.log(`  ${reportLine(r)}`);
    for (const w of r.warnings) console.log(`      ! ${w}`);
  }
  console.log(`documents:`);
  for (const d of corpus.documents) {
    console.log(`  ${d.id}  ${d.title}${d.docNumber ? `（${d.docNumber}）` : ""}  ${d.type ?? "—"}  ${d.issuer ?? "—"}  ${d.date ?? "—"}  ${d.region ?? "—"}/${d.level}${d.status !== "unknown" ? `  ${d.status}` : ""}`);
    for (const e of d.editions) console.log(`      ${e.primary ? "*" : " "} ${e.id}  ${e.name}${e.version ? `  [${e.version.label}${e.version.current ? ", current" : ""}]` : ""}  [${e.format ?? "?"}] ${e.source}  ${e.passages.length} passages, ${e.outline.length} top-level headings`);
  }
  const passages = corpus.documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.passages.length, 0), 0);
  console.log(summaryLine(corpus.reports));
  console.log(`${corpus.documents.length} documents, ${passages} passages in ${seconds.toFixed(2)} s`);
}
process.exitCode = corpus.reports.some((r) => !r.ok) ? 1 : 0;
