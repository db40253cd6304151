/**
 * The background merge of the live collection, in a worker thread (a merge recomputes the echoes
 * of the whole collection: seconds to minutes on a big one, which the serving thread must not spend).
 * The worker reads the journaled state (main cache plus journal), merges its live passages into one
 * segment in corpus order, computes the echoes afresh and writes the new main cache (atomically,
 * under the key of the corpus it holds); the serving thread then loads it and drops the journal.
 */
import { parentPort, workerData } from "node:worker_threads";
import { readJournaledState } from "./journaled-state.ts";
import { mergeState } from "./merge.ts";

const { cacheDir, codeKey, corpusDir, dictPath } = workerData as { cacheDir: string; codeKey: string; corpusDir: string; dictPath: string };
try {
  const state = readJournaledState(cacheDir, codeKey, "merge");
  const merged = mergeState(state, corpusDir, dictPath, cacheDir, () => {});
  parentPort!.postMessage(merged ? { ok: true, key: merged.baseKey, journaledAs: state.baseKey } : { ok: false, error: "not merged (echoes missing)" });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
}
