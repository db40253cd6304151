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
import { CACHE_FILE, ECHO_SECTION, MANIFEST_SECTION, SEGMENT_PREFIX, loadStore, openEngine, openedIndex, type EngineOptions } from "../engine.ts";
import type { BuildInfo, Engine } from "../engine.contract.ts";
import { POLICY_DICT_PATH } from "../analysis/segmenter.ts";
import { objectSections } from "../index/cache-codec.ts";
import { computeCacheKeyFromDigest, corpusDigest } from "../index/cache-key.ts";
import { readCacheFile, writeCacheFile } from "../index/cache-file.ts";
import { decodeManifest, diffManifests, encodeManifest, updateManifest } from "../index/corpus-manifest.ts";
import { EmbeddedStore } from "../index/store.ts";
import { SegmentSet } from "../index/segment-set.ts";
import { Segment } from "../index/segment.ts";
import { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { walkCorpus } from "../ingest/corpus-walk.ts";
import { indexWords } from "../index/word-cut-pool.ts";
import { LiveCollection, groupKey, type LiveState } from "./collection.ts";
import { walkOrder } from "./order.ts";
import { computeEchoes } from "../echo/index.ts";
import type { DocumentRecord } from "../model.ts";
import { readJournal, removeJournal, writeJournal } from "./journal.ts";
import { echoesInWorker } from "./echo-pass.ts";

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
  const collection = new LiveCollection(state, { corpusDir: opts.corpusDir, dictPath, log, persist: (s) => writeJournal(opts.cacheDir, codeKey, s), echoPass: (added) => echoesInWorker(opts.cacheDir, codeKey, added) });

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
  if (collection.snapshot.state.segments.length > 1) await compact();

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
 * The state's live passages as one segment, saved as the main cache under the key of the corpus it
 * holds; null when the echo store is missing (a cache is never saved without echoes).
 */
function mergeState(state: LiveState, corpusDir: string, dictPath: string, cacheDir: string, log: (line: string) => void): LiveState | null {
  if (!state.echo) {
    log("live collection: not merged (echoes missing); the journal stays");
    return null;
  }
  const set = new SegmentSet(state.segments, state.deleted);
  const merged = set.merge(corpusOrder(set));
  // The merged segment carries every segment's file reports; the live ones replace them.
  const parts = merged.parts();
  const docs = JSON.parse(Buffer.from(parts.docs).toString("utf8")) as { documents: unknown[] };
  const segment = new Segment({ ...parts, docs: Buffer.from(JSON.stringify({ documents: docs.documents, reports: state.reports }), "utf8") });
  // Echoes computed afresh over the whole collection: what the incremental passes decided near a
  // threshold is decided as a full build decides it.
  let echo = state.echo;
  try {
    echo = computeEchoes(segment.documents());
  } catch (err) {
    log(`live collection: echoes not recomputed at the merge (${(err as Error).message})`);
  }
  const key = computeCacheKeyFromDigest(corpusDigest(corpusDir, walkCorpus(corpusDir), state.manifest), dictPath);
  writeCacheFile(path.join(cacheDir, CACHE_FILE), key, {
    [MANIFEST_SECTION]: encodeManifest(state.manifest),
    ...segment.toSections(SEGMENT_PREFIX),
    ...objectSections(ECHO_SECTION, echo as unknown as Record<string, unknown>),
  });
  log(`live collection: merged ${state.segments.length} segments into the main cache`);
  return { ...state, baseKey: key, segments: [segment], deleted: new OrdinalBitmap(segment.passages), echo };
}

/**
 * The set's documents in corpus order, as a full build relates them: documents sharing a title
 * (one group of relations) by the corpus order of the group's first file; within that, as they are
 * (each group was related in one pass, in corpus order).
 */
function corpusOrder(set: SegmentSet): [number, number][] {
  const entries: { at: [number, number]; doc: DocumentRecord }[] = [];
  set.segments.forEach((s, k) => s.documents().forEach((doc, d) => entries.push({ at: [k, d], doc })));
  const live = new Set(set.documents());
  const first = new Map<string, string>();
  for (const { doc } of entries) {
    if (!live.has(doc)) continue;
    const key = groupKey(doc);
    for (const e of doc.editions) {
      const f = first.get(key);
      if (f === undefined || walkOrder(e.source, f) < 0) first.set(key, e.source);
    }
  }
  const rank = (doc: DocumentRecord) => (live.has(doc) ? first.get(groupKey(doc)) ?? "" : "");
  return entries
    .map((x, i) => ({ ...x, i, file: rank(x.doc) }))
    .sort((a, b) => walkOrder(a.file, b.file) || a.i - b.i)
    .map((x) => x.at);
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
