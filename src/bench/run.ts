/**
 * `npm run bench`: how zhangjie's costs grow with the corpus, side by side with a brute-force scan.
 *
 *   npm run bench                          ×1, ×10, ×100; updates BENCHMARKS.md and BENCHMARKS.svg
 *   npm run bench -- --scale 100 --json    one JSON object on stdout (progress on stderr)
 *   npm run bench -- --scale 1 --quick     CI smoke test: small mix, short HTTP run, exits 1 on any failure
 *   npm run bench -- --scale 1 --soak      adds 60 s of HTTP at 100 connections (errors, memory before/after)
 *   npm run bench -- --scale 100 --profile CPU profile of the build (node --cpu-prof), summarised by module
 *
 * Each scale: generate (or reuse) bench-out/scale-N/corpus, build into an empty cache in a child process
 * (peak RSS of that process), cold start from the cache in a second fresh process (time to the first
 * answered query), the query mix against the engine and the scan, then HTTP load with autocannon.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { ensureCorpus } from "./synth.ts";
import { dirBytes, round } from "./stats.ts";
import type { FromChild, QueryRun, ToChild } from "./child.ts";
import { summarizeProfile } from "./profile.ts";
import { machineInfo, updateReport, type MachineInfo } from "./report.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "bench-out");
/** The code the children run: a snapshot of the tree taken when the run starts (see snapshotTree). */
let TREE = ROOT;

/**
 * Copy the code (src, dict, views, public) into bench-out/tree and run the children from there.
 * The index cache is keyed by the pipeline's source, so on a tree being edited while the benchmark
 * runs, the cold start would otherwise rebuild instead of loading; and all scales measure one version.
 */
function snapshotTree(): string {
  const dest = path.join(OUT, "tree");
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const item of ["src", "dict", "views", "public", "package.json", "tsconfig.json"]) {
    const from = path.join(ROOT, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, item), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"), "dir");
  return dest;
}

