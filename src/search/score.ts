/**
 * Ranking arithmetic shared by the signals (signals.ts names them and their bounds): BM25 and the
 * smallest window holding every term. tf = literal occurrences in the passage, df = passages
 * holding every gram of the term (its bigrams, or the unigram of a one-character term): exactly
 * the passages containing it for terms of one or two characters, and an upper bound that is equal
 * or within a fraction of a percent for longer ones — the exact count would mean reading every
 * candidate's text even when a filter or another term leaves only a few of them to verify.
 * length = the passage's length in analyzer words (normalized by the corpus average). Scores are
 * rounded so that equal scores tie exactly and fall back to the order among equals.
 */
export const K1 = 1.2;
export const B = 0.75;

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function bm25(tf: number, idfValue: number, length: number, avgLength: number): number {
  const norm = K1 * (1 - B + (B * Math.max(length, 1)) / Math.max(avgLength, 1));
  return (idfValue * tf * (K1 + 1)) / (tf + norm);
}

/** Occurrences per term that the proximity window looks at (the first ones in the passage). */
export const WINDOW_OCCURRENCES = 64;
/** Terms are numbered below this in an event key (`position * TERM_SLOTS + term`). */
export const TERM_SLOTS = 1024;

/**
 * Smallest window (in characters) that holds one occurrence of every term.
 * `occ[k]` are the sorted start offsets of term k, `lens[k]` its length.
 */
export function minWindow(occ: readonly (readonly number[])[], lens: readonly number[]): number {
  const keys: number[] = [];
  occ.forEach((list, k) => {
    for (const p of list.slice(0, WINDOW_OCCURRENCES)) keys.push(p * TERM_SLOTS + k);
  });
  const events = Float64Array.from(keys).sort();
  return minWindowOfEvents(events, events.length, lens, new Int32Array(occ.length), new Int32Array(events.length));
}

/**
 * minWindow over events `position * TERM_SLOTS + term`, sorted ascending (`events[0…count)`), for
 * terms 0…lens.length-1. `counts` (≥ lens.length) and `ends` (≥ count) are scratch space, so the
 * searcher calls this per candidate passage without allocating.
 */
export function minWindowOfEvents(events: Float64Array, count: number, lens: ArrayLike<number>, counts: Int32Array, ends: Int32Array): number {
  const need = lens.length;
  counts.fill(0, 0, need);
  // Indices of the window's events with decreasing end offsets (a sliding-window maximum), so the
  // window's end is read in O(1) instead of rescanning the window: linear, even for a query of
  // hundreds of terms. (No closures here: this runs once per candidate passage.)
  let head = 0;
  let tail = 0;
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < count; hi++) {
    const e = events[hi]!;
    const k = e % TERM_SLOTS;
    if (counts[k]!++ === 0) have++;
    const endHi = (e - k) / TERM_SLOTS + lens[k]!;
    while (tail > head) {
      const t = events[ends[tail - 1]!]!;
      const tk = t % TERM_SLOTS;
      if ((t - tk) / TERM_SLOTS + lens[tk]! > endHi) break;
      tail--;
    }
    ends[tail++] = hi;
    while (have === need) {
      while (ends[head]! < lo) head++;
      const te = events[ends[head]!]!;
      const tk = te % TERM_SLOTS;
      const el = events[lo]!;
      const kl = el % TERM_SLOTS;
      const width = (te - tk) / TERM_SLOTS + lens[tk]! - (el - kl) / TERM_SLOTS;
      if (width < best) best = width;
      if (--counts[kl]! === 0) have--;
      lo++;
    }
  }
  return best;
}

export function roundScore(s: number): number {
  return Math.round(s * 1e6) / 1e6;
}
