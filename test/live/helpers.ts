/** Temp corpora for the live collection's tests: the seeds, the regulation fixtures and format fixtures, copied. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../../src/engine.contract.ts";
import { Rng } from "../../src/bench/prng.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SEEDS = path.join(ROOT, "corpus");
export const REGULATIONS = path.join(ROOT, "test/fixtures/regulations");
export const FORMATS = path.join(ROOT, "test/fixtures/formats");

/** Every file the equality tests use, as corpus-relative path → source path. */
export function fullCorpusFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(SEEDS)) files.set(f, path.join(SEEDS, f));
  for (const f of fs.readdirSync(REGULATIONS)) if (f.endsWith(".md") && f !== "README.md") files.set(`regulations/${f}`, path.join(REGULATIONS, f));
  for (const f of ["jilin-st-plan.html", "jilin-st-plan.docx"]) files.set(`formats/${f}`, path.join(FORMATS, f));
  return files;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh corpus folder holding `files` (rel → source). */
export function makeCorpus(files: Map<string, string>): string {
  const dir = tempDir("zj-live-corpus-");
  for (const [rel, src] of files) copyInto(dir, rel, src);
  return dir;
}

export function copyInto(corpusDir: string, rel: string, src: string): void {
  const to = path.join(corpusDir, rel);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(src, to);
}

/**
 * A seeded query set drawn from the collection's passages (two to six characters from random
 * passages), plus terms and filters that cross documents. Same seed, same queries.
 */
export async function seededQueries(engine: Engine, seed: number, count: number): Promise<string[]> {
  const rng = new Rng(seed);
  const rand = () => rng.next();
  const texts: string[] = [];
  for (const summary of engine.documents) {
    const d = (await engine.doc(summary.id))!;
    for (const e of d.editions) for (const p of e.passages) texts.push(p.text);
  }
  const out = ["农业技术推广", "科技创新", "专利代理", "人脸识别", "第十条", "梅花鹿", "产业链 -人参", "创新 OR 推广", "\"技术推广\""];
  while (out.length < count) {
    const t = texts[Math.floor(rand() * texts.length)]!.replace(/[^\p{Script=Han}]/gu, "");
    if (t.length < 4) continue;
    const len = 2 + Math.floor(rand() * 5);
    const at = Math.floor(rand() * (t.length - len));
    out.push(t.slice(at, at + len));
  }
  return out;
}

/**
 * What an answer says, without the time it took and without what a live collection orders by
 * arrival until its next merge (documents added later come later): hits of equal score and facet
 * values of equal count are put in id order, and a facet cut at its limit keeps only the values
 * above the count it was cut at (which of the equals made the cut is that order too). Echoes are
 * left to `echoAnswerOf`. `exact` keeps everything as answered (after a merge).
 */
export async function answerOf(engine: Engine, q: string, exact = false): Promise<unknown> {
  const r = await engine.search(q, { limit: 1000 });
  if (exact) return { ...r, tookMs: 0 };
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const hits = r.hits.map(({ echoes: _e, ...h }) => h).sort((a, b) => b.score - a.score || byId(a, b));
  const facets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r.facets)) {
    if (!Array.isArray(v)) { facets[k] = v; continue; }
    const list = v as { count: number }[];
    const cut = (r.facetTotals as Record<string, number>)[k]! > list.length ? list.at(-1)!.count : -1;
    facets[k] = list.filter((x) => x.count > cut).map((x) => JSON.stringify(x)).sort();
  }
  return { total: r.total, matched: r.matched, hits, facets, facetTotals: r.facetTotals };
}

/** The echoes of every hit of the answer (what the incremental echo pass may decide otherwise than a full one). */
export async function echoAnswerOf(engine: Engine, q: string): Promise<string[]> {
  return (await engine.search(q, { limit: 1000 })).hits.map((h) => `${h.id}: ${h.echoes.map((e) => e.id).join(",")}`).sort();
}
