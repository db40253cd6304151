/**
 * `npm start`: build or load the index for corpus/ (index-cache/), then serve the web app.
 * HOST (default 127.0.0.1) and PORT (default 3000) choose where to listen.
 */
import { openEngine } from "../engine.ts";
import { createApp } from "../web/app.ts";

const host = process.env.HOST || "127.0.0.1";
const portText = process.env.PORT || "3000";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  console.error(`PORT 无效 (invalid PORT): ${portText}`);
  process.exit(2);
}

const engine = await openEngine({ corpusDir: "corpus", cacheDir: "index-cache", progress: true });
const app = createApp(engine);
const server = app.listen(port, host, () => {
  const addr = server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const shownPort = addr && typeof addr === "object" ? addr.port : port;
  console.log(`章节 zhangjie: http://${shownHost}:${shownPort}/`);
});
server.on("error", (err: NodeJS.ErrnoException) => {
  console.error(`无法在 ${host}:${port} 上监听 (cannot listen): ${err.code ?? err.message}`);
  process.exit(1);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
