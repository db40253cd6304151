/**
 * `npm start`: build or load the index for corpus/ (index-cache/), then serve the web app.
 * HOST (default 127.0.0.1) and PORT (default 3000) choose where to listen.
 */
import { openEngine } from "../engine.ts";
import type { Engine } from "../engine.contract.ts";
import { createApp } from "../web/app.ts";

const host = process.env.HOST || "127.0.0.1";
const portText = process.env.PORT || "3000";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  console.error(`PORT 无效 (invalid PORT): ${portText}`);
  process.exit(2);
}

let engine: Engine;
try {
  engine = await openEngine({ corpusDir: "corpus", cacheDir: "index-cache", progress: true });
} catch (err) {
  // A start-up failure is the operator's to fix: say what failed, without a stack trace.
  console.error(`无法打开索引 (cannot open the index): ${(err as Error).message}`);
  process.exit(1);
}
const app = createApp(engine);
const server = app.listen(port, host, () => {
  const addr = server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const shownPort = addr && typeof addr === "object" ? addr.port : port;
  console.log(`章节 zhangjie: http://${shownHost}:${shownPort}/`);
});
server.on("error", (err: NodeJS.ErrnoException) => {
  const why =
    err.code === "EADDRINUSE"
      ? `端口 ${port} 已被占用，请用 PORT=… 换一个端口 (port ${port} is already in use; choose another with PORT=…)`
      : err.code === "EACCES"
        ? `没有权限使用端口 ${port} (no permission to listen on port ${port})`
        : err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND"
          ? `地址 ${host} 不可用 (address ${host} is not available; check HOST)`
          : (err.code ?? err.message);
  console.error(`无法在 ${host}:${port} 上监听 (cannot listen on ${host}:${port}): ${why}`);
  process.exit(1);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
