/**
 * Ranking arithmetic. A passage's score in term mode is
 *   Σ over query terms  BM25(tf, df, length) × WORD_MATCH_BOOST (when the term is a whole analyzer word of the passage)
 *                       + HEADING_WEIGHT·idf  (when the term is in the passage's headings)
 *   × proximity factor  1 + PROXIMITY_WEIGHT · (summed term length / smallest window holding every term)
 *   × PHRASE_BOOST      when the terms also occur side by side in query order
 * tf = literal occurrences in the passage, df = passages containing the term, length = the
 * passage's length in analyzer words (normalized by the corpus average). Scores are rounded so
 * that equal scores tie exactly and fall back to document order.
 */
export const K1 = 1.2;
export const B = 0.75;
export const HEADING_WEIGHT = 0.5;
export const WORD_MATCH_BOOST = 1.25;
export const PROXIMITY_WEIGHT = 0.5;
export const PHRASE_BOOST = 1.5;

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function bm25(tf: number, idfValue: number, length: number, avgLength: number): number {
  const norm = K1 * (1 - B + (B * Math.max(length, 1)) / Math.max(avgLength, 1));
  return (idfValue * tf * (K1 + 1)) / (tf + norm);
}

/**
 * Smallest window (in characters) that holds one occurrence of every term.
 * `occ[k]` are the sorted start offsets of term k, `lens[k]` its length.
 */
export function minWindow(occ: readonly (readonly number[])[], lens: readonly number[]): number {
  const events: [number, number][] = [];
  occ.forEach((list, k) => {
    for (const p of list.slice(0, 64)) events.push([p, k]);
  });
  events.sort((a, b) => a[0] - b[0]);
  const need = occ.length;
  const count = new Array<number>(need).fill(0);
  const endOf = (x: number) => events[x]![0] + lens[events[x]![1]]!;
  // Indices of the window's events with decreasing end offsets (a sliding-window maximum), so the
  // window's end is read in O(1) instead of rescanning the window: linear, even for a query of
  // hundreds of terms.
  const ends: number[] = [];
  let head = 0;
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < events.length; hi++) {
    const [, k] = events[hi]!;
    if (count[k]++ === 0) have++;
    while (ends.length > head && endOf(ends[ends.length - 1]!) <= endOf(hi)) ends.pop();
    ends.push(hi);
    while (have === need) {
      while (ends[head]! < lo) head++;
      best = Math.min(best, endOf(ends[head]!) - events[lo]![0]);
      const kk = events[lo]![1];
      if (--count[kk]! === 0) have--;
      lo++;
    }
  }
  return best;
}

export function roundScore(s: number): number {
  return Math.round(s * 1e6) / 1e6;
}
