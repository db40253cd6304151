/**
 * The composition root: `openEngine` wires ingest → analysis → index → echoes into an Engine,
 * loading everything from index-cache/ when the cache key (corpus files, dictionary, pipeline
 * code) is unchanged — a cache load does not ingest or segment anything — and rebuilding
 * (then saving atomically) when the key changed or the cache file is missing, truncated or corrupt.
 */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { BuildInfo, Engine, OpenEngineOptions, PassageLookup } from "./engine.contract.ts";
import type { Corpus, DocumentRecord, FileReport } from "./model.ts";
import { ZhangjieError } from "./errors.ts";
import { useDictionary, POLICY_DICT_PATH } from "./analysis/segmenter.ts";
import { squeeze, type Squeezed } from "./analysis/squeeze.ts";
import { listPassages, type PassageEntry } from "./index/passage-table.ts";
import { SegmentPool, segmentForIndex, workerCount } from "./index/word-cut-pool.ts";
import { WordIndex } from "./index/word-index.ts";
import { decodeCorpus, decodeObject, encodeCorpus, encodeObject } from "./index/cache-codec.ts";
import { GramPostings } from "./index/gram-postings.ts";
import { computeCacheKey } from "./index/cache-key.ts";
import { readCacheFile, writeCacheFile } from "./index/cache-file.ts";
import { Searcher } from "./search/searcher.ts";
import { computeEchoes, createEchoIndex, isEchoStore, type EchoIndex, type EchoStore } from "./echo/index.ts";

export const CACHE_FILE = "index.zjc";

export interface EngineOptions extends OpenEngineOptions {
  /** Segmentation worker threads (default: all cores for big corpora, none for small ones). */
  workers?: number;
  /** User dictionary for the segmenter (default dict/policy.dict.txt). */
  dictPath?: string;
}

interface Built {
  corpus: Corpus;
  words: WordIndex;
  grams: GramPostings;
  echoStore: EchoStore | null;
  /** Set by a build (which needed them for the grams), so the searcher does not redo them. */
  entries?: PassageEntry[];
  squeezed?: Squeezed[];
}

type IngestFn = (corpusDir: string) => Corpus | Promise<Corpus>;

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
  if (!fs.existsSync(opts.corpusDir)) throw new Error(`corpus directory not found: ${opts.corpusDir}`);
  const key = computeCacheKey(opts.corpusDir, dictPath);
  const cacheFile = path.join(opts.cacheDir, CACHE_FILE);
  const timings: Record<string, number> = {};
  const lap = (() => {
    let last = performance.now();
    return (stage: string) => {
      const now = performance.now();
      timings[stage] = round3((now - last) / 1000);
      last = now;
    };
  })();

  let built: Built | null = null;
  let fromCache = false;
  const cached = readCacheFile(cacheFile, key);
  if (cached.ok) {
    try {
      const s = cached.sections;
      const corpus = decodeCorpus(s);
      if (!s.words || !s.grams || !s.echo) throw new Error("index sections missing");
      const words = WordIndex.deserialize(s.words);
      const grams = GramPostings.deserialize(s.grams);
      const echoRaw = decodeObject(s.echo);
      const echoStore = isEchoStore(echoRaw) ? echoRaw : null;
      const passages = corpus.documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.passages.length, 0), 0);
      if (words.passages !== passages) throw new Error("word index does not match the passages");
      built = { corpus, words, grams, echoStore };
      fromCache = true;
      lap("load");
    } catch (err) {
      log(`index cache unreadable (${(err as Error).message}); rebuilding`);
    }
  } else if (cached.reason !== "no cache file") {
    log(`index cache not used: ${cached.reason}; rebuilding`);
  }

  if (!built) built = await build(opts, cacheFile, key, lap, log);

  const { corpus } = built;
  const entries = built.entries ?? listPassages(corpus.documents);
  let echoIndex: EchoIndex | null = null;
  if (built.echoStore) {
    try {
      echoIndex = createEchoIndex(built.echoStore, corpus.documents);
    } catch (err) {
      log(`echoes unavailable: ${(err as Error).message}`);
    }
  }
  const searcher = new Searcher({
    documents: corpus.documents,
    entries,
    squeezed: built.squeezed,
    grams: built.grams,
    words: built.words,
    echoesOf: echoIndex ? (id, limit) => echoIndex.echoesOf(id, limit) : undefined,
  });
  lap(fromCache ? "open" : "searcher");

  const docsById = new Map<string, DocumentRecord>(corpus.documents.map((d) => [d.id, d]));
  const seconds = round3((performance.now() - t0) / 1000);
  const buildInfo: BuildInfo = { fromCache, seconds, key, documents: corpus.documents.length, passages: entries.length, timings };
  log(
    `${fromCache ? "loaded index from cache" : "built index"}: ${buildInfo.documents} documents, ${buildInfo.passages} passages in ${seconds.toFixed(2)} s ` +
      `(${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`,
  );

  return {
    documents: corpus.documents,
    reports: corpus.reports,
    build: buildInfo,
    doc: (id) => docsById.get(id),
    passage(id): PassageLookup | undefined {
      const ord = searcher.ordinalOf(id);
      if (ord === undefined) return undefined;
      const e = entries[ord]!;
      return { passage: e.passage, doc: e.doc, edition: e.edition };
    },
    search: (q, o) => searcher.search(q, o),
    passageHit(id) {
      const ord = searcher.ordinalOf(id);
      return ord === undefined ? undefined : searcher.hit(ord, 0, [], undefined);
    },
    echoesOf: (id, limit) => (echoIndex ? echoIndex.echoesOf(id, limit) : []),
    compare(a, b) {
      if (!docsById.has(a)) throw new ZhangjieError("NOT_FOUND", `document ${a}`);
      if (!docsById.has(b)) throw new ZhangjieError("NOT_FOUND", `document ${b}`);
      if (!echoIndex) throw new ZhangjieError("ECHOES_UNAVAILABLE");
      return echoIndex.compare(a, b);
    },
  };
}

