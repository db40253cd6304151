/**
 * `npm run index -- --database postgres://…`: load corpus/ (or --corpus DIR, or ZHANGJIE_CORPUS_DIR)
 * into PostgreSQL; a second run loads only what changed (--force: everything). Without --database it
 * builds the embedded index (index-cache/), as `npm start` would.
 */
import { parseArgs } from "node:util";
import { loadCorpus } from "../index/stores/postgres/load.ts";
import { openEngine } from "../engine.ts";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run index -- [--database postgres://user@host:port/db] [--corpus DIR] [--force]`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { database: { type: "string" }, corpus: { type: "string" }, force: { type: "boolean" }, workers: { type: "string" } }, allowPositionals: false }).values;
} catch (err) {
  usage(`参数无效 (bad arguments): ${(err as Error).message}`);
}
const corpusDir = args.corpus ?? process.env.ZHANGJIE_CORPUS_DIR ?? "corpus";
const workers = args.workers === undefined ? undefined : Number(args.workers);
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) usage(`--workers=${args.workers}: 应为非负整数 (a whole number ≥ 0)`);

try {
  if (args.database !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(args.database)) usage(`--database 应为 postgres:// 地址 (a postgres:// URL): ${args.database}`);
    await loadCorpus({ corpusDir, databaseUrl: args.database, force: args.force === true, progress: true, workers });
  } else {
    await openEngine({ corpusDir, cacheDir: process.env.ZHANGJIE_CACHE_DIR || "index-cache", progress: true, workers });
  }
} catch (err) {
  console.error(`索引失败 (indexing failed): ${(err as Error).message}`);
  process.exit(1);
}
