/**
 * Bounded work per request, unit by unit: repeated terms are parsed once; the cost estimate grows with
 * the terms and the passages they reach; a query over the cost limit is refused (400), one past its
 * deadline while matching answers 503 QUERY_TIMEOUT, one past it while ranking answers what was
 * ranked with `partial: true`; admission limits a client's expensive queries (429) and the server's
 * queue (503), both with a Retry-After; and the HTTP answer carries the header.
 */
import request from "supertest";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseQuery } from "../../src/search/parse.ts";
import { costLimit, Deadline, DEFAULT_MAX_COST, estimateCost } from "../../src/search/budget.ts";
import { ISSUE_OR_QUERY } from "../../src/bench/crafted.ts";
import { ZhangjieError } from "../../src/errors.ts";
import { Admission } from "../../src/serve/admission.ts";
import { EXPENSIVE_WAIT_SHARE, QueryService } from "../../src/serve/query-service.ts";
import { servingLimits } from "../../src/serve/limits.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import type { EmbeddedStore } from "../../src/index/store.ts";
import { createApp } from "../../src/web/app.ts";
import { embeddedStoreOf } from "../support/segments.ts";
import { regulationCorpus } from "../search/helpers.ts";
import { searcherOver } from "../../src/engine.ts";
import { fakeEngine } from "../web/fake-engine.ts";
import { refused } from "../../src/serve/admission.ts";

let store: EmbeddedStore;
let searcher: Searcher;
beforeAll(async () => {
  store = embeddedStoreOf({ documents: await regulationCorpus() } as never);
  searcher = searcherOver(store);
});
afterEach(() => vi.restoreAllMocks());

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<ZhangjieError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ZhangjieError);
    return e as ZhangjieError;
  }
  throw new Error("expected a rejection");
}

function service(over: Parameters<typeof servingLimits>[2] = {}): QueryService {
  return new QueryService({
    grams: store.grams,
    passages: store.passageCount,
    inThread: async (q, o) => searcher.search(q, o),
    pool: null,
    limits: servingLimits({}, 0, over),
  });
}

describe("the parse keeps each term once", () => {
  it("技|新 × 250 is three alternatives; a repeated clause is one", () => {
    const p = parseQuery(ISSUE_OR_QUERY);
    expect(p.clauses.length).toBe(1);
    expect(p.clauses[0]!.alternatives.map((a) => a.needle)).toEqual(["技", "新技", "新"]);
    expect(parseQuery("职责 职责 职责|职责 -推广 -推广").clauses.map((c) => [c.negated, c.alternatives.length])).toEqual([
      [false, 1],
      [true, 1],
    ]);
  });
});

describe("the cost estimate", () => {
  it("grows with the alternatives and with the passages they reach, and is the same for a repeated query", () => {
    const cost = (q: string) => estimateCost(parseQuery(q), store.grams, store.passageCount).cost;
    expect(cost("农业 OR 技术")).toBeGreaterThan(cost("农业"));
    expect(cost("农业 OR 技术 OR 推广 OR 机构")).toBeGreaterThan(cost("农业 OR 技术"));
    expect(cost("的")).toBeGreaterThan(cost("专利代理"));
    expect(cost("农业|技术|农业|技术|农业")).toBe(cost("农业|技术"));
  });

  it("refuses a query over the limit with 400 QUERY_TOO_COMPLEX in both languages, before running it", async () => {
    const run = vi.spyOn(searcher, "search");
    const e = await rejection(service({ maxCost: 1000 }).search("农业 OR 技术 OR 推广 OR 机构 OR 职责"));
    expect(e.code).toBe("QUERY_TOO_COMPLEX");
    expect(e.status).toBe(400);
    expect(e.zh).toMatch(/查询过于复杂.*估计代价/);
    expect(e.en).toMatch(/too complex.*limit 1,000/);
    expect(run).not.toHaveBeenCalled();
    // under the limit it runs
    expect((await service({ maxCost: 1e9 }).search("农业")).total).toBeGreaterThan(0);
  });
});

