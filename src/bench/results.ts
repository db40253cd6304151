/**
 * What the benchmark records: everything measured at one scale (ScaleResult, kept in
 * bench-out/scale-N/result.json and in BENCHMARKS.md) and the summary `--json` prints (BenchSummary).
 */
import type { QueryRun } from "./child.ts";
import type { SystemFigures } from "./compare.ts";
import type { EventLoopFigures } from "./event-loop.ts";
import type { LoadResult } from "./loadgen.ts";
import { PEER_NAMES, type PeerName } from "./peers/index.ts";
import type { MachineInfo } from "./report.ts";
import { round } from "./stats.ts";

/**
 * Version of the harness's figures: the report keeps only results measured by the current one.
 * 3: the HTTP rounds walk the whole mix across their connections (before, each connection started at
 * the mix's head: at 100 connections a round asked its first few queries only); the adversarial run
 * has its baseline. 4: the HTTP rounds and the adversarial run load a fresh server process, not the
 * one that ran the queries phase and its peers.
 */
export const HARNESS_VERSION = 4;

export interface HttpRun {
  connections: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /**
   * Of `non2xx`, the 429s: the one load client refused an expensive query past its per-client limit
   * (the server's policy at work, not an error; absent in runs recorded before it was counted).
   */
  rateLimited?: number;
  /** Every answer by status code (absent in runs recorded before it was kept). */
  byStatus?: Record<string, number>;
  /** The server's event-loop delay during the run (null: it did not answer in time). */
  eventLoop?: EventLoopFigures | null;
}

/** Issue 14: crafted queries alone (limit=1), then a load where 10% of requests are crafted. */
export interface AdversarialRun {
  probes: { shape: string; chars: number; ms: number; status: number | "timeout" | "error" }[];
  /** The slowest probe: the worst single request. */
  worst: { shape: string; ms: number; status: number | "timeout" | "error" } | null;
  /**
   * The same load, plain queries only, just before (absent in runs recorded before it was kept):
   * the plain queries' p99 here is what the machine gives without attack, the load's is with it.
   */
  baseline?: LoadResult;
  load: LoadResult & { craftedShare: number; timeoutMs: number };
  /** Event-loop delay during the load; null when the server did not answer within `eldWaitSeconds` after it. */
  eventLoop: EventLoopFigures | null;
  eldWaitSeconds: number;
}

/** The figures of one system in the JSON summary (zhangjie's `query` and each peer). */
export type SystemSummary = Pick<SystemFigures, "queries" | "p50Ms" | "p99Ms" | "meanMs" | "speedupP50" | "recall" | "recallQueries" | "falseHits" | "buildSeconds"> & {
  /** The best-case scan's p50 on the same queries. */
  scanP50Ms: number;
};

export interface SoakRun extends HttpRun {
  before: { rssMB: number; heapUsedMB: number };
  after: { rssMB: number; heapUsedMB: number };
}

/** The JSON `--json` prints, one per scale. */
export interface BenchSummary {
  scale: number;
  textMB: number;
  documents: number;
  passages: number;
  buildSeconds: number;
  buildMBps: number;
  peakRssMB: number;
  cacheMB: number;
  /** Spawning a fresh process until it has loaded the cache and answered (Node and tsx start-up included). */
  coldStartSeconds: number;
  /** From the call that opens the engine to its first answer (issue 15's restart). */
  restartSeconds: number;
  restartRssMB: number;
  echoSeconds: number | null;
  /** Build stages from engine.build.timings (s). */
  timings: Record<string, number>;
  /** zhangjie (`engine.search`, top 20 + total + facets) on the literal-heavy mix. */
  query: SystemSummary;
  /** The peers on the same passages and queries. */
  peers: Partial<Record<PeerName, SystemSummary>>;
  /** Today's mix (every kind of the query language) against the full-language scan. */
  mix: { p50Ms: number; p99Ms: number; scanP50Ms: number; speedupP50: number };
  /** HTTP at 10 connections on the literal-heavy mix, with the engine's p99 on the same queries. */
  http: { rps: number; p99Ms: number; engineP99Ms: number } | null;
  /** Worst event-loop delay of the server over the HTTP runs. */
  eventLoop: { maxMs: number; p99Ms: number } | null;
  adversarial: {
    worstSingleMs: number | null;
    worstSingleStatus: number | string | null;
    rps: number;
    simpleP99Ms: number;
    /** The baseline's (plain queries only, no crafted ones): null when the run has none. */
    baselineRps: number | null;
    baselineP99Ms: number | null;
    timeouts: number;
    errors: number;
    byStatus: Record<string, number>;
    eventLoopMaxMs: number | null;
  } | null;
}

