/**
 * The echo store: what computeEchoes produces and index-cache/ keeps (plain JSON: arrays of
 * numbers and strings). Pairs are stored once, unordered; the index reads them in both directions.
 */
import type { AlignParams } from "./align.ts";

/** 2: invisible control/format characters are no longer counted or aligned (analysis/squeeze.ts). */
export const ECHO_STORE_VERSION = 2;

export interface EchoParams {
  /** Shingle width in characters (after folding, whitespace dropped). */
  shingleK: number;
  /** Winnowing window: fingerprints kept per passage ≈ 2/(window+1) of its shingles. */
  window: number;
  /** A fingerprint held by more passages than this proposes no candidates (passim's max-df). */
  maxDf: number;
  /** When every fingerprint is over-frequent, this many rarest ones still propose (capped) candidates. */
  fallbackAnchors: number;
  /** Candidate partners aligned per passage. */
  maxCandidates: number;
  /** Shared non-boilerplate fingerprints needed to become a candidate. */
  minSharedFingerprints: number;
  /** A shingle in at least max(boilerplateMinDocs, ⌈boilerplateDocShare·documents⌉) documents is boilerplate… */
  boilerplateMinDocs: number;
  boilerplateDocShare: number;
  /** …and so is one in at least max(boilerplateMinPassages, ⌈boilerplatePassageShare·passages⌉) passages. */
  boilerplateMinPassages: number;
  boilerplatePassageShare: number;
  /** An echo needs this many aligned non-boilerplate characters (or half the shorter passage, if less). */
  minInformative: number;
  /** …and at least this similarity. */
  minSimilarity: number;
  align: AlignParams;
}

export interface EchoStoreStats {
  documents: number;
  passages: number;
  distinctShingles: number;
  fingerprints: number;
  boilerplateDocLimit: number;
  boilerplatePassageLimit: number;
  overFrequentSkips: number;
  alignedPairs: number;
  echoPairs: number;
  /** Threads the alignment pass ran on. */
  workers: number;
  indexSeconds: number;
  alignSeconds: number;
  seconds: number;
}

export interface EchoStore {
  version: number;
  params: EchoParams;
  /** Passage ids (primary editions) that take part in at least one echo pair. */
  ids: string[];
  /**
   * Flat records, one per unordered echo pair:
   *   a, b            indexes into `ids` (a came earlier in corpus order)
   *   simMilli        similarity × 1000, rounded: shared characters / shorter passage's characters
   *   informative     shared characters that are not boilerplate
   *   matched         shared characters
   *   nSpans          then nSpans × (aStart, aEnd, bStart, bEnd), display offsets, ascending in a
   */
  pairs: number[];
  stats: EchoStoreStats;
}

export interface StoredPair {
  a: number;
  b: number;
  similarity: number;
  informative: number;
  matched: number;
  /** Offset of the first span value in `pairs`. */
  spanAt: number;
  nSpans: number;
}

/** Walk the flat pair records. */
export function* readPairs(store: EchoStore): Generator<StoredPair> {
  const p = store.pairs;
  for (let x = 0; x < p.length; ) {
    const nSpans = p[x + 5]!;
    yield { a: p[x]!, b: p[x + 1]!, similarity: p[x + 2]! / 1000, informative: p[x + 3]!, matched: p[x + 4]!, spanAt: x + 6, nSpans };
    x += 6 + 4 * nSpans;
  }
}

/** A store's shape is what this code expects (a stale or corrupt cache is rebuilt, not trusted). */
export function isEchoStore(x: unknown): x is EchoStore {
  if (typeof x !== "object" || x === null) return false;
  const s = x as Partial<EchoStore>;
  return s.version === ECHO_STORE_VERSION && Array.isArray(s.ids) && Array.isArray(s.pairs) && typeof s.params === "object";
}
