// The harness's own parts: the load generator (counts by class and status, timeouts, errors), the
// adversarial request mix, the event-loop monitor, the targets' verdicts and the report's layout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import autocannon from "autocannon";
import { probe, runLoad, summarizeLoad, walkAcrossConnections, type LoadResult } from "../../src/bench/loadgen.ts";
import { adversarialRequest, plainRequest } from "../../src/bench/adversarial.ts";
import { EventLoopMonitor } from "../../src/bench/event-loop.ts";
import { checkTarget, missedBy, TARGETS } from "../../src/bench/targets.ts";
import { renderMarkdown } from "../../src/bench/report.ts";
import { simpleP99, summary, HARNESS_VERSION, type AdversarialRun, type ScaleResult } from "../../src/bench/results.ts";
import type { SystemFigures } from "../../src/bench/compare.ts";
import { refusedPort, startTestServer, type TestServer } from "../support/test-server.ts";

let test: TestServer;
let port: number;

beforeAll(async () => {
  test = await startTestServer((req, res, hold) => {
    const status = Number(new URL(req.url ?? "/", "http://x").searchParams.get("status") ?? 200);
    if (status === 0) {
      hold(res); // never answered: the client must time out
      return;
    }
    res.writeHead(status, { "content-type": "text/plain" });
    res.end("x".repeat(100));
  });
  port = test.port;
});
afterAll(() => test.close());

