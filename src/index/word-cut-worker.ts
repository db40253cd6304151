/**
 * Worker side of word-cut-pool.ts: runs the task on the texts it is sent and posts the result back
 * (typed arrays transferred, not copied). A chunk sent with a claim array gets its words now and its
 * character side (squeezed texts, grams) at the "grams" message that follows the worker's last chunk,
 * for each chunk no other thread has claimed first (compare-and-swap 0 → 1 on the shared array).
 */
import { parentPort, workerData } from "node:worker_threads";
import { chunkBuffers, chunkGrams, runCutTask, type ChunkResult, type CutTask } from "./word-cut.ts";
import { loadSegmenter } from "../analysis/segmenter.ts";

loadSegmenter((workerData as { dictPath?: string } | null)?.dictPath);

/** Texts of the chunks whose character side is still to do, by chunk id. */
const pending = new Map<number, string[]>();

type Message = { task: CutTask; id: number; texts: string[]; claims?: Int32Array } | { task: "grams"; claims: Int32Array };

parentPort?.on("message", (msg: Message) => {
  if (msg.task === "grams") {
    for (const id of [...pending.keys()].sort((a, b) => a - b)) {
      const texts = pending.get(id)!;
      pending.delete(id);
      if (Atomics.compareExchange(msg.claims, id, 0, 1) !== 0) continue;
      const chars = chunkGrams(texts);
      parentPort!.postMessage({ id, chars }, chunkBuffers({ passages: texts.length, words: EMPTY_WORDS, chars }));
    }
    parentPort!.postMessage({ gramsDone: true });
    return;
  }
  const later = msg.task === "chunk" && msg.claims !== undefined;
  if (later) pending.set(msg.id, msg.texts);
  const result = runCutTask(msg.task, msg.texts, !later);
  parentPort!.postMessage({ id: msg.id, result }, msg.task === "chunk" ? chunkBuffers(result as ChunkResult) : []);
});

const EMPTY_WORDS: ChunkResult["words"] = { lengths: new Uint32Array(0), vocab: new Uint16Array(0), vocabEnds: new Uint32Array(0), termStart: new Uint32Array(0), termIds: new Uint32Array(0) };
