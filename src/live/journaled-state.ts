/** The live collection's state as the main cache and the journal over it hold it (read by its worker threads). */
import path from "node:path";
import { CACHE_FILE, loadStore } from "../engine.ts";
import { readCacheFile } from "../index/cache-file.ts";
import type { EmbeddedStore } from "../index/store.ts";
import type { LiveState } from "./collection.ts";
import { readJournal } from "./journal.ts";

/** Throws, saying why, when there is no sound journal or the main cache it extends is gone. */
export function readJournaledState(cacheDir: string, codeKey: string, what: string): LiveState {
  const journal = readJournal(cacheDir, codeKey, () => {});
  if (!journal) throw new Error(`no journal to ${what}`);
  const main = readCacheFile(path.join(cacheDir, CACHE_FILE), journal.baseKey);
  if (!main.ok) throw new Error(`main cache: ${main.reason}`);
  return journal.apply((loadStore(main.sections) as EmbeddedStore).set.segments[0]!);
}
