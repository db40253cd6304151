/**
 * The benchmark's child process, so that each measurement starts from a fresh process:
 *   `build`: open the engine on an empty cache (ingest + analysis + index + echo + save) and
 *            report the build info and the process's peak RSS;
 *   `serve`: open the engine from the cache (cold start), answer a first query, then on request
 *            run the query mix against the engine and the scan baseline, serve HTTP, report memory.
 * It talks to src/bench/run.ts over the IPC channel; its stdout goes to the parent's stderr.
 */
import fs from "node:fs";
import os from "node:os";
import inspector from "node:inspector";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { DocumentSummary, Engine, OpenEngineOptions } from "../engine.contract.ts";
import type { DocumentRecord } from "../model.ts";
import type { BenchQuery } from "./queries.ts";
import { buildQueryMix, httpPaths } from "./queries.ts";
import { scanPassages, scanSearch } from "./scan.ts";
import { percentile } from "./stats.ts";
import { buildLiteralMix, LITERAL_KINDS } from "./literal-mix.ts";
import { checkEngine, figures, measurePeer, newTally, oracleQueries, peerPassages, search, type SystemFigures, type Tally } from "./compare.ts";
import { PEER_NAMES, type PeerName } from "./peers/index.ts";
import { craftedQueries } from "./crafted.ts";
import { EventLoopMonitor, type EventLoopFigures } from "./event-loop.ts";

export type ToChild =
  | {
      type: "queries";
      rounds: number;
      /** Timed rounds of each peer (a query's time is its median over the rounds). */
      peerRounds: number;
      quick: boolean;
      /** Literal queries with more matches than this are checked by the engine's total only. */
      maxWanted: number;
      peers: PeerName[];
      profileFile?: string;
    }
  | { type: "listen" }
  /** Open / close a window of event-loop delay measurement. */
  | { type: "eld-start"; sentAt: number }
  | { type: "eld-stop"; sentAt: number }
  | { type: "mem" }
  | { type: "profile-start" }
  | { type: "profile-stop"; file: string }
  | { type: "exit" };

export interface QueryRun {
  queries: number;
  rounds: number;
  p50Ms: number;
  p99Ms: number;
  scanP50Ms: number;
  scanP99Ms: number;
  speedupP50: number;
  byKind: Record<string, { n: number; p50Ms: number; p99Ms: number; scanP50Ms: number }>;
  /** Queries the engine refused (400) or failed on (other errors), with the message. */
  errors: { q: string; error: string; status: number | null }[];
  /**
   * The engine against the full-language scan on every literal query of both mixes: whole answers
   * for queries with at most `maxWanted` matches, the total for bigger ones (`byTotal`).
   */
  agreement: { queries: number; byTotal: number; maxWanted: number; missing: number; falseHits: number; examples: string[] };
  /** zhangjie and its peers on the literal-heavy mix (and, per kind, today's literal kinds). */
  systems: Partial<Record<"zhangjie" | PeerName, SystemFigures>>;
  /** Load averages (1 min) when the engine's rounds and each peer's began: the machine is shared. */
  load: Record<string, number>;
  /** The slowest queries (median of the rounds) with their number of hits: what the tail is made of. */
  slowest: { kind: string; q: string; ms: number; total: number }[];
}

export type FromChild =
  | {
      type: "built";
      build: Engine["build"];
      wallSeconds: number;
      maxRssMB: number;
      documents: number;
      passages: number;
      editionChars: number;
    }
  | {
      type: "ready";
      build: Engine["build"];
      sinceStartSeconds: number;
      firstQueryMs: number;
      /** From the call that opens the engine (module already loaded) to its first answer. */
      restartSeconds: number;
      /** Resident memory right after that first answer. */
      restartRssMB: number;
      /** Passage objects the segments made from the open to the first answer (its page's hits only). */
      passageObjects: number;
    }
  | { type: "queries"; run: QueryRun }
  /** The server listens on loopback; `paths` are the /api/search requests to load it with. */
  | { type: "listening"; port: number; paths: string[]; crafted: { shape: string; q: string }[] }
  | { type: "eld"; figures: EventLoopFigures }
  | { type: "mem"; rssMB: number; heapUsedMB: number; maxRssMB: number }
  | { type: "profiled"; file: string }
  | { type: "error"; message: string };

