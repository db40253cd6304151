/**
 * Query workers: threads that each hold a searcher over the index in shared memory and answer one
 * search at a time (holding the next light one, posted ahead), so that an expensive query runs beside
 * the serving thread instead of on it (the event loop stays free; a slow query delays only itself and
 * the queries queued behind it in the pool).
 * The queue is bounded (503 past it); a worker that dies fails its query and is replaced.
 */
import { Worker } from "node:worker_threads";
import { ZhangjieError, type ErrorCode } from "../errors.ts";
import type { SearchOptions, SearchResponse } from "../search/types.ts";
import type { SharedSections } from "./shared-sections.ts";
import type { LiveSource } from "./worker-state.ts";
import { refused } from "./admission.ts";

export interface WorkerRequest {
  id: number;
  q: string;
  opts: SearchOptions;
  /** Answer with the response serialised as UTF-8 JSON (`json`), not as an object. */
  serialized?: boolean;
  /** The query's time from when the worker starts it (its `opts` then carry no deadline). */
  budgetMs?: number;
}

/** A live collection's next state, for every worker to adopt (worker-state.ts). */
export interface StateMessage {
  state: { generation: number; baseKey: string };
}

export type WorkerMessage = WorkerRequest | StateMessage;

export interface WorkerReply {
  /** -1: the worker is ready; -2: it adopted `generation` (or failed to: `error`). */
  id: number;
  ready?: boolean;
  generation?: number;
  response?: SearchResponse;
  /** The response as UTF-8 JSON (its buffer transferred, not copied). */
  json?: Uint8Array;
  error?: { code: ErrorCode; zh?: string; en?: string; retryAfter?: number; message?: string };
}

/** How the pool treats a query. */
export interface PoolJob {
  /** Not light: it waits behind light queries and never takes the last free worker. */
  heavy: boolean;
  /**
   * The query's time, counted from when a worker takes it (its options then carry no deadline): a
   * query that may wait in the queue as long as the queue bound allows and still run whole.
   */
  budgetMs?: number;
  /**
   * How long it may wait for a worker (an expensive query's): past it, it is refused with 503
   * QUERY_TIMEOUT and not run, so that a queue of expensive queries is shed rather than run long after.
   */
  maxWaitMs?: number;
}

interface Job extends WorkerRequest, PoolJob {
  /** Date.now() when it was queued. */
  queuedAt: number;
  resolve: (r: SearchResponse | Uint8Array) => void;
  reject: (e: unknown) => void;
}

/**
 * A heavy query that has waited this long goes before the light ones queued after it when it may
 * run (no other heavy one running): under a steady load light queries are always queued, and a heavy
 * one put behind them waited for a moment with none (10 s and more in the adversarial bench). The
 * light queries keep the other workers meanwhile.
 */
export const HEAVY_WAIT_MS = 100;

/**
 * Which queued job a free worker takes: -1 none. `heavyBusy` heavy jobs are running and at most
 * `heavyLimit` may; light jobs are queued before heavy ones.
 */
export function nextJob(queue: readonly Pick<Job, "heavy" | "queuedAt">[], heavyBusy: number, heavyLimit: number, now: number): number {
  if (heavyBusy >= heavyLimit) return queue.findIndex((j) => !j.heavy);
  const h = queue.findIndex((j) => j.heavy);
  return h > 0 && now - queue[h]!.queuedAt >= HEAVY_WAIT_MS ? h : queue.length > 0 ? 0 : -1;
}

/**
 * Light jobs a worker may hold at once: the one it runs and the next, posted ahead so that it starts
 * the next the moment it is done instead of idling until the serving thread — busy writing answers
 * and reading requests under load — gets to its reply (on 2 cores a fifth of the workers' time).
 * Heavy jobs are never queued in a worker, nor anything behind one.
 */
export const LIGHT_DEPTH = 2;

