/**
 * Upload to searchable on a bench corpus (issue 13's figure): the ×N corpus is generated (as
 * `npm run bench` generates it), built once from nothing (the full-build figure), opened as a live
 * collection, and then a new plan is uploaded through the HTTP API several times (each a different
 * plan: the Yanbian plan retitled with a nonce) and searched for until found; then deleted.
 *
 *   node --import tsx src/bench/live.ts [--scale 100] [--runs 5] [--json]
 *
 * Timed: the full build; per upload, the POST (receive, vet, write, index, journal) and the first
 * search that finds it (the searcher's tables are rebuilt for the new snapshot at that query), and
 * the steps inside the change; per delete, the DELETE and the first search that no longer finds it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { openEngine } from "../engine.ts";
import { createApp } from "../web/app.ts";
import { openLiveEngine } from "../live/open.ts";
import { ensureCorpus } from "./synth.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const scale = opt("--scale", 100);
const runs = opt("--runs", 5);
const json = args.includes("--json");
const log = (line: string) => console.error(line);

const dir = path.join(ROOT, "bench-out", `live-${scale}`);
const corpusDir = path.join(dir, "corpus");
const cacheDir = path.join(dir, "cache");
const manifest = ensureCorpus({ seedDir: path.join(ROOT, "corpus"), outDir: corpusDir, scale, log });
fs.rmSync(path.join(corpusDir, "uploads"), { recursive: true, force: true });
fs.rmSync(cacheDir, { recursive: true, force: true });
log(`corpus: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB`);

let t = performance.now();
const built = await openEngine({ corpusDir, cacheDir, log: () => {} });
const fullBuild = (performance.now() - t) / 1000;
log(`full build: ${fullBuild.toFixed(2)} s, ${built.build.documents} documents, ${built.build.passages} passages`);

t = performance.now();
const live = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
const openSeconds = (performance.now() - t) / 1000;
const TOKEN = "bench-token";
const app = createApp(live.engine, { log, live: { corpusDir, collection: live.collection, env: { ZHANGJIE_ADMIN_TOKEN: TOKEN } } });
// The first query builds the searcher over the opened index: not part of any upload.
await live.engine.search("科技创新");

const plan = fs.readFileSync(path.join(ROOT, "corpus", "yanbian-st-plan-14th.pdf.txt"), "utf8");
const results: Record<string, unknown>[] = [];
for (let run = 0; run < runs; run++) {
  const nonce = `测试${"甲乙丙丁戊己庚辛壬癸"[run % 10]}${run}号`;
  // A new plan: a title no document has, and a phrase to find it by.
  const text = plan.replace(/延边州/g, `${nonce}州`);
  const t0 = performance.now();
  const res = await request(app).post("/api/docs").set("Authorization", `Bearer ${TOKEN}`).attach("file", Buffer.from(text), `plan-${run}.txt`);
  const t1 = performance.now();
  if (res.status !== 201) throw new Error(`upload refused: ${res.status} ${JSON.stringify(res.body)}`);
  const found = await live.engine.search(`${nonce}州`);
  const t2 = performance.now();
  if (found.total === 0) throw new Error("the uploaded plan is not found");
  await live.collection.settled();
  const t3 = performance.now();
  const docId = res.body.files[0].documents[0].id as string;
  const d0 = performance.now();
  const del = await request(app).delete(`/api/docs/${docId}`).set("Authorization", `Bearer ${TOKEN}`);
  const gone = await live.engine.search(`${nonce}州`);
  const d1 = performance.now();
  await live.collection.settled();
  if (del.status !== 200 || gone.total !== 0) throw new Error("the deleted plan is still found");
  const r = {
    run,
    passages: res.body.passages as number,
    uploadSeconds: round((t1 - t0) / 1000),
    firstSearchSeconds: round((t2 - t1) / 1000),
    uploadToSearchable: round((t2 - t0) / 1000),
    echoesSeconds: round((t3 - t2) / 1000),
    deleteToGone: round((d1 - d0) / 1000),
    steps: res.body.timings as Record<string, number>,
  };
  results.push(r);
  log(`run ${run}: ${r.passages} passages, upload ${r.uploadSeconds} s + first search ${r.firstSearchSeconds} s = ${r.uploadToSearchable} s to searchable, echoes ${r.echoesSeconds} s later; delete to gone ${r.deleteToGone} s (${Object.entries(r.steps).map(([k, v]) => `${k} ${v}`).join(", ")})`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = {
  scale,
  files: manifest.files,
  textMB: round(manifest.bytes / 1e6),
  documents: built.build.documents,
  passages: built.build.passages,
  fullBuildSeconds: round(fullBuild),
  liveOpenSeconds: round(openSeconds),
  uploadToSearchableMedian: median(results.map((r) => r.uploadToSearchable as number)),
  deleteToGoneMedian: median(results.map((r) => r.deleteToGone as number)),
  runs: results,
};
if (json) console.log(JSON.stringify(summary));
else log(`×${scale}: full build ${summary.fullBuildSeconds} s; upload to searchable (median of ${runs}) ${summary.uploadToSearchableMedian} s; delete to gone ${summary.deleteToGoneMedian} s`);
await live.compact(); // leave the cache merged (the next run starts from nothing anyway)
fs.rmSync(path.join(corpusDir, "uploads"), { recursive: true, force: true });
process.exit(0);

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
