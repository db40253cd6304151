/**
 * The live collection as it serves: every search goes through a QueryService (cost limit, admission,
 * deadline) over the collection's current snapshot, run by query workers that share the main cache's
 * sections and follow the collection's states (worker-state.ts). Right after a change, until a worker
 * has adopted it, queries run on this thread: an answer never sees a state older than the last change.
 */
import path from "node:path";
import { CACHE_FILE } from "../engine.ts";
import type { Engine } from "../engine.contract.ts";
import { readCacheFile } from "../index/cache-file.ts";
import { codeKeyOf, type LiveEngine } from "../live/open.ts";
import type { Snapshot } from "../live/collection.ts";
import { defaultQueryWorkers, servingLimits, type ServingLimits } from "./limits.ts";
import { QueryPool } from "./query-pool.ts";
import { QueryService } from "./query-service.ts";
import type { GramIndex } from "../index/segment-set.ts";
import { shareSections } from "./shared-sections.ts";

/** A store that fetches postings per query knows no lengths before it runs: the estimate is the parse's. */
const NO_POSTING_LENGTHS: Pick<GramIndex, "df"> = { df: () => 0 };

/** A served engine always has a deadline: 200 ms unless ZHANGJIE_QUERY_DEADLINE_MS says otherwise. */
function withDeadline(limits: ServingLimits): ServingLimits {
  return Number.isFinite(limits.deadlineMs) ? limits : { ...limits, deadlineMs: 200 };
}

export interface ServedLiveOptions {
  cacheDir: string;
  dictPath: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Workers (default: ZHANGJIE_QUERY_WORKERS, else every core but one, at least two). */
  workers?: number;
}

/** How often the serving thread looks for a new state to hand the workers, ms (a query looks too). */
const FOLLOW_MS = 200;

export function servedLive(live: LiveEngine, opts: ServedLiveOptions): Engine & { pool: QueryPool | null } {
  const engine = live.engine;
  const log = opts.log ?? (() => {});
  const current = () => live.collection.snapshot.store;
  const limits = servingLimits(opts.env ?? process.env, defaultQueryWorkers(), opts.workers === undefined ? {} : { workers: opts.workers });
  const pool = limits.workers > 0 ? poolOver(live.collection.snapshot, limits.workers, limits.workerQueueMax, opts, log) : null;
  const service = new QueryService({
    get grams() {
      return current().grams;
    },
    get passages() {
      return current().passageCount;
    },
    inThread: (q, o) => engine.search(q, o),
    pool,
    limits: withDeadline(limits),
  });
  const follow = pool ? follower(live, pool) : () => {};
  follow();
  const timer = pool ? setInterval(follow, FOLLOW_MS).unref() : null;
  return new Proxy(engine as Engine & { pool: QueryPool | null }, {
    get(target, prop, receiver) {
      if (prop === "pool") return pool;
      if (prop === "search")
        return (q: string, o?: Parameters<Engine["search"]>[1]) => {
          follow();
          return service.search(q, o);
        };
      if (prop === "searchJson")
        return (q: string, o?: Parameters<Engine["search"]>[1]) => {
          follow();
          return service.searchJson(q, o);
        };
      if (prop === "close")
        return async () => {
          if (timer) clearInterval(timer);
          await service.close();
          await engine.close?.();
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** Workers over the main cache the snapshot's state extends (read once more, into shared memory). */
function poolOver(snap: Snapshot, workers: number, queueMax: number, opts: ServedLiveOptions, log: (line: string) => void): QueryPool | null {
  const baseKey = snap.state.baseKey;
  const main = readCacheFile(path.join(opts.cacheDir, CACHE_FILE), baseKey);
  if (!main.ok) {
    log(`query workers not started (main cache ${main.reason}): queries run on the serving thread`);
    return null;
  }
  return new QueryPool(workers, shareSections(main.sections), queueMax, opts.dictPath, log, { cacheDir: opts.cacheDir, codeKey: codeKeyOf(opts.dictPath), sharedKey: baseKey });
}

/** Hands the workers each new snapshot's state once. */
function follower(live: LiveEngine, pool: QueryPool): () => void {
  let seen: Snapshot | null = null;
  let generation = 0;
  return () => {
    const snap = live.collection.snapshot;
    if (snap === seen) return;
    // The first snapshot is what the workers start with only when nothing is journaled over the main cache.
    if (seen !== null || snap.state.segments.length > 1 || snap.state.deleted.cardinality > 0) pool.advance(++generation, snap.state.baseKey);
    seen = snap;
  };
}

/**
 * An engine whose searches run on this thread (over PostgreSQL: the store's calls are asynchronous and
 * the process waits on the database) behind the same QueryService: admission, the in-flight bound and
 * the deadline (200 ms unless ZHANGJIE_QUERY_DEADLINE_MS says otherwise).
 */
export function servedOnThread(engine: Engine, store: () => { passageCount: number }, env: NodeJS.ProcessEnv = process.env): Engine {
  const limits = servingLimits(env, 0, { workers: 0 });
  const service = new QueryService({
    grams: NO_POSTING_LENGTHS,
    get passages() {
      return store().passageCount;
    },
    inThread: (q, o) => engine.search(q, o),
    pool: null,
    limits: withDeadline(limits),
  });
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === "search") return (q: string, o?: Parameters<Engine["search"]>[1]) => service.search(q, o);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
