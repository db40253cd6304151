/**
 * Cuts passage texts into words (word-cut.ts) in chunks, in worker threads when the corpus is big
 * enough to pay for them (jieba segments ~6 MB/s per core; starting a worker and loading its
 * dictionary costs ~1 s).
 * Falls back to the calling thread when workers cannot start (e.g. under a test runner whose
 * TypeScript loader the workers do not inherit), so a build never fails for want of threads.
 *
 * With workers, every chunk is queued when the call is made (shared out by characters), so the
 * workers never wait for the calling thread: it may do other synchronous work before it awaits.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { runCutTask, type ChunkWords, type CutTask } from "./word-cut.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

/** Below this many characters, one thread is faster than starting workers. */
const WORKER_THRESHOLD_CHARS = 4_000_000;
/** Passages per chunk: enough chunks to share out between threads and show progress, few enough that each carries little overhead. */
export const CHUNK = 2000;

let chunksInWorkers = 0;
/** Chunks whose work was done in worker threads in this process (tests check workers really ran). */
export function chunksDoneInWorkers(): number {
  return chunksInWorkers;
}

export interface CutOptions {
  /** Number of worker threads; default: available cores when the corpus is big, else 0. */
  workers?: number;
  /** User dictionary for the segmenter (default dict/policy.dict.txt). */
  dictPath?: string;
  /** Called with the number of texts done so far. */
  onProgress?: (done: number) => void;
  /** Workers started earlier (see CutPool); used, not closed, by the call. */
  pool?: CutPool;
}

/** Each passage's words. */
export async function segmentAll(texts: readonly string[], opts: CutOptions = {}): Promise<string[][]> {
  const parts = (await runChunks("words", texts, opts)) as string[][][];
  return parts.flat();
}

/**
 * Each chunk's words (word-cut.ts `chunkWords`), in order. With workers, every chunk is queued by
 * the call itself, so the calling thread may do other synchronous work (the echoes) before it awaits.
 */
export async function indexWords(texts: readonly string[], opts: CutOptions = {}): Promise<ChunkWords[]> {
  return (await runChunks("chunk", texts, opts)) as ChunkWords[];
}

/**
 * Characters per worker thread, and why so few workers: a worker costs ~300 MB that is never
 * given back (nodejieba's load() builds its dictionary trie twice per thread, the segmenter's and
 * the TextRank extractor's, ~250 MB, and frees neither when the thread ends), and the main thread
 * is busy too (echoes, then the character postings). So a build leaves the main thread one core and
 * adds a worker per 40 M characters: on 2 cores, one worker at any size.
 */
const CHARS_PER_WORKER = 40_000_000;

/** Whether a corpus of this many characters is segmented in workers, and by how many. */
export function workerCount(chars: number, workers?: number): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  if (workers !== undefined) return workers;
  return chars < WORKER_THRESHOLD_CHARS ? 0 : Math.max(1, Math.min(cores - 1, Math.ceil(chars / CHARS_PER_WORKER)));
}

/** The task's result for each chunk of CHUNK texts, in order. */
async function runChunks(task: CutTask, texts: readonly string[], opts: CutOptions): Promise<unknown[]> {
  let chars = 0;
  for (const t of texts) chars += t.length;
  const workers = opts.pool ? opts.pool.size : workerCount(chars, opts.workers);
  if (workers > 0) {
    const pool = opts.pool ?? new CutPool(workers, opts.dictPath);
    try {
      return await pool.run(task, texts, opts.onProgress);
    } catch {
      // fall through to the calling thread
    } finally {
      if (!opts.pool) pool.close();
    }
  }
  loadSegmenter(opts.dictPath);
  const out: unknown[] = [];
  for (let i = 0; i < texts.length; i += CHUNK) {
    out.push(runCutTask(task, texts.slice(i, i + CHUNK)));
    opts.onProgress?.(Math.min(texts.length, i + CHUNK));
  }
  return out;
}

/** Workers start without the parent's TypeScript loader: from .ts sources, boot them through tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./word-cut-worker-boot.mjs", import.meta.url) : new URL("./word-cut-worker.js", import.meta.url);
}

type Run = { onMessage: (msg: { id: number; result: unknown }) => void; fail: (err: unknown) => void };

/**
 * Segmentation workers, started ahead of the work (a build starts them before ingest, so that
 * booting them and loading jieba's dictionary, a second or more each, overlaps reading the corpus).
 * One run at a time; close() when done. A worker that fails, before or during a run, fails the
 * run, and the caller segments on its own thread.
 */
export class CutPool {
  private readonly workers: Worker[] = [];
  private failure: unknown = null;
  private current: Run | null = null;
  private closed = false;

  constructor(n: number, dictPath?: string) {
    const fail = (err: unknown) => {
      this.failure ??= err;
      this.current?.fail(err);
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(workerUrl(), { workerData: { dictPath } });
      w.on("message", (msg: { id: number; result: unknown }) => this.current?.onMessage(msg));
      w.on("error", fail);
      w.on("exit", (code) => {
        if (!this.closed) fail(new Error(`segment worker exited with ${code}`));
      });
      w.unref(); // an idle pool never keeps the process alive; a run refs it
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The task's result per chunk. Every chunk is queued at once, shared out by characters. */
  run(task: CutTask, texts: readonly string[], onProgress?: (done: number) => void): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null || this.closed) return reject(this.failure ?? new Error("segment pool closed"));
      if (this.current) return reject(new Error("segment pool busy"));
      const chunks = Math.ceil(texts.length / CHUNK);
      const out: unknown[] = new Array(chunks);
      let doneChunks = 0;
      let doneTexts = 0;
      const finish = (err?: unknown) => {
        if (this.current !== run) return;
        this.current = null;
        for (const w of this.workers) w.unref();
        if (err !== undefined) reject(err);
        else resolve(out);
      };
      const run: Run = {
        onMessage: (msg) => {
          out[msg.id] = msg.result;
          doneChunks++;
          chunksInWorkers++;
          doneTexts += Math.min(CHUNK, texts.length - msg.id * CHUNK);
          onProgress?.(doneTexts);
          if (doneChunks === chunks) finish();
        },
        fail: (err) => finish(err ?? new Error("segment worker failed")),
      };
      this.current = run;
      for (const w of this.workers) w.ref();
      const load = new Array<number>(this.workers.length).fill(0);
      for (let id = 0; id < chunks; id++) {
        const part = texts.slice(id * CHUNK, (id + 1) * CHUNK);
        let k = 0;
        for (let j = 1; j < load.length; j++) if (load[j]! < load[k]!) k = j;
        for (const t of part) load[k]! += t.length;
        this.workers[k]!.postMessage({ id, task, texts: part });
      }
      if (chunks === 0) finish();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
  }
}
