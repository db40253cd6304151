/**
 * `npm run bench`: how zhangjie's costs grow with the corpus, side by side with a brute-force scan.
 *
 *   npm run bench                          ×10, ×100, ×1000; updates BENCHMARKS.md and BENCHMARKS.svg
 *   npm run bench -- --scale 100 --json    one JSON object on stdout (progress on stderr)
 *   npm run bench -- --scale 1 --quick     CI smoke test: small mixes, each peer once, short HTTP run,
 *                                          exits 1 on any failure
 *   npm run bench -- --adversarial         adds issue 14's load: the worst single request (crafted
 *                                          queries with limit=1), then 60 s at 100 connections with 10%
 *                                          crafted queries (10 s with --quick)
 *   npm run bench -- --scale 1 --soak      adds 60 s of HTTP at 100 connections (errors, memory before/after)
 *   npm run bench -- --scale 100 --profile CPU profile of the build (node --cpu-prof), summarised by module
 *   npm run bench -- --scale 100 --restart restarts only: the scale's cache (built first when missing or stale),
 *                                          then 3 fresh processes, each timed from openEngine to its first answer
 *
 * Each scale: generate (or reuse) bench-out/scale-N/corpus, build into an empty cache in a child process
 * (peak RSS of that process), restart from the cache in a second fresh process (time to the first
 * answered query), the query mixes against the engine, the full-language scan (the oracle) and the peers
 * (best-case scan, SQLite FTS5 trigram, FlexSearch CJK), then HTTP load with autocannon while the server
 * measures its event-loop delay, and on request the adversarial load.
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
import { runAdversarial } from "./adversarial.ts";
import { walkAcrossConnections } from "./loadgen.ts";
import { PEER_NAMES, type PeerName } from "./peers/index.ts";
import { HARNESS_VERSION, summary, type AdversarialRun, type HttpRun, type ScaleResult, type SoakRun } from "./results.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "bench-out");
/** The code the children run: a snapshot of the tree taken when the run starts (see snapshotTree). */
let TREE = ROOT;

/**
 * Copy the code (src, dict, views, public) into bench-out/tree-<pid> and run the children from there.
 * The index cache is keyed by the pipeline's source, so on a tree being edited while the benchmark
 * runs, the restart would otherwise rebuild instead of loading; and all scales measure one version.
 * One snapshot per run, removed when it ends, so two runs never pull each other's code away.
 */
