/**
 * Runs the readers of untrusted containers (PDF, DOCX, HTML) in a worker thread with a heap limit
 * and a deadline: a file that takes too long is refused and the worker terminated, a file that
 * exhausts the heap kills only the worker; the next file gets a fresh one. Jobs run one at a time
 * (ingest is sequential and the machine may be small).
 *
 * If a worker cannot start at all (e.g. a runtime without the TypeScript loader the worker needs),
 * readers run on the calling thread with the deadline only, and say so in their warnings.
 */
import { Worker } from "node:worker_threads";
import { refuse, type ReadHooks, type ReadResult, type ReaderLimits, type SourceFile } from "./types.ts";

export interface SandboxJob {
  reader: string;
  file: SourceFile;
  limits: ReaderLimits;
}

/** What runs a job on the calling thread when no worker can start. */
export type InProcessRunner = (job: SandboxJob, hooks: ReadHooks) => Promise<ReadResult>;

interface WorkerReply {
  id?: number;
  ready?: boolean;
  /** The reader is still working (an OCR page done): its deadline starts again. */
  alive?: boolean;
  result?: ReadResult;
}

function outOfMemory(mb: number): ReadResult {
  return refuse("hostile", `读取时内存超过上限（${mb} MB），已跳过`, `reading it exceeded the memory limit (${mb} MB); skipped`);
}

/** Workers start without the parent's TypeScript loader: from .ts sources, boot them through tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./sandbox-worker-boot.mjs", import.meta.url) : new URL("./sandbox-worker.js", import.meta.url);
}

export class ReaderSandbox {
  private worker: Worker | null = null;
  private ready: Promise<"ok" | "oom" | "unavailable"> | null = null;
  private heapMb = 0;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set once a worker failed to boot: jobs then run in process. */
  private unavailable = false;

  constructor(private readonly inProcess: InProcessRunner) {}

  run(job: SandboxJob): Promise<ReadResult> {
    const p = this.queue.then(() => this.runOne(job));
    this.queue = p.catch(() => undefined);
    return p;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.kill();
  }

  private async runOne(job: SandboxJob): Promise<ReadResult> {
    if (this.unavailable) return this.inProcessWithDeadline(job);
    const started = await this.start(job.limits.maxHeapMb);
    if (started === "ok") return this.inWorker(job);
    // A heap too small to even load the readers is the limit doing its job, not a missing runtime.
    if (started === "oom") return outOfMemory(job.limits.maxHeapMb);
    return this.inProcessWithDeadline(job);
  }

  private start(heapMb: number): Promise<"ok" | "oom" | "unavailable"> {
    if (this.worker && this.ready && this.heapMb === heapMb) return this.ready;
    void this.kill();
    this.heapMb = heapMb;
    const w = new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, heapMb / 16)) }, stdout: false, stderr: false });
    w.unref();
    this.worker = w;
    this.ready = new Promise<"ok" | "oom" | "unavailable">((resolve) => {
      const onMessage = (m: WorkerReply) => { if (m.ready) { cleanup(); resolve("ok"); } };
      const onFail = (err?: unknown) => {
        cleanup();
        this.worker = null;
        this.ready = null;
        if ((err as { code?: string } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") { resolve("oom"); return; }
        this.unavailable = true;
        resolve("unavailable");
      };
      const cleanup = () => { w.off("message", onMessage); w.off("error", onFail); w.off("exit", onFail); };
      w.on("message", onMessage);
      w.once("error", onFail);
      w.once("exit", onFail);
    });
    return this.ready;
  }

  private inWorker(job: SandboxJob): Promise<ReadResult> {
    const w = this.worker!;
    const id = this.nextId++;
    // Copy into a buffer of its own and hand it over (the caller's bytes may be a view on a pool).
    const bytes = new Uint8Array(job.file.bytes);
    w.ref();
    return new Promise<ReadResult>((resolve) => {
      let done = false;
      const finish = (r: ReadResult, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        if (kill) void this.kill();
        else w.unref();
        resolve(r);
      };
      const onMessage = (m: WorkerReply) => {
        if (m.id !== id) return;
        if (m.result) finish(m.result, false);
        else if (m.alive) { clearTimeout(timer); timer = setTimeout(onTimeout, job.limits.timeoutMs); }
      };
      const onError = (err: Error & { code?: string }) =>
        finish(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? outOfMemory(job.limits.maxHeapMb) : refuse("failed", `读取失败：${err.message}`, `the reader failed: ${err.message}`), true);
      const onExit = (code: number) => finish(refuse("failed", `读取进程意外退出（${code}）`, `the reader stopped unexpectedly (exit ${code})`), true);
      const onTimeout = () => finish(refuse("timeout", `读取超过 ${job.limits.timeoutMs / 1000} 秒，已中止`, `reading took longer than ${job.limits.timeoutMs / 1000} s; stopped and skipped`), true);
      let timer = setTimeout(onTimeout, job.limits.timeoutMs);
      w.on("message", onMessage);
      w.once("error", onError);
      w.once("exit", onExit);
      w.postMessage({ id, reader: job.reader, path: job.file.path, form: job.file.form, limits: job.limits, bytes }, [bytes.buffer]);
    });
  }

  private async inProcessWithDeadline(job: SandboxJob): Promise<ReadResult> {
    let timer: NodeJS.Timeout | undefined;
    let expire: () => void = () => undefined;
    const deadline = new Promise<ReadResult>((resolve) => {
      expire = () => resolve(refuse("timeout", `读取超过 ${job.limits.timeoutMs / 1000} 秒，已放弃`, `reading took longer than ${job.limits.timeoutMs / 1000} s; skipped`));
      timer = setTimeout(expire, job.limits.timeoutMs);
    });
    const alive = () => { clearTimeout(timer); timer = setTimeout(expire, job.limits.timeoutMs); };
    try {
      const r = await Promise.race([this.inProcess(job, { alive }), deadline]);
      if (r.ok) r.warnings.push("read without a worker thread (no memory limit) / 未能在隔离线程中读取");
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  private async kill(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate().catch(() => undefined);
  }
}
