/**
 * `npm start`: build or load the index for corpus/ (index-cache/), then serve the web app.
 * HOST (default 127.0.0.1) and PORT (default 3000) choose where to listen; ZHANGJIE_CORPUS_DIR and
 * ZHANGJIE_CACHE_DIR override corpus/ and index-cache/. `npm start` execs node directly (package.json),
 * so a signal sent to npm reaches this process and the port is released.
 */
import http from "node:http";
import { databaseFromEnv, postgresEngine } from "../engine.ts";
import { PostgresCollection } from "../index/stores/postgres/store.ts";
import { postgresUploads, type UploadHandlers } from "../index/stores/postgres/uploads.ts";
import type { Engine } from "../engine.contract.ts";
import { createApp } from "../web/app.ts";
import { openLiveEngine, type LiveEngine } from "../live/open.ts";
import { watchCorpus } from "../live/watcher.ts";
import { servedLive, servedOnThread } from "../serve/served-live.ts";
import { POLICY_DICT_PATH } from "../analysis/segmenter.ts";

const host = process.env.HOST || "127.0.0.1";
const portText = process.env.PORT || "3000";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  console.error(`PORT 无效 (invalid PORT): ${portText}`);
  process.exit(2);
}

const corpusDir = process.env.ZHANGJIE_CORPUS_DIR || "corpus";
const cacheDir = process.env.ZHANGJIE_CACHE_DIR || "index-cache";

let engine: Engine;
let live: LiveEngine | null = null;
let pgUploads: UploadHandlers | null = null;
try {
  const database = databaseFromEnv();
  if (database) {
    // The PostgreSQL store: the collection is loaded by `npm run index -- --database`; uploads and
    // deletions are written to the database (every server follows them through NOTIFY).
    const log = (line: string) => console.error(line);
    const collection = await PostgresCollection.open({ ...database, log });
    engine = servedOnThread(postgresEngine(collection, log), () => collection.store);
    pgUploads = postgresUploads({ pool: collection.writer, caughtUp: (change) => collection.caughtUp(change) });
  } else {
    // The live collection (src/live): the index as the cache and its journal hold it, kept up to date
    // with corpus/ by the watcher, by uploads and by deletions.
    live = await openLiveEngine({ corpusDir, cacheDir, progress: true });
    engine = servedLive(live, { cacheDir, dictPath: POLICY_DICT_PATH, log: (line) => console.error(line) });
  }
} catch (err) {
  // A start-up failure is the operator's to fix: say what failed, without a stack trace.
  console.error(`无法打开索引 (cannot open the index): ${(err as Error).message}`);
  process.exit(1);
}
if (live && process.env.ZHANGJIE_WATCH !== "0") watchCorpus({ corpusDir, collection: live.collection, log: (line) => console.error(line) });
const app = createApp(engine, live ? { live: { corpusDir, collection: live.collection } } : pgUploads ? { live: { handlers: pgUploads } } : {});
// A plain http.Server: Express 5's app.listen calls its callback on errors too, which printed the URL of
// a server that never listened. The URL is printed only once the socket is bound.
const server = http.createServer(app);
server.on("listening", () => {
  const addr = server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const shownPort = addr && typeof addr === "object" ? addr.port : port;
  console.log(`章节 zhangjie: http://${shownHost}:${shownPort}/`);
});
server.on("error", (err: NodeJS.ErrnoException) => {
  console.error(`无法在 ${host}:${port} 上监听 (cannot listen on ${host}:${port}): ${listenFailure(err)}`);
  process.exit(1);
});
server.listen(port, host);

// Stop accepting, let requests in flight finish, then exit; a second signal (or 5 s) exits at once.
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(0);
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}

// When whatever started us dies without a signal reaching us (npm killed with SIGKILL), the server
// must not keep holding the port: a changed parent means we were orphaned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

function listenFailure(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "EADDRINUSE":
      return `端口 ${port} 已被占用，请用 PORT=… 换一个端口 (port ${port} is already in use; choose another with PORT=…)`;
    case "EACCES":
      return `没有权限使用端口 ${port} (no permission to listen on port ${port})`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `地址 ${host} 不可用 (address ${host} is not available; check HOST)`;
    default:
      return err.code ?? err.message;
  }
}
