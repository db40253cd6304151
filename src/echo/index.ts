/**
 * Passage echoes, where each sentence comes from, where a clause travelled, and the mirror map
 * (issues 4 and 12). Build time: `computeEchoes(documents)` → an EchoStore (flat typed arrays,
 * saved in index-cache/ beside the search index); `addDocumentEchoes(store, existing, added)` for
 * added documents only. Query time: `createEchoIndex(store, documents)` → echoesOf, sources,
 * trail, sourcesOf (pasted text), compare, indicators.
 */
export { computeEchoes, addDocumentEchoes, primaryEdition, DEFAULT_PARAMS, type ComputeEchoesOptions } from "./compute.ts";
export { EchoBuilder } from "./builder.ts";
export { createEchoIndex, type EchoIndex } from "./echo-index.ts";
export { documentPassages, type EchoPassages } from "./echo-graph.ts";
export { storePassages } from "./store-passages.ts";
export { isEchoStore, readPairs, ECHO_STORE_VERSION, type EchoStore, type EchoParams, type EchoStoreStats } from "./store.ts";
export { alignTexts, type TextAlignment } from "./align.ts";
export { isClause, sentenceRanges } from "./clauses.ts";
export { rarityWeight } from "./rarity.ts";
export { COPIED_SHARE, ADAPTED_SHARE } from "./mirror.ts";
export { parseTable, diffTables } from "./tables.ts";
export type {
  EchoRef,
  SpanPair,
  PassageClass,
  CompareResponse,
  ComparePassage,
  PassageSources,
  SentenceSource,
  TrailEntry,
  TrailResponse,
  SourceRef,
  TableDiff,
  TableRowDiff,
  IndicatorComparison,
} from "./types.ts";