describe("load generator", () => {
  it("counts answers by class and status; 2xx and the expected statuses are not errors", async () => {
    const statuses = [200, 400, 429, 503, 500, 200, 200, 404];
    const r = await runLoad({
      port,
      connections: 4,
      seconds: 0.3,
      timeoutMs: 5000,
      next: (i) => ({ path: `/?status=${statuses[i % statuses.length]}`, cls: i % 2 ? "odd" : "even" }),
      expectedStatuses: [400, 429, 503],
    });
    const total = Object.values(r.byStatus).reduce((a, b) => a + b, 0);
    expect(total).toBe(r.answered);
    expect(r.answered).toBeGreaterThan(statuses.length);
    expect(r.timeouts).toBe(0);
    expect(r.connectionErrors).toBe(0);
    expect(r.unexpectedStatuses).toBe((r.byStatus["500"] ?? 0) + (r.byStatus["404"] ?? 0));
    expect(r.unexpectedStatuses).toBeGreaterThan(0);
    expect(r.classes.even!.sent + r.classes.odd!.sent).toBe(r.answered);
    // Even-numbered requests never get 400 or 500 (those are at odd positions of the cycle).
    expect(r.classes.even!.byStatus["400"]).toBeUndefined();
    expect(r.classes.odd!.byStatus["200"]).toBeGreaterThan(0);
  });

  it("aborts a request that gets no answer and counts it as a timeout, not an answer", async () => {
    const r = await runLoad({ port, connections: 2, seconds: 0.05, timeoutMs: 200, next: (i) => ({ path: i % 2 ? "/?status=0" : "/", cls: "c" }) });
    expect(r.timeouts).toBeGreaterThan(0);
    expect(r.classes.c!.timeouts).toBe(r.timeouts);
    expect(r.answered + r.timeouts).toBe(r.classes.c!.sent);
    expect(await probe(port, "/?status=0", 200)).toMatchObject({ status: "timeout" });
    expect(await probe(port, "/?status=429", 5000)).toMatchObject({ status: 429 });
  });

  it("counts a refused connection as a connection error", async () => {
    const dead = await refusedPort();
    expect(await probe(dead, "/", 2000)).toMatchObject({ status: "error" });
  });

  it("summarizes percentiles per class over answered requests only", () => {
    const samples = [
      ...Array.from({ length: 99 }, (_v, i) => ({ cls: "simple", ms: i + 1, status: 200 as const })),
      { cls: "simple", ms: 5000, status: "timeout" as const },
      { cls: "crafted", ms: 7, status: 400 as const },
      { cls: "crafted", ms: 9, status: 500 as const },
    ];
    const r = summarizeLoad(samples, new Map([["simple", 100], ["crafted", 2]]), 10, 2, [400, 429, 503]);
    expect(r.classes.simple).toMatchObject({ sent: 100, answered: 99, timeouts: 1, p50Ms: 50, p99Ms: 99, maxMs: 99, p99AllMs: 99 });
    // Two timeouts of 100 put the p99 a client saw at the timeout.
    const worse = summarizeLoad([...samples, { cls: "simple", ms: 5000, status: "timeout" }], new Map([["simple", 101]]), 10, 2, []);
    expect(worse.classes.simple).toMatchObject({ p99Ms: 99, p99AllMs: 5000 });
    expect(r.classes.crafted).toMatchObject({ answered: 2, byStatus: { "400": 1, "500": 1 } });
    expect(r).toMatchObject({ answered: 101, timeouts: 1, unexpectedStatuses: 1, rps: 50.5 });
  });

  it("walks the mix across all of autocannon's connections, not from its head on each", async () => {
    const walk = walkAcrossConnections(["/a", "/b", "/c"])[0]!;
    expect(Array.from({ length: 7 }, () => walk.setupRequest({ path: "/" }).path)).toEqual(["/a", "/b", "/c", "/a", "/b", "/c", "/a"]);
    // With 20 connections each sending a few requests, every one of 60 paths is asked.
    const seen = new Map<string, number>();
    const counting = await startTestServer((req, res) => {
      seen.set(req.url!, (seen.get(req.url!) ?? 0) + 1);
      setTimeout(() => res.end("ok"), 20);
    });
    try {
      const paths = Array.from({ length: 60 }, (_v, i) => `/q${i}`);
      const r = await autocannon({ url: `http://127.0.0.1:${counting.port}`, connections: 20, duration: 1, requests: walkAcrossConnections(paths) });
      expect(r.requests.total).toBeGreaterThanOrEqual(120);
      expect(new Set(seen.keys())).toEqual(new Set(paths));
    } finally {
      await counting.close();
    }
  });

  it("makes every tenth adversarial request a crafted one", () => {
    const next = adversarialRequest(["/a", "/b"], ["/x"], "s");
    const reqs = Array.from({ length: 1000 }, (_v, i) => next(i));
    expect(reqs.filter((r) => r.cls === "crafted")).toHaveLength(100);
    expect(reqs.filter((r) => r.cls === "crafted").every((r) => r.path === "/x")).toBe(true);
    expect(new Set(reqs.filter((r) => r.cls === "simple").map((r) => r.path))).toEqual(new Set(["/a", "/b"]));
  });

  it("makes the baseline of plain queries only, in a seeded order", () => {
    const run = (seed: string) => {
      const next = plainRequest(["/a", "/b", "/c"], seed);
      return Array.from({ length: 1000 }, (_v, i) => next(i));
    };
    const reqs = run("s");
    expect(reqs.every((r) => r.cls === "simple")).toBe(true);
    expect(new Set(reqs.map((r) => r.path))).toEqual(new Set(["/a", "/b", "/c"]));
    expect(run("s")).toEqual(reqs);
    expect(run("t")).not.toEqual(reqs);
  });
});

describe("event-loop monitor", () => {
  it("records a stall of the loop as a delay at least as long", async () => {
    const m = new EventLoopMonitor();
    m.reset();
    await new Promise((r) => setTimeout(r, 20));
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // block the loop
    }
    await new Promise((r) => setTimeout(r, 20));
    const f = m.read();
    expect(f.samples).toBeGreaterThan(0);
    expect(f.maxMs).toBeGreaterThanOrEqual(55);
    m.reset();
    expect(m.read().samples).toBe(0);
  });

  it("counts a window the loop was stalled through by how late its messages were handled", () => {
    const m = new EventLoopMonitor();
    // Opening and closing messages sent 900 and 400 ms before they were handled: nothing ticked between.
    m.reset(Date.now() - 900);
    const f = m.read(Date.now() - 400);
    expect(f.samples).toBe(0);
    expect(f.lateMs).toBeGreaterThanOrEqual(900);
    expect(f.maxMs).toBeGreaterThanOrEqual(900);
  });
});

