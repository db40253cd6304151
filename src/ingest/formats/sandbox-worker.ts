/** Worker side of sandbox.ts: reads each file it is sent with the named reader and posts the result. */
import { parentPort } from "node:worker_threads";
import { readerByName } from "./registry.ts";
import { refuse, type ReaderLimits, type ReadResult } from "./types.ts";
import type { SourceForm } from "../catalog.ts";

interface Job { id: number; reader: string; path: string; form?: SourceForm; limits: ReaderLimits; bytes: Uint8Array }

async function run(job: Job): Promise<ReadResult> {
  const reader = readerByName(job.reader);
  if (!reader) return refuse("failed", `没有读取器 ${job.reader}`, `no reader named ${job.reader}`);
  try {
    const alive = () => parentPort!.postMessage({ id: job.id, alive: true });
    return await reader.read({ path: job.path, bytes: job.bytes, form: job.form }, job.limits, { alive });
  } catch (e) {
    return refuse("failed", `读取失败：${(e as Error).message}`, `the reader failed: ${(e as Error).message}`);
  }
}

parentPort!.on("message", (job: Job) => {
  void run(job).then((result) => parentPort!.postMessage({ id: job.id, result }));
});
parentPort!.postMessage({ ready: true });
