/**
 * The background merge: once extra segments accumulate (here: more than one, by
 * ZHANGJIE_LIVE_MERGE_SEGMENTS=1), a worker merges the journaled state into a new main cache and the
 * collection swaps it in without a restart: one segment, no journal, the main cache a full build of
 * the same files makes (section by section), and every answer — ties, facets, echoes included —
 * exactly a fresh full build's. Changes after the merge journal over the merged main cache.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_FILE, openEngine } from "../../src/engine.ts";
import { readCacheFile } from "../../src/index/cache-file.ts";
import { JOURNAL_FILE } from "../../src/live/journal.ts";
import { segmenterCalls } from "../../src/analysis/segmenter.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { answerOf, copyInto, echoAnswerOf, fullCorpusFiles, makeCorpus, seededQueries, tempDir } from "./helpers.ts";

const LATER = ["regulations/专利代理条例(2018-11-06).md", "regulations/农业技术推广法(2024-04-26).md", "formats/jilin-st-plan.html"];
const dirs: string[] = [];
const log = () => {};
const saved = process.env.ZHANGJIE_LIVE_MERGE_SEGMENTS;

/** Section contents of a main cache, without what is not content (stat fields, timings). */
function contentOf(cacheDir: string): Record<string, string> {
  const file = path.join(cacheDir, CACHE_FILE);
  const bytes = fs.readFileSync(file);
  const read = readCacheFile(file, () => JSON.parse(bytes.subarray(13, 13 + bytes.readUInt32LE(9)).toString("utf8")).key as string);
  if (!read.ok) throw new Error(read.reason);
  const out: Record<string, string> = {};
  for (const [name, b] of Object.entries(read.sections)) {
    out[name] =
      name === "manifest"
        ? JSON.stringify(JSON.parse(b.toString("utf8")).files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]))
        : name === "echo"
          ? JSON.stringify(JSON.parse(b.toString("utf8"), (k, v) => (k === "seconds" || k === "stages" ? undefined : v)))
          : b.toString("base64");
  }
  return out;
}

describe("background merge", () => {
  const all = fullCorpusFiles();
  let corpusDir: string;
  let cacheDir: string;
  let live: LiveEngine;

  beforeAll(async () => {
    process.env.ZHANGJIE_LIVE_MERGE_SEGMENTS = "1";
    corpusDir = makeCorpus(new Map([...all].filter(([rel]) => !LATER.includes(rel))));
    cacheDir = tempDir("zj-live-cache-");
    dirs.push(corpusDir, cacheDir);
    live = await openLiveEngine({ corpusDir, cacheDir, log });
  }, 120_000);

  afterAll(() => {
    if (saved === undefined) delete process.env.ZHANGJIE_LIVE_MERGE_SEGMENTS;
    else process.env.ZHANGJIE_LIVE_MERGE_SEGMENTS = saved;
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("merges the extra segments while serving, into what a full build makes", async () => {
    copyInto(corpusDir, LATER[0]!, all.get(LATER[0]!)!);
    await live.collection.change([LATER[0]!]);
    await live.collection.settled();
    expect(live.collection.merges).toBe(0); // one extra segment: not yet
    expect(live.collection.snapshot.state.segments.length).toBe(2);
    for (const rel of LATER.slice(1)) copyInto(corpusDir, rel, all.get(rel)!);
    const r = await live.collection.change(LATER.slice(1));
    expect(r.segmented).toBeGreaterThan(0);
    const before = segmenterCalls();
    await live.collection.settled();
    // merged (and echoes computed) in workers: nothing is segmented again
    expect(segmenterCalls() - before).toBe(0);
    expect(live.collection.merges).toBe(1);
    expect(live.collection.snapshot.state.segments.length).toBe(1);
    expect(live.collection.snapshot.state.deleted.cardinality).toBe(0);
    expect(fs.existsSync(path.join(cacheDir, JOURNAL_FILE))).toBe(false);

    const freshCache = tempDir("zj-live-fresh-");
    const freshCorpus = makeCorpus(all);
    dirs.push(freshCache, freshCorpus);
    const full = await openEngine({ corpusDir: freshCorpus, cacheDir: freshCache, log });
    expect(contentOf(cacheDir)).toEqual(contentOf(freshCache));
    const queries = await seededQueries(full, 53, 60);
    for (const q of queries) expect(await answerOf(live.engine, q, true), q).toEqual(await answerOf(full, q, true));
    for (const q of queries) expect(await echoAnswerOf(live.engine, q), q).toEqual(await echoAnswerOf(full, q));
  }, 300_000);

  it("journals later changes over the merged main cache, and a start opens them", async () => {
    const gone = "regulations/上海市实施《农业技术推广法》办法.md";
    fs.rmSync(path.join(corpusDir, gone));
    await live.collection.change([gone]);
    expect(fs.existsSync(path.join(cacheDir, JOURNAL_FILE))).toBe(true);
    await live.collection.settled();
    const reopened = await openLiveEngine({ corpusDir, cacheDir, log });
    const sources = new Set(reopened.engine.documents.flatMap((d) => d.editions.map((e) => e.source)));
    expect(sources.has(gone)).toBe(false);
    for (const rel of LATER) expect(sources.has(rel), rel).toBe(true);
  }, 300_000);
});