function system(p50: number, p99: number, recall = 1): SystemFigures {
  return { queries: 220, p50Ms: p50, p99Ms: p99, meanMs: p50, speedupP50: 1, recall, recallQueries: 220, falseHits: 0, buildSeconds: 1, byKind: { lit2: { n: 40, p50Ms: p50, p99Ms: p99, recall, falseHits: 0 } } };
}

function result(scale: number, o: Partial<ScaleResult> = {}): ScaleResult {
  const zj = system(0.5, 9);
  const scan = system(6, 20);
  const fts5 = system(1.5, 60);
  for (const f of [zj, scan, fts5]) f.speedupP50 = 6 / f.p50Ms;
  return {
    harness: HARNESS_VERSION,
    scale,
    textMB: 26,
    documents: 568,
    passages: 55000,
    buildSeconds: 20,
    buildMBps: 1.3,
    peakRssMB: 1200,
    cacheMB: 100,
    coldStartSeconds: 2,
    restartSeconds: 1.5,
    restartRssMB: 900,
    echoSeconds: 4,
    timings: { ingest: 4, echo: 4 },
    date: "2026-01-01T00:00:00.000Z",
    machine: { nproc: 2, cpu: "cpu", memoryGB: 24, node: "v20", platform: "Linux", loadavg: [1, 1, 1] },
    files: 570,
    generated: 557,
    coldStart: { fromCache: true, engineSeconds: 1.4, processSeconds: 2, firstQueryMs: 40, cacheLoadTimings: {} },
    queryRun: {
      queries: 196,
      rounds: 3,
      p50Ms: 0.7,
      p99Ms: 7,
      scanP50Ms: 12,
      scanP99Ms: 50,
      speedupP50: 17,
      byKind: {},
      errors: [],
      agreement: { queries: 370, byTotal: 6, maxWanted: 10000, missing: 0, falseHits: 0, examples: [] },
      systems: { zhangjie: zj, scan, fts5 },
      load: { zhangjie: 1 },
      slowest: [],
    },
    httpRuns: [{ connections: 10, seconds: 5, rps: 300, p50Ms: 20, p99Ms: 40, errors: 0, timeouts: 0, non2xx: 0, eventLoop: { maxMs: 30, p99Ms: 20, meanMs: 3, samples: 100 } }],
    soak: null,
    adversarial: null,
    failures: [],
    profile: null,
    ...o,
  };
}

