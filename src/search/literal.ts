/**
 * Literal matching, the recall guarantee: a needle (folded, whitespace-free) is looked up by the
 * gram postings of its characters — candidates are the passages holding all its bigrams (or the
 * unigram of a one-character run) — and every candidate is verified against the stored squeezed
 * text, so a hit always contains the string itself, never just its characters scattered about.
 */
import { literalGrams } from "../analysis/analyzer.ts";
import type { GramPostings } from "../index/gram-postings.ts";

/** Ordinal → start offsets (in squeezed text) of the needle's non-overlapping occurrences. */
export type Occurrences = Map<number, number[]>;

/** Once this few candidates remain, verifying them is cheaper than intersecting more lists. */
const VERIFY_BELOW = 32;

export function intersectSorted(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Candidate ordinals (ascending) that hold every gram of the needle. */
export function candidates(needle: string, grams: GramPostings): ArrayLike<number> {
  const gs = literalGrams(needle);
  if (gs.length === 0) return [];
  const lists = gs.map((g) => grams.get(g)).sort((x, y) => x.length - y.length);
  let cur: ArrayLike<number> = lists[0]!;
  for (let k = 1; k < lists.length && cur.length >= VERIFY_BELOW; k++) cur = intersectSorted(cur, lists[k]!);
  return cur;
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

export function matchLiteral(needle: string, grams: GramPostings, squeezedText: (ord: number) => string): Occurrences {
  const out: Occurrences = new Map();
  const cands = candidates(needle, grams);
  for (let k = 0; k < cands.length; k++) {
    const ord = cands[k]!;
    const occ = occurrencesIn(squeezedText(ord), needle);
    if (occ.length) out.set(ord, occ);
  }
  return out;
}