/** Everything measured at one scale (kept in bench-out/scale-N/result.json and BENCHMARKS.md). */
export interface ScaleResult extends Omit<BenchSummary, "query" | "peers" | "mix" | "http" | "eventLoop" | "adversarial"> {
  /** Version of the harness that measured it: the report keeps only results of the current one. */
  harness: number;
  /** Measured by a --quick run (small mixes, short HTTP): kept out of the report. */
  quick?: boolean;
  date: string;
  machine: MachineInfo;
  files: number;
  generated: number;
  coldStart: { fromCache: boolean; engineSeconds: number; processSeconds: number; firstQueryMs: number; cacheLoadTimings: Record<string, number> };
  queryRun: QueryRun | null;
  httpRuns: HttpRun[];
  soak: SoakRun | null;
  adversarial: AdversarialRun | null;
  failures: string[];
  profile: string | null;
}

/**
 * Simple queries' p99 as clients saw it, timeouts counted at their timeout. Results recorded before
 * the generator kept that figure: the timeout when more than 1% timed out, else the answered p99.
 */
export function simpleP99(a: AdversarialRun): number {
  const c = a.load.classes.simple;
  if (!c) return 0;
  if (typeof c.p99AllMs === "number") return c.p99AllMs;
  return c.timeouts > 0.01 * c.sent ? a.load.timeoutMs : c.p99Ms;
}

/** The plain queries' p99 in the baseline load, a timeout counting as its timeout (as in `simpleP99`). */
export function plainP99(baseline: LoadResult): number {
  return baseline.classes.simple?.p99AllMs ?? 0;
}

function systemSummary(f: SystemFigures | undefined, scanP50Ms: number): SystemSummary {
  const r = (x: number) => round(x, 3);
  if (!f) return { queries: 0, p50Ms: 0, p99Ms: 0, meanMs: 0, speedupP50: 0, recall: null, recallQueries: 0, falseHits: 0, buildSeconds: null, scanP50Ms: r(scanP50Ms) };
  return {
    queries: f.queries,
    p50Ms: r(f.p50Ms),
    p99Ms: r(f.p99Ms),
    meanMs: r(f.meanMs),
    speedupP50: round(f.speedupP50, 1),
    recall: f.recall === null ? null : round(f.recall, 5),
    recallQueries: f.recallQueries,
    falseHits: f.falseHits,
    buildSeconds: f.buildSeconds === null ? null : round(f.buildSeconds, 2),
    scanP50Ms: r(scanP50Ms),
  };
}

export function summary(r: ScaleResult): BenchSummary {
  const { scale, textMB, documents, passages, buildSeconds, buildMBps, peakRssMB, cacheMB, coldStartSeconds, restartSeconds, restartRssMB, echoSeconds, timings } = r;
  const q = r.queryRun;
  const scanP50 = q?.systems.scan?.p50Ms ?? 0;
  const peers: BenchSummary["peers"] = {};
  for (const name of PEER_NAMES) if (q?.systems[name]) peers[name] = systemSummary(q.systems[name], scanP50);
  const http10 = r.httpRuns.find((h) => h.connections === 10) ?? null;
  const loops = r.httpRuns.map((h) => h.eventLoop).filter((e): e is EventLoopFigures => !!e);
  const a = r.adversarial;
  return {
    scale,
    textMB,
    documents,
    passages,
    buildSeconds,
    buildMBps,
    peakRssMB,
    cacheMB,
    coldStartSeconds,
    restartSeconds,
    restartRssMB,
    echoSeconds,
    timings,
    query: systemSummary(q?.systems.zhangjie, scanP50),
    peers,
    mix: q ? { p50Ms: round(q.p50Ms, 3), p99Ms: round(q.p99Ms, 3), scanP50Ms: round(q.scanP50Ms, 3), speedupP50: round(q.speedupP50, 1) } : { p50Ms: 0, p99Ms: 0, scanP50Ms: 0, speedupP50: 0 },
    http: http10 ? { rps: http10.rps, p99Ms: http10.p99Ms, engineP99Ms: round(q?.systems.zhangjie?.p99Ms ?? 0, 3) } : null,
    eventLoop: loops.length ? { maxMs: Math.max(...loops.map((e) => e.maxMs)), p99Ms: Math.max(...loops.map((e) => e.p99Ms)) } : null,
    adversarial: a
      ? {
          worstSingleMs: a.worst?.ms ?? null,
          worstSingleStatus: a.worst?.status ?? null,
          rps: a.load.rps,
          simpleP99Ms: simpleP99(a),
          baselineRps: a.baseline?.rps ?? null,
          baselineP99Ms: a.baseline ? plainP99(a.baseline) : null,
          timeouts: a.load.timeouts,
          errors: a.load.connectionErrors + a.load.unexpectedStatuses,
          byStatus: a.load.byStatus,
          eventLoopMaxMs: a.eventLoop && a.eventLoop.samples > 0 ? a.eventLoop.maxMs : null,
        }
      : null,
  };
}

