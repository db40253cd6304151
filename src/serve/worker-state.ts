/**
 * How a query worker rebuilds a live collection's state: the main cache (the shared one when its key
 * is the state's base, else read from disk: a merge wrote a new one) plus the journal over it. The
 * collection journals a state before serving it, so what a worker reads is never older than the state
 * it was told of (a later one at most, which the serving thread is about to swap in).
 */
import path from "node:path";
import { CACHE_FILE, inThreadEngine, loadStore } from "../engine.ts";
import type { Engine } from "../engine.contract.ts";
import { readCacheFile } from "../index/cache-file.ts";
import type { EmbeddedStore, Store } from "../index/store.ts";
import { snapshotOf } from "../live/collection.ts";
import { readJournal } from "../live/journal.ts";

export interface LiveSource {
  cacheDir: string;
  /** The journal's code key (dictionary and pipeline): a journal of other code is not read. */
  codeKey: string;
  /** Key of the main cache whose sections the worker shares. */
  sharedKey: string;
}

export function liveStateEngine(live: LiveSource, shared: Store, baseKey: string): Omit<Engine, "build"> {
  const base = baseKey === live.sharedKey ? shared : mainStore(live.cacheDir, baseKey);
  const journal = readJournal(live.cacheDir, live.codeKey, () => {});
  // No journal over this base: the state is the main cache alone (nothing changed since, or just merged).
  if (!journal || journal.baseKey !== baseKey) return inThreadEngine(base, () => {});
  const state = journal.apply((base as EmbeddedStore).set.segments[0]!);
  return snapshotOf(state, () => {}).engine;
}

function mainStore(cacheDir: string, key: string): Store {
  const main = readCacheFile(path.join(cacheDir, CACHE_FILE), key);
  if (!main.ok) throw new Error(`main cache ${key.slice(0, 12)}: ${main.reason}`);
  return loadStore(main.sections);
}
