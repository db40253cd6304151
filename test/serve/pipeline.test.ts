/**
 * Query workers are posted their next light query before they answer the one they run (the serving
 * thread may be busy when they finish): answered in order, each the same as the serving thread's own
 * answer, with its time counted from when the worker starts it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, openedIndex } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { QueryPool } from "../../src/serve/query-pool.ts";
import { ZhangjieError } from "../../src/errors.ts";
import { shareSections } from "../../src/serve/shared-sections.ts";
import { seededQueries } from "../live/helpers.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";

let engine: Engine;
let pool: QueryPool;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pipeline-"));
  engine = await openEngine({ corpusDir: CORPUS_DIR, cacheDir, log: () => {} });
  pool = new QueryPool(2, shareSections(openedIndex(engine)!.sections), 512);
  await pool.ready;
}, 120_000);

afterAll(async () => {
  await pool?.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const withoutTime = (json: string) => ({ ...JSON.parse(json), tookMs: 0 });

describe("queries posted ahead to busy workers", () => {
  it("are each answered as the serving thread answers them", async () => {
    const queries = await seededQueries(engine, 23, 60);
    const before = pool.answered;
    // all at once: the workers are busy when most are posted
    const got = await Promise.all(queries.map((q) => pool.searchJson(q, { limit: 20 }, { heavy: false, budgetMs: 60_000 })));
    expect(pool.answered - before).toBe(queries.length);
    expect(pool.postedAhead).toBeGreaterThan(0);
    for (let i = 0; i < queries.length; i++) {
      const own = JSON.stringify(await engine.search(queries[i]!, { limit: 20 }));
      expect(withoutTime(Buffer.from(got[i]!).toString("utf8")), queries[i]).toEqual(withoutTime(own));
    }
  });

  it("never queue a heavy query inside a worker", async () => {
    const ahead = pool.postedAhead;
    await Promise.all(["科技", "创新", "发展", "农业"].map((q) => pool.searchJson(q, { limit: 5 }, { heavy: true })));
    expect(pool.postedAhead).toBe(ahead);
  });
});

describe("an expensive query's longest wait for a worker", () => {
  it("past it, the query is refused with QUERY_TIMEOUT and not run", async () => {
    const before = pool.answered;
    const e = await pool.searchJson("科技", { limit: 5 }, { heavy: true, budgetMs: 60_000, maxWaitMs: -1 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ZhangjieError);
    expect((e as ZhangjieError).code).toBe("QUERY_TIMEOUT");
    expect(pool.answered).toBe(before);
  });

  it("within it, the query runs its whole time from when a worker takes it", async () => {
    const json = await pool.searchJson("科技", { limit: 5 }, { heavy: true, budgetMs: 60_000, maxWaitMs: 60_000 });
    expect(withoutTime(Buffer.from(json).toString("utf8"))).toEqual(withoutTime(JSON.stringify(await engine.search("科技", { limit: 5 }))));
  });
});
