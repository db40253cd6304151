/**
 * A small closed-loop HTTP load generator for loopback, used where autocannon cannot tell requests
 * apart: issue 14's adversarial load (simple and crafted queries mixed, latency per class, answers
 * counted by status) and single probes. Each of `connections` loops keeps one request in flight over
 * a keep-alive socket; a request that has no complete answer within `timeoutMs` is aborted and
 * counted as a timeout. Requests go over a minimal keep-alive client (raw-http.ts): the generator
 * shares the 2 cores with the server it measures, so its own cost per request is kept small.
 * Bounded: no request starts after `seconds`, and every request ends by its timeout, so a run lasts
 * at most `seconds + timeoutMs`.
 */
import { performance } from "node:perf_hooks";
import { percentile, round } from "./stats.ts";
import { RawHttpConnection } from "./raw-http.ts";

export interface LoadRequest {
  path: string;
  /** What the request stands for ("simple", "crafted"): latencies are reported per class. */
  cls: string;
}

export interface LoadOptions {
  port: number;
  host?: string;
  connections: number;
  seconds: number;
  timeoutMs: number;
  /** The i-th request of the run (i counts from 0 across all connections). */
  next: (i: number) => LoadRequest;
  /** Answers that are the server doing its job (refusing, shedding); any other status is an error. */
  expectedStatuses?: readonly number[];
}

export interface ClassFigures {
  sent: number;
  /** Requests answered (any status) before their timeout. */
  answered: number;
  timeouts: number;
  /** Over answered requests. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * Over answered and timed-out requests, a timeout counting as its timeout: the latency a client
   * saw. When more than 1% timed out this is the timeout itself, a lower bound.
   */
  p99AllMs: number;
  byStatus: Record<string, number>;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  answered: number;
  /** Answers per second over the run. */
  rps: number;
  timeouts: number;
  /** Sockets that failed (reset, refused) — not answers. */
  connectionErrors: number;
  /** Answers with a status outside 2xx and `expectedStatuses`. */
  unexpectedStatuses: number;
  byStatus: Record<string, number>;
  classes: Record<string, ClassFigures>;
}

interface Sample {
  cls: string;
  ms: number;
  status: number | "timeout" | "error";
}

async function once(conn: RawHttpConnection, o: LoadOptions, req: LoadRequest): Promise<Sample> {
  const t0 = performance.now();
  const status = await conn.get(req.path, o.timeoutMs);
  return { cls: req.cls, ms: performance.now() - t0, status };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const samples: Sample[] = [];
  const sent = new Map<string, number>();
  let counter = 0;
  const start = performance.now();
  const deadline = start + o.seconds * 1000;
  const loop = async () => {
    const conn = new RawHttpConnection(o.port, o.host);
    while (performance.now() < deadline) {
      const req = o.next(counter++);
      sent.set(req.cls, (sent.get(req.cls) ?? 0) + 1);
      samples.push(await once(conn, o, req));
    }
    conn.close();
  };
  await Promise.all(Array.from({ length: o.connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  return summarizeLoad(samples, sent, o.connections, elapsed, o.expectedStatuses ?? []);
}

export function summarizeLoad(samples: readonly Sample[], sent: ReadonlyMap<string, number>, connections: number, seconds: number, expected: readonly number[]): LoadResult {
  const byStatus: Record<string, number> = {};
  const classes: Record<string, ClassFigures> = {};
  let answered = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  let unexpectedStatuses = 0;
  for (const [cls, n] of sent) {
    const mine = samples.filter((s) => s.cls === cls);
    const times = mine.filter((s) => typeof s.status === "number").map((s) => s.ms);
    const seen = mine.filter((s) => s.status !== "error").map((s) => s.ms);
    const st: Record<string, number> = {};
    for (const s of mine) st[String(s.status)] = (st[String(s.status)] ?? 0) + 1;
    classes[cls] = {
      sent: n,
      answered: times.length,
      timeouts: mine.filter((s) => s.status === "timeout").length,
      p50Ms: round(percentile(times, 50), 2),
      p99Ms: round(percentile(times, 99), 2),
      maxMs: round(times.reduce((m, x) => Math.max(m, x), 0), 2),
      p99AllMs: round(percentile(seen, 99), 2),
      byStatus: st,
    };
  }
  for (const s of samples) {
    byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
    if (s.status === "timeout") timeouts++;
    else if (s.status === "error") connectionErrors++;
    else {
      answered++;
      if (!(s.status >= 200 && s.status < 300) && !expected.includes(s.status)) unexpectedStatuses++;
    }
  }
  return { connections, seconds: round(seconds, 2), answered, rps: round(answered / (seconds || 1), 1), timeouts, connectionErrors, unexpectedStatuses, byStatus, classes };
}

/**
 * autocannon's requests for walking `paths` in order across all connections: one shared cursor. (Given
 * the list itself, each connection starts at its head — at 100 connections for 5 s on the ×1000
 * corpus, ~5 requests each, the round asked the mix's first 5 queries only.)
 */
export function walkAcrossConnections(paths: readonly string[]): { method: "GET"; setupRequest: <R extends { path?: string }>(req: R) => R }[] {
  let next = 0;
  return [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }];
}

/** One request alone (nothing else in flight, on a connection of its own): its wall time and status. */
export async function probe(port: number, path: string, timeoutMs: number): Promise<{ ms: number; status: number | "timeout" | "error" }> {
  const conn = new RawHttpConnection(port);
  const s = await once(conn, { port, connections: 1, seconds: 0, timeoutMs, next: () => ({ path, cls: "probe" }) }, { path, cls: "probe" });
  conn.close();
  return { ms: round(s.ms, 1), status: s.status };
}
