/**
 * `npm run bench -- --store postgres [--scale 10 --scale 100] [--database URL] [--http-seconds N]`:
 * the PostgreSQL store beside the embedded one, at each scale:
 *   - build: the embedded build (empty cache) and its restart; the PostgreSQL load (`npm run index --
 *     --database`, COPY) and a server's open (snapshot read);
 *   - the benchmark's query mix (bench/queries.ts, drawn from the seed documents), answered by the
 *     engine over each store in this process, in turns: p50/p99 per query, PostgreSQL through the
 *     network stack (loopback TCP) with the server's posting cache warm after one pass, and once more
 *     with no posting cache (every list fetched: the searcher alone, without echoes);
 *   - HTTP: two `npm start` servers over the same index, autocannon at both at once.
 * Without --database it starts a throwaway PostgreSQL (cluster.ts). Results: bench-out/postgres-N.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { openEngine, searcherOver } from "../engine.ts";
import type { DocumentRecord } from "../model.ts";
import { loadCorpus } from "../index/stores/postgres/load.ts";
import { PostgresCollection } from "../index/stores/postgres/store.ts";
import { freePort, hasPostgres, startCluster, type Cluster } from "../index/stores/postgres/cluster.ts";
import { ensureCorpus } from "./synth.ts";
import { buildQueryMix, httpPaths, type BenchQuery } from "./queries.ts";
import { percentile, round } from "./stats.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "bench-out");
const SEED_DIR = path.join(ROOT, "corpus");
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Latency {
  queries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface HttpFigures {
  servers: number;
  connections: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface StoreBenchResult {
  scale: number;
  documents: number;
  passages: number;
  corpusMB: number;
  embedded: { buildS: number; restartS: number; latency: Latency; http: HttpFigures | null };
  postgres: { loadS: number; reloadUnchangedS: number; openS: number; databaseMB: number; latency: Latency; uncached: Latency; roundTripsPerQuery: number; http: HttpFigures | null };
}

async function timeQueries(mix: readonly BenchQuery[], run: (q: string) => unknown, passes = 3): Promise<Latency> {
  for (const m of mix) await run(m.q); // warm: first-query tables, the server's posting cache
  const ms: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const m of mix) {
      const t = performance.now();
      await run(m.q);
      ms.push(performance.now() - t);
    }
  }
  return { queries: ms.length, p50Ms: round(percentile(ms, 50), 3), p99Ms: round(percentile(ms, 99), 3), maxMs: round(Math.max(...ms), 3) };
}

/** `npm start` processes (env selects the store), resolved once each says where it listens. */
async function startServers(n: number, env: NodeJS.ProcessEnv): Promise<{ ports: number[]; stop: () => void }> {
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = () => procs.forEach((p) => p.kill("SIGTERM"));
  try {
    for (let i = 0; i < n; i++) {
      const port = await freePort();
      const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/serve.ts"], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
      procs.push(proc);
      await new Promise<void>((resolve, reject) => {
        let err = "";
        proc.stdout!.on("data", (b: Buffer) => (String(b).includes("http://") ? resolve() : undefined));
        proc.stderr!.on("data", (b: Buffer) => (err += String(b)));
        proc.on("exit", (code) => reject(new Error(`server exited (${code}): ${err.slice(-500)}`)));
      });
      ports.push(port);
    }
  } catch (e) {
    stop();
    throw e;
  }
  return { ports, stop };
}

