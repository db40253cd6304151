/**
 * Issue 14's load test, run by the benchmark (`--adversarial`): first the worst single request (each
 * shape of crafted query alone, limit=1, over HTTP), then a closed-loop load at 100 connections in
 * which every tenth request is a crafted query and the rest are the literal-heavy mix, with the
 * server's event-loop delay measured meanwhile. Before it, the same load without crafted queries
 * (the baseline): what the crafted tenth costs the plain queries is the difference, apart from what
 * the machine can answer at all. The figures are what the hardening work improves.
 */
import type { FromChild, ToChild } from "./child.ts";
import { probe, runLoad } from "./loadgen.ts";
import { Rng } from "./prng.ts";
import type { AdversarialRun } from "./results.ts";

/** Statuses that are the server doing its job under attack: refusing (400), limiting (429), shedding (503). */
export const EXPECTED_UNDER_LOAD = [400, 429, 503] as const;

/** The pause before the probes, ms. */
const PROBE_SETTLE_MS = 3000;

/** 10% crafted: the i-th request is crafted when i % 10 === 9; both pools are walked in a seeded order. */
export function adversarialRequest(simple: readonly string[], crafted: readonly string[], seed: string): (i: number) => { path: string; cls: string } {
  const rng = new Rng(seed);
  return (i) => (i % 10 === 9 ? { path: rng.pick(crafted), cls: "crafted" } : { path: rng.pick(simple), cls: "simple" });
}

/** The baseline: only the plain queries, in a seeded order. */
export function plainRequest(simple: readonly string[], seed: string): (i: number) => { path: string; cls: string } {
  const rng = new Rng(seed);
  return () => ({ path: rng.pick(simple), cls: "simple" });
}

/** What the adversarial run needs of the serving child: to open and close an event-loop window. */
export interface EventLoopProbe {
  send(msg: ToChild): void;
  tryNext(type: "eld", timeoutMs: number): Promise<Extract<FromChild, { type: "eld" }> | null>;
}

export interface AdversarialOptions {
  quick: boolean;
  /** Length of the load. */
  seconds: number;
  seed: string;
  log: (line: string) => void;
}

export async function runAdversarial(serve: EventLoopProbe, port: number, simple: string[], crafted: { shape: string; q: string }[], o: AdversarialOptions): Promise<AdversarialRun> {
  const log = o.log;
  const url = (q: string, limit?: number) => `/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ""}`;
  // The worst single request: the longest query of each shape alone, limit=1 (only the matching
  // itself counts). A probe that times out leaves the server busy: the rest would measure that.
  const probes: AdversarialRun["probes"] = [];
  const longest = new Map<string, { shape: string; q: string }>();
  for (const c of crafted) if (!longest.has(c.shape) || c.q.length > longest.get(c.shape)!.q.length) longest.set(c.shape, c);
  const firstOfShape = [...longest.values()];
  const probeTimeout = o.quick ? 30_000 : 120_000;
  // The HTTP runs before may leave requests queued in the server (from this same client: its
  // expensive queries would be refused): let them drain, so that each probe is alone.
  await new Promise((r) => setTimeout(r, PROBE_SETTLE_MS));
  for (const c of firstOfShape) {
    const p = await probe(port, url(c.q, 1), probeTimeout);
    probes.push({ shape: c.shape, chars: c.q.length, ...p });
    log(`worst single request: ${c.shape} (${c.q.length} chars, limit=1) → ${p.status} in ${p.ms} ms`);
    if (p.status === "timeout") break;
  }
  const worst = probes.reduce<AdversarialRun["worst"]>((w, p) => (!w || p.ms > w.ms ? { shape: p.shape, ms: p.ms, status: p.status } : w), null);
  const timeoutMs = 10_000;
  log(`baseline load: ${o.seconds} s at 100 connections, plain queries only…`);
  const baseline = await runLoad({ port, connections: 100, seconds: o.seconds, timeoutMs, next: plainRequest(simple, `${o.seed}-plain`), expectedStatuses: EXPECTED_UNDER_LOAD });
  const b = baseline.classes.simple;
  log(`baseline: ${baseline.rps} answers/s; p50 ${b?.p50Ms} ms p99 ${b?.p99Ms} ms (${b?.p99AllMs} ms counting timeouts); by status ${JSON.stringify(baseline.byStatus)}`);
  serve.send({ type: "eld-start", sentAt: Date.now() });
  log(`adversarial load: ${o.seconds} s at 100 connections, 10% crafted (${crafted.length} crafted queries), timeout ${timeoutMs / 1000} s…`);
  const load = await runLoad({
    port,
    connections: 100,
    seconds: o.seconds,
    timeoutMs,
    next: adversarialRequest(simple, crafted.map((c) => url(c.q)), `${o.seed}-adversarial`),
    expectedStatuses: EXPECTED_UNDER_LOAD,
  });
  serve.send({ type: "eld-stop", sentAt: Date.now() });
  const eldWaitSeconds = 30;
  const eld = await serve.tryNext("eld", eldWaitSeconds * 1000);
  const s = load.classes.simple;
  log(
    `adversarial: ${load.rps} answers/s; simple p50 ${s?.p50Ms} ms p99 ${s?.p99Ms} ms (${s?.p99AllMs} ms counting timeouts); timeouts ${load.timeouts}; ` +
      `connection errors ${load.connectionErrors}; unexpected statuses ${load.unexpectedStatuses}; by status ${JSON.stringify(load.byStatus)}; ` +
      `event loop ${eld ? `max ${eld.figures.maxMs} ms` : `no answer within ${eldWaitSeconds} s`}`,
  );
  return { probes, worst, baseline, load: { ...load, craftedShare: 0.1, timeoutMs }, eventLoop: eld?.figures ?? null, eldWaitSeconds };
}