describe("the cost limit grows with the collection", () => {
  // A collection the size of the bench's ×1000 (546,499 passages) where a common word's grams reach 40% of them.
  const passages = 546_499;
  const grams = { df: (g: string) => (g.length === 2 ? Math.round(passages * 0.4) : passages) };
  const big = (env: NodeJS.ProcessEnv = {}, over: Parameters<typeof servingLimits>[2] = {}) =>
    new QueryService({ grams, passages, inThread: async () => ({ total: 1 }) as never, pool: null, limits: servingLimits(env, 0, over) });

  it("a plain term over the whole collection costs more than the floor, and is answered", async () => {
    expect(estimateCost(parseQuery("科技创新"), grams, passages).cost).toBeGreaterThan(DEFAULT_MAX_COST);
    expect((await big().search("科技创新")).total).toBe(1);
  });

  it("a wide OR chain is still refused, with the scaled limit in the reason", async () => {
    const chars = [..."农业技术推广机构职责规划创新科学发展"];
    const wide = chars.map((c, i) => c + chars[(i + 1) % chars.length]).join(" OR "); // 18 distinct words
    const e = await rejection(big().search(wide));
    expect(e.code).toBe("QUERY_TOO_COMPLEX");
    expect(e.en).toContain(`limit ${(80 * passages).toLocaleString("en")}`);
  });

  it("the allowance is configurable, and a limit given by the caller is the limit", async () => {
    expect(costLimit(servingLimits({}), 100)).toBe(DEFAULT_MAX_COST); // small collections keep the floor
    expect(costLimit(servingLimits({}), passages)).toBe(80 * passages);
    expect(costLimit(servingLimits({ ZHANGJIE_QUERY_MAX_COST_PER_PASSAGE: "0" }), passages)).toBe(DEFAULT_MAX_COST);
    expect(costLimit(servingLimits({}, 0, { maxCost: 1000 }), passages)).toBe(1000);
    expect((await rejection(big({ ZHANGJIE_QUERY_MAX_COST_PER_PASSAGE: "0" }).search("科技创新"))).code).toBe("QUERY_TOO_COMPLEX");
  });
});

describe("the deadline", () => {
  it("past it while matching: 503 QUERY_TIMEOUT with a Retry-After", async () => {
    const e = await rejection(() => searcher.search("农业技术推广", { deadline: Date.now() - 1 }));
    expect(e.code).toBe("QUERY_TIMEOUT");
    expect(e.status).toBe(503);
    expect(e.retryAfter).toBeGreaterThan(0);
  });

  it("past it while ranking: the passages ranked in time, counts exact, partial: true", () => {
    const full = searcher.search("技术", { limit: 10 });
    expect(full.partial).toBeUndefined();
    let calls = 0;
    // The ranking loop asks the deadline once per passage: it passes after the 40th.
    vi.spyOn(Deadline.prototype, "tick").mockImplementation(() => ++calls > 40);
    const cut = searcher.search("技术", { limit: 10, deadline: Date.now() + 60_000 });
    expect(cut.partial).toBe(true);
    expect(cut.total).toBe(full.total);
    expect(cut.matched).toBe(full.matched);
    expect(cut.facets).toEqual(full.facets);
    expect(cut.hits.length).toBeGreaterThan(0);
    expect(cut.hits.length).toBeLessThanOrEqual(10);
    expect(full.total).toBeGreaterThan(40);
  });
});

