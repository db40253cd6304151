/**
 * The benchmark's child process, so that each measurement starts from a fresh process:
 *   `build`: open the engine on an empty cache (ingest + analysis + index + echo + save) and
 *            report the build info and the process's peak RSS;
 *   `serve`: open the engine from the cache (cold start), answer a first query, then on request
 *            run the query mix against the engine and the scan baseline, serve HTTP, report memory.
 * It talks to src/bench/run.ts over the IPC channel; its stdout goes to the parent's stderr.
 */
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Engine, OpenEngineOptions } from "../engine.contract.ts";
import type { BenchQuery } from "./queries.ts";
import { buildQueryMix, httpPaths } from "./queries.ts";
import { scanPassages, scanSearch } from "./scan.ts";
import { foldText } from "../analysis/fold.ts";
import { percentile } from "./stats.ts";

export type ToChild =
  | { type: "queries"; rounds: number; quick: boolean; agreement: number; profileFile?: string }
  | { type: "listen" }
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
  agreement: { queries: number; missing: number; falseHits: number; examples: string[] };
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
  | { type: "ready"; build: Engine["build"]; sinceStartSeconds: number; firstQueryMs: number }
  | { type: "queries"; run: QueryRun }
  /** The server listens on loopback; `paths` are the /api/search requests to load it with. */
  | { type: "listening"; port: number; paths: string[] }
  | { type: "mem"; rssMB: number; heapUsedMB: number; maxRssMB: number }
  | { type: "profiled"; file: string }
  | { type: "error"; message: string };

function send(msg: FromChild): void {
  process.send?.(msg);
}

async function open(corpusDir: string, cacheDir: string): Promise<Engine> {
  const mod = (await import("../engine.ts")) as { openEngine: (o: OpenEngineOptions) => Engine | Promise<Engine> };
  return await mod.openEngine({ corpusDir, cacheDir, progress: false, log: (l) => process.stderr.write(`  [engine] ${l}\n`) });
}

