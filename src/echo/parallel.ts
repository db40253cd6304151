/**
 * The alignment pass on worker threads, behind a synchronous call: computeEchoes is synchronous
 * (its callers build the index in one go), so the main thread blocks on a shared counter
 * (Atomics.wait) and collects the results with receiveMessageOnPort. The shared arrays are
 * SharedArrayBuffer-backed, so nothing is copied to the workers.
 *
 * If a worker fails to start, throws, or stalls, runWorkers returns null and the caller runs the
 * pass on its own thread: a build never fails for want of threads.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { EchoShared, PassResult, PassShare } from "./compute.ts";
import type { EchoParams } from "./store.ts";

/** signal[0]: workers finished; signal[1]: workers started; signal[2]: heartbeats. */
const DONE = 0;
const STARTED = 1;
const BEAT = 2;
const START_TIMEOUT_MS = 30_000;
const STALL_TIMEOUT_MS = 120_000;

export interface WorkerInput {
  shared: EchoShared;
  params: EchoParams;
  share: PassShare;
  port: MessagePort;
  signal: Int32Array;
}

export type WorkerOutput = { ok: true; result: PassResult } | { ok: false; error: string };

/** Workers start without the parent's TypeScript loader: from .ts sources, boot them through tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./align-worker-boot.mjs", import.meta.url) : new URL("./align-worker.js", import.meta.url);
}

export function runWorkers(shared: EchoShared, params: EchoParams, n: number): PassResult[] | null {
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const pool: Worker[] = [];
  const ports: MessagePort[] = [];
  try {
    for (let w = 0; w < n; w++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { shared, params, share: { index: w, of: n }, port: port2, signal };
      const worker = new Worker(workerUrl(), { workerData: input, transferList: [port2] });
      worker.on("error", () => {}); // reported through the port or by the stall timeout
      pool.push(worker);
      ports.push(port1);
    }
    const t0 = Date.now();
    let lastBeat = -1;
    let lastChange = t0;
    for (;;) {
      const done = Atomics.load(signal, DONE);
      if (done >= n) break;
      Atomics.wait(signal, DONE, done, 250);
      const now = Date.now();
      if (Atomics.load(signal, STARTED) < n && now - t0 > START_TIMEOUT_MS) return null;
      const beat = Atomics.load(signal, BEAT) + Atomics.load(signal, STARTED);
      if (beat !== lastBeat) {
        lastBeat = beat;
        lastChange = now;
      } else if (now - lastChange > STALL_TIMEOUT_MS) return null;
    }
    const out: PassResult[] = [];
    for (const port of ports) {
      const msg = receiveMessageOnPort(port)?.message as WorkerOutput | undefined;
      if (!msg || !msg.ok) return null;
      out.push(msg.result);
    }
    return out;
  } catch {
    return null;
  } finally {
    for (const w of pool) void w.terminate();
    for (const p of ports) p.close();
  }
}

/** Signal helpers for the worker side. */
export const workerSignal = {
  started(signal: Int32Array): void {
    Atomics.add(signal, STARTED, 1);
  },
  beat(signal: Int32Array): void {
    Atomics.add(signal, BEAT, 1);
  },
  done(signal: Int32Array): void {
    Atomics.add(signal, DONE, 1);
    Atomics.notify(signal, DONE);
  },
};
