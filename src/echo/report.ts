/**
 * Echo figures for a corpus: how long computeEchoes takes and, for one pair of documents, the
 * mirror-map figures (share of a taken from b, overall and by chapter).
 *
 *   npx tsx src/echo/report.ts [corpusDir] [--a 延边州科学技术发展] [--b 吉林省科学技术发展] [--workers N] [--json]
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

const positional = process.argv.slice(2).filter((x, i, all) => !x.startsWith("--") && !(all[i - 1] ?? "").match(/^--(a|b|workers)$/));
const corpusDir = positional[0] ?? "corpus";
const t0 = performance.now();
const corpus = await ingestCorpus(corpusDir);
const ingestSeconds = (performance.now() - t0) / 1000;
const docs = corpus.documents;

const t1 = performance.now();
const workers = arg("--workers");
const store = computeEchoes(docs, workers ? { workers: Number(workers) } : {});
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
  console.log(`computeEchoes: ${out.echoSeconds} s (index ${store.stats.indexSeconds} s, align ${store.stats.alignSeconds} s on ${store.stats.workers} thread(s)), ${store.stats.alignedPairs} pairs aligned, ${store.stats.echoPairs} echo pairs, store ${(JSON.stringify(store).length / 1e6).toFixed(1)} MB as JSON`);
  const c = out.compare as { a: string; b: string; summary: { copied: number; adapted: number; local: number; reusedShare: number }; chapters: { a: string; b: string | null; share: number }[] } | undefined;
  if (c) {
    console.log(`\n${c.a} ← ${c.b}`);
    console.log(`reused share ${(c.summary.reusedShare * 100).toFixed(1)}%; passages copied ${c.summary.copied}, adapted ${c.summary.adapted}, local ${c.summary.local}`);
    for (const ch of c.chapters) console.log(`  ${(ch.share * 100).toFixed(1).padStart(5)}%  ${ch.a}  ↔  ${ch.b ?? "—"}`);
  }
}
