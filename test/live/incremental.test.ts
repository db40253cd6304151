/**
 * Incremental indexing answers like a full rebuild: a collection opened without some files, then
 * given them (a new version of a law, a new edition of a plan, an unrelated regulation) and then
 * relieved of one, answers a seeded query set exactly as an engine freshly built on the same files.
 * Only the new documents (and those sharing their title) are segmented.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_FILE, openEngine } from "../../src/engine.ts";
import { readCacheFile } from "../../src/index/cache-file.ts";
import { JOURNAL_FILE } from "../../src/live/journal.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { segmenterCalls } from "../../src/analysis/segmenter.ts";
import { indexWords } from "../../src/index/word-cut-pool.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { answerOf, echoAnswerOf, copyInto, fullCorpusFiles, makeCorpus, seededQueries, tempDir } from "./helpers.ts";

const LATER = ["regulations/农业技术推广法(2024-04-26).md", "formats/jilin-st-plan.html", "regulations/专利代理条例(2018-11-06).md"];
const dirs: string[] = [];
const log = () => {};

let freshCache = "";
async function fresh(files: Map<string, string>): Promise<Engine> {
  const corpusDir = makeCorpus(files);
  const cacheDir = (freshCache = tempDir("zj-live-cache-"));
  dirs.push(corpusDir, cacheDir);
  return openEngine({ corpusDir, cacheDir, log });
}

/** The main cache file's key and sections. */
function cacheOf(cacheDir: string): { key: string; sections: Record<string, Buffer> } {
  const file = path.join(cacheDir, CACHE_FILE);
  let key = "";
  const read = readCacheFile(file, (sections) => (key = JSON.parse(fs.readFileSync(file).subarray(13, 13 + fs.readFileSync(file).readUInt32LE(9)).toString("utf8")).key as string));
  if (!read.ok) throw new Error(read.reason);
  return { key, sections: read.sections };
}

async function expectSameAnswers(live: Engine, full: Engine, queries: string[]): Promise<void> {
  expect(live.documents.map((d) => d.id).sort()).toEqual(full.documents.map((d) => d.id).sort());
  const differ: string[] = [];
  for (const q of queries) if (JSON.stringify(await answerOf(live, q)) !== JSON.stringify(await answerOf(full, q))) differ.push(q);
  expect(differ).toEqual([]);
}

describe("incremental indexing", () => {
  const all = fullCorpusFiles();
  let corpusDir: string;
  let cacheDir: string;
  let live: LiveEngine;

  beforeAll(async () => {
    const start = new Map([...all].filter(([rel]) => !LATER.includes(rel)));
    corpusDir = makeCorpus(start);
    cacheDir = tempDir("zj-live-cache-");
    dirs.push(corpusDir, cacheDir);
    live = await openLiveEngine({ corpusDir, cacheDir, log });
  }, 120_000);

  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("segments only the new document when nothing shares its title", async () => {
    const rel = LATER[2]!;
    copyInto(corpusDir, rel, all.get(rel)!);
    await live.engine.search("科技创新"); // the searcher over the opened index is built (as a serving one is)
    const held = live.collection.snapshot.store.set.passages;
    const before = segmenterCalls();
    const r = await live.collection.change([rel]);
    const calls = segmenterCalls() - before;
    // The new snapshot's tables: the passages held before copied, only the new ones' rows built.
    const snap = live.collection.snapshot;
    expect(snap.store.set.tableRows).toEqual({ copied: held, built: r.segmented });
    expect(snap.engine.builtTables()!.built.rows).toBe(r.segmented);
    expect(snap.engine.builtTables()!.built.documents).toBe(1);
    expect(r.documents.map((d) => d.editions.map((e) => e.source))).toEqual([[rel]]);
    expect(r.removed).toEqual([]);
    const texts = r.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));
    expect(r.segmented).toBe(texts.length);
    // The calls made equal those of cutting the new document's passages alone.
    const again = segmenterCalls();
    await indexWords(texts, { workers: 0 });
    expect(calls).toBe(segmenterCalls() - again);
    expect((await live.engine.search("专利代理机构")).total).toBeGreaterThan(0);
  }, 120_000);

  it("relates a new version and a new edition as a full build does, and answers like one", async () => {
    for (const rel of LATER.slice(0, 2)) copyInto(corpusDir, rel, all.get(rel)!);
    const r = await live.collection.change(LATER.slice(0, 2));
    const law = r.documents.find((d) => d.editions.some((e) => e.source === LATER[0]))!;
    expect(law.editions.map((e) => e.source).sort()).toEqual(["regulations/农业技术推广法(2012-08-31).md", LATER[0]].sort());
    const full = await fresh(all);
    await expectSameAnswers(live.engine, full, await seededQueries(full, 13, 80));
  }, 300_000);

  it("removes a document at once and answers like a build without it", async () => {
    const gone = "regulations/上海市实施《农业技术推广法》办法.md";
    fs.rmSync(path.join(corpusDir, gone));
    const r = await live.collection.change([gone]);
    expect(r.removed.length).toBe(1);
    expect(r.segmented).toBe(0);
    expect(await live.engine.doc(r.removed[0]!)).toBeUndefined();
    const full = await fresh(new Map([...all].filter(([rel]) => rel !== gone)));
    await expectSameAnswers(live.engine, full, await seededQueries(full, 29, 80));
  }, 300_000);

  it("merges at the next start into the index a full build makes, byte for byte, and answers exactly like it", async () => {
    expect(fs.existsSync(path.join(cacheDir, JOURNAL_FILE))).toBe(true);
    const before = segmenterCalls();
    const reopened = await openLiveEngine({ corpusDir, cacheDir, log });
    // The journal is applied and merged: nothing of the corpus is segmented again (one call: the
    // segmenter's dictionary is loaded at open by cutting one word).
    expect(segmenterCalls() - before).toBeLessThanOrEqual(1);
    expect(fs.existsSync(path.join(cacheDir, JOURNAL_FILE))).toBe(false);
    const gone = "regulations/上海市实施《农业技术推广法》办法.md";
    const full = await fresh(new Map([...all].filter(([rel]) => rel !== gone)));
    const a = cacheOf(cacheDir);
    const b = cacheOf(freshCache);
    expect(a.key).toBe(b.key);
    expect(Object.keys(a.sections)).toEqual(Object.keys(b.sections));
    // Everything but what is not content: the manifest's stat fields, the echo pass's timings.
    const content = (name: string, bytes: Buffer): unknown =>
      name === "manifest"
        ? JSON.parse(bytes.toString("utf8")).files.map((f: { path: string; sha256: string }) => [f.path, f.sha256])
        : name === "echo"
          ? JSON.parse(bytes.toString("utf8"), (k, v) => (k === "seconds" || k === "stages" ? undefined : v))
          : bytes.toString("base64");
    const differ = Object.keys(b.sections).filter((name) => JSON.stringify(content(name, a.sections[name]!)) !== JSON.stringify(content(name, b.sections[name]!)));
    expect(differ).toEqual([]);
    const queries = await seededQueries(full, 31, 60);
    for (const q of queries) expect(await answerOf(reopened.engine, q, true), q).toEqual(await answerOf(full, q, true));
    for (const q of queries) expect(await echoAnswerOf(reopened.engine, q), q).toEqual(await echoAnswerOf(full, q));
  }, 300_000);
});
