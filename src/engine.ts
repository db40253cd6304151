/**
 * The composition root: `openEngine` wires ingest → analysis → index → echoes into an Engine.
 *
 * Start-up reads index-cache/index.zjc: its corpus manifest says which corpus files changed since
 * it was written (only those are hashed again), which gives the cache key; when the key (corpus,
 * dictionary, pipeline code) matches and every section's checksum holds, the index is viewed in the
 * file's bytes — a Segment of typed arrays, documents as small JSON, passages made only when asked
 * — without ingesting, segmenting or parsing anything per passage. Otherwise (changed, missing,
 * truncated or corrupt cache) it rebuilds and saves atomically.
 *
 * A build: ingest on this thread while the worker thread starts; then jieba cuts every passage's
 * words in the worker, chunk by chunk (index/word-cut.ts), while this thread computes the echoes
 * and then the squeezed texts and the gram postings with positions (index/char-index.ts); then it
 * all becomes one Segment, which is saved.
 */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { BuildInfo, DocumentSummary, EditionSummary, Engine, OpenEngineOptions, PassageLookup } from "./engine.contract.ts";
import type { Corpus, DocumentRecord, Edition } from "./model.ts";
import { logReports } from "./ingest/report-lines.ts";
import { walkCorpus } from "./ingest/corpus-walk.ts";
import { ZhangjieError } from "./errors.ts";
import { useDictionary, POLICY_DICT_PATH } from "./analysis/segmenter.ts";
import { CutPool, indexWords, workerCount } from "./index/word-cut-pool.ts";
import { indexCharacters } from "./index/char-index.ts";
import { objectFromSections, objectSections } from "./index/cache-codec.ts";
import { computeCacheKeyFromDigest, corpusDigest } from "./index/cache-key.ts";
import { readCacheFile, writeCacheFile, type Sections } from "./index/cache-file.ts";
import { decodeManifest, encodeManifest, manifestDigest, updateManifest, type Manifest } from "./index/corpus-manifest.ts";
import { buildSegment } from "./index/segment-build.ts";
import { Segment } from "./index/segment.ts";
import { SegmentSet } from "./index/segment-set.ts";
import { EmbeddedStore, type Store } from "./index/store.ts";
import { PostgresCollection } from "./index/stores/postgres/store.ts";
import { Searcher } from "./search/searcher.ts";
import type { SearchTables } from "./search/tables.ts";
import type { SearchResponse } from "./search/types.ts";
import { computeEchoes, createEchoIndex, isEchoStore, storePassages, type EchoIndex, type EchoRef, type EchoStore } from "./echo/index.ts";
import { versionsOf } from "./compare/engine-versions.ts";
import { stopwatch } from "./stopwatch.ts";
import { servingLimits, type ServingLimits } from "./serve/limits.ts";
import { QueryPool } from "./serve/query-pool.ts";
import { QueryService } from "./serve/query-service.ts";
import { shareSections, type SectionBytes } from "./serve/shared-sections.ts";

export const CACHE_FILE = "index.zjc";

/** Section names: one segment today (`seg.`); the live collection adds more beside it. */
export const SEGMENT_PREFIX = "seg.";
export const ECHO_SECTION = "echo";
export const MANIFEST_SECTION = "manifest";

/** What an opened engine stands on (the live collection starts from it): its store, cache key and corpus manifest. */
export interface OpenedIndex {
  store: Store;
  key: string;
  manifest: Manifest;
  /** The cache sections the store views (query workers share them). */
  sections: Record<string, SectionBytes>;
}
const openedIndexes = new WeakMap<Engine, OpenedIndex>();
export function openedIndex(engine: Engine): OpenedIndex | undefined {
  return openedIndexes.get(engine);
}

export interface EngineOptions extends OpenEngineOptions {
  /**
   * Serving limits (query workers, deadline, cost limit, admission); unset fields come from the
   * environment (src/serve/limits.ts). Query workers default to none: `npm start` asks for them.
   */
  serving?: Partial<ServingLimits>;
  /**
   * Resolve only once the query workers answer (a server: until then expensive queries would run on
   * the serving thread). Otherwise they boot in the background and queries run here meanwhile.
   */
  awaitWorkers?: boolean;
  /** Worker threads for the per-passage work (default: all cores for big corpora, none for small ones). */
  workers?: number;
  /** User dictionary for the segmenter (default dict/policy.dict.txt). */
  dictPath?: string;
  /**
   * The PostgreSQL store instead of the embedded one (default: ZHANGJIE_DATABASE_URL and
   * ZHANGJIE_DATABASE_READ_URL; the corpus is then loaded by `npm run index -- --database`).
   */
  database?: { url: string; readUrl?: string };
}

