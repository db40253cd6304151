/**
 * The collectors that shape matches into results, reading the matches and the ordinal tables only
 * (none re-runs the query):
 *   CollapseEditions   one clause in several editions (or versions) of a document is one hit: a
 *                      passage is dropped when a counterpart that ranks before it among equals (the
 *                      primary edition, the version in force) also matches. Decided from the terms
 *                      alone — a counterpart the filters left out still counts when its text matches —
 *                      so a filter never changes which copy stands for a clause, and facet counts
 *                      (taken here) equal what their links return.
 *   CollapseIdentical  the same passage (same folded text) in several documents is one hit, the best
 *                      of them by the sort, "also in" the others.
 *   TopK               the best offset+limit results by the sort key (top-k.ts).
 */
import { HOT_CP_END, HOT_CP_START, HOT_STRIDE, type SearchTables } from "./tables.ts";
import type { VersionMode } from "./filters.ts";
import { TopK } from "./top-k.ts";
import { PENDING, PRUNED } from "./scorer.ts";
import type { Deadline } from "./budget.ts";

/** A set of ordinals stamped with an epoch, so clearing it between queries costs nothing. */
export class Marks {
  private readonly stamp: Uint32Array;
  private epoch = 0;

  constructor(n: number) {
    this.stamp = new Uint32Array(n);
  }

  mark(ords: Uint32Array): void {
    this.clear();
    for (let i = 0; i < ords.length; i++) this.stamp[ords[i]!] = this.epoch;
  }

