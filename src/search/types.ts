import type { HeadingRef } from "../model.ts";
import type { EchoRef, SourceRef } from "../echo/types.ts";

/** One ranked passage, as `GET /api/search` returns it. */
export interface SearchHit {
  id: string;
  docId: string;
  docTitle: string;
  /** Edition name of the passage shown (the primary edition). */
  edition: string;
  editionId: string;
  /** Same passage in the document's other editions, if any. */
  otherEditions: { editionId: string; edition: string; passageId: string }[];
  path: HeadingRef[];
  text: string;
  /** `[start, end)` offsets into `text` as displayed. */
  highlights: [number, number][];
  score: number;
  /** Pasteable: 《title》（文号）第四章第二节“title”. */
  citation: string;
  /** `/doc/:docId#p-<passageId>` */
  url: string;
  /** Top echoes in other documents (issue 4); [] when none. */
  echoes: EchoRef[];
}

export interface SearchResponse {
  query: string;
  total: number;
  tookMs: number;
  /** "terms" for the query language, "similar" when a pasted text was searched by similarity. */
  mode: "terms" | "similar";
  hits: SearchHit[];
  /**
   * Similarity mode only: passages of other documents the pasted text most likely comes from (出处),
   * beside its occurrences (the hits). Added by the engine from the echo index; absent otherwise.
   */
  sources?: SourceRef[];
  /** Counts over all matches (not just this page), for narrowing facets. */
  facets: {
    docs: { docId: string; title: string; count: number }[];
    chapters: { docId: string; label: string; title: string; count: number }[];
  };
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
}