async function runBuild(corpusDir: string, cacheDir: string): Promise<void> {
  const t0 = performance.now();
  const engine = await open(corpusDir, cacheDir);
  const wallSeconds = (performance.now() - t0) / 1000;
  let passages = 0;
  let editionChars = 0;
  for (const d of engine.documents) for (const e of d.editions) {
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

/** Documents that come from the seed files (present at every scale): the query mix is drawn from them. */
function seedDocuments(engine: Engine) {
  return engine.documents.filter((d) => d.editions.some((e) => !e.source.startsWith("gen-")));
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

async function runQueries(engine: Engine, msg: Extract<ToChild, { type: "queries" }>): Promise<QueryRun> {
  const mix: BenchQuery[] = buildQueryMix(seedDocuments(engine), "zhangjie-queries", msg.quick ? { literal: 30, and: 8, or: 5, not: 5, inFilter: 4, docFilter: 4, pasted: 6 } : {});
  const errors: QueryRun["errors"] = [];
  const ok: BenchQuery[] = [];
  // Warm-up round (JIT, lazy structures); also weeds out queries the engine refuses.
  for (const m of mix) {
    try {
      engine.search(m.q, { limit: 20 });
      ok.push(m);
    } catch (e) {
      const err = e as { message?: string; status?: number };
      errors.push({ q: m.q, error: String(err.message ?? e), status: typeof err.status === "number" ? err.status : null });
    }
  }
  const samples: number[] = [];
  const byKind = new Map<string, number[]>();
  const perQuery = ok.map(() => [] as number[]);
  const totals = ok.map(() => 0);
  const profiler = msg.profileFile ? await startProfiler() : null;
  for (let r = 0; r < msg.rounds; r++) {
    for (const [i, m] of ok.entries()) {
      const t = performance.now();
      totals[i] = engine.search(m.q, { limit: 20 }).total;
      const ms = performance.now() - t;
      perQuery[i]!.push(ms);
      samples.push(ms);
      (byKind.get(m.kind) ?? byKind.set(m.kind, []).get(m.kind)!).push(ms);
    }
  }
  if (profiler && msg.profileFile) await profiler.stop(msg.profileFile);
  const passages = scanPassages(engine.documents);
  const scanSamples: number[] = [];
  const scanByKind = new Map<string, number[]>();
  for (const m of ok) {
    const t = performance.now();
    scanSearch(passages, m.q, 20);
    const ms = performance.now() - t;
    scanSamples.push(ms);
    (scanByKind.get(m.kind) ?? scanByKind.set(m.kind, []).get(m.kind)!).push(ms);
  }
  const p50 = percentile(samples, 50);
  const scanP50 = percentile(scanSamples, 50);
  const kinds: QueryRun["byKind"] = {};
  for (const [k, xs] of byKind) kinds[k] = { n: xs.length / msg.rounds, p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99), scanP50Ms: percentile(scanByKind.get(k) ?? [], 50) };
  return {
    queries: ok.length,
    rounds: msg.rounds,
    p50Ms: p50,
    p99Ms: percentile(samples, 99),
    scanP50Ms: scanP50,
    scanP99Ms: percentile(scanSamples, 99),
    speedupP50: p50 > 0 ? scanP50 / p50 : 0,
    byKind: kinds,
    errors,
    agreement: checkAgreement(engine, passages, ok, msg.agreement),
    slowest: ok
      .map((m, i) => ({ kind: m.kind, q: m.q.length > 30 ? `${m.q.slice(0, 30)}…` : m.q, ms: Math.round(percentile(perQuery[i]!, 50) * 100) / 100, total: totals[i]! }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12),
  };
}

/**
 * For literal queries, the engine and the scan must find the same passages: every passage whose
 * text holds the string (primary editions; a hit may stand for its counterparts in other editions),
 * and no hit without it.
 */
export function checkAgreement(engine: Engine, passages: ReturnType<typeof scanPassages>, mix: readonly BenchQuery[], max: number): QueryRun["agreement"] {
  const literals = mix.filter((m) => m.kind === "literal" || m.kind === "term").slice(0, max);
  let missing = 0;
  let falseHits = 0;
  let checked = 0;
  const examples: string[] = [];
  for (const m of literals) {
    const want = scanSearch(passages, m.q, Number.MAX_SAFE_INTEGER, true);
    if (want.total > 5000) continue;
    checked++;
    const got = new Set<string>();
    const needle = foldText(m.q);
    for (let offset = 0; ; offset += 1000) {
      const res = engine.search(m.q, { limit: 1000, offset, rows: true }); // rows: every identical passage folded into a hit is listed
      for (const h of res.hits) {
        got.add(h.id);
        for (const o of h.otherEditions) got.add(o.passageId);
        for (const a of h.alsoIn ?? []) got.add(a.id); // identical passages of other documents, folded into the hit
        if (!foldText(h.text).includes(needle)) {
          falseHits++;
          if (examples.length < 5) examples.push(`false hit for ${m.q}: ${h.id}`);
        }
      }
      if (res.hits.length < 1000 || offset + 1000 >= res.total) break;
    }
    for (const id of want.ids) {
      if (!got.has(id)) {
        missing++;
        if (examples.length < 5) examples.push(`missed ${m.q} in ${id}`);
      }
    }
  }
  return { queries: checked, missing, falseHits, examples };
}

async function runServe(corpusDir: string, cacheDir: string): Promise<void> {
  const engine = await open(corpusDir, cacheDir);
  const t = performance.now();
  engine.search("科技创新", { limit: 20 });
  const firstQueryMs = performance.now() - t;
  // performance.now() counts from this process's start: boot, module loading, cache load, first answer.
  send({ type: "ready", build: engine.build, sinceStartSeconds: performance.now() / 1000, firstQueryMs });
  let server: Server | null = null;
  let serverProfiler: { stop: (file: string) => Promise<void> } | null = null;
  process.on("message", async (raw) => {
    const msg = raw as ToChild;
    try {
      if (msg.type === "queries") send({ type: "queries", run: await runQueries(engine, msg) });
      else if (msg.type === "listen") {
        const { createApp } = (await import("../web/app.ts")) as { createApp: (e: Engine, o?: { log?: (l: string) => void }) => import("express").Express };
        const app = createApp(engine, { log: (l) => process.stderr.write(`  [web] ${l}\n`) });
        const paths = httpPaths(buildQueryMix(seedDocuments(engine), "zhangjie-queries"));
        server = app.listen(0, "127.0.0.1", () => send({ type: "listening", port: (server!.address() as AddressInfo).port, paths }));
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