async function httpBoth(ports: number[], paths: string[], connections: number, seconds: number): Promise<HttpFigures> {
  const runs = await Promise.all(
    ports.map((port) => autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, timeout: 10, requests: paths.map((p) => ({ method: "GET", path: p })) })),
  );
  return {
    servers: ports.length,
    connections: connections * ports.length,
    seconds,
    rps: round(runs.reduce((s, r) => s + r.requests.average, 0), 1),
    p50Ms: Math.max(...runs.map((r) => r.latency.p50)),
    p99Ms: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((s, r) => s + r.errors + r.timeouts, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}

async function benchScale(scale: number, databaseUrl: string, httpSeconds: number): Promise<StoreBenchResult> {
  const dir = path.join(OUT, `scale-${scale}`);
  const corpusDir = path.join(dir, "corpus");
  const manifest = ensureCorpus({ seedDir: SEED_DIR, outDir: corpusDir, scale, log });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-bench-cache-"));
  const quiet = () => {};
  try {
    let t = performance.now();
    await openEngine({ corpusDir, cacheDir, log: quiet });
    const buildS = round((performance.now() - t) / 1000);
    t = performance.now();
    const engine = await openEngine({ corpusDir, cacheDir, log: quiet });
    const restartS = round((performance.now() - t) / 1000);
    log(`×${scale} embedded: build ${buildS} s, restart ${restartS} s`);
    const seedFiles = new Set(fs.readdirSync(SEED_DIR));
    const seedIds = engine.documents.filter((d) => d.editions.some((e) => seedFiles.has(e.source))).map((d) => d.id);
    const seedDocs = (await Promise.all(seedIds.map((id) => engine.doc(id)))).filter((d): d is DocumentRecord => d !== undefined);
    const mix = buildQueryMix(seedDocs);
    await timeQueries(mix, (q) => engine.search(q), 1); // warm

    t = performance.now();
    await loadCorpus({ corpusDir, databaseUrl, log, force: true });
    const loadS = round((performance.now() - t) / 1000);
    t = performance.now();
    await loadCorpus({ corpusDir, databaseUrl, log });
    const reloadUnchangedS = round((performance.now() - t) / 1000);
    t = performance.now();
    const pgEngine = await openEngine({ corpusDir, cacheDir, log: quiet, database: { url: databaseUrl } });
    await pgEngine.search("发展");
    const openS = round((performance.now() - t) / 1000);
    // The two engines in turns, so that a busy machine weighs on both alike.
    const pgLatency = await timeQueries(mix, (q) => pgEngine.search(q));
    const embeddedLatency = await timeQueries(mix, (q) => engine.search(q));
    await pgEngine.close();
    const sizes = await databaseMB(databaseUrl);
    // Every query through the network: no posting list kept between queries (a second server's view, counted).
    const cold = await PostgresCollection.open({ url: databaseUrl, log: quiet, cacheBytes: 0 });
    const coldSearcher = searcherOver(cold.store);
    const pgUncached = await timeQueries(mix, (q) => coldSearcher.searchAsync(q));
    const roundTripsPerQuery = round(cold.store.fetcher.roundTrips / (mix.length * 4), 3);
    await cold.close();
    log(`×${scale} embedded: p50 ${embeddedLatency.p50Ms} ms, p99 ${embeddedLatency.p99Ms} ms`);
    log(`×${scale} postgres: load ${loadS} s, open ${openS} s, p50 ${pgLatency.p50Ms} ms, p99 ${pgLatency.p99Ms} ms (no posting cache: ${pgUncached.p50Ms} / ${pgUncached.p99Ms} ms), ${sizes} MB`);

    let embeddedHttp: HttpFigures | null = null;
    let pgHttp: HttpFigures | null = null;
    if (httpSeconds > 0) {
      const paths = httpPaths(mix);
      const emb = await startServers(2, { ZHANGJIE_CORPUS_DIR: corpusDir, ZHANGJIE_CACHE_DIR: cacheDir, ZHANGJIE_DATABASE_URL: "" });
      try {
        embeddedHttp = await httpBoth(emb.ports, paths, 10, httpSeconds);
      } finally {
        emb.stop();
      }
      const pgs = await startServers(2, { ZHANGJIE_CORPUS_DIR: corpusDir, ZHANGJIE_DATABASE_URL: databaseUrl });
      try {
        pgHttp = await httpBoth(pgs.ports, paths, 10, httpSeconds);
      } finally {
        pgs.stop();
      }
      log(`×${scale} HTTP, two servers: embedded ${embeddedHttp.rps} req/s, postgres ${pgHttp.rps} req/s`);
    }
    return {
      scale,
      documents: engine.documents.length,
      passages: engine.build.passages,
      corpusMB: round(manifest.bytes / 1e6, 1),
      embedded: { buildS, restartS, latency: embeddedLatency, http: embeddedHttp },
      postgres: { loadS, reloadUnchangedS, openS, databaseMB: sizes, latency: pgLatency, uncached: pgUncached, roundTripsPerQuery, http: pgHttp },
    };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function databaseMB(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ b: string }>("SELECT pg_database_size(current_database()) AS b");
    return round(Number(r.rows[0]!.b) / 1e6, 1);
  } finally {
    await c.end();
  }
}

export async function storeBench(argv: string[]): Promise<number> {
  const args = parseArgs({
    args: argv,
    options: { store: { type: "string" }, scale: { type: "string", multiple: true }, database: { type: "string" }, "http-seconds": { type: "string" }, json: { type: "boolean", default: false } },
    strict: true,
  }).values;
  if (args.store !== "postgres") {
    log(`--store ${args.store}: only "postgres" is measured beside the embedded store`);
    return 2;
  }
  const scales = (args.scale ?? ["10", "100"]).map(Number);
  if (scales.some((s) => !(s >= 1 && s <= 100 && Number.isInteger(s)))) {
    log("--scale: 1 to 100 with --store postgres");
    return 2;
  }
  let cluster: Cluster | null = null;
  let url = args.database;
  if (!url) {
    if (!hasPostgres) {
      log("no PostgreSQL binaries (PG_BIN) and no --database URL");
      return 2;
    }
    cluster = await startCluster();
  }
  const results: StoreBenchResult[] = [];
  try {
    for (const scale of scales) {
      const dbUrl = url ?? (await freshDatabase(cluster!, `bench_${scale}`));
      const r = await benchScale(scale, dbUrl, Number(args["http-seconds"] ?? 10));
      results.push(r);
      fs.mkdirSync(OUT, { recursive: true });
      fs.writeFileSync(path.join(OUT, `postgres-${scale}.json`), JSON.stringify(r, null, 2));
    }
  } finally {
    cluster?.stop();
  }
  if (args.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else for (const r of results) log(JSON.stringify(r));
  return 0;
}

async function freshDatabase(cluster: Cluster, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: cluster.url("postgres") });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return cluster.url(name);
}
