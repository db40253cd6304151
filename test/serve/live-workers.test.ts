/**
 * npm start serves the live collection through query workers (issue 14: the event loop stays free):
 * the workers share the main cache and follow the collection's states, so an answer from a worker
 * equals the serving thread's over the same state, before and after a document is added and removed,
 * and no answer ever sees a state older than the last change.
 */
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY_DICT_PATH } from "../../src/analysis/segmenter.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import type { QueryPool } from "../../src/serve/query-pool.ts";
import { servedLive } from "../../src/serve/served-live.ts";
import { answerOf, copyInto, fullCorpusFiles, makeCorpus, seededQueries, tempDir } from "../live/helpers.ts";

const LATER = "regulations/专利代理条例(2018-11-06).md";
/** A term of the later file only. */
const ONLY_LATER = "专利代理机构";

const dirs: string[] = [];
let live: LiveEngine;
let served: Engine & { pool: QueryPool | null };
let corpusDir: string;
let queries: string[];

async function caughtUp(pool: QueryPool): Promise<void> {
  await served.search("的", { limit: 1 }); // a query hands the workers the current state (so does a timer)
  for (let k = 0; k < 600 && !pool.isReady; k++) await new Promise((r) => setTimeout(r, 100));
  expect(pool.isReady).toBe(true);
}

/** Each query answered by a worker equals the serving thread's answer over the live snapshot. */
async function expectWorkersAgree(): Promise<void> {
  const pool = served.pool!;
  await caughtUp(pool);
  const before = pool.answered;
  const differ: string[] = [];
  for (const q of queries) if (JSON.stringify(await answerOf(served, q)) !== JSON.stringify(await answerOf(live.engine, q))) differ.push(q);
  expect(differ).toEqual([]);
  expect(pool.answered - before).toBe(queries.length);
}

beforeAll(async () => {
  const files = fullCorpusFiles();
  const later = files.get(LATER)!;
  files.delete(LATER);
  corpusDir = makeCorpus(files);
  const cacheDir = tempDir("zj-served-live-");
  dirs.push(corpusDir, cacheDir);
  live = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
  served = servedLive(live, { cacheDir, dictPath: POLICY_DICT_PATH, workers: 1, env: {} });
  queries = [...(await seededQueries(live.engine, 11, 30)), ONLY_LATER];
  copyInto(corpusDir, LATER, later);
}, 180_000);

afterAll(async () => {
  await served?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the live collection served by query workers", () => {
  it("answers from the workers as the serving thread does", async () => {
    await expectWorkersAgree();
    expect((await served.search(ONLY_LATER)).total).toBe(0);
  }, 120_000);

  it("a worker's answer serialised as JSON is the answer the serving thread gives (searchJson)", async () => {
    const pool = served.pool!;
    await caughtUp(pool);
    const before = pool.answered;
    const differ: string[] = [];
    for (const q of queries) {
      const bytes = await served.searchJson!(q, { limit: 1000 });
      const fromWorker = { ...(JSON.parse(Buffer.from(bytes).toString("utf8")) as object), tookMs: 0 };
      // the same value (a worker writes a hit's fixed fields first: the key order may differ)
      if (!isDeepStrictEqual(fromWorker, JSON.parse(JSON.stringify(await answerOf(live.engine, q, true))))) differ.push(q);
    }
    expect(differ).toEqual([]);
    expect(pool.answered - before).toBe(queries.length);
  }, 120_000);

  it("after an addition, the very next answer sees the new document; the workers adopt it", async () => {
    await live.collection.change([LATER]);
    // Before any worker has the new state the query is answered on the serving thread, never by an old state.
    expect((await served.search(ONLY_LATER)).total).toBeGreaterThan(0);
    await live.collection.settled();
    await expectWorkersAgree();
  }, 180_000);

  it("after a removal, no answer finds the removed document", async () => {
    fs.rmSync(path.join(corpusDir, LATER));
    await live.collection.change([LATER]);
    expect((await served.search(ONLY_LATER)).total).toBe(0);
    await live.collection.settled();
    await expectWorkersAgree();
    expect((await served.search(ONLY_LATER)).total).toBe(0);
  }, 180_000);
});
