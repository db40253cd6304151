/**
 * The echo pass of a live change, in a worker thread (it reads every document's clauses: seconds on
 * a big collection, which the serving thread must not spend). The worker reads the state the change
 * journaled — main cache plus journal, whose echo store is the one before the change — and computes
 * the added documents' echoes against the others; the store goes back to the serving thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SegmentSet } from "../index/segment-set.ts";
import { addDocumentEchoes } from "../echo/index.ts";
import { readJournaledState } from "./journaled-state.ts";

const { cacheDir, codeKey, added } = workerData as { cacheDir: string; codeKey: string; added: string[] };
try {
  const state = readJournaledState(cacheDir, codeKey, "read the change from");
  if (!state.echo) throw new Error("the journal holds no echo store");
  const live = new SegmentSet(state.segments, state.deleted).documents();
  const ids = new Set(added);
  const echo = addDocumentEchoes(state.echo, live.filter((d) => !ids.has(d.id)), live.filter((d) => ids.has(d.id)));
  parentPort!.postMessage({ ok: true, echo });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
}
