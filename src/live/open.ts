/**
 * Opening a live collection: the main cache with the live journal over it, then the corpus files
 * that changed since (a crash between writing an upload and journaling it, or files changed while
 * the server was down) indexed incrementally, then the extra segments merged into a new main cache.
 * Without a sound journal, the engine opens as always (cache or full build) and the journal starts empty.
 *
 * The engine handed out is a facade: every call goes to the snapshot current at that moment, so a
 * swap never changes the collection under a call that has begun.
 */
import fs from "node:fs";
import path from "node:path";
import { UPLOAD_DIR } from "./place.ts";
import { CACHE_FILE, MANIFEST_SECTION, loadStore, openEngine, openedIndex, type EngineOptions } from "../engine.ts";
import type { BuildInfo, Engine } from "../engine.contract.ts";
import { POLICY_DICT_PATH } from "../analysis/segmenter.ts";
import { computeCacheKeyFromDigest } from "../index/cache-key.ts";
import { readCacheFile } from "../index/cache-file.ts";
import { decodeManifest, diffManifests, updateManifest } from "../index/corpus-manifest.ts";
import { EmbeddedStore } from "../index/store.ts";
import { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { walkCorpus } from "../ingest/corpus-walk.ts";
import { indexWords } from "../index/word-cut-pool.ts";
import { LiveCollection, type LiveState } from "./collection.ts";
import { readJournal, removeJournal, writeJournal } from "./journal.ts";
import { echoesInWorker } from "./echo-pass.ts";
import { mergeState, wantsMerge } from "./merge.ts";
import { mergeInWorker } from "./merge-pass.ts";

export interface LiveEngine {
  /** The engine (a facade over the current snapshot). */
  engine: Engine;
  collection: LiveCollection;
  /** Merge the extra segments into a new main cache and drop the journal. */
  compact(): Promise<void>;
}

/** Everything in the key but the corpus: the dictionary and the pipeline's code. */
export function codeKeyOf(dictPath: string): string {
  return computeCacheKeyFromDigest("", dictPath);
}

export async function openLiveEngine(opts: EngineOptions): Promise<LiveEngine> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const dictPath = opts.dictPath ?? POLICY_DICT_PATH;
  const codeKey = codeKeyOf(dictPath);
  const t0 = performance.now();
  removeStaleTemps(opts.corpusDir, opts.cacheDir);
  let state = fromJournal(opts.cacheDir, codeKey, log);
  let build: BuildInfo;
  if (state) {
    build = { fromCache: true, seconds: 0, key: state.baseKey, documents: 0, passages: 0, timings: {} };
  } else {
    removeJournal(opts.cacheDir);
    const engine = await openEngine(opts);
    const opened = openedIndex(engine)!;
    const store = opened.store as EmbeddedStore;
    state = { baseKey: opened.key, segments: store.set.segments, deleted: store.set.deleted, echo: store.echoes(), reports: store.reports(), manifest: opened.manifest };
    build = engine.build;
  }
  const collection = new LiveCollection(state, {
    corpusDir: opts.corpusDir,
    dictPath,
    log,
    persist: (s) => writeJournal(opts.cacheDir, codeKey, s),
    echoPass: (added) => echoesInWorker(opts.cacheDir, codeKey, added),
    mergePass: { wanted: (s) => wantsMerge(s), run: (s) => mergedInBackground(s, opts.cacheDir, codeKey, opts.corpusDir, dictPath) },
  });

  // Files that changed since the state was saved.
  const now = updateManifest(opts.corpusDir, state.manifest, () => walkCorpus(opts.corpusDir).files.map((f) => f.rel)).manifest;
  const diff = diffManifests(state.manifest, now);
  const changed = [...diff.added, ...diff.changed, ...diff.removed];
  if (changed.length) {
    log(`live collection: ${changed.length} corpus file(s) changed since the index was saved; indexing them`);
    await collection.change(changed);
    await collection.settled();
  }
  const compact = async (): Promise<void> => {
    await collection.settled();
    const merged = mergeState(collection.snapshot.state, opts.corpusDir, dictPath, opts.cacheDir, log);
    if (merged) collection.replace(merged);
    removeJournal(opts.cacheDir);
  };
  // Extra segments or deletion marks: merged now, so a start serves what a full build makes.
  if (collection.snapshot.state.segments.length > 1 || collection.snapshot.state.deleted.cardinality > 0) await compact();

  // Load the segmenter's dictionary now, not at the first upload.
  await indexWords(["章节"], { workers: 0, dictPath });
  const snap = collection.snapshot;
  build = { ...build, seconds: Math.round(performance.now() - t0) / 1000, key: snap.state.baseKey, documents: snap.engine.documents.length, passages: snap.store.set.passages - snap.state.deleted.cardinality };
  return { engine: facade(collection, build), collection, compact };
}