function snapshotTree(): string {
  const dest = path.join(OUT, `tree-${process.pid}`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const item of ["src", "dict", "views", "public", "package.json", "tsconfig.json"]) {
    const from = path.join(ROOT, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, item), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"), "dir");
  return dest;
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
  /** Like `next`, but null when the child sends nothing in time (it may be busy: a stalled server). */
  async tryNext<T extends FromChild["type"]>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }> | null> {
    try {
      return await this.next(type, timeoutMs);
    } catch (e) {
      if (this.exited === null && /within/.test((e as Error).message)) return null;
      throw e;
    }
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

/** A serving child on the scale's cache (`--expose-gc`: the peers are collected between them). */
function serveChild(corpusDir: string, cacheDir: string, execArgv: string[]): Child {
  return new Child("serve", corpusDir, cacheDir, ["--expose-gc", ...execArgv]);
}

/**
 * The server the HTTP rounds load: a new process on the same cache, as `npm start` would be. The
 * process that ran the queries phase built the peers' indexes: afterwards V8's helper threads stayed
 * ~4× busier (at ×10, 2.1–2.3 s of CPU each per 20 s of load against 0.5 s) and it answered 15–30%
 * fewer requests — the peers' cost, not the server's.
 */
async function freshServer(used: Child, corpusDir: string, cacheDir: string, execArgv: string[]): Promise<Child> {
  await used.exit();
  const serve = serveChild(corpusDir, cacheDir, execArgv);
  try {
    await serve.next("ready", 600_000);
  } catch (e) {
    await serve.exit();
    throw e;
  }
  return serve;
}

async function httpLoad(port: number, paths: string[], connections: number, seconds: number): Promise<HttpRun> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: walkAcrossConnections(paths),
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
    rateLimited: r.statusCodeStats?.["429"]?.count ?? 0,
    byStatus: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
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
  peers: PeerName[];
  adversarial: boolean;
  adversarialSeconds: number;
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

  // Restart: a fresh process loads the cache and answers a first query.
  const t0 = performance.now();
  let serve = serveChild(corpusDir, cacheDir, big);
  let queryRun: QueryRun | null = null;
  const httpRuns: HttpRun[] = [];
  let soak: SoakRun | null = null;
  let adversarial: AdversarialRun | null = null;
  let coldStart: ScaleResult["coldStart"];
  let restart: { seconds: number; rssMB: number };
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
    restart = { seconds: ready.restartSeconds, rssMB: ready.restartRssMB };
    if (!ready.build.fromCache) failures.push("the restart rebuilt the index instead of loading the cache");
    log(
      `restart: ${ready.restartSeconds.toFixed(2)} s from openEngine to the first answer (RSS ${ready.restartRssMB.toFixed(0)} MB; ` +
        `${processSeconds.toFixed(2)} s from spawning the process; fromCache=${ready.build.fromCache})`,
    );

    const queryProfile = o.profile ? path.join(dir, "profile", "queries.cpuprofile") : undefined;
    serve.send({
      type: "queries",
      rounds: o.quick ? 1 : 3,
      peerRounds: o.quick || scale >= 1000 ? 1 : 3,
      quick: o.quick,
      maxWanted: o.quick ? 2000 : 10_000,
      peers: o.peers,
      profileFile: queryProfile,
    });
    queryRun = (await serve.next("queries", 3 * 3600_000)).run;
    if (queryProfile && fs.existsSync(queryProfile)) {
      const summary = summarizeProfile(queryProfile, TREE);
      fs.writeFileSync(path.join(dir, "profile-queries.txt"), summary);
      log(summary);
      profile = `${profile ?? ""}\n${summary}`;
    }
    logQueries(queryRun);
    if (queryRun.errors.length) {
      failures.push(`${queryRun.errors.length} benchmark queries failed`);
      for (const e of queryRun.errors.slice(0, 10)) log(`  query error (${e.status}): ${e.q} → ${e.error}`);
    }
    if (queryRun.agreement.missing || queryRun.agreement.falseHits) failures.push(`engine and scan disagree: ${queryRun.agreement.missing} missed, ${queryRun.agreement.falseHits} false hits`);
    for (const name of o.peers) if (!queryRun.systems[name]) failures.push(`peer ${name} did not run`);

    if (o.http) {
      serve = await freshServer(serve, corpusDir, cacheDir, big);
      serve.send({ type: "listen" });
      const listening = await serve.next("listening", 60_000);
      const conns = o.quick ? [10] : [1, 10, 100];
      for (const c of conns) {
        const httpProfile = o.profile && c === 10 ? path.join(dir, "profile", "http-10.cpuprofile") : null;
        if (httpProfile) serve.send({ type: "profile-start" });
        serve.send({ type: "eld-start", sentAt: Date.now() });
        const run = await httpLoad(listening.port, listening.paths, c, o.httpSeconds);
        serve.send({ type: "eld-stop", sentAt: Date.now() });
        run.eventLoop = (await serve.tryNext("eld", 60_000))?.figures ?? null;
        if (httpProfile) {
          serve.send({ type: "profile-stop", file: httpProfile });
          await serve.next("profiled", 60_000);
          const summary = summarizeProfile(httpProfile, TREE);
          fs.writeFileSync(path.join(dir, "profile-http.txt"), summary);
          log(summary);
        }
        httpRuns.push(run);
        log(
          `http ${String(c).padStart(3)} connections: ${run.rps} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, timeouts ${run.timeouts}, non-2xx ${run.non2xx} (429: ${run.rateLimited}); ` +
            `event loop max ${run.eventLoop?.maxMs ?? "?"} ms, p99 ${run.eventLoop?.p99Ms ?? "?"} ms`,
        );
        // A 429 is the per-client limit refusing this one client's expensive queries: counted, not an error.
        if (run.errors || run.timeouts || run.non2xx > (run.rateLimited ?? 0)) failures.push(`HTTP errors at ${c} connections (answers by status: ${JSON.stringify(run.byStatus)})`);
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
      // Last: it may leave the server busy for long after the load ends (the child is then killed).
      if (o.adversarial) adversarial = await runAdversarial(serve, listening.port, listening.paths, listening.crafted, { quick: o.quick, seconds: o.adversarialSeconds, seed: o.seed, log });
    }
  } finally {
    await serve.exit();
  }

  const result: ScaleResult = {
    harness: HARNESS_VERSION,
    quick: o.quick,
    scale,
    textMB: round(textMB, 2),
    documents: built.documents,
    passages: built.passages,
    buildSeconds: round(buildSeconds, 2),
    buildMBps: round(textMB / buildSeconds, 2),
    peakRssMB: round(built.maxRssMB, 0),
    cacheMB: round(cacheMB, 2),
    coldStartSeconds: round(coldStart.processSeconds, 2),
    restartSeconds: round(restart.seconds, 3),
    restartRssMB: round(restart.rssMB, 0),
    echoSeconds: typeof b.timings.echo === "number" ? round(b.timings.echo, 2) : null,
    date: new Date().toISOString(),
    machine,
    files: manifest.files,
    generated: manifest.generated,
    timings: b.timings,
    coldStart,
    queryRun,
    httpRuns,
    soak,
    adversarial,
    failures,
    profile,
  };
  fs.writeFileSync(path.join(dir, "result.json"), JSON.stringify(result, null, 2));
  return result;
}

interface RestartRun {
  scale: number;
  passages: number;
  runs: { fromCache: boolean; restartSeconds: number; firstQueryMs: number; loadSeconds: number; rssMB: number; passageObjects: number }[];
  medianSeconds: number;
  loadavg: number[];
}

/**
 * `--restart`: the restart alone, on the scale's cache as the last full run left it (built here when
 * missing or stale: the first process then builds and is not counted), three fresh processes.
 */
async function runRestarts(scale: number, seed: string): Promise<RestartRun> {
  const dir = path.join(OUT, `scale-${scale}`);
  const corpusDir = path.join(dir, "corpus");
  const cacheDir = path.join(dir, "cache");
  log(`\n== ×${scale} restarts ==`);
  ensureCorpus({ seedDir: path.join(ROOT, "corpus"), outDir: corpusDir, scale, seed, log });
  fs.mkdirSync(cacheDir, { recursive: true });
  const big = scale >= 1000 ? ["--max-old-space-size=16384"] : [];
  const runs: RestartRun["runs"] = [];
  let passages = 0;
  for (let attempt = 0; runs.length < 3 && attempt < 4; attempt++) {
    const child = serveChild(corpusDir, cacheDir, big);
    try {
      const ready = await child.next("ready", 3 * 3600_000);
      passages = ready.build.passages;
      if (!ready.build.fromCache) {
        log(`no usable cache: built it (${ready.build.seconds} s); restarting`);
        continue;
      }
      const run = {
        fromCache: true,
        restartSeconds: round(ready.restartSeconds, 3),
        firstQueryMs: round(ready.firstQueryMs, 1),
        loadSeconds: round(ready.build.seconds, 3),
        rssMB: round(ready.restartRssMB, 0),
        passageObjects: ready.passageObjects,
      };
      runs.push(run);
      log(`restart: ${run.restartSeconds} s from openEngine to the first answer (open ${run.loadSeconds} s, first answer ${run.firstQueryMs} ms), RSS ${run.rssMB} MB, ${run.passageObjects} passage objects made`);
    } finally {
      await child.exit();
    }
  }
  const sorted = runs.map((r) => r.restartSeconds).sort((a, b) => a - b);
  return { scale, passages, runs, medianSeconds: sorted[Math.floor(sorted.length / 2)] ?? NaN, loadavg: os.loadavg().map((x) => round(x, 2)) };
}

function logQueries(q: QueryRun): void {
  log(`today's mix: ${q.queries} queries × ${q.rounds}: p50 ${q.p50Ms.toFixed(2)} ms, p99 ${q.p99Ms.toFixed(2)} ms; full-language scan p50 ${q.scanP50Ms.toFixed(2)} ms (×${q.speedupP50.toFixed(1)})`);
  for (const [k, v] of Object.entries(q.byKind)) log(`  ${k.padEnd(8)} n=${v.n} p50 ${v.p50Ms.toFixed(2)} ms p99 ${v.p99Ms.toFixed(2)} ms scan p50 ${v.scanP50Ms.toFixed(2)} ms`);
  log("literal-heavy mix (p50 / p99 ms, speed-up over the best-case scan, recall, false hits):");
  for (const [name, f] of Object.entries(q.systems)) {
    if (!f) continue;
    log(
      `  ${name.padEnd(10)} ${f.p50Ms.toFixed(3)} / ${f.p99Ms.toFixed(3)}  ×${f.speedupP50.toFixed(1)}  recall ${f.recall === null ? "–" : f.recall.toFixed(4)} (${f.recallQueries} q)  false ${f.falseHits}` +
        (f.buildSeconds !== null ? `  build ${f.buildSeconds.toFixed(1)} s` : ""),
    );
  }
  const a = q.agreement;
  log(`engine vs the full-language scan: ${a.queries} literal queries compared whole, ${a.byTotal} by total (over ${a.maxWanted} matches): ${a.missing} missed, ${a.falseHits} false hits`);
  for (const e of a.examples) log(`  ${e}`);
  log(`slowest engine queries (median ms, hits): ${q.slowest.map((x) => `${x.kind} ${x.q} ${x.ms} ms/${x.total}`).join("; ")}`);
}

const USAGE =
  "usage: npm run bench -- [--scale 1|10|100|1000 ...] [--json] [--quick] [--adversarial] [--adversarial-seconds N] " +
  "[--peers scan,fts5,flexsearch | --no-peers] [--soak] [--profile] [--no-http] [--http-seconds N] [--no-report] [--report-only] [--build-only] [--restart]";

async function main(): Promise<number> {
  // --store postgres: the PostgreSQL store beside the embedded one (bench/postgres.ts).
  if (process.argv.includes("--store")) return (await import("./postgres.ts")).storeBench(process.argv.slice(2));
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
        restart: { type: "boolean", default: false },
        adversarial: { type: "boolean", default: false },
        "adversarial-seconds": { type: "string" },
        peers: { type: "string" },
        "no-peers": { type: "boolean", default: false },
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
      .map((d) => JSON.parse(fs.readFileSync(path.join(OUT, d, "result.json"), "utf8")) as ScaleResult)
      .filter((r) => r.harness === HARNESS_VERSION && !r.quick);
    if (stored.length === 0) {
      log("no results in bench-out/scale-*/result.json: run the benchmark first");
      return 1;
    }
    log(`updated ${updateReport(ROOT, stored).join(", ")}`);
    return 0;
  }
  const scales = (args.scale ?? (args.quick ? ["1"] : ["10", "100", "1000"])).flatMap((s) => s.split(",")).map((s) => Number(s.trim()));
  if (scales.some((s) => !Number.isInteger(s) || s < 1 || s > 1000)) {
    log(`--scale takes whole numbers from 1 to 1000 (1, 10, 100, 1000)\n${USAGE}`);
    return 2;
  }
  const httpSeconds = args["http-seconds"] ? Number(args["http-seconds"]) : args.quick ? 2 : 5;
  if (!(httpSeconds > 0)) {
    log(`--http-seconds takes a positive number\n${USAGE}`);
    return 2;
  }
  const adversarialSeconds = args["adversarial-seconds"] ? Number(args["adversarial-seconds"]) : args.quick ? 10 : 60;
  if (!(adversarialSeconds > 0)) {
    log(`--adversarial-seconds takes a positive number\n${USAGE}`);
    return 2;
  }
  const peerList = args["no-peers"] ? [] : (args.peers?.split(",").map((x) => x.trim()) ?? [...PEER_NAMES]);
  const unknown = peerList.filter((x) => !(PEER_NAMES as readonly string[]).includes(x));
  if (unknown.length) {
    log(`unknown peer ${unknown.join(", ")}: the peers are ${PEER_NAMES.join(", ")}\n${USAGE}`);
    return 2;
  }
  const o: RunOptions = {
    quick: args.quick,
    soak: args.soak,
    profile: args.profile,
    http: !args["no-http"],
    httpSeconds,
    seed: args.seed,
    buildOnly: args["build-only"],
    peers: peerList as PeerName[],
    adversarial: args.adversarial,
    adversarialSeconds,
  };
  TREE = snapshotTree();
  process.on("exit", () => fs.rmSync(TREE, { recursive: true, force: true }));
  const first = machineInfo();
  log(`zhangjie bench on ${first.cpu} × ${first.nproc}, ${first.memoryGB} GB, node ${first.node}, load ${first.loadavg.join(" ")}`);
  if (args.restart) {
    const out: RestartRun[] = [];
    for (const scale of scales) out.push(await runRestarts(scale, o.seed));
    if (args.json) process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out)}\n`);
    return out.every((r) => r.runs.every((x) => x.fromCache)) ? 0 : 1;
  }
  const results: ScaleResult[] = [];
  let failed = false;
  for (const scale of scales) {
    try {
      // Taken at each scale's start: the load average says how busy the shared machine was then.
      const r = await runScale(scale, o, machineInfo());
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