/** The database the environment names, if any. */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env): EngineOptions["database"] {
  const url = env.ZHANGJIE_DATABASE_URL;
  return url ? { url, readUrl: env.ZHANGJIE_DATABASE_READ_URL || undefined } : undefined;
}

type IngestFn = (corpusDir: string, opts?: { onProgress?: (done: number, total: number) => void }) => Corpus | Promise<Corpus>;

async function loadIngest(): Promise<IngestFn> {
  // Resolved at run time so this module type-checks while src/ingest is being written.
  const spec = "./ingest/index.ts";
  const mod = (await import(spec)) as { ingestCorpus: IngestFn };
  return mod.ingestCorpus;
}

export async function openEngine(opts: EngineOptions): Promise<Engine> {
  const t0 = performance.now();
  const log = opts.log ?? ((line: string) => console.error(line));
  const dictPath = opts.dictPath ?? POLICY_DICT_PATH;
  useDictionary(dictPath); // queries are analyzed with the dictionary the index was built with
  const database = opts.database ?? databaseFromEnv();
  if (database) return openPostgresEngine(database, log, t0);
  if (!fs.existsSync(opts.corpusDir)) throw new Error(`corpus directory not found: ${opts.corpusDir}`);
  const cacheFile = path.join(opts.cacheDir, CACHE_FILE);
  const { lap, timings } = stopwatch();

  let manifest: Manifest | null = null;
  let hashed = 0;
  let key = "";
  // The corpus as the walk sees it (what is read, what is skipped and why), its files' content hashes
  // from the manifest (only files whose stat changed are read again).
  const walk = walkCorpus(opts.corpusDir);
  const expectedKey = (sections: Sections): string => {
    const update = updateManifest(opts.corpusDir, decodeManifest(sections[MANIFEST_SECTION]), () => walk.files.map((f) => f.rel));
    manifest = update.manifest;
    hashed = update.rehashed.length;
    return (key = computeCacheKeyFromDigest(corpusDigest(opts.corpusDir, walk, manifest), dictPath));
  };
  let loaded: { store: Store; fromCache: boolean; sections: Record<string, SectionBytes> } | null = null;
  const cached = readCacheFile(cacheFile, expectedKey);
  if (cached.ok) {
    try {
      loaded = { store: loadStore(cached.sections), fromCache: true, sections: cached.sections };
      lap("load");
    } catch (err) {
      log(`index cache unreadable (${(err as Error).message}); rebuilding`);
    }
  } else if (cached.reason !== "no cache file") {
    log(`index cache not used: ${cached.reason}; rebuilding`);
  }
  if (!loaded) {
    // No usable cache: hash the files it did not vouch for (all of them, unless only the key differed).
    if (!manifest) expectedKey({});
    loaded = { ...(await build(opts, cacheFile, key, manifest!, lap, log)), fromCache: false };
  }

  logReports(loaded.store.reports(), log);
  const engine = servingEngine(inThreadEngine(loaded.store, log), loaded.store, loaded.sections, opts, log);
  if (opts.awaitWorkers) await engine.ready;
  lap(loaded.fromCache ? "open" : "searcher");
  const seconds = round3((performance.now() - t0) / 1000);
  const buildInfo: BuildInfo = { fromCache: loaded.fromCache, seconds, key, documents: engine.documents.length, passages: loaded.store.passageCount, timings };
  log(
    `${loaded.fromCache ? "loaded index from cache" : "built index"}: ${buildInfo.documents} documents, ${buildInfo.passages} passages in ${seconds.toFixed(2)} s ` +
      `(${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}; ${hashed} of ${(manifest as Manifest | null)?.files.length ?? 0} corpus files hashed)`,
  );
  const { ready: _ready, ...served } = engine;
  const opened = { ...served, build: buildInfo };
  openedIndexes.set(opened, { store: loaded.store, key, manifest: manifest!, sections: loaded.sections });
  return opened;
}

