/**
 * The straightforward form of pasteSources (src/echo/paste-sources.ts), as it was before its work was
 * cut: every candidate made, aligned with the paste (again each time it comes back when it was not
 * kept), its ref built, and squeezed again for the occurrence check. The equality tests hold the
 * optimised form to this answer.
 */
import { contentLength, squeeze } from "../../src/analysis/squeeze.ts";
import { alignPrepared, prepareText } from "../../src/echo/align.ts";
import { coverageOf, levelRank, type EchoGraph, type PassageInfo } from "../../src/echo/echo-graph.ts";
import { isClause } from "../../src/echo/clauses.ts";
import { EXPAND, MAX_SOURCES } from "../../src/echo/paste-sources.ts";
import type { SourceRef } from "../../src/echo/types.ts";

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function pasteSourcesReference(graph: EchoGraph, paste: string, candidateIds: readonly string[], minShared: number, minSimilarity: number): SourceRef[] {
  if (contentLength(paste) < minShared) return [];
  const scored = new Map<string, { info: PassageInfo; ref: SourceRef }>();
  const pasted = prepareText(paste);
  const consider = (info: PassageInfo | undefined) => {
    if (!info || !isClause(info.passage)) return undefined;
    const known = scored.get(info.passage.id);
    if (known) return known;
    const al = alignPrepared(pasted, prepareText(info.passage.text));
    if (al.matched < minShared || al.similarity < minSimilarity) return undefined;
    const s = {
      info,
      ref: {
        id: info.passage.id,
        docId: info.doc.id,
        docTitle: info.doc.title,
        path: info.passage.path,
        text: info.passage.text,
        similarity: round3(al.similarity),
        coverage: round3(coverageOf(paste, al.spans)),
        spans: al.spans,
        date: info.doc.date,
        level: info.doc.level,
      },
    };
    scored.set(info.passage.id, s);
    return s;
  };
  const direct = candidateIds.map((id) => consider(graph.primaryTwin(id))).filter((s) => s !== undefined);
  direct.sort((x, y) => y.ref.coverage - x.ref.coverage);
  for (const s of direct.slice(0, EXPAND)) for (const id of graph.echoCandidates(s.info.passage.id)) consider(graph.info.get(id));
  const needle = squeeze(paste).text;
  const occurrenceDocs = new Set([...scored.values()].filter((s) => squeeze(s.info.passage.text).text.includes(needle)).map((s) => s.info.doc.id));
  return [...scored.values()]
    .filter((s) => !occurrenceDocs.has(s.info.doc.id))
    .map((s) => s.ref)
    .sort((x, y) => y.coverage - x.coverage || levelRank(y.level) - levelRank(x.level) || (x.date ?? "9").localeCompare(y.date ?? "9") || (x.id < y.id ? -1 : 1))
    .slice(0, MAX_SOURCES);
}
