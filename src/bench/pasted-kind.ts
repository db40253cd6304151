/**
 * The pasted kind of today's query mix alone, in process: opens the engine on a corpus as the
 * benchmark's child does, builds the mix with the benchmark's seed, and times each pasted query
 * (median of the rounds, after two warm-up rounds), with the load average; optionally a CPU profile
 * of the timed rounds. Not a benchmark (the machine is shared): a tool to see where a pasted query's
 * time goes and to compare two trees on the same corpus.
 *
 *   npx tsx src/bench/pasted-kind.ts --corpus <dir> --cache <dir> [--rounds 7] [--profile file.cpuprofile] [--json out.json]
 */
import fs from "node:fs";
import os from "node:os";
import inspector from "node:inspector";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openEngine } from "../engine.ts";
import type { SearchResponse } from "../search/types.ts";
import type { DocumentRecord } from "../model.ts";
import { buildQueryMix } from "./queries.ts";
import { percentile } from "./stats.ts";

const median = (xs: readonly number[]): number => percentile(xs, 50);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { corpus: { type: "string" }, cache: { type: "string" }, rounds: { type: "string", default: "7" }, profile: { type: "string" }, json: { type: "string" } },
  });
  if (!values.corpus || !values.cache) throw new Error("usage: pasted-kind.ts --corpus <dir> --cache <dir> [--rounds N] [--profile file] [--json file]");
  const rounds = Math.max(1, Number(values.rounds));
  const engine = await openEngine({ corpusDir: values.corpus, cacheDir: values.cache, progress: false, log: () => {} });
  const seedSummaries = engine.documents.filter((d) => d.editions.some((e) => !e.source.startsWith("gen-")));
  const seeds = (await Promise.all(seedSummaries.map((d) => engine.doc(d.id)))).filter((d): d is DocumentRecord => d !== undefined);
  const pasted = buildQueryMix(seeds, "zhangjie-queries").filter((m) => m.kind === "pasted").map((m) => m.q);
  const answers: SearchResponse[] = [];
  for (let w = 0; w < 2; w++) for (const [i, q] of pasted.entries()) answers[i] = await engine.search(q, { limit: 20 });
  const load = os.loadavg()[0]!;
  const times = pasted.map(() => [] as number[]);
  const session = values.profile ? new inspector.Session() : null;
  const post = (method: string, params: object = {}) => new Promise<unknown>((resolve, reject) => session!.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  if (session) {
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.start");
  }
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of pasted.entries()) {
      const t = performance.now();
      await engine.search(q, { limit: 20 });
      times[i]!.push(performance.now() - t);
    }
  }
  if (session && values.profile) {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    fs.writeFileSync(values.profile, JSON.stringify(profile));
    session.disconnect();
  }
  const rows = pasted.map((q, i) => ({ q: q.length > 24 ? `${q.slice(0, 24)}…` : q, ms: Math.round(median(times[i]!) * 1000) / 1000, total: answers[i]!.total, sources: answers[i]!.sources?.length ?? 0 }));
  const ms = rows.map((r) => r.ms);
  const summary = { queries: rows.length, rounds, loadBefore: load, loadAfter: os.loadavg()[0]!, medianMs: median(ms), maxMs: Math.max(...ms), slowest3: [...ms].sort((a, b) => b - a).slice(0, 3) };
  console.log(JSON.stringify(summary));
  for (const r of rows) console.log(`${String(r.ms).padStart(8)} ms  total ${String(r.total).padStart(5)}  sources ${r.sources}  ${r.q}`);
  // The answers (tookMs zeroed) let two trees be compared for identical results.
  if (values.json) fs.writeFileSync(values.json, JSON.stringify({ summary, rows, answers: answers.map((a) => ({ ...a, tookMs: 0 })) }, null, 1));
  await engine.close?.();
  process.exit(0);
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