/**
 * Temp files a killed process left: uploads' and the catalog's in corpus/ (hidden, never read, but
 * not to pile up) and caches' whose writer is gone (cache-file.ts names them <file>.<pid>.<hex>.tmp).
 */
function removeStaleTemps(corpusDir: string, cacheDir: string): void {
  const sweep = (dir: string, stale: (name: string) => boolean) => {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) if (stale(n)) fs.rmSync(path.join(dir, n), { force: true });
  };
  sweep(path.join(corpusDir, UPLOAD_DIR), (n) => /^\.[0-9a-f]{12}\.upload\.tmp$/.test(n));
  sweep(corpusDir, (n) => /^\.[0-9a-f]{12}\.catalog\.tmp$/.test(n));
  sweep(cacheDir, (n) => {
    const m = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(n);
    return !!m && !alive(Number(m[1]));
  });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The state the main cache and the journal make, or null when either is missing or unsound. */
function fromJournal(cacheDir: string, codeKey: string, log: (line: string) => void): LiveState | null {
  const journal = readJournal(cacheDir, codeKey, log);
  if (!journal) return null;
  const main = readCacheFile(path.join(cacheDir, CACHE_FILE), journal.baseKey);
  if (!main.ok) {
    log(`live journal not used: the main cache it extends is ${main.reason}`);
    return null;
  }
  try {
    const store = loadStore(main.sections) as EmbeddedStore;
    if (!decodeManifest(main.sections[MANIFEST_SECTION])) throw new Error("the main cache has no manifest");
    return journal.apply(store.set.segments[0]!);
  } catch (err) {
    log(`live journal not used: ${(err as Error).message}`);
    return null;
  }
}

/**
 * The journaled state merged by a worker into a new main cache, loaded back: the state to swap in.
 * The journal goes once the merged state is loaded (a crash before leaves a journal over a main
 * cache it no longer matches: ignored, the merged main cache opens).
 */
async function mergedInBackground(state: LiveState, cacheDir: string, codeKey: string, corpusDir: string, dictPath: string): Promise<LiveState> {
  const { key, journaledAs } = await mergeInWorker(cacheDir, codeKey, corpusDir, dictPath);
  if (journaledAs !== state.baseKey) throw new Error("the journal merged is not the state served");
  const main = readCacheFile(path.join(cacheDir, CACHE_FILE), key);
  if (!main.ok) throw new Error(`the merged main cache is ${main.reason}`);
  const store = loadStore(main.sections) as EmbeddedStore;
  const segment = store.set.segments[0]!;
  removeJournal(cacheDir);
  return { ...state, baseKey: key, segments: [segment], deleted: new OrdinalBitmap(segment.passages), echo: store.echoes() };
}

/** An Engine whose every member is read from the snapshot current at the time of the call. */
function facade(collection: LiveCollection, build: BuildInfo): Engine {
  return new Proxy({} as Engine, {
    get(_, prop) {
      if (prop === "build") return build;
      return (collection.snapshot.engine as unknown as Record<PropertyKey, unknown>)[prop];
    },
    has(_, prop) {
      return prop === "build" || prop in collection.snapshot.engine;
    },
  });
}
