/**
 * Echo figures for a corpus: how long computeEchoes takes and, for one pair of documents, the
 * mirror-map figures (share of a taken from b, overall and by chapter).
 *
 *   npx tsx src/echo/report.ts [corpusDir] [--a 延边州科学技术发展] [--b 吉林省科学技术发展] [--json]
 *
 * --a / --b pick documents by title prefix (default: the first prefecture-level document against
 * the province-level document that shares most of its text).
 */
import { ingestCorpus } from "../ingest/index.ts";
import type { DocumentRecord } from "../model.ts";
import { computeEchoes, createEchoIndex } from "./index.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const positional = process.argv.slice(2).filter((x, i, all) => !x.startsWith("--") && !(all[i - 1] ?? "").match(/^--(a|b)$/));
const corpusDir = positional[0] ?? "corpus";
const t0 = performance.now();
const corpus = await ingestCorpus(corpusDir);
const ingestSeconds = (performance.now() - t0) / 1000;
const docs = corpus.documents;

const t1 = performance.now();
const store = computeEchoes(docs);
const echoSeconds = (performance.now() - t1) / 1000;
const index = createEchoIndex(store, docs);

const byPrefix = (prefix: string | undefined): DocumentRecord | undefined => (prefix ? docs.find((d) => d.title.startsWith(prefix)) : undefined);
let a = byPrefix(arg("--a")) ?? docs.find((d) => d.level === "prefecture");
let b = byPrefix(arg("--b"));
if (a && !b) {
  let best = -1;
  for (const d of docs) {
    if (d === a || d.level !== "province") continue;
    const share = index.compare(a.id, d.id).summary.reusedShare;
    if (share > best) [best, b] = [share, d];
  }
}

const out: Record<string, unknown> = {
  corpus: corpusDir,
  documents: docs.length,
  passages: store.stats.passages,
  textMB: Math.round(Buffer.byteLength(docs.map((d) => d.editions[0]?.passages.map((p) => p.text).join("") ?? "").join(""), "utf8") / 1e4) / 100,
  ingestSeconds: Math.round(ingestSeconds * 1000) / 1000,
  echoSeconds: Math.round(echoSeconds * 1000) / 1000,
  stats: store.stats,
};
if (a && b) {
  const m = index.compare(a.id, b.id);
  out.compare = {
    a: a.title,
    b: b.title,
    summary: m.summary,
    chapters: m.sections.filter((s) => s.a.path.length === 1).map((s) => ({ a: s.a.path[0]!.title, b: s.b?.path.map((h) => h.title).join(" > ") ?? null, share: s.share })),
  };
}

if (process.argv.includes("--json")) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`${out.documents} documents, ${out.passages} passages, ${out.textMB} MB of passage text (primary editions)`);
  const bytes = store.pairs.byteLength + store.rep.byteLength + store.mate.byteLength + store.ids.reduce((n, id) => n + id.length + 1, 0);
  console.log(
    `computeEchoes: ${out.echoSeconds} s over ${store.stats.passages} clauses, ${store.stats.alignedPairs} pairs aligned, ${store.stats.echoPairs} echo pairs, ` +
      `${store.stats.grouped} copies in ${store.stats.groups} groups, ${store.stats.overFrequentSkips} over-frequent fingerprints skipped, store ${(bytes / 1e6).toFixed(2)} MB`,
  );
  const c = out.compare as { a: string; b: string; summary: { copied: number; adapted: number; local: number; reusedShare: number; headings: number }; chapters: { a: string; b: string | null; share: number }[] } | undefined;
  if (c) {
    console.log(`\n${c.a} ← ${c.b}`);
    console.log(`reused share ${(c.summary.reusedShare * 100).toFixed(1)}%; clauses copied ${c.summary.copied}, adapted ${c.summary.adapted}, local ${c.summary.local}; headings ${c.summary.headings}`);
    for (const ch of c.chapters) console.log(`  ${(ch.share * 100).toFixed(1).padStart(5)}%  ${ch.a}  ↔  ${ch.b ?? "—"}`);
  }
}
