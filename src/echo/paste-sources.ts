/**
 * Pasted text finds its source (出处): beside the passages that contain a pasted clause, the
 * passages of other documents it most likely comes from. Candidates are the passages search found
 * for the text and the echoes of those that contain it (so a prefecture clause pasted from the
 * prefecture plan leads to the province clause it adapts); each is aligned with the pasted text
 * by the echo aligner and kept when they share enough text. Documents in which the text occurs
 * verbatim are where it is, not where it comes from: they are left out.
 */
import { contentLength, squeeze } from "../analysis/squeeze.ts";
import { alignPrepared, prepareText } from "./align.ts";
import { coverageOf, levelRank, type EchoGraph, type PassageInfo } from "./echo-graph.ts";
import { isClause } from "./clauses.ts";
import type { SourceRef } from "./types.ts";

/** Sources listed at most. */
export const MAX_SOURCES = 5;
/** Candidates whose echoes are followed. */
const EXPAND = 10;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function pasteSources(graph: EchoGraph, paste: string, candidateIds: readonly string[], minShared: number, minSimilarity: number): SourceRef[] {
  if (contentLength(paste) < minShared) return [];
  interface Scored {
    info: PassageInfo;
    ref: SourceRef;
  }
  const scored = new Map<string, Scored>();
  // The paste is squeezed, hashed and seeded once for all its candidates.
  const pasted = prepareText(paste);
  const consider = (info: PassageInfo | undefined): Scored | undefined => {
    if (!info || !isClause(info.passage)) return undefined;
    const known = scored.get(info.passage.id);
    if (known) return known;
    // The paste is `a`, the passage `b`: `a` spans index the pasted text.
    const al = alignPrepared(pasted, prepareText(info.passage.text));
    if (al.matched < minShared || al.similarity < minSimilarity) return undefined;
    const s: Scored = {
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
  const direct = candidateIds.map((id) => consider(graph.primaryTwin(id))).filter((s): s is Scored => s !== undefined);
  direct.sort((x, y) => y.ref.coverage - x.ref.coverage);
  // Where the text occurs, what it echoes is where it may come from.
  // Their echo candidates are aligned with the paste only: aligning each with the passage first (as
  // listing its echoes does) doubled the work and judged them by the passage, not by the paste.
  for (const s of direct.slice(0, EXPAND)) for (const info of graph.echoCandidates(s.info.passage.id)) consider(info);

  // Documents where the text occurs verbatim (after folding) answer it as hits, not as sources.
  const needle = squeeze(paste).text;
  const occurrenceDocs = new Set([...scored.values()].filter((s) => squeeze(s.info.passage.text).text.includes(needle)).map((s) => s.info.doc.id));
  return [...scored.values()]
    .filter((s) => !occurrenceDocs.has(s.info.doc.id))
    .map((s) => s.ref)
    // Most of the paste first; among equals the higher level, then the earlier document.
    .sort((x, y) => y.coverage - x.coverage || levelRank(y.level) - levelRank(x.level) || (x.date ?? "9").localeCompare(y.date ?? "9") || (x.id < y.id ? -1 : 1))
    .slice(0, MAX_SOURCES);
}