export interface HttpRun {
  connections: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface SoakRun extends HttpRun {
  before: { rssMB: number; heapUsedMB: number };
  after: { rssMB: number; heapUsedMB: number };
}

/** The JSON the issue asks for, one per scale. */
export interface BenchSummary {
  scale: number;
  textMB: number;
  documents: number;
  passages: number;
  buildSeconds: number;
  buildMBps: number;
  peakRssMB: number;
  cacheMB: number;
  coldStartSeconds: number;
  echoSeconds: number | null;
  query: { p50Ms: number; p99Ms: number; scanP50Ms: number; speedupP50: number };
  http: { rps: number; p99Ms: number } | null;
}

/** Everything measured at one scale (kept in bench-out/scale-N/result.json and BENCHMARKS.md). */
export interface ScaleResult extends BenchSummary {
  date: string;
  machine: MachineInfo;
  files: number;
  generated: number;
  timings: Record<string, number>;
  coldStart: { fromCache: boolean; engineSeconds: number; processSeconds: number; firstQueryMs: number; cacheLoadTimings: Record<string, number> };
  queryRun: QueryRun | null;
  httpRuns: HttpRun[];
  soak: SoakRun | null;
  failures: string[];
  profile: string | null;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A child process of the benchmark with a queue of the messages it sent. */
class Child {
  readonly proc: ChildProcess;
  private readonly queue: FromChild[] = [];
  private waiters: (() => void)[] = [];
  private exited: number | null = null;
  constructor(mode: "build" | "serve", corpusDir: string, cacheDir: string, execArgv: string[] = []) {
    this.proc = fork(path.join(TREE, "src/bench/child.ts"), [mode, corpusDir, cacheDir], {
      cwd: TREE,
      execArgv: ["--import", "tsx", ...execArgv],
      // The child's stdout goes to our stderr: with --json, stdout carries only the JSON.
      stdio: ["ignore", 2, 2, "ipc"],
    });
    this.proc.on("message", (m) => {
      this.queue.push(m as FromChild);
      this.wake();
    });
    this.proc.on("exit", (code) => {
      this.exited = code ?? -1;
      this.wake();
    });
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  send(msg: ToChild): void {
    this.proc.send(msg);
  }
  async next<T extends FromChild["type"]>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.queue.findIndex((m) => m.type === type || m.type === "error");
      if (i >= 0) {
        const m = this.queue.splice(i, 1)[0]!;
        if (m.type === "error") throw new Error(`child failed: ${m.message}`);
        return m as Extract<FromChild, { type: T }>;
      }
      if (this.exited !== null) throw new Error(`child exited (code ${this.exited}) before sending "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`child sent no "${type}" within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  async exit(): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((r) => this.proc.once("exit", () => r()));
    if (this.proc.connected) this.send({ type: "exit" });
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    await done;
    clearTimeout(timer);
  }
}

async function httpLoad(port: number, paths: string[], connections: number, seconds: number): Promise<HttpRun> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: paths.map((p) => ({ method: "GET", path: p })),
  });
  return {
    connections,
    seconds,
    rps: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

interface RunOptions {
  quick: boolean;
  soak: boolean;
  profile: boolean;
  http: boolean;
  httpSeconds: number;
  seed: string;
  buildOnly: boolean;
}

async function runScale(scale: number, o: RunOptions, machine: MachineInfo): Promise<ScaleResult | null> {
  const failures: string[] = [];
  const dir = path.join(OUT, `scale-${scale}`);
  const corpusDir = path.join(dir, "corpus");
  const cacheDir = path.join(dir, "cache");
  log(`\n== ×${scale} ==`);
  const manifest = ensureCorpus({ seedDir: path.join(ROOT, "corpus"), outDir: corpusDir, scale, seed: o.seed, log });
  const textMB = manifest.bytes / 1e6;
  log(`corpus: ${manifest.files} files, ${textMB.toFixed(1)} MB (${corpusDir})`);

  // Build from nothing, in a fresh process (its peak RSS is the build's).
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  const big = scale >= 1000 ? ["--max-old-space-size=16384"] : [];
  const profDir = path.join(dir, "profile");
  if (o.profile) fs.rmSync(profDir, { recursive: true, force: true });
  const buildChild = new Child("build", corpusDir, cacheDir, [...big, ...(o.profile ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [])]);
  const built = await buildChild.next("built", 3 * 3600_000);
  await buildChild.exit();
  const b = built.build;
  const buildSeconds = b.seconds || built.wallSeconds;
  log(`build: ${buildSeconds.toFixed(2)} s, ${built.documents} documents, ${built.passages} passages, peak RSS ${built.maxRssMB.toFixed(0)} MB; stages ${JSON.stringify(b.timings)}`);
  let profile: string | null = null;
  if (o.profile) {
    const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
    if (file) {
      profile = summarizeProfile(path.join(profDir, file), TREE);
      fs.writeFileSync(path.join(dir, "profile.txt"), profile);
      log(profile);
    }
  }
  const cacheMB = dirBytes(cacheDir) / 1e6;
  if (o.buildOnly) {
    log(`cache: ${cacheMB.toFixed(1)} MB (--build-only: no cold start, queries or HTTP; nothing recorded)`);
    return null;
  }

  // Cold start: a fresh process loads the cache and answers a first query.
  const t0 = performance.now();
  const serve = new Child("serve", corpusDir, cacheDir, ["--expose-gc", ...big]);
  let queryRun: QueryRun | null = null;
  const httpRuns: HttpRun[] = [];
  let soak: SoakRun | null = null;
  let coldStart: ScaleResult["coldStart"];
  try {
    const ready = await serve.next("ready", 600_000);
    const processSeconds = (performance.now() - t0) / 1000;
    coldStart = {
      fromCache: ready.build.fromCache,
      engineSeconds: ready.build.seconds,
      processSeconds,
      firstQueryMs: ready.firstQueryMs,
      cacheLoadTimings: ready.build.timings,
    };
    if (!ready.build.fromCache) failures.push("cold start rebuilt the index instead of loading the cache");
    log(`cold start: ${processSeconds.toFixed(2)} s to the first answer (engine open ${ready.build.seconds.toFixed(2)} s, fromCache=${ready.build.fromCache})`);

    const queryProfile = o.profile ? path.join(dir, "profile", "queries.cpuprofile") : undefined;
    serve.send({ type: "queries", rounds: o.quick ? 1 : 3, quick: o.quick, agreement: o.quick ? 20 : 40, profileFile: queryProfile });
    queryRun = (await serve.next("queries", 3 * 3600_000)).run;
    if (queryProfile && fs.existsSync(queryProfile)) {
      const summary = summarizeProfile(queryProfile, TREE);
      fs.writeFileSync(path.join(dir, "profile-queries.txt"), summary);
      log(summary);
      profile = `${profile ?? ""}\n${summary}`;
    }
    log(
      `queries: ${queryRun.queries} × ${queryRun.rounds}: p50 ${queryRun.p50Ms.toFixed(2)} ms, p99 ${queryRun.p99Ms.toFixed(2)} ms; ` +
        `scan p50 ${queryRun.scanP50Ms.toFixed(2)} ms (×${queryRun.speedupP50.toFixed(0)})`,
    );
    for (const [k, v] of Object.entries(queryRun.byKind)) log(`  ${k.padEnd(8)} n=${v.n} p50 ${v.p50Ms.toFixed(2)} ms p99 ${v.p99Ms.toFixed(2)} ms scan p50 ${v.scanP50Ms.toFixed(2)} ms`);
    log(`agreement with the scan on ${queryRun.agreement.queries} literal queries: ${queryRun.agreement.missing} missed, ${queryRun.agreement.falseHits} false hits`);
    for (const e of queryRun.agreement.examples) log(`  ${e}`);
    log(`slowest queries (median ms, hits): ${queryRun.slowest.map((x) => `${x.kind} ${x.q} ${x.ms} ms/${x.total}`).join("; ")}`);
    if (queryRun.errors.length) {
      failures.push(`${queryRun.errors.length} benchmark queries failed`);
      for (const e of queryRun.errors.slice(0, 10)) log(`  query error (${e.status}): ${e.q} → ${e.error}`);
    }
    if (queryRun.agreement.missing || queryRun.agreement.falseHits) failures.push(`engine and scan disagree: ${queryRun.agreement.missing} missed, ${queryRun.agreement.falseHits} false hits`);

    if (o.http) {
      serve.send({ type: "listen" });
      const listening = await serve.next("listening", 60_000);
      const conns = o.quick ? [10] : [1, 10, 100];
      for (const c of conns) {
        const httpProfile = o.profile && c === 10 ? path.join(dir, "profile", "http-10.cpuprofile") : null;
        if (httpProfile) serve.send({ type: "profile-start" });
        const run = await httpLoad(listening.port, listening.paths, c, o.httpSeconds);
        if (httpProfile) {
          serve.send({ type: "profile-stop", file: httpProfile });
          await serve.next("profiled", 60_000);
          const summary = summarizeProfile(httpProfile, TREE);
          fs.writeFileSync(path.join(dir, "profile-http.txt"), summary);
          log(summary);
        }
        httpRuns.push(run);
        log(`http ${String(c).padStart(3)} connections: ${run.rps} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, timeouts ${run.timeouts}, non-2xx ${run.non2xx}`);
        if (run.errors || run.timeouts || run.non2xx) failures.push(`HTTP errors at ${c} connections`);
      }
      if (o.soak) {
        serve.send({ type: "mem" });
        const before = await serve.next("mem", 60_000);
        log(`soak: 60 s at 100 connections (server RSS before ${before.rssMB.toFixed(0)} MB, heap ${before.heapUsedMB.toFixed(0)} MB)…`);
        const run = await httpLoad(listening.port, listening.paths, 100, 60);
        serve.send({ type: "mem" });
        const after = await serve.next("mem", 60_000);
        soak = { ...run, before: { rssMB: round(before.rssMB, 1), heapUsedMB: round(before.heapUsedMB, 1) }, after: { rssMB: round(after.rssMB, 1), heapUsedMB: round(after.heapUsedMB, 1) } };
        log(`soak: ${run.rps} req/s, p99 ${run.p99Ms} ms, errors ${run.errors + run.timeouts + run.non2xx}; RSS ${before.rssMB.toFixed(0)} → ${after.rssMB.toFixed(0)} MB, heap ${before.heapUsedMB.toFixed(0)} → ${after.heapUsedMB.toFixed(0)} MB`);
        if (run.errors || run.timeouts || run.non2xx) failures.push("errors during the soak");
      }
    }
  } finally {
    await serve.exit();
  }

  const http10 = httpRuns.find((h) => h.connections === 10) ?? null;
  const result: ScaleResult = {
    scale,
    textMB: round(textMB, 2),
    documents: built.documents,
    passages: built.passages,
    buildSeconds: round(buildSeconds, 2),
    buildMBps: round(textMB / buildSeconds, 2),
    peakRssMB: round(built.maxRssMB, 0),
    cacheMB: round(cacheMB, 2),
    coldStartSeconds: round(coldStart.processSeconds, 2),
    echoSeconds: typeof b.timings.echo === "number" ? round(b.timings.echo, 2) : null,
    query: queryRun
      ? { p50Ms: round(queryRun.p50Ms, 3), p99Ms: round(queryRun.p99Ms, 3), scanP50Ms: round(queryRun.scanP50Ms, 3), speedupP50: round(queryRun.speedupP50, 1) }
      : { p50Ms: 0, p99Ms: 0, scanP50Ms: 0, speedupP50: 0 },
    http: http10 ? { rps: http10.rps, p99Ms: http10.p99Ms } : null,
    date: new Date().toISOString(),
    machine,
    files: manifest.files,
    generated: manifest.generated,
    timings: b.timings,
    coldStart,
    queryRun,
    httpRuns,
    soak,
    failures,
    profile,
  };
  fs.writeFileSync(path.join(dir, "result.json"), JSON.stringify(result, null, 2));
  return result;
}

export function summary(r: ScaleResult): BenchSummary {
  const { scale, textMB, documents, passages, buildSeconds, buildMBps, peakRssMB, cacheMB, coldStartSeconds, echoSeconds, query, http } = r;
  return { scale, textMB, documents, passages, buildSeconds, buildMBps, peakRssMB, cacheMB, coldStartSeconds, echoSeconds, query, http };
}

const USAGE = `usage: npm run bench -- [--scale 1|10|100|1000 ...] [--json] [--quick] [--soak] [--profile] [--no-http] [--http-seconds N] [--no-report] [--report-only] [--build-only]`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        scale: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
        quick: { type: "boolean", default: false },
        soak: { type: "boolean", default: false },
        profile: { type: "boolean", default: false },
        "no-http": { type: "boolean", default: false },
        "http-seconds": { type: "string" },
        "no-report": { type: "boolean", default: false },
        "report-only": { type: "boolean", default: false },
        "build-only": { type: "boolean", default: false },
        seed: { type: "string", default: "zhangjie" },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    log(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    log(USAGE);
    return 0;
  }
  if (args["report-only"]) {
    // Rewrite BENCHMARKS.md/.svg from the results kept in bench-out/scale-N/result.json.
    const stored = fs
      .readdirSync(OUT)
      .filter((d) => /^scale-\d+$/.test(d) && fs.existsSync(path.join(OUT, d, "result.json")))
      .map((d) => JSON.parse(fs.readFileSync(path.join(OUT, d, "result.json"), "utf8")) as ScaleResult);
    if (stored.length === 0) {
      log("no results in bench-out/scale-*/result.json: run the benchmark first");
      return 1;
    }
    log(`updated ${updateReport(ROOT, stored).join(", ")}`);
    return 0;
  }
  const scales = (args.scale ?? (args.quick ? ["1"] : ["1", "10", "100"])).flatMap((s) => s.split(",")).map((s) => Number(s.trim()));
  if (scales.some((s) => !Number.isInteger(s) || s < 1 || s > 1000)) {
    log(`--scale takes whole numbers from 1 to 1000 (1, 10, 100, 1000)\n${USAGE}`);
    return 2;
  }
  const httpSeconds = args["http-seconds"] ? Number(args["http-seconds"]) : args.quick ? 2 : 5;
  if (!(httpSeconds > 0)) {
    log(`--http-seconds takes a positive number\n${USAGE}`);
    return 2;
  }
  const o: RunOptions = { quick: args.quick, soak: args.soak, profile: args.profile, http: !args["no-http"], httpSeconds, seed: args.seed, buildOnly: args["build-only"] };
  TREE = snapshotTree();
  const machine = machineInfo();
  log(`zhangjie bench on ${machine.cpu} × ${machine.nproc}, ${machine.memoryGB} GB, node ${machine.node}, load ${machine.loadavg.join(" ")}`);
  const results: ScaleResult[] = [];
  let failed = false;
  for (const scale of scales) {
    try {
      const r = await runScale(scale, o, machine);
      if (!r) continue;
      results.push(r);
      if (r.failures.length) {
        failed = true;
        for (const f of r.failures) log(`FAIL ×${scale}: ${f}`);
      }
    } catch (e) {
      failed = true;
      log(`FAIL ×${scale}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (o.quick) break;
    }
  }
  if (args.json) {
    const out = results.map(summary);
    process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out)}\n`);
  } else {
    for (const r of results) log(JSON.stringify(summary(r)));
  }
  if (!o.quick && !args["no-report"] && results.length) {
    const files = updateReport(ROOT, results);
    log(`updated ${files.join(", ")}`);
  }
  // The smoke test fails on any failure; a full run reports failures but they are figures too.
  return failed && (o.quick || results.length === 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
