/** Worker side of segment-pool.ts: runs the task on the texts it is sent and posts the result back. */
import { parentPort, workerData } from "node:worker_threads";
import { runSegmentTask, type SegmentTask } from "./word-cut.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

loadSegmenter((workerData as { dictPath?: string } | null)?.dictPath);

parentPort?.on("message", (msg: { id: number; task: SegmentTask; texts: string[] }) => {
  parentPort!.postMessage({ id: msg.id, result: runSegmentTask(msg.task, msg.texts) });
});