/**
 * The engine over the PostgreSQL store: the same assembly over each snapshot of the collection; a
 * load elsewhere (NOTIFY) swaps in the next one whole, so every answer sees one snapshot.
 */
async function openPostgresEngine(database: NonNullable<EngineOptions["database"]>, log: (line: string) => void, t0: number): Promise<Engine> {
  return postgresEngine(await PostgresCollection.open({ ...database, log }), log, t0);
}

/** The engine over a collection opened by the caller (serve.ts, which also writes uploads through it). */
export function postgresEngine(collection: PostgresCollection, log: (line: string) => void, t0 = performance.now()): Engine {
  let current = inThreadEngine(collection.store, log);
  collection.onChange((store) => (current = inThreadEngine(store, log)));
  const seconds = round3((performance.now() - t0) / 1000);
  const store = collection.store;
  const build: BuildInfo = { fromCache: true, seconds, key: `postgres generation ${store.generation}`, documents: current.documents.length, passages: store.passageCount, timings: { open: seconds } };
  log(`opened the index in PostgreSQL: ${build.documents} documents, ${build.passages} passages in ${seconds.toFixed(2)} s (generation ${store.generation})`);
  // Every member reads `current` when called, so a swap takes effect for the next call.
  const engine = new Proxy({} as Engine, {
    get(_, key: keyof Engine) {
      if (key === "build") return build;
      if (key === "close") return () => collection.close();
      return current[key as Exclude<keyof Engine, "build">];
    },
  });
  return engine;
}

/**
 * An opened embedded engine served as a server serves it (query workers, deadline, admission), for
 * a caller that opened it without (the bench measures the query rounds on the thread, HTTP served).
 */
export async function servedOver(engine: Engine, serving: Partial<ServingLimits>, log: (line: string) => void = () => {}): Promise<Engine> {
  const opened = openedIndex(engine);
  if (!opened) throw new Error("servedOver: not an engine opened over the embedded store");
  const served = servingEngine(inThreadEngine(opened.store, log), opened.store, opened.sections, { corpusDir: "", cacheDir: "", serving }, log);
  await served.ready;
  const { ready: _ready, ...rest } = served;
  return { ...rest, build: engine.build };
}

/** The store from checksummed cache sections: views of their bytes, nothing parsed per passage. */
export function loadStore(sections: Sections): Store {
  const segment = Segment.fromSections(sections, SEGMENT_PREFIX);
  const echoRaw = objectFromSections(sections, ECHO_SECTION);
  return new EmbeddedStore(new SegmentSet([segment]), isEchoStore(echoRaw) ? echoRaw : null);
}

/**
 * The engine as it serves: searches go through the QueryService (cost limit, admission, deadline,
 * query workers viewing the index's sections in shared memory); everything else as in-thread.
 */
function servingEngine(
  local: Omit<Engine, "build">,
  store: Store,
  sections: Record<string, SectionBytes>,
  opts: EngineOptions,
  log: (line: string) => void,
): Omit<Engine, "build"> & { ready: Promise<void> } {
  const limits = servingLimits(process.env, 0, opts.serving);
  const pool = limits.workers > 0 ? new QueryPool(limits.workers, shareSections(sections), limits.workerQueueMax, opts.dictPath, log) : null;
  const service = new QueryService({ grams: store.grams, passages: store.passageCount, inThread: (q, o) => local.search(q, o), pool, limits });
  return {
    ...local,
    search: (q, o) => service.search(q, o),
    searchJson: (q, o) => service.searchJson(q, o),
    close: () => service.close(),
    ready: pool ? pool.ready : Promise.resolve(),
  };
}

/** Options of an in-thread engine over a live snapshot. */
export interface InThreadOptions {
  /** The tables of the snapshot this store extends (segments appended, marks changed): only new rows are built. */
  baseTables?: SearchTables;
}

/** An in-thread engine that can build its searcher and echo index ahead of the first query. */
export type WarmableEngine = Omit<Engine, "build"> & {
  /** Builds the searcher (and the echo index when there are echoes) now. */
  warm(): void;
  /** The searcher's tables if a query or warm() has built them (a live snapshot's successor extends them). */
  builtTables(): SearchTables | null;
};

