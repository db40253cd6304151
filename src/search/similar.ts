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
import { bigramSet, isWordChar } from "../analysis/analyzer.ts";
import { squeeze, unsqueezeRange, type Squeezed } from "../analysis/squeeze.ts";
import type { GramIndex } from "../index/segment-set.ts";
import { roundScore } from "./score.ts";

export const MIN_COVER = 0.2;

export function gramWeight(df: number, passages: number): number {
  return Math.log(1 + passages / (1 + df));
}

export interface SimilarContext {
  grams: GramIndex;
  /** Per passage: summed weight of its distinct bigrams (GramPostings.bigramWeightSums). */
  ownWeight: Float64Array;
  /** Filter mask (1 = admitted), or null for every passage. */
  allowed: Uint8Array | null;
  passages: number;
  /** Live passages (deleted ones not counted): what gram weights are relative to. */
  live?: number;
  /** Reused between queries (one per searcher): the per-passage accumulator and the touched list. */
  scratch: SimilarScratch;
}

export interface SimilarQuery {
  grams: Set<string>;
  /** The grams as numbers (first code unit · 65536 + second), made at the first highlight. */
  pairs?: Set<number>;
}

/** Work arrays sized to the corpus, allocated once: a query only clears the entries it touched. */
export class SimilarScratch {
  readonly shared: Float64Array;
  touched: Uint32Array;

  constructor(passages: number) {
    this.shared = new Float64Array(passages);
    this.touched = new Uint32Array(Math.min(passages, 4096));
  }
}

/**
 * How the shared weights are gathered: `touched` lists the passages as they are first met (for
 * texts whose lists are short next to the corpus); `dense` only adds, and finds them by one pass
 * over the corpus afterwards (a common clause's lists hold several times the corpus, and the
 * bookkeeping per posting cost more than that pass). Both add the same weights in the same order.
 */
export type SimilarWalk = "touched" | "dense";

/**
 * The passages that cover at least MIN_COVER of the text (ascending ordinals); each one's score is
 * written to `scores[ord]`. `walk` forces one way of gathering (tests); by default the one that
 * costs less for these lists.
 */
export function similarScores(text: string, ctx: SimilarContext, scores: Float64Array, walk?: SimilarWalk): { q: SimilarQuery; ords: Uint32Array } {
  const grams = bigramSet(squeeze(text).text);
  const q = { grams };
  const lists: Uint32Array[] = [];
  const weights: number[] = [];
  let total = 0;
  let postings = 0;
  for (const g of grams) {
    const list = ctx.grams.get(g);
    const w = gramWeight(list.length, ctx.live ?? ctx.passages);
    lists.push(list);
    weights.push(w);
    total += w;
    postings += list.length;
  }
  const dense = (walk ?? (postings >= ctx.passages / 2 ? "dense" : "touched")) === "dense";
  const { shared } = ctx.scratch;
  const out: number[] = [];
  const keep = (ord: number): void => {
    const sh = shared[ord]!;
    shared[ord] = 0;
    if (total === 0 || (ctx.allowed !== null && ctx.allowed[ord] !== 1)) return;
    const coverText = sh / total;
    if (coverText < MIN_COVER) return;
    const own = ctx.ownWeight[ord]!;
    const coverPassage = own > 0 ? Math.min(1, sh / own) : 0;
    scores[ord] = roundScore(0.75 * coverText + 0.25 * coverPassage);
    out.push(ord);
  };
  if (dense) {
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i]!;
      const w = weights[i]!;
      for (let k = 0; k < list.length; k++) shared[list[k]!] += w;
    }
    // Ascending already.
    for (let ord = 0; ord < ctx.passages; ord++) if (shared[ord] !== 0) keep(ord);
    return { q, ords: Uint32Array.from(out) };
  }
  let touched = ctx.scratch.touched;
  let nt = 0;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i]!;
    const w = weights[i]!;
    for (let k = 0; k < list.length; k++) {
      const ord = list[k]!;
      if (shared[ord] === 0) {
        if (nt === touched.length) {
          const grown = new Uint32Array(Math.min(ctx.passages, touched.length * 2));
          grown.set(touched);
          ctx.scratch.touched = touched = grown;
        }
        touched[nt++] = ord;
      }
      shared[ord] += w;
    }
  }
  for (let i = 0; i < nt; i++) keep(touched[i]!);
  return { q, ords: Uint32Array.from(out).sort() };
}

/** Runs of at least 3 characters in the passage whose every bigram also occurs in the pasted text. */
export function similarHighlights(sq: Squeezed, q: SimilarQuery): [number, number][] {
  const t = sq.text;
  const out: [number, number][] = [];
  // Looked up as numbers: no two-character string made per position of every page hit.
  const pairs = (q.pairs ??= new Set([...q.grams].map((g) => g.charCodeAt(0) * 65536 + g.charCodeAt(1))));
  let runStart = -1;
  for (let i = 0; i + 1 <= t.length; i++) {
    const inRun = i + 1 < t.length && isWordChar(t[i]!) && isWordChar(t[i + 1]!) && pairs.has(t.charCodeAt(i) * 65536 + t.charCodeAt(i + 1));
    if (inRun && runStart < 0) runStart = i;
    if (!inRun && runStart >= 0) {
      const end = i + 1; // the run's last bigram ends at i+1
      if (end - runStart >= 3) out.push(unsqueezeRange(sq, runStart, end));
      runStart = -1;
    }
  }
  return out;
}
