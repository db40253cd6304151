/**
 * `npm run ingest [-- <corpusDir>] [--json]`: ingest the corpus and report, per file, what it
 * produced (documents, passages, warnings, or why it was skipped), then the documents.
 * Exit code 1 when any file was skipped, so scripts notice bad input.
 */
import path from "node:path";
import { ingestCorpus } from "../ingest/index.ts";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: npm run ingest -- [corpusDir] [--json]\n  corpusDir defaults to ./corpus; --json prints the reports and documents (without passages) as JSON");
  process.exit(0);
}
const json = args.includes("--json");
const dir = path.resolve(args.find((a) => !a.startsWith("--")) ?? "corpus");

const t0 = performance.now();
const corpus = ingestCorpus(dir);
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
    editions: d.editions.map((e) => ({ id: e.id, name: e.name, source: e.source, primary: e.primary, ...(e.version ? { version: e.version } : {}), passages: e.passages.length, chars: e.text.length })),
  }));
  console.log(JSON.stringify({ corpusDir: dir, seconds: Number(seconds.toFixed(3)), reports: corpus.reports, documents }, null, 2));
} else {
  console.log(`ingest ${dir}`);
  for (const r of corpus.reports) {
    if (r.ok) console.log(`  ✓ ${r.file}: ${r.documents} document(s), ${r.passages} passage(s)${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ""}`);
    else console.log(`  ✗ ${r.file}: skipped — ${r.error}`);
    for (const w of r.warnings) console.log(`      ! ${w}`);
  }
  console.log(`documents:`);
  for (const d of corpus.documents) {
    console.log(`  ${d.id}  ${d.title}${d.docNumber ? `（${d.docNumber}）` : ""}  ${d.type ?? "—"}  ${d.issuer ?? "—"}  ${d.date ?? "—"}  ${d.region ?? "—"}/${d.level}${d.status !== "unknown" ? `  ${d.status}` : ""}`);
    for (const e of d.editions) console.log(`      ${e.primary ? "*" : " "} ${e.id}  ${e.name}${e.version ? `  [${e.version.label}${e.version.current ? ", current" : ""}]` : ""}  ${e.passages.length} passages, ${e.outline.length} top-level headings`);
  }
  const passages = corpus.documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.passages.length, 0), 0);
  console.log(`${corpus.documents.length} documents, ${passages} passages in ${seconds.toFixed(2)} s`);
}
process.exitCode = corpus.reports.some((r) => !r.ok) ? 1 : 0;