function send(msg: FromChild): void {
  process.send?.(msg);
}

type OpenFn = (o: OpenEngineOptions) => Engine | Promise<Engine>;

async function loadOpenEngine(): Promise<OpenFn> {
  return ((await import("../engine.ts")) as { openEngine: OpenFn }).openEngine;
}

async function open(corpusDir: string, cacheDir: string, openEngine?: OpenFn): Promise<Engine> {
  const fn = openEngine ?? (await loadOpenEngine());
  return await fn({ corpusDir, cacheDir, progress: false, log: (l) => process.stderr.write(`  [engine] ${l}\n`) });
}

async function runBuild(corpusDir: string, cacheDir: string): Promise<void> {
  const t0 = performance.now();
  const engine = await open(corpusDir, cacheDir);
  const wallSeconds = (performance.now() - t0) / 1000;
  let passages = 0;
  let editionChars = 0;
  for (const d of await fullDocuments(engine)) for (const e of d.editions) {
    passages += e.passages.length;
    editionChars += e.text.length;
  }
  send({
    type: "built",
    build: engine.build,
    wallSeconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    documents: engine.documents.length,
    passages,
    editionChars,
  });
}

/** Every document with its editions' texts and passages (the engine lists summaries only). */
async function fullDocuments(engine: Engine, which: readonly DocumentSummary[] = engine.documents): Promise<DocumentRecord[]> {
  const docs = await Promise.all(which.map((d) => engine.doc(d.id)));
  return docs.filter((d): d is DocumentRecord => d !== undefined);
}

/** Documents that come from the seed files (present at every scale): the query mix is drawn from them. */
function seedDocuments(engine: Engine): Promise<DocumentRecord[]> {
  return fullDocuments(engine, engine.documents.filter((d) => d.editions.some((e) => !e.source.startsWith("gen-"))));
}

/** CPU profile of the timed query rounds (the engine only, not the scan), via the inspector. */
async function startProfiler(): Promise<{ stop: (file: string) => Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post("Profiler.enable");
  await post("Profiler.start");
  return {
    stop: async (file) => {
      const res = (await post("Profiler.stop")) as { profile: unknown };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(res.profile));
      session.disconnect();
    },
  };
}

/** The two mixes the engine answers: today's (all kinds of the language) and the literal-heavy one. */
async function mixes(engine: Engine, quick: boolean): Promise<{ today: BenchQuery[]; literal: BenchQuery[] }> {
  const seeds = await seedDocuments(engine);
  return {
    today: buildQueryMix(seeds, "zhangjie-queries", quick ? { literal: 30, and: 8, or: 5, not: 5, inFilter: 4, docFilter: 4, pasted: 6 } : {}),
    literal: buildLiteralMix(seeds, "zhangjie-literals", quick ? { perLength: 6, pairs: 8 } : {}),
  };
}

const load1 = () => Math.round(os.loadavg()[0]! * 100) / 100;
const progress = (line: string) => process.stderr.write(`  [bench] ${line}\n`);

