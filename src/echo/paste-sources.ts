/**
 * Pasted text finds its source (出处): beside the passages that contain a pasted clause, the
 * passages of other documents it most likely comes from. Candidates are the passages search found
 * for the text and the echoes of those that contain it (so a prefecture clause pasted from the
 * prefecture plan leads to the province clause it adapts); each is aligned with the pasted text
 * by the echo aligner and kept when they share enough text. Documents in which the text occurs
 * verbatim are where it is, not where it comes from: they are left out.
 *
 * Cost: the echoes of ten hits are up to 3,000 candidates, mostly the same few hundred passages met
 * again, and among those many copies of one clause. So each passage is looked at once (its verdict
 * kept, kept or not), a passage is made only when first met (the echo graph hands out ids), and one
 * text is aligned with the paste once whatever number of documents carry it: the alignment, the
 * coverage and whether it holds the paste depend on the text alone. Only the five listed become
 * SourceRefs. The answer is the one of aligning every candidate (test/echo/paste-sources.test.ts).
 */
import { contentLength, squeeze } from "../analysis/squeeze.ts";
import { alignPrepared, prepareText, type PreparedText } from "./align.ts";
import { coverageOf, levelRank, type EchoGraph, type PassageInfo } from "./echo-graph.ts";
import { isClause } from "./clauses.ts";
import type { SourceRef, SpanPair } from "./types.ts";

/** Sources listed at most. */
export const MAX_SOURCES = 5;
/** Candidates whose echoes are followed. */
export const EXPAND = 10;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** What aligning one text with the paste tells (null: they do not share enough). */
interface Verdict {
  spans: SpanPair[];
  similarity: number;
  coverage: number;
  /** The text holds the paste verbatim (after folding). */
  holds: boolean;
}

interface Scored {
  info: PassageInfo;
  v: Verdict;
}

/** What one answer cost: texts aligned with the paste, and texts passed over by their bound (tests read it). */
export interface PasteSourceStats {
  aligned: number;
  passedOver: number;
}

export function pasteSources(graph: EchoGraph, paste: string, candidateIds: readonly string[], minShared: number, minSimilarity: number, stats?: PasteSourceStats): SourceRef[] {
  if (contentLength(paste) < minShared) return [];
  // The paste is squeezed, hashed and seeded once for all its candidates.
  const pasted = prepareText(paste);
  const needle = squeeze(paste).text;
  const bounds = pasteBounds(pasted.squeezed.codes);
  const bound = (info: PassageInfo): number => bounds(graph.squeezedText(info.passage.id, info.passage.text));
  const byText = new Map<string, Verdict | null>();
  const verdict = (info: PassageInfo, b = bound(info)): Verdict | null => {
    const text = info.passage.text;
    let v = byText.get(text);
    if (v === undefined) {
      const holds = (): boolean => b === needle.length && graph.squeezedText(info.passage.id, text).includes(needle);
      byText.set(text, (v = align(pasted, paste, graph.preparedText(info.passage.id, text), holds, minShared, minSimilarity)));
      if (stats) stats.aligned++;
    }
    return v;
  };
  // Per passage id: its place among the scored, or null when it is not a clause or shares too little.
  const seen = new Map<string, Scored | null>();
  const scored: Scored[] = [];
  const consider = (id: string, known?: PassageInfo): Scored | null => {
    const met = seen.get(id);
    if (met !== undefined) return met;
    const info = known ?? graph.info.get(id);
    let s: Scored | null = null;
    if (info && isClause(info.passage)) {
      const v = verdict(info);
      if (v) scored.push((s = { info, v }));
    }
    seen.set(id, s);
    return s;
  };
  const direct: Scored[] = [];
  for (const id of candidateIds) {
    const twin = graph.primaryTwin(id);
    const s = twin ? consider(twin.passage.id, twin) : null;
    if (s) direct.push(s);
  }
  direct.sort((x, y) => y.v.coverage - x.v.coverage);
  // Where the text occurs, what it echoes is where it may come from.
  // Their echo candidates are aligned with the paste only: aligning each with the passage first (as
  // listing its echoes does) doubled the work and judged them by the passage, not by the paste.
  // Each text met once: made into a passage, judged a clause, its copies gathered.
  const pending = new Map<string, PassageInfo[]>();
  for (const s of direct.slice(0, EXPAND)) {
    for (const id of graph.echoCandidates(s.info.passage.id)) {
      if (seen.has(id)) continue;
      const info = graph.info.get(id);
      if (!info || !isClause(info.passage)) {
        seen.set(id, null);
        continue;
      }
      const known = byText.get(info.passage.text);
      if (known !== undefined) consider(id, info);
      else {
        seen.set(id, null); // set again below when its text is aligned
        (pending.get(info.passage.text) ?? pending.set(info.passage.text, []).get(info.passage.text)!).push(info);
      }
    }
  }
  const passedOver = alignBounded(pending, scored, needle.length, (text) => bound(pending.get(text)![0]!), verdict);
  if (stats) stats.passedOver += passedOver;

  // Documents where the text occurs verbatim (after folding) answer it as hits, not as sources.
  const occurrenceDocs = occurrenceDocsOf(scored);
  return scored
    .filter((s) => !occurrenceDocs.has(s.info.doc.id))
    // Most of the paste first; among equals the higher level, then the earlier document.
    .sort((x, y) => y.v.coverage - x.v.coverage || levelRank(y.info.doc.level) - levelRank(x.info.doc.level) || (x.info.doc.date ?? "9").localeCompare(y.info.doc.date ?? "9") || (x.info.passage.id < y.info.passage.id ? -1 : 1))
    .slice(0, MAX_SOURCES)
    .map(sourceRef);
}

