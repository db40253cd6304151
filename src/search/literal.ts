/**
 * Literal matching, the recall guarantee: a needle (folded, whitespace-free) is looked up by the
 * gram postings of its characters — candidates are the passages holding all its bigrams (or the
 * unigram of a one-character run) — and every candidate is verified against the stored squeezed
 * text, so a hit always contains the string itself, never just its characters scattered about.
 * A needle of one or two word characters is its own gram: its posting list is exact and needs no
 * verification.
 */
import { isWordChar, literalGrams } from "../analysis/analyzer.ts";
import type { GramIndex } from "../index/segment-set.ts";
import { intersectAll, type Ordinals } from "./postings.ts";
import type { Deadline } from "./budget.ts";

/** The passages holding a needle (ascending ordinals) and, when asked for, its count in each (tf). */
export interface LiteralMatch {
  ords: Uint32Array;
  /** tf[i]: non-overlapping occurrences in passage ords[i]; null when not computed. */
  tf: Uint32Array | null;
  /** first[i]: offset of the first occurrence in passage ords[i]'s squeezed text; null when tf was not computed. */
  first: Int32Array | null;
}

/** Whether the needle's gram posting list is exactly the set of passages containing it. */
export function provenByGrams(needle: string): boolean {
  if (needle.length === 0 || needle.length > 2) return false;
  for (let i = 0; i < needle.length; i++) if (!isWordChar(needle[i]!)) return false;
  return true;
}

/**
 * Candidate ordinals (ascending): the passages that hold every gram of the needle. Every list is
 * intersected (galloping keeps a rare gram against a frequent one cheap), so the count is also the
 * needle's gram-level document frequency, which ranking uses as its df (see score.ts).
 */
export function candidates(needle: string, grams: GramIndex): Ordinals {
  const gs = literalGrams(needle);
  if (gs.length === 0) return new Uint32Array(0);
  return intersectAll(gs.map((g) => grams.get(g)));
}

/** Non-overlapping occurrences of needle in text. */
export function occurrencesIn(text: string, needle: string): number[] {
  const out: number[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return out;
    out.push(at);
    from = at + needle.length;
  }
}

/** Number of non-overlapping occurrences of needle in text (no allocation). */
export function countOccurrences(text: string, needle: string): number {
  let n = 0;
  let at = text.indexOf(needle);
  while (at >= 0) {
    n++;
    at = text.indexOf(needle, at + needle.length);
  }
  return n;
}

/**
 * The passages containing needle. With `withTf`, each one's occurrence count too (BM25 needs it);
 * without, a proven needle costs nothing beyond its posting list, and a longer one stops at the
 * first occurrence in each candidate (exclusions only need to know whether it is there).
 */
export function matchLiteral(needle: string, grams: GramIndex, squeezedText: (ord: number) => string, withTf: boolean): LiteralMatch {
  return verify(needle, candidates(needle, grams), squeezedText, withTf);
}

/** The candidates (any ascending subset of the needle's candidates) that really contain needle. */
export function verify(needle: string, cands: Ordinals, squeezedText: (ord: number) => string, withTf: boolean, deadline?: Deadline): LiteralMatch {
  const proven = provenByGrams(needle);
  if (proven && !withTf) return { ords: cands instanceof Uint32Array ? cands : Uint32Array.from(cands), tf: null, first: null };
  const ords = new Uint32Array(cands.length);
  const tf = withTf ? new Uint32Array(cands.length) : null;
  const first = withTf ? new Int32Array(cands.length) : null;
  let n = 0;
  for (let k = 0; k < cands.length; k++) {
    const ord = cands[k]!;
    deadline?.enforce();
    const text = squeezedText(ord);
    if (tf) {
      // counted from the first occurrence, which is kept too (ranking asks whether it opens the passage)
      let at = text.indexOf(needle);
      if (at < 0) continue;
      first![n] = at;
      let c = 0;
      while (at >= 0) {
        c++;
        at = text.indexOf(needle, at + needle.length);
      }
      tf[n] = c;
    } else if (!text.includes(needle)) continue;
    ords[n++] = ord;
  }
  if (!tf) return { ords: ords.subarray(0, n), tf: null, first: null };
  return { ords: ords.subarray(0, n), tf: tf.subarray(0, n), first: first!.subarray(0, n) };
}
