/**
 * The echo pass of a live change, in a worker thread (it reads every document's clauses: seconds on
 * a big collection, which the serving thread must not spend). The worker reads the state the change
 * journaled — main cache plus journal, whose echo store is the one before the change — and computes
 * the added documents' echoes against the others; the store goes back to the serving thread.
 */
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { CACHE_FILE, loadStore } from "../engine.ts";
import { readCacheFile } from "../index/cache-file.ts";
import { SegmentSet } from "../index/segment-set.ts";
import type { EmbeddedStore } from "../index/store.ts";
import { addDocumentEchoes } from "../echo/index.ts";
import { readJournal } from "./journal.ts";

const { cacheDir, codeKey, added } = workerData as { cacheDir: string; codeKey: string; added: string[] };
try {
  const journal = readJournal(cacheDir, codeKey, () => {});
  if (!journal) throw new Error("no journal to read the change from");
  const main = readCacheFile(path.join(cacheDir, CACHE_FILE), journal.baseKey);
  if (!main.ok) throw new Error(`main cache: ${main.reason}`);
  const state = journal.apply((loadStore(main.sections) as EmbeddedStore).set.segments[0]!);
  if (!state.echo) throw new Error("the journal holds no echo store");
  const live = new SegmentSet(state.segments, state.deleted).documents();
  const ids = new Set(added);
  const echo = addDocumentEchoes(state.echo, live.filter((d) => !ids.has(d.id)), live.filter((d) => ids.has(d.id)));
  parentPort!.postMessage({ ok: true, echo });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
}
