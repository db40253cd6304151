/**
 * Passage echoes and the mirror map (issue 4). Build time: `computeEchoes(documents)` → an
 * EchoStore (JSON, saved in index-cache/ beside the search index). Query time:
 * `createEchoIndex(store, documents)` → `echoesOf(passageId)` and `compare(aDocId, bDocId)`.
 */
export { computeEchoes, primaryEdition, DEFAULT_PARAMS, type ComputeEchoesOptions } from "./compute.ts";
export { createEchoIndex, type EchoIndex } from "./echo-index.ts";
export { isEchoStore, ECHO_STORE_VERSION, type EchoStore, type EchoParams, type EchoStoreStats } from "./store.ts";
export { alignTexts, type TextAlignment } from "./align.ts";
export { COPIED_SHARE, ADAPTED_SHARE } from "./mirror.ts";
export type { EchoRef, SpanPair, PassageClass, CompareResponse } from "./types.ts";