/**
 * The texts not aligned yet, most promising first, until none left can reach the list. A text's
 * bound is how many of the paste's characters it has (as a multiset): an alignment matches each
 * pasted character to one of the text's, so it covers at most that many. A text that holds the
 * paste has them all, so every one of those is aligned before any text is passed over, and the
 * documents where the paste occurs are known by then; a text is passed over only when its bound
 * is below the coverage of the fifth source already found outside them (a tie could still win).
 */
function alignBounded(pending: Map<string, PassageInfo[]>, scored: Scored[], pasteLength: number, bound: (text: string) => number, verdict: (info: PassageInfo, bound: number) => Verdict | null): number {
  const texts = [...pending.keys()].map((text) => ({ text, bound: bound(text) }));
  texts.sort((x, y) => y.bound - x.bound);
  let occurrenceDocs: Set<string> | null = null;
  let best: number[] = [];
  for (const [k, { text, bound: b }] of texts.entries()) {
    if (b < pasteLength && occurrenceDocs === null) {
      // Every text that may hold the paste is aligned: the top coverages outside its documents.
      const docs = occurrenceDocsOf(scored);
      occurrenceDocs = docs;
      best = scored.filter((s) => !docs.has(s.info.doc.id)).map((s) => s.v.coverage).sort((x, y) => y - x).slice(0, MAX_SOURCES);
    }
    // Sorted by bound: every text after this one is passed over too.
    if (occurrenceDocs !== null && best.length === MAX_SOURCES && round3(Math.min(1, b / pasteLength)) < best[MAX_SOURCES - 1]!) return texts.length - k;
    const v = verdict(pending.get(text)![0]!, b);
    if (!v) continue;
    for (const info of pending.get(text)!) {
      scored.push({ info, v });
      if (occurrenceDocs !== null && !occurrenceDocs.has(info.doc.id)) best = insertTop(best, v.coverage);
    }
  }
  return 0;
}

/** The documents whose scored texts hold the paste verbatim. */
function occurrenceDocsOf(scored: readonly Scored[]): Set<string> {
  return new Set(scored.filter((s) => s.v.holds).map((s) => s.info.doc.id));
}

/** The coverages kept best first, at most MAX_SOURCES. */
function insertTop(best: number[], c: number): number[] {
  if (best.length === MAX_SOURCES && c <= best[MAX_SOURCES - 1]!) return best;
  const out = [...best, c].sort((x, y) => y - x);
  return out.slice(0, MAX_SOURCES);
}

/** How many of the paste's squeezed characters a squeezed text has, counted as multisets (see alignBounded). */
export function pasteBounds(paste: Uint16Array): (squeezed: string) => number {
  const want = new Map<number, number>();
  for (const c of paste) want.set(c, (want.get(c) ?? 0) + 1);
  const codes = Uint16Array.from(want.keys());
  const counts = Int32Array.from(want.values());
  const left = new Int32Array(65536);
  return (text) => {
    for (let i = 0; i < codes.length; i++) left[codes[i]!] = counts[i]!;
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (left[c]! > 0) {
        left[c]!--;
        n++;
      }
    }
    for (let i = 0; i < codes.length; i++) left[codes[i]!] = 0;
    return n;
  };
}

/** The paste (`a`) aligned with a text (`b`): `a` spans index the pasted text. */
function align(pasted: PreparedText, paste: string, prepared: PreparedText, holds: () => boolean, minShared: number, minSimilarity: number): Verdict | null {
  const al = alignPrepared(pasted, prepared);
  if (al.matched < minShared || al.similarity < minSimilarity) return null;
  return {
    spans: al.spans,
    similarity: round3(al.similarity),
    coverage: round3(coverageOf(paste, al.spans)),
    // Only a text with every character of the paste can hold it (squeezed as the paste is).
    holds: holds(),
  };
}

function sourceRef({ info, v }: Scored): SourceRef {
  return {
    id: info.passage.id,
    docId: info.doc.id,
    docTitle: info.doc.title,
    path: info.passage.path,
    text: info.passage.text,
    similarity: v.similarity,
    coverage: v.coverage,
    // Copies of one text share their verdict: each source gets spans of its own.
    spans: v.spans.map((sp) => ({ a: [sp.a[0], sp.a[1]], b: [sp.b[0], sp.b[1]] })),
    date: info.doc.date,
    level: info.doc.level,
  };
}