  /** Empties the set. */
  clear(): void {
    if (++this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  add(x: number): void {
    this.stamp[x] = this.epoch;
  }

  has(ord: number): boolean {
    return this.stamp[ord] === this.epoch;
  }
}

/**
 * `ords` (ascending) without the passages whose preferred counterpart also matches. `matchesHidden`
 * says whether a counterpart outside the filter mask matches the terms (null: only marked matches count).
 */
export function collapseEditions(
  ords: Uint32Array,
  t: SearchTables,
  marks: Marks,
  versions: VersionMode,
  mask: Uint8Array | null,
  matchesHidden: ((ord: number) => boolean) | null,
): Uint32Array {
  if (t.cpOrds.length === 0 || ords.length === 0) return ords;
  marks.mark(ords);
  const hot = t.hotRows();
  const out = new Uint32Array(ords.length);
  let m = 0;
  next: for (let i = 0; i < ords.length; i++) {
    const ord = ords[i]!;
    const row = ord * HOT_STRIDE;
    for (let k = hot[row + HOT_CP_START]!; k < hot[row + HOT_CP_END]!; k++) {
      const c = t.cpOrds[k]!;
      if (versions === "all" && t.cpSameVersion[k] === 0) continue;
      if (t.tieRank[c]! > t.tieRank[ord]!) continue;
      if (marks.has(c)) continue next;
      if (mask && mask[c] === 0 && matchesHidden?.(c)) continue next;
    }
    out[m++] = ord;
  }
  return out.subarray(0, m);
}

/** Scratch for CollapseIdentical: the best member seen per group in this query. */
export class GroupScratch {
  readonly bestOrd: Int32Array;
  readonly bestKey: Float64Array;
  private touched: number[] = [];

  constructor(groups: number) {
    this.bestOrd = new Int32Array(groups).fill(-1);
    this.bestKey = new Float64Array(groups);
  }

  /** Offers a member; returns true when the group was first seen in this query. */
  offer(g: number, ord: number, key: number, top: TopK): boolean {
    const first = this.bestOrd[g] === -1;
    if (first) {
      this.touched.push(g);
      this.bestOrd[g] = -2; // seen, no scored member yet
    }
    if (key === PRUNED) return first;
    const b = this.bestOrd[g]!;
    if (b < 0 || top.worse(b, this.bestKey[g]!, ord, key)) {
      this.bestOrd[g] = ord;
      this.bestKey[g] = key;
    }
    return first;
  }

  /** Pushes each group's best into the top k and clears the scratch. */
  flush(top: TopK): void {
    for (const g of this.touched) {
      const b = this.bestOrd[g]!;
      if (b >= 0) top.push(b, this.bestKey[g]!);
      this.bestOrd[g] = -1;
    }
    this.touched = [];
  }
}

export interface Collected {
  top: { ord: number; score: number }[];
  /** Results after identical passages are folded together. */
  results: number;
}

/**
 * Ranks the survivors (ascending ordinals) by `keyOf` into the best `capacity`, one per group of
 * identical passages. `keyOf` gets the current threshold (and the survivor's index) and may answer
 * PRUNED for a passage that cannot reach it.
 */
export function collectTop(
  survivors: Uint32Array,
  t: SearchTables,
  capacity: number,
  tie: Int32Array | null,
  groups: GroupScratch,
  keyOf: (ord: number, threshold: number, i: number) => number,
): Collected {
  const top = new TopK(capacity, tie);
  let results = 0;
  const { rows, stride, at } = t.groupRows();
  for (let i = 0; i < survivors.length; i++) {
    const ord = survivors[i]!;
    const g = rows[ord * stride + at]!;
    const key = capacity > 0 ? keyOf(ord, top.threshold, i) : PRUNED;
    if (g < 0) {
      results++;
      if (key !== PRUNED) top.push(ord, key);
    } else if (groups.offer(g, ord, key, top)) results++;
  }
  groups.flush(top);
  return { top: top.sorted(), results };
}

/**
 * The other surviving members of a hit's group (marked in `marks`): the first `listed` in document
 * order, how many there are, and in how many documents other than the hit's own.
 */
export function alsoIn(ord: number, t: SearchTables, marks: Marks, listed: number): { ords: number[]; total: number; docs: number } {
  const { groupOf, start, ords: members } = t.groups();
  const g = groupOf[ord]!;
  if (g < 0) return { ords: [], total: 0, docs: 0 };
  const ords: number[] = [];
  let total = 0;
  let docs = 0;
  let lastDoc = t.docOf[ord]!;
  const own = lastDoc;
  for (let k = start[g]!; k < start[g + 1]!; k++) {
    const o = members[k]!;
    if (o === ord || !marks.has(o)) continue;
    total++;
    if (ords.length < listed) ords.push(o);
    // members are in ordinal order, so a document's members are consecutive
    const d = t.docOf[o]!;
    if (d !== lastDoc && d !== own) docs++;
    lastDoc = d;
  }
  return { ords, total, docs };
}

/**
 * Passages to rank up to which every one is scored in full (4 pages' worth): so few, the rounds below
 * rarely prune — two terms at ×100 with ~120 passages had every one scored, after a first pass that
 * had bounded each.
 */
export function scoreAllBelow(capacity: number): number {
  return Math.max(64, 4 * capacity);
}

/** What relevance keys are computed with (scorer.ts). */
export interface BoundedScorer {
  settle(ord: number): number;
  readonly pendingBound: number;
  rewind(): void;
  score(ord: number, threshold: number): number;
}

/**
 * Relevance keys of the survivors (ascending ordinals), by survivor index, with the text read only
 * where it can change the page (a MaxScore-like collector): a first pass in ascending order settles
 * every passage its cheap signals decide and bounds the others; the pending ones are then scored in
 * rounds from the highest bounds down (the best `capacity` bounds, then 4× as many, …), until the
 * next bound falls below the worst of the best `capacity` scores known — those and the rest are
 * PRUNED. The threshold counts one scored member per group of identical passages (a member's score
 * is at most its group's), so it never exceeds the final page's worst score and pruning drops no
 * hit. Past the deadline the rest are PRUNED (counted, not ranked).
 */
export function relevanceKeys(
  survivors: Uint32Array,
  t: SearchTables,
  capacity: number,
  scorer: BoundedScorer,
  groupMarks: Marks,
  deadline: Deadline,
): { keys: Float64Array; partial: boolean } {
  const n = survivors.length;
  const keys = new Float64Array(n).fill(PRUNED);
  if (capacity <= 0) return { keys, partial: false };
  if (n <= scoreAllBelow(capacity)) {
    // Few to rank: each scored in full in one pass (bounding them first would cost a second look at each)
    for (let i = 0; i < n; i++) {
      if (deadline.tick()) return { keys, partial: true };
      keys[i] = scorer.score(survivors[i]!, -Infinity);
    }
    return { keys, partial: false };
  }
  const { rows, stride, at } = t.groupRows();
  const known = new TopK(capacity, t.tieRank);
  groupMarks.clear();
  const offer = (ord: number, key: number) => {
    const g = rows[ord * stride + at]!;
    if (g >= 0) {
      if (groupMarks.has(g)) return;
      groupMarks.add(g);
    }
    known.push(ord, key);
  };
  const pending = new Int32Array(n);
  const bounds = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (deadline.tick()) return { keys, partial: true };
    const ord = survivors[i]!;
    const key = scorer.settle(ord);
    if (key === PENDING) {
      pending[m] = i;
      bounds[m++] = scorer.pendingBound;
    } else {
      keys[i] = key;
      offer(ord, key);
    }
  }
  if (m === 0) return { keys, partial: false };
  // The r-th highest bound of each round, selected rather than sorted: each selection leaves the
  // bounds above it at the end, so the next (4r-th highest) is looked for below them only.
  const order = bounds.slice(0, m);
  let unselected = m; // order[unselected, m) holds the highest bounds selected so far
  let above = Infinity; // the bounds at or above this were scored in earlier rounds
  for (let r = capacity; ; r *= 4) {
    const floor = r >= m ? -Infinity : selectAscending(order, 0, unselected, (unselected = m - r));
    // + 1e-6: scores are rounded to 1e-6, and an equal score may still win on the order among equals
    if (above + 1e-6 < known.threshold) break;
    scorer.rewind(); // a round walks the postings in ascending order again
    for (let j = 0; j < m; j++) {
      const b = bounds[j]!;
      if (b >= above || b < floor || b + 1e-6 < known.threshold) continue;
      if (deadline.tick()) return { keys, partial: true };
      const i = pending[j]!;
      const key = scorer.score(survivors[i]!, known.threshold);
      keys[i] = key;
      if (key !== PRUNED) offer(survivors[i]!, key);
    }
    if (floor === -Infinity) break;
    above = floor;
  }
  return { keys, partial: false };
}

/**
 * The k-th smallest of a[lo, hi) (k an absolute index in it), by quickselect: a[lo, hi) is reordered
 * so that a[k] holds it, with nothing greater before it and nothing smaller after it (up to hi).
 */
export function selectAscending(a: Float64Array, lo: number, hi: number, k: number): number {
  let l = lo;
  let h = hi - 1;
  while (l < h) {
    // median of three as the pivot: sorted or reversed bounds stay linear
    const mid = (l + h) >>> 1;
    if (a[mid]! < a[l]!) swap(a, mid, l);
    if (a[h]! < a[l]!) swap(a, h, l);
    if (a[h]! < a[mid]!) swap(a, h, mid);
    const pivot = a[mid]!;
    let i = l;
    let j = h;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) h = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i]!;
  a[i] = a[j]!;
  a[j] = x;
}
