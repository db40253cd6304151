/**
 * How the engine serves a search (issue 14): the query is parsed and its cost estimated on the
 * serving thread (microseconds: posting lengths only); past the cost limit it is refused (400
 * QUERY_TOO_COMPLEX); admission bounds what is in flight (503) and each client's expensive queries
 * (429); every query carries a deadline; a cheap query runs here at once, an expensive one in a query
 * worker (query-pool.ts), so that it never holds the event loop.
 */
import { ZhangjieError } from "../errors.ts";
import type { GramIndex } from "../index/segment-set.ts";
import { costLimit, estimateCost, type CostEstimate } from "../search/budget.ts";
import { parseQuery } from "../search/parse.ts";
import type { SearchOptions, SearchResponse } from "../search/types.ts";
import { Admission } from "./admission.ts";
import { StaleState, type PoolJob, type QueryPool } from "./query-pool.ts";
import type { ServingLimits } from "./limits.ts";

export interface QueryServiceParts {
  /** Posting lengths, for the cost estimate. */
  grams: Pick<GramIndex, "df">;
  passages: number;
  /** The search on this thread (the in-thread engine's). */
  inThread: (q: string, opts: SearchOptions) => Promise<SearchResponse>;
  pool: QueryPool | null;
  limits: ServingLimits;
}

/**
 * How long an expensive query may wait for a worker, in deadlines: twice its time. Its time counts
 * from when a worker takes it, so that a wait never leaves it too little time to finish matching (a
 * 3–4-character literal at ×1000 verifies ~50,000 passages); a queue of expensive queries is still
 * shed after a bounded wait.
 */
export const EXPENSIVE_WAIT_SHARE = 2;

/** How a query runs: in a worker of the pool, or on this thread. */
interface Runners<T> {
  pool: (pool: QueryPool, opts: SearchOptions, job: PoolJob) => Promise<T>;
  inThread: (opts: SearchOptions) => Promise<T>;
}

export class QueryService {
  private readonly admission: Admission;

  constructor(private readonly parts: QueryServiceParts) {
    this.admission = new Admission(parts.limits);
  }

  /** The estimate a query would be judged by (the bench and tests report it). */
  estimate(q: string): CostEstimate {
    return estimateCost(parseQuery(q), this.parts.grams, this.parts.passages);
  }

  async search(q: string, given?: SearchOptions | null): Promise<SearchResponse> {
    return this.run(q, given, {
      pool: (pool, o, job) => pool.search(q, o, job),
      inThread: (o) => this.parts.inThread(q, o),
    });
  }

  /**
   * The answer of `search` as UTF-8 JSON: a query worker serialises it where it was computed and hands
   * the bytes over (no object graph cloned between threads, nothing stringified on this thread).
   */
  async searchJson(q: string, given?: SearchOptions | null): Promise<Uint8Array> {
    return this.run(q, given, {
      pool: (pool, o, job) => pool.searchJson(q, o, job),
      inThread: async (o) => Buffer.from(JSON.stringify(await this.parts.inThread(q, o)), "utf8"),
    });
  }

  private async run<T>(q: string, given: SearchOptions | null | undefined, via: Runners<T>): Promise<T> {
    const { limits, pool } = this.parts;
    const opts = given ?? {}; // null from a JavaScript caller too
    const est = this.estimate(q); // a bad query is its 400 here, before anything is admitted
    const limit = costLimit(limits, this.parts.passages);
    if (est.cost > limit) {
      throw new ZhangjieError("QUERY_TOO_COMPLEX", {
        zh: `估计代价 ${est.cost.toLocaleString("en")}，上限 ${limit.toLocaleString("en")}（${est.terms} 个词项）`,
        en: `estimated cost ${est.cost.toLocaleString("en")}, limit ${limit.toLocaleString("en")} (${est.terms} terms)`,
      });
    }
    // Heavy queries count per client; none but light ones take the last free worker, and light ones go first.
    const heavy = est.cost > limits.heavyCost || opts.rows === true;
    // A pasted text also looks up its sources among the echoes: never on this thread.
    const offThread = heavy || est.similar || est.cost >= limits.inlineCost;
    const release = this.admission.enter(opts.client ?? "", heavy);
    try {
      const { client: _client, ...rest } = opts;
      const budget = Number.isFinite(limits.deadlineMs) ? limits.deadlineMs : undefined;
      const light = !heavy && !est.similar && est.cost < limits.lightCost;
      if (offThread && pool?.isReady) {
        // A query has its time counted from when a worker takes it (a deadline the caller set excepted).
        // A plain one is never shed for having waited behind others (the queue bound limits that wait);
        // an expensive one waits at most EXPENSIVE_WAIT_SHARE × its time, then is shed (503).
        const job = {
          heavy: !light,
          budgetMs: opts.deadline === undefined ? budget : undefined,
          maxWaitMs: heavy && opts.deadline === undefined && budget !== undefined ? budget * EXPENSIVE_WAIT_SHARE : undefined,
        };
        try {
          return await via.pool(pool, rest, job);
        } catch (err) {
          if (!(err instanceof StaleState)) throw err;
        }
      }
      const deadline = opts.deadline ?? (budget !== undefined ? Date.now() + budget : undefined);
      return await via.inThread(deadline === undefined ? rest : { ...rest, deadline });
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    await this.parts.pool?.close();
  }
}
