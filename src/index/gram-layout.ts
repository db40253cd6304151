/**
 * What the gram postings' arrays mean (shared by building, joining, reading and proving literals;
 * gram-postings.ts explains the layout): gram keys, the word-character table, the marks and limits
 * of the position lists, and the small helpers that walk them.
 */
import { isWordChar } from "../analysis/analyzer.ts";

/** 1 per UTF-16 code unit that is a word character, tabulated from the analyzer's own rule. */
export const WORD = (() => {
  const t = new Uint8Array(65536);
  for (let c = 1; c < 65536; c++) t[c] = isWordChar(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

export const BIGRAM = 65536;

/** Occurrence counts saturate here: a stored count of COUNT_CAP means "COUNT_CAP or more". */
export const COUNT_CAP = 255;

/** Bigram positions at or past this offset are not stored (see `long`). */
export const POSITION_LIMIT = 0x8000;
export const MARK = 0x8000;
export const OFFSET = 0x7fff;
export const CHECK_EVERY = 16;

/** The integer key of a one- or two-code-unit gram; 0 (no such gram) for anything else. */
export function gramKey(gram: string): number {
  if (gram.length === 1) return gram.charCodeAt(0);
  if (gram.length === 2) {
    const a = gram.charCodeAt(0);
    return a === 0 ? 0 : a * BIGRAM + gram.charCodeAt(1);
  }
  return 0;
}

/** The passages holding a literal (ascending) and its non-overlapping occurrences in each. */
export interface LiteralHits {
  ords: Uint32Array;
  /** Exact, except for a one-character literal: there it is the unigram's count, capped at COUNT_CAP. */
  tf: Uint32Array;
  /** Offset of the first occurrence in each passage's squeezed text (literals of 2+ characters). */
  first?: Int32Array;
}

/** The arrays a GramPostings is made of (what the cache stores and segments merge). */
export interface GramParts {
  keys: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  occ: Uint8Array;
  pos: Uint16Array;
  posStart: Uint32Array;
  checks: Uint32Array;
  /** Ascending ordinals of passages too long for stored positions. */
  long: Uint32Array;
}


/** First index k in [from, to) with a[k] ≥ x (to when none): exponential, then binary search. */
export function gallopIn(a: Uint32Array, x: number, from: number, to: number): number {
  if (from >= to || a[from]! >= x) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < to && a[hi]! < x) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > to) hi = to;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}


/** Index of the next posting's first position after the posting whose first position is at i. */
export function nextPosting(pos: Uint16Array, i: number): number {
  i++;
  while (i < pos.length && (pos[i]! & MARK) === 0) i++;
  return i;
}

export const EMPTY = new Uint32Array(0);