describe("the deadline as the service hands a query to the workers", () => {
  /** A pool that records what it is given and answers from the in-thread searcher. */
  function recordingPool() {
    const given: { q: string; deadline: number | undefined; heavy: boolean; budgetMs: number | undefined; maxWaitMs: number | undefined }[] = [];
    const pool = {
      isReady: true,
      async search(q: string, o: { deadline?: number }, job: { heavy: boolean; budgetMs?: number; maxWaitMs?: number }) {
        given.push({ q, deadline: o.deadline, heavy: job.heavy, budgetMs: job.budgetMs, maxWaitMs: job.maxWaitMs });
        return searcher.search(q, o);
      },
      async close() {},
    };
    return { pool, given };
  }

  it("every query gets its time when a worker takes it; an expensive one may wait at most twice that for one; a caller's deadline is the deadline", async () => {
    const { pool, given } = recordingPool();
    const plain = "专利代理机构";
    const wide = "技术|管理|规定|国家";
    const costOf = (q: string) => service().estimate(q).cost;
    expect(costOf(wide)).toBeGreaterThan(costOf(plain));
    // Expensive: over the plain query's cost.
    const limits = servingLimits({}, 0, { workers: 2, deadlineMs: 200, heavyCost: costOf(plain), lightCost: 1 });
    const s = new QueryService({ grams: store.grams, passages: store.passageCount, inThread: async (q, o) => searcher.search(q, o), pool: pool as never, limits });
    await s.search(plain, { limit: 5 });
    await s.search(wide, { limit: 5 });
    expect(given[0]).toEqual({ q: plain, deadline: undefined, heavy: true, budgetMs: 200, maxWaitMs: undefined }); // not light, not expensive
    expect(given[1]).toEqual({ q: wide, deadline: undefined, heavy: true, budgetMs: 200, maxWaitMs: 200 * EXPENSIVE_WAIT_SHARE });
    const until = Date.now() + 1000;
    await s.search(wide, { limit: 5, deadline: until });
    expect(given[2]).toEqual({ q: wide, deadline: until, heavy: true, budgetMs: undefined, maxWaitMs: undefined });
  });
});

describe("admission", () => {
  it("limits each client's expensive queries (429) and every query in flight (503), each with Retry-After; releasing frees", () => {
    const a = new Admission({ queueMax: 4, perClientExpensive: 2 });
    const r1 = a.enter("x", true);
    a.enter("x", true);
    const e = (() => {
      try {
        a.enter("x", true);
      } catch (err) {
        return err as ZhangjieError;
      }
    })();
    expect(e?.status).toBe(429);
    expect(e?.retryAfter).toBeGreaterThan(0);
    a.enter("y", true); // another client is not limited by x's
    a.enter("x", false); // a light query is not counted per client
    let busy: ZhangjieError | undefined;
    try {
      a.enter("z", false);
    } catch (err) {
      busy = err as ZhangjieError;
    }
    expect(busy?.code).toBe("SERVER_BUSY");
    expect(busy?.status).toBe(503);
    r1();
    r1(); // twice is once
    expect(a.queued).toBe(3);
    expect(() => a.enter("x", true)).not.toThrow();
  });

  it("a client with many queries in flight may start no expensive one (429); its plain ones are admitted", () => {
    const a = new Admission({ queueMax: 100, perClientExpensive: 2, perClientBusy: 3 });
    const releases = [a.enter("x", false), a.enter("x", false), a.enter("x", false)];
    let e: ZhangjieError | undefined;
    try {
      a.enter("x", true);
    } catch (err) {
      e = err as ZhangjieError;
    }
    expect(e?.status).toBe(429);
    expect(e?.retryAfter).toBeGreaterThan(0);
    expect(e?.detailEn).toMatch(/3 queries in flight/);
    expect(() => a.enter("x", false)).not.toThrow(); // plain ones still go in
    expect(() => a.enter("y", true)).not.toThrow(); // another client is not x
    for (const r of releases) r();
    releases[0]!(); // a release counts once
    expect(() => a.enter("x", true)).not.toThrow(); // x has one plain query left in flight: under the bound again
  });

  it("an HTTP answer of 429 or 503 carries Retry-After", async () => {
    for (const code of ["TOO_MANY_REQUESTS", "SERVER_BUSY"] as const) {
      const app = createApp({ ...fakeEngine(), search: async () => Promise.reject(refused(code)) }, { log: () => {} });
      const api = await request(app).get("/api/search?q=x");
      expect(api.status).toBe(code === "SERVER_BUSY" ? 503 : 429);
      expect(api.headers["retry-after"]).toBe("1");
      expect(api.body.code).toBe(code);
      const page = await request(app).get("/search?q=x");
      expect(page.status).toBe(api.status);
      expect(page.headers["retry-after"]).toBe("1");
    }
  });
});