/**
 * Whether a worker holding `held` (posted, not yet answered) may be posted `job` too: a free one
 * takes anything; a busy one only a light job behind light ones, up to LIGHT_DEPTH.
 */
export function mayHold(held: readonly Pick<Job, "heavy">[], job: Pick<Job, "heavy">): boolean {
  if (held.length === 0) return true;
  return held.length < LIGHT_DEPTH && !job.heavy && !held.some((j) => j.heavy);
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Posted to the worker, oldest (running) first; it answers them in order. */
  jobs: Job[];
  /** The collection state the worker answers over (0: the one it started with). */
  generation: number;
}

/** Workers start without the parent's TypeScript loader: from .ts sources, boot them through tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./query-worker-boot.mjs", import.meta.url) : new URL("./query-worker.js", import.meta.url);
}

/** A queued query given back: the collection changed before a worker took it (answer it elsewhere). */
export class StaleState extends Error {}

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** The state queries must see: only workers over it take them (a live collection's, else 0). */
  private target = { generation: 0, baseKey: "" };
  /** Queries answered by a worker (tests and the bench check that work left the serving thread). */
  answered = 0;
  /** Queries posted to a worker that was still answering another (tests check the pipeline is used). */
  postedAhead = 0;
  private readyResolve!: () => void;
  /** Resolves when at least one worker answers. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.readyResolve = resolve));

  constructor(
    size: number,
    private readonly shared: SharedSections,
    private readonly queueMax: number,
    private readonly dictPath?: string,
    private readonly log: (line: string) => void = () => {},
    private readonly live?: LiveSource,
  ) {
    for (let k = 0; k < size; k++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Whether any worker over the current state can take a query now or soon. */
  get isReady(): boolean {
    return this.slots.some((s) => this.current(s));
  }

  private current(s: Slot): boolean {
    return s.ready && s.generation === this.target.generation;
  }

  /**
   * A live collection moved to a new state: every worker adopts it between two queries; until one has,
   * isReady is false and the caller answers on its own thread (a query never sees an older state).
   */
  advance(generation: number, baseKey: string): void {
    this.target = { generation, baseKey };
    for (const s of this.slots) if (s.ready) this.post(s, { state: this.target });
    // Queued queries would wait for a worker to adopt it (seconds): their callers answer them instead.
    for (const job of this.queue.splice(0)) job.reject(new StaleState());
  }

  private post(slot: Slot, msg: WorkerMessage): void {
    slot.worker.ref();
    slot.worker.postMessage(msg);
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs a search in a worker. Light queries go before the others (`heavy`: not light) in the queue, and
   * the others never occupy the last free worker (with two or more), so a light query never waits
   * behind them.
   */
  search(q: string, opts: SearchOptions, job: PoolJob = { heavy: false }): Promise<SearchResponse> {
    return this.enqueue(q, opts, job, false) as Promise<SearchResponse>;
  }

  /** The same search, answered as UTF-8 JSON serialised by the worker. */
  searchJson(q: string, opts: SearchOptions, job: PoolJob = { heavy: false }): Promise<Uint8Array> {
    return this.enqueue(q, opts, job, true) as Promise<Uint8Array>;
  }

  private enqueue(q: string, opts: SearchOptions, how: PoolJob, serialized: boolean): Promise<SearchResponse | Uint8Array> {
    if (this.closed) return Promise.reject(new ZhangjieError("SERVER_BUSY"));
    if (this.queue.length >= this.queueMax) return Promise.reject(refused("SERVER_BUSY", { zh: `等待执行的查询已达 ${this.queueMax} 个`, en: `${this.queueMax} queries waiting for a worker` }));
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, q, opts, serialized, heavy: how.heavy, budgetMs: how.budgetMs, maxWaitMs: how.maxWaitMs, queuedAt: Date.now(), resolve, reject };
      if (job.heavy) this.queue.push(job);
      else {
        const firstHeavy = this.queue.findIndex((j) => j.heavy);
        this.queue.splice(firstHeavy < 0 ? this.queue.length : firstHeavy, 0, job);
      }
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ZhangjieError("SERVER_BUSY"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl(), { workerData: { shared: this.shared, dictPath: this.dictPath, live: this.live } });
    const slot: Slot = { worker, ready: false, jobs: [], generation: 0 };
    worker.on("message", (msg: WorkerReply) => this.onReply(slot, msg));
    worker.on("error", (err) => this.log(`query worker failed: ${err.message}`));
    worker.on("exit", (code) => this.onExit(slot, code));
    // Held (ref'd) while it boots, so that a process awaiting `ready` stays alive; idle once ready.
    return slot;
  }

  private onReply(slot: Slot, msg: WorkerReply): void {
    if (msg.ready) {
      slot.ready = true;
      if (this.target.generation !== 0) this.post(slot, { state: this.target });
      else this.readyResolve();
      this.dispatch();
      return;
    }
    if (msg.id === -2) {
      if (msg.error) this.log(`query worker: ${msg.error.message ?? msg.error.code}`);
      else slot.generation = Math.max(slot.generation, msg.generation ?? 0);
      if (this.current(slot)) this.readyResolve();
      this.dispatch();
      return;
    }
    const at = slot.jobs.findIndex((j) => j.id === msg.id);
    const job = at >= 0 ? slot.jobs.splice(at, 1)[0] : undefined;
    if (job) {
      const answer = msg.json ?? msg.response;
      if (answer) {
        this.answered++;
        job.resolve(answer);
      }
      else {
        if (msg.error?.message) this.log(`query worker: ${msg.error.message}`);
        job.reject(errorFrom(msg.error));
      }
    }
    this.dispatch();
  }

  private onExit(slot: Slot, code: number): void {
    if (this.closed) return;
    this.log(`query worker exited with ${code}; starting another`);
    for (const job of slot.jobs.splice(0)) job.reject(new ZhangjieError("INTERNAL"));
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.spawn();
  }

  private dispatch(): void {
    // Every free worker gets a job first; only then do busy ones get their next light job.
    for (let depth = 1; depth <= LIGHT_DEPTH && this.queue.length > 0; depth++) {
      for (const slot of this.slots) while (this.current(slot) && slot.jobs.length < depth && this.take(slot));
    }
    for (const slot of this.slots) if (this.current(slot) && slot.jobs.length === 0) slot.worker.unref();
  }

  /** Posts the next queued job this worker may take; false when there is none. */
  private take(slot: Slot): boolean {
    const heavyLimit = this.slots.length > 1 ? this.slots.length - 1 : 1;
    const heavyBusy = this.slots.filter((s) => s.jobs.some((j) => j.heavy)).length;
    const k = nextJob(this.queue, heavyBusy, heavyLimit, Date.now());
    if (k < 0) return false;
    if (!mayHold(slot.jobs, this.queue[k]!)) return false;
    const job = this.queue.splice(k, 1)[0]!;
    // Waited past its deadline or its longest wait: answer at once rather than start work nobody waits for.
    const now = Date.now();
    if ((job.opts.deadline !== undefined && now > job.opts.deadline) || (job.maxWaitMs !== undefined && now - job.queuedAt > job.maxWaitMs)) {
      job.reject(refused("QUERY_TIMEOUT"));
      return true;
    }
    if (slot.jobs.length > 0) this.postedAhead++;
    slot.jobs.push(job);
    this.post(slot, { id: job.id, q: job.q, opts: job.opts, serialized: job.serialized, budgetMs: job.budgetMs } satisfies WorkerRequest);
    return true;
  }
}

function errorFrom(e: WorkerReply["error"]): ZhangjieError {
  if (!e) return new ZhangjieError("INTERNAL");
  const err = new ZhangjieError(e.code, e.zh !== undefined ? { zh: e.zh, en: e.en ?? e.zh } : undefined);
  if (e.retryAfter !== undefined) err.retryAfter = e.retryAfter;
  return err;
}