async function build(opts: EngineOptions, cacheFile: string, key: string, lap: (stage: string) => void, log: (line: string) => void): Promise<Built> {
  // Big corpus: boot the segmentation workers (tsx, jieba's dictionary: a second or more each)
  // now, so that it overlaps ingest, which runs on this thread. ~3 UTF-8 bytes per character.
  const workers = workerCount(corpusBytes(opts.corpusDir) / 3, opts.workers);
  const pool = workers > 1 ? new SegmentPool(workers, opts.dictPath) : undefined;
  const ingestCorpus = await loadIngest();
  let corpus: Corpus;
  try {
    corpus = await ingestCorpus(opts.corpusDir);
  } catch (err) {
    pool?.close();
    throw err;
  }
  for (const r of corpus.reports as FileReport[]) {
    if (!r.ok) log(`skipped ${r.file}: ${r.error ?? "unreadable"}`);
    else if (r.warnings.length) log(`${r.file}: ${r.warnings.length} warning(s): ${r.warnings.slice(0, 3).join("; ")}${r.warnings.length > 3 ? " …" : ""}`);
  }
  lap("ingest");

  const entries = listPassages(corpus.documents);
  const texts = entries.map((e) => e.passage.text);
  const bar =
    opts.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: "segmenting {bar} {value}/{total} passages", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(texts.length, 0);
  // On a big corpus segmentation runs in worker threads, its work all queued by this call; this
  // thread meanwhile builds the character grams, which need no words. "grams" is that thread's
  // time, "analyze" the wait for segmentation left after it. (Echoes are not overlapped: their
  // alignment has worker threads of its own, and on two cores five busy threads were slower.)
  const segmenting = segmentForIndex(texts, { workers: opts.workers, dictPath: opts.dictPath, pool, onProgress: (n) => bar?.update(n) });
  const squeezed = texts.map((t) => squeeze(t));
  const grams = GramPostings.build(squeezed.map((sq) => sq.text));
  lap("grams");
  const terms = await segmenting.finally(() => pool?.close());
  bar?.stop();
  lap("analyze");

  const words = WordIndex.build(terms);
  lap("index");

  let echoStore: EchoStore | null = null;
  try {
    echoStore = computeEchoes(corpus.documents);
  } catch (err) {
    log(`echo computation failed (${(err as Error).message}); serving search without echoes`);
  }
  lap("echo");

  // A failed echo pass must not be frozen into the cache: the next start should try again.
  if (!echoStore) {
    log("index cache not saved because echoes are missing; the next start will rebuild");
    return { corpus, words, grams, echoStore, entries, squeezed };
  }
  try {
    const bytes = writeCacheFile(cacheFile, key, {
      ...encodeCorpus(corpus),
      words: await words.serialize(),
      grams: grams.serialize(),
      echo: encodeObject(echoStore as unknown as Record<string, unknown>),
    });
    lap("save");
    log(`saved index cache ${cacheFile} (${(bytes / 1e6).toFixed(1)} MB)`);
  } catch (err) {
    log(`could not save the index cache (${(err as Error).message}); the next start will rebuild`);
  }
  return { corpus, words, grams, echoStore, entries, squeezed };
}

/** Bytes of the corpus files (what the worker decision can see before ingest has read them). */
function corpusBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    try {
      total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    } catch {
      // vanished or unreadable: ingest reports it
    }
  }
  return total;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
