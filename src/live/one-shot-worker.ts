/**
 * A worker thread that does one job and answers once ({ok: true, …} or {ok: false, error}): the live
 * collection's echo pass and background merge, which read the journaled state off the serving thread.
 */
import { Worker } from "node:worker_threads";

type Answer<T> = ({ ok: true } & T) | { ok: false; error: string };

/** `name`-worker.ts from the TypeScript sources (booted through tsx by name-worker-boot.mjs), else name-worker.js. */
function workerUrl(name: string): URL {
  return import.meta.url.endsWith(".ts") ? new URL(`./${name}-worker-boot.mjs`, import.meta.url) : new URL(`./${name}-worker.js`, import.meta.url);
}

export function runOnce<T extends object>(name: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerUrl(name), { workerData });
    let done = false;
    w.once("message", (msg: Answer<T>) => {
      done = true;
      void w.terminate();
      if (msg.ok) resolve(msg);
      else reject(new Error(msg.error));
    });
    w.once("error", (err) => {
      done = true;
      reject(err);
    });
    w.once("exit", (code) => {
      if (!done) reject(new Error(`${name} worker exited with ${code}`));
    });
  });
}
