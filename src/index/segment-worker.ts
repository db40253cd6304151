/** Worker side of segment-pool.ts: segments the texts it is sent and posts the word lists back. */
import { parentPort, workerData } from "node:worker_threads";
import { segmentTexts } from "./segment.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

loadSegmenter((workerData as { dictPath?: string } | null)?.dictPath);

parentPort?.on("message", (msg: { id: number; texts: string[] }) => {
  parentPort!.postMessage({ id: msg.id, words: segmentTexts(msg.texts) });
});
