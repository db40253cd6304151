/**
 * Segments passage texts, in worker threads when the corpus is big enough to pay for them
 * (jieba segments ~6 MB/s per core; starting a worker and loading its dictionary costs ~0.5 s).
 * Falls back to the calling thread when workers cannot start (e.g. under a test runner whose
 * TypeScript loader the workers do not inherit), so a build never fails for want of threads.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { segmentTexts } from "./segment.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

/** Below this many characters, one thread is faster than starting workers. */
const WORKER_THRESHOLD_CHARS = 4_000_000;
const CHUNK = 2000;

export interface SegmentOptions {
  /** Number of worker threads; default: available cores when the corpus is big, else 0. */
  workers?: number;
  /** User dictionary for the segmenter (default dict/policy.dict.txt). */
  dictPath?: string;
  /** Called with the number of texts done so far. */
  onProgress?: (done: number) => void;
}

/** Why the last attempt to use workers failed (diagnostics; null when workers worked or were not tried). */
export let workerFailure: Error | null = null;

export async function segmentAll(texts: readonly string[], opts: SegmentOptions = {}): Promise<string[][]> {
  let chars = 0;
  for (const t of texts) chars += t.length;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const workers = opts.workers ?? (chars >= WORKER_THRESHOLD_CHARS ? cores : 0);
  if (workers > 1) {
    try {
      return await segmentInWorkers(texts, workers, opts.dictPath, opts.onProgress);
    } catch (err) {
      workerFailure = err as Error; // fall through to the calling thread
    }
  }
  loadSegmenter(opts.dictPath);
  const out: string[][] = [];
  for (let i = 0; i < texts.length; i += CHUNK) {
    out.push(...segmentTexts(texts.slice(i, i + CHUNK)));
    opts.onProgress?.(out.length);
  }
  return out;
}

/** Workers start without the parent's TypeScript loader: from .ts sources, boot them through tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./segment-worker-boot.mjs", import.meta.url) : new URL("./segment-worker.js", import.meta.url);
}

function segmentInWorkers(texts: readonly string[], n: number, dictPath: string | undefined, onProgress?: (done: number) => void): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const out: string[][] = new Array(texts.length);
    const chunks: number[] = [];
    for (let i = 0; i < texts.length; i += CHUNK) chunks.push(i);
    let next = 0;
    let done = 0;
    let finished = false;
    const pool: Worker[] = [];
    const stop = (err?: unknown) => {
      if (finished) return;
      finished = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve(out);
    };
    const feed = (w: Worker) => {
      if (next >= chunks.length) return;
      const id = chunks[next++]!;
      w.postMessage({ id, texts: texts.slice(id, id + CHUNK) });
    };
    for (let k = 0; k < Math.min(n, chunks.length); k++) {
      const w = new Worker(workerUrl(), { workerData: { dictPath } });
      pool.push(w);
      w.on("message", (msg: { id: number; words: string[][] }) => {
        for (let j = 0; j < msg.words.length; j++) out[msg.id + j] = msg.words[j]!;
        done += msg.words.length;
        onProgress?.(done);
        if (done === texts.length) stop();
        else feed(w);
      });
      w.on("error", stop);
      w.on("exit", (code) => {
        if (code !== 0) stop(new Error(`segment worker exited with ${code}`));
      });
      feed(w);
    }
    if (chunks.length === 0) stop();
  });
}
