/**
 * A deletion from the one segment a start leaves (no other document shares the removed one's title,
 * so nothing is segmented again and the collection stays one segment with marks) answers a seeded
 * query set exactly as a fresh full build without the file: same hits, same scores (to the last
 * digit the API gives), same totals and facets. N, the average length and df count live passages
 * as a fresh build counts its passages.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { answerOf, fullCorpusFiles, makeCorpus, seededQueries, tempDir } from "./helpers.ts";

const dirs: string[] = [];
const log = () => {};
const GONE = "regulations/关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定.md";

describe("a deletion from the main segment", () => {
  const all = fullCorpusFiles();
  let corpusDir: string;
  let live: LiveEngine;

  beforeAll(async () => {
    corpusDir = makeCorpus(all);
    const cacheDir = tempDir("zj-live-cache-");
    dirs.push(corpusDir, cacheDir);
    live = await openLiveEngine({ corpusDir, cacheDir, log });
  }, 120_000);

  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("scores every hit as a fresh build without the document does", async () => {
    fs.rmSync(path.join(corpusDir, GONE));
    const r = await live.collection.change([GONE]);
    expect(r.removed.length).toBe(1);
    expect(r.segmented).toBe(0);
    expect(live.collection.snapshot.state.segments.length).toBe(1);
    const corpus2 = makeCorpus(new Map([...all].filter(([rel]) => rel !== GONE)));
    const cache2 = tempDir("zj-live-cache-");
    dirs.push(corpus2, cache2);
    const full = await openEngine({ corpusDir: corpus2, cacheDir: cache2, log });
    const queries = await seededQueries(full, 41, 80);
    const differ: string[] = [];
    let hits = 0;
    for (const q of queries) {
      const a = (await answerOf(live.engine, q)) as { hits: { id: string; score: number }[] };
      const b = (await answerOf(full, q)) as { hits: { id: string; score: number }[] };
      hits += b.hits.length;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        const sa = new Map(a.hits.map((h) => [h.id, h.score]));
        const firstDiff = b.hits.find((h) => sa.get(h.id) !== h.score);
        differ.push(`${q}: ${firstDiff ? `${firstDiff.id} ${sa.get(firstDiff.id)} vs ${firstDiff.score}` : "same scores, other fields"}`);
      }
    }
    expect(hits).toBeGreaterThan(200);
    expect(differ).toEqual([]);
  }, 300_000);
});
