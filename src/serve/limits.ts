/**
 * The serving limits (issue 14), each configurable by an environment variable. Read once when the
 * engine opens; `openEngine` options override them (tests).
 */
import os from "node:os";
import { DEFAULT_MAX_COST, DEFAULT_MAX_COST_PER_PASSAGE } from "../search/budget.ts";

export interface ServingLimits {
  /**
   * How long one query may run (ZHANGJIE_QUERY_DEADLINE_MS, default 200 ms for a
   * server with query workers; an in-thread engine — tests, the CLI, the bench's in-process rounds —
   * has none unless the variable sets one, so that its answers are always whole). A query's time
   * counts from when a worker takes it. A plain query is never shed for having waited behind others —
   * its wait is bounded by the queue bounds; an expensive one waits at most twice its time for a
   * worker (past it: 503, not run; query-service.ts EXPENSIVE_WAIT_SHARE).
   */
  deadlineMs: number;
  /**
   * Estimated cost past which a query is refused with 400 QUERY_TOO_COMPLEX: this (ZHANGJIE_QUERY_MAX_COST),
   * or `maxCostPerPassage` × the collection's passages if that is larger (budget.ts costLimit).
   */
  maxCost: number;
  /**
   * The limit's allowance per passage (ZHANGJIE_QUERY_MAX_COST_PER_PASSAGE, default 80); 0 when
   * `maxCost` is given as an option, so that a limit set by a caller is the limit.
   */
  maxCostPerPassage: number;
  /**
   * With query workers, the estimated cost up to which a query still runs on the serving thread
   * (ZHANGJIE_QUERY_INLINE_COST, default 0: every query runs in a worker — the cost of a page's hits,
   * their echoes and highlights is not in the estimate, and under load even a small query took 100+ ms).
   */
  inlineCost: number;
  /**
   * Estimated cost from which a query may not take the last free worker, which stays for the queries
   * below it (ZHANGJIE_QUERY_LIGHT_COST, default EXPENSIVE_COST — the expensive ones): a plain query never
   * waits behind a long one. (At 20,000, half of a plain literal mix — two-character words — could
   * use only one of two workers while the other idled: the pool ran at half its capacity under load.)
   */
  lightCost: number;
  /**
   * Estimated cost above which a query is expensive: it counts against its client's limit and never
   * takes the last free worker (ZHANGJIE_QUERY_HEAVY_COST, default EXPENSIVE_COST).
   */
  heavyCost: number;
  /** Expensive queries one client may have in flight; more get 429 (ZHANGJIE_CLIENT_EXPENSIVE, default 2). */
  perClientExpensive: number;
  /**
   * Queries of any kind a client may have in flight and still start an expensive one; past it its
   * expensive queries get 429 and its plain ones are answered (ZHANGJIE_CLIENT_BUSY, default 16: a
   * browser keeps at most 6 connections to a host, and 10 connections from one client still run all). Under a load from one client, an expensive
   * query would hold a worker for up to the deadline while the client's plain queries queue.
   */
  perClientBusy: number;
  /** Queries in flight on the whole server; more get 503 (ZHANGJIE_QUEUE_MAX, default 256). */
  queueMax: number;
  /** Expensive queries waiting for a worker; more get 503 (ZHANGJIE_WORKER_QUEUE_MAX, default 64 per worker). */
  workerQueueMax: number;
  /** Query worker threads; 0 runs every query on the serving thread (ZHANGJIE_QUERY_WORKERS). */
  workers: number;
}

/**
 * Where "expensive" starts: an estimate of about 25–40 ms of a query worker's time on the bench machine
 * (two-term 体系 科技 at ×100, 8,713 matching passages: 418,000, 10–16 ms in process). A cost, not a
 * share of the collection, so that a plain two-character word stays plain on a small collection and
 * becomes expensive where it really takes long (创新 at ×1000, 313,000 matching passages: 5.4 M,
 * 84–127 ms). At 200,000 (the first setting, ~5 ms) such a word was expensive from ×100 on, and at
 * ×1000 half of a plain query mix from one busy client was refused with 429.
 */
export const EXPENSIVE_COST = 1_000_000;

/** The default worker count for a server: every core but the one serving HTTP, at least two. */
export function defaultQueryWorkers(): number {
  // Two at least: one for expensive queries, one always left for the others.
  return Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1);
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${raw}: expected an integer ≥ ${min}`);
  return n;
}

/** Limits from the environment; `workersDefault` is what ZHANGJIE_QUERY_WORKERS falls back to. */
export function servingLimits(env: NodeJS.ProcessEnv = process.env, workersDefault = 0, override: Partial<ServingLimits> = {}): ServingLimits {
  const workers = override.workers ?? envInt(env, "ZHANGJIE_QUERY_WORKERS", workersDefault);
  return {
    deadlineMs: override.deadlineMs ?? envInt(env, "ZHANGJIE_QUERY_DEADLINE_MS", workers > 0 ? 200 : Infinity, 1),
    maxCost: override.maxCost ?? envInt(env, "ZHANGJIE_QUERY_MAX_COST", DEFAULT_MAX_COST, 1),
    maxCostPerPassage: override.maxCostPerPassage ?? (override.maxCost !== undefined ? 0 : envInt(env, "ZHANGJIE_QUERY_MAX_COST_PER_PASSAGE", DEFAULT_MAX_COST_PER_PASSAGE)),
    inlineCost: override.inlineCost ?? envInt(env, "ZHANGJIE_QUERY_INLINE_COST", 0),
    lightCost: override.lightCost ?? envInt(env, "ZHANGJIE_QUERY_LIGHT_COST", EXPENSIVE_COST),
    heavyCost: override.heavyCost ?? envInt(env, "ZHANGJIE_QUERY_HEAVY_COST", EXPENSIVE_COST),
    perClientExpensive: override.perClientExpensive ?? envInt(env, "ZHANGJIE_CLIENT_EXPENSIVE", 2, 1),
    perClientBusy: override.perClientBusy ?? envInt(env, "ZHANGJIE_CLIENT_BUSY", 16, 1),
    queueMax: override.queueMax ?? envInt(env, "ZHANGJIE_QUEUE_MAX", 256, 1),
    workerQueueMax: override.workerQueueMax ?? envInt(env, "ZHANGJIE_WORKER_QUEUE_MAX", 64 * Math.max(1, workers), 1),
    workers,
  };
}
