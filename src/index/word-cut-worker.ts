/** Worker side of word-cut-pool.ts: runs the task on the texts it is sent and posts the result back (typed arrays transferred, not copied). */
import { parentPort, workerData } from "node:worker_threads";
import { chunkBuffers, runCutTask, type ChunkWords, type CutTask } from "./word-cut.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

loadSegmenter((workerData as { dictPath?: string } | null)?.dictPath);

parentPort?.on("message", (msg: { id: number; task: CutTask; texts: string[] }) => {
  const result = runCutTask(msg.task, msg.texts);
  parentPort!.postMessage({ id: msg.id, result }, msg.task === "chunk" ? chunkBuffers(result as ChunkWords) : []);
});