/** The engine over a store, every query on this thread: the searcher on the store's tables, echoes indexed on first use. */
export function inThreadEngine(store: Store, log: (line: string) => void, opts: InThreadOptions = {}): WarmableEngine {
  const documents = store.documents();
  const docsById = new Map<string, DocumentRecord>(documents.map((d) => [d.id, d]));
  // The echo index walks every passage: built when echoes are first asked for, not at start-up.
  let echoIndex: EchoIndex | null | undefined;
  const echoes = (): EchoIndex | null => {
    if (echoIndex !== undefined) return echoIndex;
    echoIndex = null;
    const echoStore = store.echoes();
    if (echoStore) {
      try {
        echoIndex = createEchoIndex(echoStore, documents, storePassages(store));
      } catch (err) {
        log(`echoes unavailable: ${(err as Error).message}`);
      }
    }
    return echoIndex;
  };
  const hasEchoes = store.echoes() !== null;
  // Built at the first query, not at open: its tables read every passage (a restart answers `doc` and `passage` at once).
  let built: Searcher | null = null;
  const searcher = (): Searcher => (built ??= searcherOver(store, hasEchoes ? (id, limit) => echoes()?.echoesOf(id, limit) ?? [] : undefined, opts.baseTables));
  const editions = new Map(documents.flatMap((doc) => doc.editions.map((edition) => [edition.id, { doc, edition }] as const)));
  const knownDoc = (id: string): void => {
    if (!docsById.has(id)) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
  };
  const echoIndexOrThrow = (): EchoIndex => {
    const index = echoes();
    if (!index) throw new ZhangjieError("ECHOES_UNAVAILABLE");
    return index;
  };
  return {
    documents: summaries(store, documents),
    reports: store.reports(),
    doc: async (id) => docsById.get(id),
    async passage(id): Promise<PassageLookup | undefined> {
      const ord = store.ordinalOf(id);
      if (ord === undefined) return undefined;
      const e = store.entry(ord);
      return { passage: e.passage, doc: e.doc, edition: e.edition };
    },
    search: async (q, o) => {
      // Building the searcher (the first query after a start) is not the query's work: its deadline waits for it.
      const t = Date.now();
      const s = searcher();
      const built = Date.now() - t;
      const opts = o?.deadline !== undefined && built > 0 ? { ...o, deadline: o.deadline + built } : o;
      return withSources(await s.searchAsync(q, opts), q, echoes());
    },
    highlighter: async (q) => searcher().highlighter(q),
    async passageHit(id) {
      const ord = store.ordinalOf(id);
      return ord === undefined ? undefined : searcher().hit(ord, 0, [], undefined);
    },
    echoesOf: async (id, limit) => echoes()?.echoesOf(id, limit) ?? [],
    echoCount: (id) => echoes()?.echoCount(id) ?? 0,
    passageSources: async (id) => echoes()?.sources(id),
    trail: async (id) => echoes()?.trail(id),
    async indicators(docIds) {
      for (const id of docIds) knownDoc(id);
      return echoIndexOrThrow().indicators(docIds);
    },
    async compare(a, b) {
      knownDoc(a);
      knownDoc(b);
      return echoIndexOrThrow().compare(a, b);
    },
    edition: async (id) => editions.get(id),
    versions: async (a, b) => versionsOf(editions.get(a), editions.get(b), a, b),
    close: async () => {},
    warm() {
      searcher();
      echoes();
    },
    builtTables: () => built?.tables ?? null,
  };
}

/**
 * The documents without their editions' texts, outlines and passages (nothing decoded); each one's
 * primary passages counted from the tables.
 */
function summaries(store: Store, documents: readonly DocumentRecord[]): DocumentSummary[] {
  const t = store.tables();
  const all = store.tableDocuments();
  const counts = new Map<DocumentRecord, number>();
  const perDoc = new Uint32Array(all.length);
  for (let o = 0; o < t.doc.length; o++) if (t.primary[o]) perDoc[t.doc[o]!]!++;
  all.forEach((d, i) => counts.set(d, perDoc[i]!));
  return documents.map((d) => documentSummary(d, counts.get(d) ?? 0));
}

/** A document's summary (passageCount: of the primary edition, counted when not given). */
export function documentSummary(d: DocumentRecord, passageCount?: number): DocumentSummary {
  const { editions, ...meta } = d;
  return { ...meta, editions: editions.map((e) => editionSummary(e)), passageCount: passageCount ?? editions[0]?.passages.length ?? 0 };
}

