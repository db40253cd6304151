/** Runs the live collection's background merge in a worker thread (merge-worker.ts); resolves with the new main cache's key. */
import { Worker } from "node:worker_threads";

function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./merge-worker-boot.mjs", import.meta.url) : new URL("./merge-worker.js", import.meta.url);
}

export function mergeInWorker(cacheDir: string, codeKey: string, corpusDir: string, dictPath: string): Promise<{ key: string; journaledAs: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerUrl(), { workerData: { cacheDir, codeKey, corpusDir, dictPath } });
    let done = false;
    w.once("message", (msg: { ok: true; key: string; journaledAs: string } | { ok: false; error: string }) => {
      done = true;
      void w.terminate();
      if (msg.ok) resolve({ key: msg.key, journaledAs: msg.journaledAs });
      else reject(new Error(msg.error));
    });
    w.once("error", (err) => {
      done = true;
      reject(err);
    });
    w.once("exit", (code) => {
      if (!done) reject(new Error(`merge worker exited with ${code}`));
    });
  });
}
