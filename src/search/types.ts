import type { HeadingRef, Level } from "../model.ts";
import type { EchoRef, SourceRef } from "../echo/types.ts";
import type { ScoreDetail } from "./scorer.ts";

/** Another document holding the same passage (same folded text), folded into one hit. */
export interface AlsoIn {
  id: string;
  docId: string;
  docTitle: string;
  path: HeadingRef[];
  /** `/doc/:docId#p-<passageId>` */
  url: string;
  /** Its own citations: only in an export (`rows`), where every folded passage is a row of its own. */
  citation?: string;
  citationGbt?: string;
}

/** One ranked passage, as `GET /api/search` returns it. */
export interface SearchHit {
  id: string;
  docId: string;
  docTitle: string;
  /** 文号, issuer, date (ISO), region and level of the passage's document (date: its version's, for a versioned one). */
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  region: string | null;
  level: Level;
  /** Edition name of the passage shown (the primary edition). */
  edition: string;
  editionId: string;
  /** Same passage in the document's other editions (and other versions), if any. */
  otherEditions: { editionId: string; edition: string; passageId: string }[];
  /** Set when the document has dated versions: the version this passage is from (`current: false` for an older one). */
  version?: { label: string; date: string; current: boolean };
  path: HeadingRef[];
  text: string;
  /** `[start, end)` offsets into `text` as displayed. */
  highlights: [number, number][];
  score: number;
  /** Each signal's share of the score (only with `explain`). */
  explain?: ScoreDetail;
  /** Pasteable: 《title》（文号）第四章第二节“title”. */
  citation: string;
  /** The document as a GB/T 7714-2015 reference. */
  citationGbt: string;
  /** `/doc/:docId#p-<passageId>` (the reader; `?q=` added by pages that mark the query there). */
  url: string;
  /**
   * The same passage elsewhere (identical after folding), folded into this hit: the first ALSO_IN_LISTED
   * of them in document order (all of them in an export); [] when none.
   */
  alsoIn: AlsoIn[];
  /** How many identical passages were folded into this hit, and in how many other documents they stand. */
  alsoInTotal: number;
  alsoInDocs: number;
  /** Top echoes in other documents (issue 4); [] when none. */
  echoes: EchoRef[];
}

/** What every facet value carries: how many matches it covers, the filter that selects exactly them, the query narrowed by it. */
export interface FacetLink {
  count: number;
  /** As written in the query box: `in:"一、总体要求"`, `doc:吉政办发〔2022〕14号`, `level:省`. */
  filter: string;
  /** The current query narrowed by this value. */
  query: string;
  /** The query already has this filter. */
  active: boolean;
}

export interface ValueFacet extends FacetLink {
  /** The stored value (a level such as "province", a region name, "unknown"). */
  value: string;
  /** As shown: 省, 延边朝鲜族自治州, 2022, 未知. */
  text: string;
}

export interface SearchFacets {
  docs: (FacetLink & { docId: string; title: string })[];
  /** Top-level headings of each document. */
  chapters: (FacetLink & { docId: string; label: string; title: string })[];
  regions: ValueFacet[];
  levels: ValueFacet[];
  types: ValueFacet[];
  /** By year of the document's (or version's) date, newest first, 未知 last. */
  years: ValueFacet[];
  statuses: ValueFacet[];
}

/**
 * Why this mode answered:
 *   matched      terms found (mode "terms")
 *   filters-only the query is only filters: the passages they admit, in the chosen order
 *   no-match     a terms query that nothing holds: total 0, similar passages offered apart in `similar`
 *   pasted-text  a pasted text (over 40 characters, no operators): where it comes from (mode "similar")
 */
export type SearchReason = "matched" | "filters-only" | "no-match" | "pasted-text";

export type SearchSort = "relevance" | "newest" | "oldest" | "document";
export const SORTS: readonly SearchSort[] = ["relevance", "newest", "oldest", "document"];

export interface SearchResponse {
  query: string;
  /** Results: hits after identical passages are folded together (what the pages go through). */
  total: number;
  /** Matching passages, each document's copy counted (what the facets add up to). */
  matched: number;
  tookMs: number;
  /** "terms" for the query language, "similar" when a pasted text was searched by similarity. */
  mode: "terms" | "similar";
  reason: SearchReason;
  /** The positive terms as typed: one list of alternatives per clause (碳达峰 梅花鹿|人参 → [["碳达峰"], ["梅花鹿", "人参"]]). */
  terms: string[][];
  sort: SearchSort;
  hits: SearchHit[];
  /**
   * Similarity mode only: passages of other documents the pasted text most likely comes from (出处),
   * beside its occurrences (the hits). Added by the engine from the echo index; absent otherwise.
   */
  sources?: SourceRef[];
  /** For a terms query without a match: passages similar to it, offered apart — never results. */
  similar?: { total: number; hits: SearchHit[] };
  /** Counts over all matches (not just this page), for narrowing facets (at most 20 values each, 40 chapters). */
  facets: SearchFacets;
  /** How many values each facet had before the cut. */
  facetTotals: Record<keyof SearchFacets, number>;
  /** The active filters, each with the query that removes it. */
  filters: { field: string; value: string; negated: boolean; text: string; removeQuery: string }[];
  /**
   * True when the query reached its deadline while ranking: `total`, `matched` and the facets are
   * exact, but the hits are the best of the passages ranked in time, not of all of them.
   */
  partial?: boolean;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Default relevance. */
  sort?: SearchSort;
  /** Offer similar passages when a terms query has no match (default true). */
  similar?: boolean;
  /** Hits without echoes, highlights or alsoIn details beyond ids, limit up to MAX_EXPORT_ROWS (exports). */
  rows?: boolean;
  /** Each hit says how its score was made (`explain`). */
  explain?: boolean;
  /**
   * When the query must be done, as epoch milliseconds (Date.now()). Matching past it rejects with
   * QUERY_TIMEOUT (503); ranking past it answers the passages ranked so far with `partial: true`.
   */
  deadline?: number;
  /** Who asks (an address): the engine limits the expensive queries one client runs at once. */
  client?: string;
}