function editionSummary(e: Edition): EditionSummary {
  return {
    id: e.id,
    name: e.name,
    source: e.source,
    ...(e.format !== undefined ? { format: e.format } : {}),
    ...(e.version ? { version: e.version } : {}),
    primary: e.primary,
    // Counted when first asked (the documents page): the passages are decoded then, not at start-up.
    get passageCount() {
      return e.passages.length;
    },
  };
}

/** The searcher over a store's postings, tables and texts (tests build one over a store of their own). */
export function searcherOver(store: Store, echoesOf?: (passageId: string, limit?: number) => EchoRef[], baseTables?: SearchTables): Searcher {
  return new Searcher(store, echoesOf, baseTables);
}

/**
 * A pasted text (similarity mode) also answers where it comes from: the echo index follows the
 * hits to the passages of other documents they adapt (出处).
 */
function withSources(r: SearchResponse, q: string, echoIndex: EchoIndex | null): SearchResponse {
  if (r.mode !== "similar" || !echoIndex) return r;
  return { ...r, sources: echoIndex.sourcesOf(q, r.hits.map((h) => h.id)) };
}

async function build(
  opts: EngineOptions,
  cacheFile: string,
  key: string,
  manifest: Manifest,
  lap: (stage: string) => void,
  log: (line: string) => void,
): Promise<{ store: Store; sections: Record<string, SectionBytes> }> {
  // Big corpus: boot the workers (tsx, jieba's dictionary: a second or more each) now, so that it
  // overlaps ingest, which runs on this thread. ~3 UTF-8 bytes per character.
  const workers = workerCount(manifest.files.reduce((s, f) => s + f.size, 0) / 3, opts.workers);
  const pool = workers > 0 ? new CutPool(workers, opts.dictPath) : undefined;
  const ingestCorpus = await loadIngest();
  let corpus: Corpus;
  // Reading PDFs and scans takes seconds a file: a long build shows how far it got.
  const readBar = opts.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: "reading {bar} {value}/{total} files", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  try {
    corpus = await ingestCorpus(opts.corpusDir, {
      onProgress: readBar ? (done, total) => (done === 1 ? readBar.start(total, 1) : readBar.update(done)) : undefined,
    });
  } catch (err) {
    pool?.close();
    throw err;
  } finally {
    readBar?.stop();
  }
  lap("ingest");

  const texts: string[] = [];
  for (const d of corpus.documents) for (const e of d.editions) for (const p of e.passages) texts.push(p.text);
  const bar =
    opts.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: "indexing {bar} {value}/{total} passages", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(texts.length, 0);
  // With workers, this call queues every chunk's words to them and returns; this thread computes
  // the echoes meanwhile ("echo"), then the squeezed texts and gram postings ("grams"); "analyze" is
  // what is left of the wait for the words. Without workers, the words are cut here first.
  const cutting = indexWords(texts, { workers: opts.workers, dictPath: opts.dictPath, pool, onProgress: (n) => bar?.update(n) });
  let echoStore: EchoStore | null = null;
  try {
    echoStore = computeEchoes(corpus.documents);
  } catch (err) {
    log(`echo computation failed (${(err as Error).message}); serving search without echoes`);
  }
  lap("echo");
  const chars = indexCharacters(texts);
  lap("grams");
  const words = await cutting.finally(() => pool?.close());
  bar?.stop();
  lap("analyze");

  const segment = buildSegment(corpus, { words, ...chars });
  lap("index");

  const store = new EmbeddedStore(new SegmentSet([segment]), echoStore);
  const sections: Record<string, SectionBytes> = {
    ...segment.toSections(SEGMENT_PREFIX),
    ...(echoStore ? objectSections(ECHO_SECTION, echoStore as unknown as Record<string, unknown>) : {}),
  };
  // A failed echo pass must not be frozen into the cache: the next start should try again.
  if (!echoStore) {
    log("index cache not saved because echoes are missing; the next start will rebuild");
    return { store, sections };
  }
  try {
    const bytes = writeCacheFile(cacheFile, key, { [MANIFEST_SECTION]: encodeManifest(manifest), ...sections });
    lap("save");
    log(`saved index cache ${cacheFile} (${(bytes / 1e6).toFixed(1)} MB)`);
  } catch (err) {
    log(`could not save the index cache (${(err as Error).message}); the next start will rebuild`);
  }
  return { store, sections };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
