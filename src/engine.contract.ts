/**
 * The contract between the pipeline and its consumers (web, CLI, bench). `src/engine.ts`
 * implements `openEngine`; everything that serves or measures takes an `Engine`.
 */
import type { DocumentRecord, Edition, FileReport, Passage } from "./model.ts";
import type { SearchHit, SearchOptions, SearchResponse } from "./search/types.ts";
import type { CompareResponse, EchoRef, IndicatorComparison, PassageSources, TrailResponse } from "./echo/types.ts";
import type { VersionsResponse } from "./compare/versions.ts";

/** An edition without its text, outline and passages: what a list of documents holds. */
export interface EditionSummary extends Omit<Edition, "text" | "outline" | "passages"> {
  /** How many passages the edition has. */
  readonly passageCount: number;
}

/** A document's metadata and its editions' summaries: cheap to hold for every document of the collection. */
export interface DocumentSummary extends Omit<DocumentRecord, "editions"> {
  /** Primary edition first. */
  editions: EditionSummary[];
  /** Passages of the primary edition. */
  passageCount: number;
}

export interface PassageLookup {
  passage: Passage;
  doc: DocumentRecord;
  edition: Edition;
}

/**
 * What web, CLI and bench call. Every call that may be answered by a store (a database) or by a query
 * worker returns a Promise; what stays synchronous is held in memory by every server (the document
 * summaries, echo counts, the build's figures).
 */
export interface Engine {
  /** Documents in corpus order, each with its editions' summaries (primary first); no texts or passages. */
  readonly documents: readonly DocumentSummary[];
  /** A document with its editions' texts, outlines and passages. */
  doc(id: string): Promise<DocumentRecord | undefined>;
  /** Any passage of any edition. */
  passage(id: string): Promise<PassageLookup | undefined>;
  /** Rejects with ZhangjieError (status 400) for a bad query. */
  search(q: string, opts?: SearchOptions): Promise<SearchResponse>;
  /**
   * The same answer serialised as UTF-8 JSON (what the JSON API sends), when the engine can give it
   * without building the object on the caller's thread: a served engine's query worker serialises it
   * where it was computed. Absent: the caller serialises `search`'s answer.
   */
  searchJson?(q: string, opts?: SearchOptions): Promise<Uint8Array>;
  /**
   * Marks a query's terms in any text (the reader opened from a result): `[start, end)` offsets into
   * the text as displayed; null when the query cannot be read or has no terms to mark.
   */
  highlighter(q: string): Promise<((text: string) => [number, number][]) | null>;
  /** A passage shaped as a search hit (no highlights, score 0) with all of its echoes. */
  passageHit(id: string): Promise<SearchHit | undefined>;
  /** Echoes by how much of the passage each covers, best first. */
  echoesOf(passageId: string, limit?: number): Promise<EchoRef[]>;
  /** How many passages echo this one (nothing aligned, held in memory: cheap enough for every passage of a page). */
  echoCount(passageId: string): number;
  /** The passage's sentences, each with its best source(s) among the echoes; undefined for an unknown id. */
  passageSources(passageId: string): Promise<PassageSources | undefined>;
  /** Where the passage's clause travelled: the documents carrying it, by date; undefined for an unknown id. */
  trail(passageId: string): Promise<TrailResponse | undefined>;
  /** Rejects with ZhangjieError NOT_FOUND / BAD_PARAMETER for unknown or equal ids. */
  compare(aDocId: string, bDocId: string): Promise<CompareResponse>;
  /** The document and edition (with its text and passages) an edition id names. */
  edition(editionId: string): Promise<{ doc: DocumentRecord; edition: Edition } | undefined>;
  /**
   * Two versions of one document aligned article by article. Rejects with ZhangjieError NOT_FOUND for an
   * unknown edition, BAD_PARAMETER when the editions are equal or not two versions of one document.
   */
  versions(aEditionId: string, bEditionId: string): Promise<VersionsResponse>;
  /** Indicator tables (指标) of the documents side by side. Rejects with NOT_FOUND for an unknown id. */
  indicators(docIds: readonly string[]): Promise<IndicatorComparison>;
  /** Per corpus file: what ingest produced and what it warned about. */
  readonly reports: readonly FileReport[];
  readonly build: BuildInfo;
  /** Stops what the engine started (query workers); the engine answers nothing after. */
  close(): Promise<void>;
}

export interface OpenEngineOptions {
  corpusDir: string;
  cacheDir: string;
  /** Show a progress bar on a TTY while building. */
  progress?: boolean;
  /** Where one-line messages go (build summary, skipped files); default console.error. */
  log?: (line: string) => void;
}

export interface BuildInfo {
  /** True when the index was loaded from index-cache/ without segmenting again. */
  fromCache: boolean;
  /** Wall time of openEngine (build or load). */
  seconds: number;
  /** Hash of corpus files + dictionary + analyzer/format version that keys the cache. */
  key: string;
  documents: number;
  passages: number;
  /** Seconds per stage of the last build (ingest, analyze, index, echo, save); on a cache load, of the load. */
  timings: Record<string, number>;
}