async function runQueries(engine: Engine, msg: Extract<ToChild, { type: "queries" }>): Promise<QueryRun> {
  const { today, literal } = await mixes(engine, msg.quick);
  const all = [...today, ...literal];
  const errors: QueryRun["errors"] = [];
  const ok: BenchQuery[] = [];
  const load: Record<string, number> = { zhangjie: load1() };
  // Warm-up round (JIT, lazy structures); also weeds out queries the engine refuses.
  for (const m of all) {
    try {
      await search(engine, m.q, { limit: 20 });
      ok.push(m);
    } catch (e) {
      const err = e as { message?: string; status?: number };
      errors.push({ q: m.q, error: String(err.message ?? e), status: typeof err.status === "number" ? err.status : null });
    }
  }
  // A query's time is its median over the rounds (the machine is shared: one slow round is noise).
  const perQuery = ok.map(() => [] as number[]);
  const totals = ok.map(() => 0);
  const profiler = msg.profileFile ? await startProfiler() : null;
  for (let r = 0; r < msg.rounds; r++) {
    for (const [i, m] of ok.entries()) {
      const t = performance.now();
      totals[i] = (await search(engine, m.q, { limit: 20 })).total;
      perQuery[i]!.push(performance.now() - t);
    }
  }
  if (profiler && msg.profileFile) await profiler.stop(msg.profileFile);
  const median = ok.map((_m, i) => percentile(perQuery[i]!, 50));

  // Today's mix against the full-language scan, as before.
  const passages = scanPassages(await fullDocuments(engine));
  const samples: number[] = [];
  const scanSamples: number[] = [];
  const byKind = new Map<string, { t: number[]; scan: number[] }>();
  const literalKinds: readonly string[] = LITERAL_KINDS;
  ok.forEach((m, i) => {
    if (literalKinds.includes(m.kind)) return;
    const t = performance.now();
    scanSearch(passages, m.q, 20);
    const scanMs = performance.now() - t;
    samples.push(median[i]!);
    scanSamples.push(scanMs);
    const k = byKind.get(m.kind) ?? byKind.set(m.kind, { t: [], scan: [] }).get(m.kind)!;
    k.t.push(median[i]!);
    k.scan.push(scanMs);
  });
  const kinds: QueryRun["byKind"] = {};
  for (const [k, v] of byKind) kinds[k] = { n: v.t.length, p50Ms: percentile(v.t, 50), p99Ms: percentile(v.t, 99), scanP50Ms: percentile(v.scan, 50) };

  // Both mixes' literal queries against the oracle, then each peer on them.
  progress(`oracle: full-language scan of ${ok.length} queries…`);
  const oracle = oracleQueries(passages, ok);
  const check = await checkEngine(engine, oracle, msg.maxWanted);
  const timeOf = new Map(ok.map((m, i) => [m, median[i]!]));
  // zhangjie's tallies: the times of its timed rounds, the answers of the check against the oracle.
  const tallies = new Map<string, Tally>();
  for (const q of oracle) {
    const t = tallies.get(q.kind) ?? tallies.set(q.kind, { ...(check.tallies.get(q.kind) ?? newTally()), times: [] }).get(q.kind)!;
    const src = ok.find((m) => m.q === q.q && m.kind === q.kind);
    if (src) t.times.push(timeOf.get(src)!);
  }
  const systems: QueryRun["systems"] = {};
  const zj = figures(tallies, LITERAL_KINDS, null, null);
  systems.zhangjie = zj;
  const pp = peerPassages(passages);
  for (const name of msg.peers) {
    load[name] = load1();
    progress(`peer ${name}: ${pp.length} passages, ${oracle.length} queries × ${msg.peerRounds}…`);
    const { times: _times, ...f } = await measurePeer(name, pp, oracle, { rounds: msg.peerRounds, headline: LITERAL_KINDS, log: progress });
    systems[name] = f;
    (globalThis as { gc?: () => void }).gc?.();
  }
  const scanP50 = systems.scan?.p50Ms ?? null;
  for (const f of Object.values(systems)) if (f && scanP50 !== null && f.p50Ms > 0) f.speedupP50 = scanP50 / f.p50Ms;

  const p50 = percentile(samples, 50);
  const scanP50Full = percentile(scanSamples, 50);
  return {
    queries: samples.length,
    rounds: msg.rounds,
    p50Ms: p50,
    p99Ms: percentile(samples, 99),
    scanP50Ms: scanP50Full,
    scanP99Ms: percentile(scanSamples, 99),
    speedupP50: p50 > 0 ? scanP50Full / p50 : 0,
    byKind: kinds,
    errors,
    agreement: { queries: check.queries, byTotal: check.byTotal, maxWanted: msg.maxWanted, missing: check.missing, falseHits: check.falseHits, examples: check.examples },
    systems,
    load,
    slowest: ok
      .map((m, i) => ({ kind: m.kind, q: m.q.length > 30 ? `${m.q.slice(0, 30)}…` : m.q, ms: Math.round(median[i]! * 100) / 100, total: totals[i]! }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12),
  };
}

async function runServe(corpusDir: string, cacheDir: string): Promise<void> {
  // The restart is timed from the call that opens the engine: its modules are loaded first.
  const openEngine = await loadOpenEngine();
  const t0 = performance.now();
  const engine = await open(corpusDir, cacheDir, openEngine);
  const t = performance.now();
  await search(engine, "科技创新", { limit: 20 });
  const t1 = performance.now();
  send({
    type: "ready",
    build: engine.build,
    // performance.now() counts from this process's start: boot, module loading, cache load, first answer.
    sinceStartSeconds: t1 / 1000,
    firstQueryMs: t1 - t,
    restartSeconds: (t1 - t0) / 1000,
    restartRssMB: process.memoryUsage().rss / 2 ** 20,
    passageObjects: ((await import("../index/segment.ts")) as typeof import("../index/segment.ts")).passageObjectsCreated(),
  });
  const eld = new EventLoopMonitor();
  let server: Server | null = null;
  let served: Engine | null = null;
  let serverProfiler: { stop: (file: string) => Promise<void> } | null = null;
  process.on("message", async (raw) => {
    const msg = raw as ToChild;
    try {
      if (msg.type === "queries") send({ type: "queries", run: await runQueries(engine, msg) });
      else if (msg.type === "listen") {
        const { createApp } = (await import("../web/app.ts")) as { createApp: (e: Engine, o?: { log?: (l: string) => void }) => import("express").Express };
        // Served as npm start serves: query workers (every core but one, at least two) and the 200 ms deadline.
        const { servedOver } = (await import("../engine.ts")) as typeof import("../engine.ts");
        const { defaultQueryWorkers } = (await import("../serve/limits.ts")) as typeof import("../serve/limits.ts");
        const workers = Number(process.env.ZHANGJIE_QUERY_WORKERS) || defaultQueryWorkers();
        served = await servedOver(engine, { workers }, (l) => process.stderr.write(`  [engine] ${l}\n`));
        const app = createApp(served, { log: (l) => process.stderr.write(`  [web] ${l}\n`) });
        // The literal-heavy mix: the queries whose in-process p99 the HTTP p99 is compared with.
        const paths = httpPaths((await mixes(engine, false)).literal, Number.MAX_SAFE_INTEGER);
        const crafted = craftedQueries(await seedDocuments(engine));
        server = app.listen(0, "127.0.0.1", () => send({ type: "listening", port: (server!.address() as AddressInfo).port, paths, crafted }));
      } else if (msg.type === "eld-start") {
        eld.reset(msg.sentAt);
      } else if (msg.type === "eld-stop") {
        send({ type: "eld", figures: eld.read(msg.sentAt) });
      } else if (msg.type === "mem") {
        const g = (globalThis as { gc?: () => void }).gc;
        if (g) g();
        const m = process.memoryUsage();
        send({ type: "mem", rssMB: m.rss / 2 ** 20, heapUsedMB: m.heapUsed / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 });
      } else if (msg.type === "profile-start") {
        serverProfiler = await startProfiler();
      } else if (msg.type === "profile-stop") {
        await serverProfiler?.stop(msg.file);
        serverProfiler = null;
        send({ type: "profiled", file: msg.file });
      } else if (msg.type === "exit") {
        server?.close();
        await served?.close?.();
        process.exit(0);
      }
    } catch (e) {
      send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}

async function main(): Promise<void> {
  const [mode, corpusDir, cacheDir] = process.argv.slice(2);
  if (!mode || !corpusDir || !cacheDir) throw new Error("usage: child.ts build|serve <corpusDir> <cacheDir>");
  if (mode === "build") {
    await runBuild(corpusDir, cacheDir);
    process.exit(0);
  } else if (mode === "serve") await runServe(corpusDir, cacheDir);
  else throw new Error(`unknown mode ${mode}`);
}

// Only when run as the child (the test suite imports checkAgreement from this module).
if (process.send && process.argv[1] && /child\.ts$/.test(process.argv[1])) {
  main().catch((e) => {
    send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100);
  });
}
