/**
 * The echo store: what the echo builder produces and index-cache/ keeps. Flat on purpose — a few
 * typed arrays and one list of ids — so that it is written and read as raw bytes (no JSON parse of
 * millions of numbers) and a restart loads it at once.
 *
 * Passages are referred to by their index in `ids`. Two kinds of relation are stored:
 *  - pairs: an aligned pair of clauses with its spans (direct evidence);
 *  - groups: near-identical copies of one clause (all copies of a widely copied clause), stored as
 *    a representative per passage instead of every pair among them, so a clause copied into a
 *    thousand documents costs a thousand entries, not half a million pairs.
 */
import type { AlignParams } from "./align.ts";

/** 3: clauses only, rarity weights, near-identical groups, typed arrays. */
export const ECHO_STORE_VERSION = 3;

export interface EchoParams {
  /** Shingle width in characters (after folding, whitespace dropped). */
  shingleK: number;
  /** Winnowing window: fingerprints kept per passage ≈ 2/(window+1) of its shingles. */
  window: number;
  /**
   * A fingerprint held by more group representatives than this is a stock phrase used in many
   * different passages: it proposes no candidates (its weight is near 0 anyway). Copies of one
   * clause are grouped, so they count once here.
   */
  maxDf: number;
  /** When every fingerprint of a passage is over maxDf, this many rarest ones still propose (capped) candidates. */
  fallbackAnchors: number;
  /** Shared fingerprints needed to become a candidate (fewer when the passage has fewer). */
  minSharedFingerprints: number;
  /**
   * …and their rarity weights must add up to this (one wholly distinctive fingerprint), unless
   * there are longVotes of them (a long shared run, which counts however common it is).
   */
  minVoteWeight: number;
  longVotes: number;
  /** Candidate passages aligned per other document (best voted first): the cost bound per pair of documents. */
  maxPerDocument: number;
  /** Safety valve: candidates aligned per passage in all. */
  maxCandidates: number;
  /** Shared characters weighted by rarity an echo needs (rarity.ts). */
  minDistinctive: number;
  /** A verbatim run this long is an echo whatever its rarity. */
  longCopy: number;
  /** …and at least this similarity (shared characters over the shorter passage's). */
  minSimilarity: number;
  /** Two passages sharing this share of the shorter's characters… */
  groupShare: number;
  /** …and this share of the longer's are copies of one clause: grouped. */
  groupLonger: number;
  align: AlignParams;
}

export interface EchoStoreStats {
  documents: number;
  /** Clause passages of primary editions (headings and header lines take no part). */
  passages: number;
  distinctShingles: number;
  /** Fingerprints skipped because more than maxDf representatives hold them (or many hold a stock one). */
  overFrequentSkips: number;
  /** Postings entries read while voting (the candidate stage's cost). */
  votes: number;
  alignedPairs: number;
  echoPairs: number;
  /** Passages that joined a group of near-identical copies (they inherit its echoes). */
  grouped: number;
  groups: number;
  seconds: number;
  /** Seconds per stage (register, group, rarity, link), summed over additions. */
  stages: Record<string, number>;
}

export interface EchoStore {
  version: number;
  params: EchoParams;
  /** Passage ids (primary editions, clauses) in a pair or a group. */
  ids: string[];
  /** Per id: index of its group's representative (itself when it represents a group or is alone). */
  rep: Int32Array;
  /** Per id: 1 when it echoes its group's other members (a copy of a clause distinctive enough to count). */
  mate: Uint8Array;
  /**
   * Flat records, one per unordered pair:
   *   a, b          indexes into `ids` (a was processed after b: b is earlier in corpus order)
   *   simMilli      similarity × 1000: shared characters / shorter passage's characters
   *   distinct10    distinctive characters × 10 (shared characters weighted by rarity); −10 when the
   *                 pair was accepted as a long verbatim copy without being weighed
   *   matched       shared characters
   *   longest       longest verbatim run
   *   nSpans        then nSpans × (aStart, aEnd, bStart, bEnd): display offsets, ascending in a
   */
  pairs: Int32Array;
  stats: EchoStoreStats;
}

export const PAIR_HEADER = 7;

export interface StoredPair {
  a: number;
  b: number;
  similarity: number;
  distinctive: number;
  matched: number;
  longest: number;
  /** Offset of the first span value in `pairs`. */
  spanAt: number;
  nSpans: number;
}

/** Walk the flat pair records. */
export function* readPairs(store: Pick<EchoStore, "pairs">): Generator<StoredPair> {
  const p = store.pairs;
  for (let x = 0; x + PAIR_HEADER <= p.length; ) {
    const nSpans = p[x + 6]!;
    yield { a: p[x]!, b: p[x + 1]!, similarity: p[x + 2]! / 1000, distinctive: p[x + 3]! / 10, matched: p[x + 4]!, longest: p[x + 5]!, spanAt: x + PAIR_HEADER, nSpans };
    x += PAIR_HEADER + 4 * nSpans;
  }
}

/** A store's shape is what this code expects (a stale or corrupt cache is rebuilt, not trusted). */
export function isEchoStore(x: unknown): x is EchoStore {
  if (typeof x !== "object" || x === null) return false;
  const s = x as Partial<EchoStore>;
  return (
    s.version === ECHO_STORE_VERSION &&
    Array.isArray(s.ids) &&
    s.rep instanceof Int32Array &&
    s.mate instanceof Uint8Array &&
    s.pairs instanceof Int32Array &&
    s.rep.length === s.ids.length &&
    s.mate.length === s.ids.length &&
    typeof s.params === "object"
  );
}
