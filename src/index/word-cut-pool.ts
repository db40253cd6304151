/**
 * Runs the per-passage work of a build (word-cut.ts: jieba words, squeezed text, gram postings) over
 * passage texts in chunks, in worker threads when the corpus is big enough to pay for them
 * (jieba segments ~6 MB/s per core; starting a worker and loading its dictionary costs ~0.5 s).
 * Falls back to the calling thread when workers cannot start (e.g. under a test runner whose
 * TypeScript loader the workers do not inherit), so a build never fails for want of threads.
 *
 * With workers, every chunk is queued when the call is made (shared out by characters), so the
 * workers never wait for the calling thread: it may do other synchronous work before it awaits.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { chunkGrams, indexChunk, runCutTask, type ChunkGrams, type ChunkIndex, type ChunkResult, type CutTask } from "./word-cut.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

/** Below this many characters, one thread is faster than starting workers. */
const WORKER_THRESHOLD_CHARS = 4_000_000;
/**
 * Passages per chunk: enough chunks to share out between threads and show progress; few enough
 * that joining the chunks' gram postings (one table lookup per distinct gram per chunk) stays small.
 */
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

/** Each chunk of CHUNK passages, indexed (word-cut.ts `indexChunk`), in order. */
export async function indexChunks(texts: readonly string[], opts: CutOptions = {}): Promise<ChunkIndex[]> {
  const job = startIndexing(texts, opts);
  job.help();
  return job.finish();
}

/**
 * Indexing of a build, shared between the workers and this thread. Every chunk is queued to the
 * workers at once; they cut every chunk's words first (jieba: the bulk of the work, and small
 * results), then do the character side (squeezed texts and grams, no jieba) of their chunks. This
 * thread, busy meanwhile (the echoes), calls `help()` when it is free: it claims the character side
 * of chunks from the last one back and does it itself. A claim is a compare-and-swap on a shared
 * array, so each chunk's grams are made exactly once, and they are made after the echo pass has
 * let its memory go (at ×1000 the grams are ~1 GB while they wait to be joined).
 * Without workers (or if they fail), `finish()` does every chunk here.
 */
export interface IndexingJob {
  help(): void;
  finish(): Promise<ChunkIndex[]>;
}

const MAIN_CLAIM = 2;

export function startIndexing(texts: readonly string[], opts: CutOptions = {}): IndexingJob {
  let chars = 0;
  for (const t of texts) chars += t.length;
  const workers = opts.pool ? opts.pool.size : workerCount(chars, opts.workers);
  const chunks = Math.ceil(texts.length / CHUNK);
  const slice = (id: number) => texts.slice(id * CHUNK, (id + 1) * CHUNK);
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, chunks)));
  const mine: (ChunkGrams | undefined)[] = new Array(chunks);
  let pool: CutPool | undefined;
  let running: Promise<unknown[]> | null = null;
  if (workers > 0 && chunks > 0) {
    pool = opts.pool ?? new CutPool(workers, opts.dictPath);
    running = pool.run("chunk", texts, opts.onProgress, claims);
    running.catch(() => {}); // handled in finish()
  }
  const alone = (): ChunkIndex[] => {
    loadSegmenter(opts.dictPath);
    return Array.from({ length: chunks }, (_, id) => {
      const chunk = indexChunk(slice(id));
      opts.onProgress?.(Math.min(texts.length, (id + 1) * CHUNK));
      return chunk;
    });
  };
  return {
    help() {
      if (!running) return;
      for (let id = chunks - 1; id >= 0; id--) if (Atomics.compareExchange(claims, id, 0, MAIN_CLAIM) === 0) mine[id] = chunkGrams(slice(id));
    },
    async finish() {
      if (!running) return alone();
      let results: ChunkResult[];
      try {
        results = (await running) as ChunkResult[];
      } catch {
        return alone(); // workers failed: this thread does it all
      } finally {
        running = null; // the settled promise would keep every chunk alive as long as the job
        if (!opts.pool) pool?.close();
      }
      const out = results.map((r, id) => {
        const chars = r.chars ?? mine[id] ?? chunkGrams(slice(id));
        return { passages: r.passages, words: r.words, ...chars };
      });
      mine.length = 0; // the caller owns the chunks now (and may let them go piece by piece)
      return out;
    },
  };
}

/**
 * Characters per worker thread, and why so few workers: a worker costs ~300 MB that is never
 * given back (nodejieba's load() builds its dictionary trie twice per thread, the segmenter's and
 * the TextRank extractor's, ~250 MB, and frees neither when the thread ends), and the main thread
 * is busy too (echoes, then the grams the workers have not reached). So a build leaves the main
 * thread one core and adds a worker per 40 M characters: on 2 cores, one worker at any size (at
 * ×1000 the seeds a second one would save ~4 s of ~120 for its 300 MB).
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

/** What a worker posts: a chunk's result, a chunk's character side (claimed runs), or the end of its claimed runs. */
type WorkerMessage = { id: number; result: unknown } | { id: number; chars: ChunkGrams } | { gramsDone: true };
type Run = { onMessage: (msg: WorkerMessage) => void; fail: (err: unknown) => void };

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
      w.on("message", (msg: WorkerMessage) => this.current?.onMessage(msg));
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

  /**
   * The task's result per chunk. Every chunk is queued at once, shared out by characters. With
   * `claims` (task "chunk"), the workers cut every chunk's words first and then do the character
   * side of their chunks that no other thread has claimed (see startIndexing).
   */
  run(task: CutTask, texts: readonly string[], onProgress?: (done: number) => void, claims?: Int32Array): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null || this.closed) return reject(this.failure ?? new Error("segment pool closed"));
      if (this.current) return reject(new Error("segment pool busy"));
      const chunks = Math.ceil(texts.length / CHUNK);
      const out: unknown[] = new Array(chunks);
      let doneChunks = 0;
      let doneTexts = 0;
      // Workers still to report the end of their claimed character work (none without claims).
      let gramsPending = task === "chunk" && claims ? this.workers.length : 0;
      const finish = (err?: unknown) => {
        if (this.current !== run) return;
        this.current = null;
        for (const w of this.workers) w.unref();
        if (err !== undefined) reject(err);
        else resolve(out);
      };
      const complete = () => {
        if (doneChunks === chunks && gramsPending === 0) finish();
      };
      const run: Run = {
        onMessage: (msg) => {
          if ("gramsDone" in msg) gramsPending--;
          else if ("chars" in msg) (out[msg.id] as ChunkResult).chars = msg.chars;
          else {
            out[msg.id] = msg.result;
            doneChunks++;
            chunksInWorkers++;
            doneTexts += Math.min(CHUNK, texts.length - msg.id * CHUNK);
            onProgress?.(doneTexts);
          }
          complete();
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
        this.workers[k]!.postMessage({ id, task, texts: part, claims });
      }
      if (gramsPending > 0) for (const w of this.workers) w.postMessage({ task: "grams", claims });
      complete();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
  }
}
