/**
 * Query-time view of an echo store: echoes of any passage (of any edition) by coverage, where each
 * sentence of a passage comes from, where a clause travelled, where a pasted text comes from, the
 * mirror map between two documents and the indicator tables of several plans.
 */
import type { DocumentRecord } from "../model.ts";
import { ZhangjieError } from "../errors.ts";
import type { CompareResponse, EchoRef, IndicatorComparison, PassageSources, SourceRef, TrailResponse } from "./types.ts";
import type { EchoStore } from "./store.ts";
import { EchoGraph, type EchoPassages } from "./echo-graph.ts";
import { sentenceSources } from "./sentences.ts";
import { buildTrail } from "./trail.ts";
import { pasteSources } from "./paste-sources.ts";
import { buildMirror } from "./mirror.ts";
import { compareIndicators } from "./tables.ts";

export interface EchoIndex {
  /**
   * Echoes of a passage, best first: by the share of the passage each covers, then similarity.
   * A passage of a secondary edition is answered through its primary twin (Passage.counterparts),
   * with spans aligned against its own text. Unknown ids, headings and header lines give [].
   */
  echoesOf(passageId: string, limit?: number): EchoRef[];
  /** How many passages echo this one (cheap: nothing is aligned). */
  echoCount(passageId: string): number;
  /** Each sentence of the passage with its best source(s); undefined for an unknown id. */
  sources(passageId: string): PassageSources | undefined;
  /** The documents carrying the passage's clause, by date; undefined for an unknown id. */
  trail(passageId: string): TrailResponse | undefined;
  /**
   * Where a pasted text comes from: passages of other documents sharing enough of it, among the
   * candidates (passage ids a search found for the text) and their echoes; documents where the
   * text occurs verbatim are left out. Best first (most of the text covered).
   */
  sourcesOf(text: string, candidateIds: readonly string[]): SourceRef[];
  /** Mirror map of document a against document b. NOT_FOUND / BAD_PARAMETER as ZhangjieError. */
  compare(aDocId: string, bDocId: string): CompareResponse;
  /** The indicator tables (指标) of the documents, rows matched by indicator name. NOT_FOUND for an unknown id. */
  indicators(docIds: readonly string[]): IndicatorComparison;
}

export function createEchoIndex(store: EchoStore, documents: readonly DocumentRecord[], passages?: EchoPassages): EchoIndex {
  const graph = new EchoGraph(store, documents, passages);
  const docOrThrow = (id: string): DocumentRecord => {
    const d = graph.docs.get(id);
    if (!d) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
    return d;
  };
  return {
    echoesOf: (id, limit) => graph.echoesOf(id, limit),
    echoCount: (id) => graph.count(id),
    sources(passageId) {
      const self = graph.info.get(passageId);
      if (!self) return undefined;
      const echoes = graph.echoesOf(passageId);
      return { passageId, echoes, sentences: sentenceSources(self.passage.text, echoes) };
    },
    trail(passageId) {
      const twin = graph.primaryTwin(passageId);
      if (!twin) return undefined;
      return buildTrail(twin, graph.echoesOf(twin.passage.id), graph.docs);
    },
    sourcesOf: (text, candidateIds) => pasteSources(graph, text, candidateIds, store.params.minDistinctive, store.params.minSimilarity),
    compare(aDocId, bDocId) {
      const a = docOrThrow(aDocId);
      const b = docOrThrow(bDocId);
      if (a === b) throw new ZhangjieError("BAD_PARAMETER", { zh: "a 与 b 是同一份文件", en: "a and b are the same document" });
      return buildMirror(a, b, (id) => graph.echoesOf(id, undefined, b.id));
    },
    indicators: (docIds) => compareIndicators(docIds.map(docOrThrow)),
  };
}
