/** Runs a live change's echo pass in a worker thread (echo-worker.ts) and gives back the new echo store. */
import { Worker } from "node:worker_threads";
import type { EchoStore } from "../echo/index.ts";

function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./echo-worker-boot.mjs", import.meta.url) : new URL("./echo-worker.js", import.meta.url);
}

export function echoesInWorker(cacheDir: string, codeKey: string, added: readonly string[]): Promise<EchoStore> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerUrl(), { workerData: { cacheDir, codeKey, added: [...added] } });
    let done = false;
    w.once("message", (msg: { ok: true; echo: EchoStore } | { ok: false; error: string }) => {
      done = true;
      void w.terminate();
      if (msg.ok) resolve(msg.echo);
      else reject(new Error(msg.error));
    });
    w.once("error", (err) => {
      done = true;
      reject(err);
    });
    w.once("exit", (code) => {
      if (!done) reject(new Error(`echo worker exited with ${code}`));
    });
  });
}