describe("targets and the report", () => {
  it("says how much a missed target is missed by", () => {
    expect(missedBy("max", 10, 5, " ms")).toBe("missed by 5 ms (2× the limit)");
    expect(missedBy("min", 4, 15, "×")).toBe("missed: 4× of 15× (3.75× short)");
    expect(missedBy("min", 0.99, 1, "")).toBe("missed by 0.0100");
  });

  it("checks each target of a scale against its figures, and marks unmeasured ones", () => {
    const r = result(100);
    const at = (what: string) => checkTarget(TARGETS.find((t) => t.scale === 100 && t.what.startsWith(what))!, r);
    expect(at("query p50 speed-up over the best-case scan")).toMatchObject({ value: 12, met: false });
    expect(at("query p50 speed-up over SQLite")).toMatchObject({ value: 3, met: false, verdict: "missed: 3× of 4× (1.33× short)" });
    expect(at("query p99")).toMatchObject({ value: 9, met: false });
    expect(at("restart")).toMatchObject({ value: 1.5, met: false, verdict: "missed by 1 s (3× the limit)" });
    expect(at("memory after a restart")).toMatchObject({ value: 900, limit: 1200, met: true, verdict: "met" });
    expect(at("HTTP p99")).toMatchObject({ value: 40, limit: 27, met: false });
    expect(at("longest event-loop stall")).toMatchObject({ value: 30, met: true });
    expect(at("literal recall")).toMatchObject({ value: 1, met: true });
    expect(at("worst single request")).toMatchObject({ value: null, met: null, verdict: "not measured" });
    expect(summary(r).query.p50Ms).toBe(0.5);
    expect(summary(r).peers.fts5?.p50Ms).toBe(1.5);
  });

  it("counts timeouts in the simple queries' p99, also for results recorded before that figure existed", () => {
    const simple = { sent: 558, answered: 18, timeouts: 540, p50Ms: 333, p99Ms: 1417, maxMs: 1417, byStatus: {} };
    const adv = (c: object): AdversarialRun => ({
      probes: [],
      worst: null,
      load: { connections: 100, seconds: 60, answered: 18, rps: 0.3, timeouts: 540, connectionErrors: 0, unexpectedStatuses: 0, byStatus: {}, classes: { simple: c as never }, craftedShare: 0.1, timeoutMs: 10000 },
      eventLoop: null,
      eldWaitSeconds: 30,
    });
    expect(simpleP99(adv(simple))).toBe(10000);
    expect(simpleP99(adv({ ...simple, timeouts: 1, answered: 557 }))).toBe(1417);
    expect(simpleP99(adv({ ...simple, p99AllMs: 10004 }))).toBe(10004);
    expect(summary(result(100, { adversarial: adv(simple) })).adversarial?.simpleP99Ms).toBe(10000);
  });

  it("reports the baseline load beside the adversarial one, and what the crafted queries cost the plain ones", () => {
    const load = (p99: number, rps: number): LoadResult => ({
      connections: 100, seconds: 60, answered: rps * 60, rps, timeouts: 0, connectionErrors: 0, unexpectedStatuses: 0, byStatus: { "200": rps * 60 },
      classes: { simple: { sent: rps * 60, answered: rps * 60, timeouts: 0, p50Ms: p99 / 2, p99Ms: p99, maxMs: p99 + 1, p99AllMs: p99, byStatus: { "200": rps * 60 } } },
    });
    const run = (baseline?: LoadResult): AdversarialRun => ({ probes: [], worst: null, ...(baseline ? { baseline } : {}), load: { ...load(250, 500), craftedShare: 0.1, timeoutMs: 10000 }, eventLoop: null, eldWaitSeconds: 30 });
    const withBase = result(100, { adversarial: run(load(200, 600)) });
    expect(summary(withBase).adversarial).toMatchObject({ simpleP99Ms: 250, baselineP99Ms: 200, baselineRps: 600 });
    const md = renderMarkdown([withBase], "");
    expect(md).toContain("| baseline, plain queries only: duration (s), answers/s, p50 / p99 / max (ms) | 60, 600, 100 / 200 / 201 |");
    expect(md).toContain("| what the crafted tenth costs plain queries: p99 with ÷ without | 1.25× |");
    // A run recorded before the baseline existed shows none.
    expect(summary(result(100, { adversarial: run() })).adversarial).toMatchObject({ baselineP99Ms: null, baselineRps: null });
    expect(renderMarkdown([result(100, { adversarial: run() })], "")).toContain("| what the crafted tenth costs plain queries: p99 with ÷ without | – |");
  });

  it("leads with the peer table, then the targets, and keeps the hand-written analysis", () => {
    const md = renderMarkdown([result(100), result(10, { scale: 10 })], "<!-- analysis:start -->\nmine\n<!-- analysis:end -->");
    const peers = md.indexOf("## zhangjie and its peers");
    const targets = md.indexOf("## Targets");
    expect(peers).toBeGreaterThan(0);
    expect(targets).toBeGreaterThan(peers);
    expect(md.indexOf("### ×10 ")).toBeLessThan(md.indexOf("### ×100 "));
    expect(md).toMatch(/\| \*\*zhangjie\*\* .* \| 0\.500 \| 9\.00 \| 12\.0× \| 1\.0 \| 0 \|/);
    expect(md).toContain("| FlexSearch 0.8, `Charset.CJK` (candidates checked with `includes`) | – |");
    expect(md).toContain("**missed: 3× of 4× (1.33× short)**");
    expect(md).toContain("mine");
    expect(md).toContain("<!-- bench-data");
  });
});
