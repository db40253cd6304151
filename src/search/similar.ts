/**
 * Similarity mode, for a pasted clause: which passages best cover it?
 * Every passage sharing a character bigram with the text is scored by idf-weighted bigram overlap,
 * accumulated straight from the gram postings (cost: the summed posting lengths of the text's
 * distinct bigrams, no per-passage work beyond an addition):
 *   cover(text)    = weight of shared bigrams / weight of the text's bigrams     (how much of the paste it holds)
 *   cover(passage) = weight of shared bigrams / weight of the passage's bigrams  (how much of it is the paste)
 *   score = 0.75 · cover(text) + 0.25 · cover(passage),   weight(g) = ln(1 + N / (1 + df(g)))
 * The pasted clause itself scores 1; its adapted source (全州 ← 全省, items dropped) a little less.
 * Passages covering under MIN_COVER of the text are not hits.
 */
import { bigramSet, isWordChar, squeeze, unsqueezeRange, type Squeezed } from "../analysis/analyzer.ts";
import type { GramPostings } from "../index/gram-postings.ts";
import { roundScore } from "./score.ts";

export const MIN_COVER = 0.2;

export function gramWeight(df: number, passages: number): number {
  return Math.log(1 + passages / (1 + df));
}

export interface SimilarContext {
  grams: GramPostings;
  /** Per passage: summed weight of its distinct bigrams (GramPostings.bigramWeightSums). */
  ownWeight: Float64Array;
  allowed: (ord: number) => boolean;
  passages: number;
}

export interface SimilarQuery {
  grams: Set<string>;
}

export function similarScores(text: string, ctx: SimilarContext): { q: SimilarQuery; scores: Map<number, number> } {
  const grams = bigramSet(squeeze(text).text);
  const q = { grams };
  const scores = new Map<number, number>();
  let total = 0;
  const shared = new Float64Array(ctx.passages);
  const touched: number[] = [];
  for (const g of grams) {
    const list = ctx.grams.get(g);
    const w = gramWeight(list.length, ctx.passages);
    total += w;
    for (let k = 0; k < list.length; k++) {
      const ord = list[k]!;
      if (shared[ord] === 0) touched.push(ord);
      shared[ord] += w;
    }
  }
  if (total === 0) return { q, scores };
  for (const ord of touched) {
    if (!ctx.allowed(ord)) continue;
    const coverText = shared[ord]! / total;
    if (coverText < MIN_COVER) continue;
    const own = ctx.ownWeight[ord]!;
    const coverPassage = own > 0 ? Math.min(1, shared[ord]! / own) : 0;
    scores.set(ord, roundScore(0.75 * coverText + 0.25 * coverPassage));
  }
  return { q, scores };
}

/** Runs of at least 3 characters in the passage whose every bigram also occurs in the pasted text. */
export function similarHighlights(sq: Squeezed, q: SimilarQuery): [number, number][] {
  const t = sq.text;
  const out: [number, number][] = [];
  let runStart = -1;
  for (let i = 0; i + 1 <= t.length; i++) {
    const inRun = i + 1 < t.length && isWordChar(t[i]!) && isWordChar(t[i + 1]!) && q.grams.has(t[i]! + t[i + 1]!);
    if (inRun && runStart < 0) runStart = i;
    if (!inRun && runStart >= 0) {
      const end = i + 1; // the run's last bigram ends at i+1
      if (end - runStart >= 3) out.push(unsqueezeRange(sq, runStart, end));
      runStart = -1;
    }
  }
  return out;
}
