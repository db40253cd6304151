/**
 * The score stage: computes the signals of signals.ts for one passage. The cheap signals (BM25 from
 * posting counts, whole word, heading from a per-path memo, definition and unit from posting lists,
 * short passage) come first; the ones that read the passage's text (the opening sentence, proximity,
 * phrase) only when the passage's upper bound can still beat `threshold` (the worst score kept in the
 * top k so far).
 * A pruned passage is reported as PRUNED and never offered to the top k: its bound says it cannot
 * get in, so no hit is silently dropped.
 */
import { COUNT_CAP } from "../index/gram-postings.ts";
import type { WordLookup } from "../index/segment-set.ts";
import type { Term } from "./match.ts";
import { HOT_FLAGS, HOT_IS_HEADING, HOT_OPENS_UNIT, HOT_PATH, HOT_STRIDE, type SearchTables } from "./tables.ts";
import { countOccurrences } from "./literal.ts";
import { gallop } from "./postings.ts";
import { bm25, minWindowOfEvents, roundScore, TERM_SLOTS, WINDOW_OCCURRENCES } from "./score.ts";
import {
  DEFINITION_WEIGHT,
  HEADING_WEIGHT,
  PHRASE_BOOST,
  PROXIMITY_WEIGHT,
  shortPassagePrior,
  UNIT_BONUS,
  WHOLE_WORD_BOOST,
} from "./signals.ts";

export const PRUNED = -Infinity;
/** `settle`: the passage's score needs its text (its upper bound is in `pendingBound`). */
export const PENDING = Infinity;

/** Each signal's share of one passage's score (for `explain`, and tests that read like a spec). */
export type ScoreDetail = Record<"bm25" | "wholeWord" | "heading" | "definition" | "shortPassage" | "proximity" | "phrase" | "unit", number>;

export class Scorer {
  private clauses: Term[][] = [];
  private flat: Term[] = [];
  private clauseStart = new Int32Array(1);
  private multi = false;
  private phrase: string | null = null;
  /** The passages that may hold the phrase (ascending; a superset of its holders), when known; a walk cursor into them. */
  private phraseOrds: Uint32Array | null = null;
  private phraseAt = 0;
  /** Per flat alternative: its cheap score at the passage being scored (-1: not there), and whether the heading signal fired. */
  private altScore = new Float64Array(8);
  private altHeading = new Uint8Array(8);
  private altBm25 = new Float64Array(8);
  private altWhole = new Float64Array(8);
  private altDefinition = new Float64Array(8);
  private best: Term[] = [];
  private lens = new Int32Array(8);
  private events: Float64Array = new Float64Array(256);
  private windowEnds = new Int32Array(256);
  private windowCounts = new Int32Array(16);
  /** The passage `bound` last looked at: what the exact score still needs. */
  private readonly cur = { prior: 1, opens: false, unit: 0, cheapSum: 0, textMatters: false };
  /** The upper bound of the passage `settle` last left PENDING. */
  pendingBound = 0;

  /** The tables' hot rows (flags and path of each passage scored). */
  private readonly hot: Int32Array;

  constructor(
    private readonly t: SearchTables,
    private words: WordLookup,
  ) {
    this.hot = t.hotRows();
  }

  /** Sets the query's positive clauses (each a list of alternatives); passages are then scored in ascending order. */
  prepare(clauses: Term[][], words?: WordLookup, phraseHolders?: (phrase: string) => Uint32Array | null): void {
    // The query's word statistics: a store's `words` follows its deletion marks (a set of one
    // segment serves the segment's own until a passage is marked, then the live passages' average
    // length), so the lookup the query fetched is the one to score with, not the one at opening.
    if (words) this.words = words;
    this.clauses = clauses;
    this.flat = clauses.flat();
    this.clauseStart = new Int32Array(clauses.length + 1);
    clauses.forEach((alts, c) => (this.clauseStart[c + 1] = this.clauseStart[c]! + alts.length));
    this.multi = clauses.length > 1;
    this.phrase = this.multi ? clauses.map((alts) => alts[0]!.needle).join("") : null;
    // The passages that may hold the phrase (among those to rank), when asked for: the phrase signal's bound is 1 elsewhere.
    this.phraseOrds = this.phrase && phraseHolders ? phraseHolders(this.phrase) : null;
    this.phraseAt = 0;
    if (this.altScore.length < this.flat.length) {
      this.altScore = new Float64Array(this.flat.length);
      this.altHeading = new Uint8Array(this.flat.length);
      this.altBm25 = new Float64Array(this.flat.length);
      this.altWhole = new Float64Array(this.flat.length);
      this.altDefinition = new Float64Array(this.flat.length);
    }
    this.best = new Array(clauses.length);
    this.lens = new Int32Array(clauses.length);
    if (this.windowCounts.length < clauses.length) this.windowCounts = new Int32Array(clauses.length);
    for (const a of this.flat) {
      a.at = a.wordAt = a.gramAt = a.unitAt = a.defAt = 0;
      a.pos = this.multi ? new Int32Array(WINDOW_OCCURRENCES) : null;
      a.posOrd = -1;
      // more passages to score than headings: every path's answer at once, from the headings
      if (!a.inPath && a.match.ords.length > this.t.headings.length) a.inPath = this.t.pathsNaming(a.needle);
    }
  }

  /** Restart the cursors: the next passages may come in any order (a page scored after a date sort). */
  rewind(): void {
    for (const a of this.flat) a.at = a.wordAt = a.gramAt = a.unitAt = a.defAt = 0;
    this.phraseAt = 0;
  }

  /** The passage's score, or PRUNED when even its upper bound stays below `threshold`. */
  score(ord: number, threshold = -Infinity, detail?: ScoreDetail): number {
    // + 1e-6: scores are rounded to 1e-6, and an equal score may still win on the order among equals
    if (this.bound(ord) + 1e-6 < threshold) return PRUNED;
    // Nothing left to read in the text: the cheap signals are the score.
    if (!this.cur.textMatters && !detail) return roundScore(this.cur.cheapSum * this.cur.prior + this.cur.unit);
    return roundScore(this.exact(ord, this.cur.prior, this.cur.unit, this.cur.opens, detail));
  }

  /**
   * Ranking's first pass, passages in ascending order: the score when the cheap signals decide it
   * (no text to read), else PENDING with the passage's upper bound in `pendingBound` — the second pass
   * (`scoreAt`) reads the text of the pending passages whose bound can still reach the top k only.
   */
  settle(ord: number): number {
    const bound = this.bound(ord);
    if (!this.cur.textMatters) return roundScore(this.cur.cheapSum * this.cur.prior + this.cur.unit);
    this.pendingBound = bound;
    return PENDING;
  }

  /** The full score of any passage, in any order (the cursors start over). */
  scoreAt(ord: number, detail?: ScoreDetail): number {
    this.rewind();
    return this.score(ord, -Infinity, detail);
  }

  /**
   * The cheap signals of one passage (into the alt* arrays and `cur`) and its upper bound: every
   * signal that reads text at its bound.
   */
  private bound(ord: number): number {
    const t = this.t;
    const row = ord * HOT_STRIDE;
    const flags = this.hot[row + HOT_FLAGS]!;
    const length = this.words.lengths[ord] ?? 1;
    const prior = shortPassagePrior(length, (flags & HOT_IS_HEADING) !== 0);
    // Only a passage that opens its unit can gain the opening-sentence half of the heading signal.
    const opens = (flags & HOT_OPENS_UNIT) !== 0;
    let bound = 0;
    let cheapSum = 0;
    let unit = 0;
    // Whether the text could still change anything: another term to place, or an opening sentence to look in.
    let textMatters = this.multi;
    for (let c = 0; c < this.clauses.length; c++) {
      let clauseBound = -1;
      let clauseCheap = -1;
      for (let k = this.clauseStart[c]!; k < this.clauseStart[c + 1]!; k++) {
        const a = this.flat[k]!;
        const s = this.cheap(a, ord, length, k);
        if (s < 0) continue;
        let open = opens && !this.altHeading[k];
        if (open && a.match.first) {
          // where the term first stands is known from verification: no text to read
          open = false;
          if (a.match.first[a.at]! < t.leadEnd(ord)) {
            this.altHeading[k] = 1;
            this.altScore[k] = s + HEADING_WEIGHT * a.idf;
          }
        }
        if (open) textMatters = true;
        const sk = this.altScore[k]!;
        const b = sk + (open ? HEADING_WEIGHT * a.idf : 0);
        if (b > clauseBound) clauseBound = b;
        if (sk > clauseCheap) clauseCheap = sk;
        if (a.unitOpeners) {
          a.unitAt = gallop(a.unitOpeners, ord, a.unitAt);
          if (a.unitOpeners[a.unitAt] === ord) unit = UNIT_BONUS;
        }
      }
      bound += Math.max(0, clauseBound);
      cheapSum += Math.max(0, clauseCheap);
    }
    const cur = this.cur;
    cur.prior = prior;
    cur.opens = opens;
    cur.unit = unit;
    cur.cheapSum = cheapSum;
    cur.textMatters = textMatters;
    const factors = this.multi ? (1 + PROXIMITY_WEIGHT) * (this.mayHoldPhrase(ord) ? PHRASE_BOOST : 1) : 1;
    return bound * prior * factors + unit;
  }

  /** False only when the passages that may hold the phrase are known and the passage is not one of them. */
  private mayHoldPhrase(ord: number): boolean {
    const holders = this.phraseOrds;
    if (!holders) return true;
    this.phraseAt = gallop(holders, ord, this.phraseAt);
    return holders[this.phraseAt] === ord;
  }

  /** The full score once the bound has let the passage through: opening sentence, best alternative per clause, proximity. */
  private exact(ord: number, prior: number, unit: number, opens: boolean, detail?: ScoreDetail): number {
    const t = this.t;
    // The text is read only for what needs it: an opening sentence to look in, or several terms to place.
    const text = opens || this.multi ? t.text(ord) : "";
    let sum = 0;
    for (let c = 0; c < this.clauses.length; c++) {
      let top = -1;
      let topK = -1;
      let topHeading = 0;
      for (let k = this.clauseStart[c]!; k < this.clauseStart[c + 1]!; k++) {
        let s = this.altScore[k]!;
        if (s < 0) continue;
        const a = this.flat[k]!;
        let heading = this.altHeading[k] ? HEADING_WEIGHT * a.idf : 0;
        if (!heading && opens) {
          const at = text.indexOf(a.needle);
          if (at >= 0 && at < t.leadEnd(ord)) s += heading = HEADING_WEIGHT * a.idf;
        }
        if (s > top) {
          top = s;
          topK = k;
          topHeading = heading;
          this.best[c] = a;
        }
      }
      sum += top;
      if (detail && topK >= 0) {
        detail.bm25 += this.altBm25[topK]!;
        detail.wholeWord += this.altWhole[topK]!;
        detail.heading += topHeading;
        detail.definition += this.altDefinition[topK]!;
      }
    }
    let score = sum * prior;
    let proximity = 1;
    let phrase = 1;
    if (this.multi) {
      let lenSum = 0;
      for (let c = 0; c < this.clauses.length; c++) lenSum += this.lens[c] = this.best[c]!.needle.length;
      const w = this.window(text, ord);
      if (Number.isFinite(w) && w > 0) proximity = 1 + PROXIMITY_WEIGHT * Math.min(1, lenSum / w);
      if (this.phrase && text.includes(this.phrase)) phrase = PHRASE_BOOST;
      score *= proximity * phrase;
    }
    if (detail) Object.assign(detail, { shortPassage: prior, proximity, phrase, unit });
    return score + unit;
  }

  /**
   * BM25(tf) × whole-word boost, + the heading weight when the term is in the path's headings, + the
   * definition weight when the passage defines it: -1 when the alternative is not in this passage.
   * Also records the parts in the alt* arrays.
   */
  private cheap(a: Term, ord: number, length: number, k: number): number {
    const ords = a.match.ords;
    a.at = gallop(ords, ord, a.at);
    if (a.at === ords.length || ords[a.at] !== ord) return (this.altScore[k] = -1);
    let tf = COUNT_CAP;
    if (a.match.tf) tf = a.match.tf[a.at]!;
    else if (a.gramCounts) {
      // the passage holds the term, so it is on the term's gram posting list: the gallop lands on it
      a.gramAt = gallop(a.gramOrds!, ord, a.gramAt);
      tf = a.gramCounts[a.gramAt]!;
    }
    // A saturated count (or no counts) is counted in the text.
    if (tf === COUNT_CAP && !a.match.tf) tf = countOccurrences(this.t.text(ord), a.needle);
    const bm = (this.altBm25[k] = bm25(tf, a.idf, length, this.words.avgLength));
    let s = bm;
    if (a.asWords) {
      a.wordAt = gallop(a.asWords, ord, a.wordAt);
      if (a.asWords[a.wordAt] === ord) s *= WHOLE_WORD_BOOST;
    }
    this.altWhole[k] = s - bm;
    const inHeadings = this.inHeadings(a, ord);
    this.altHeading[k] = inHeadings ? 1 : 0;
    if (inHeadings) s += HEADING_WEIGHT * a.idf;
    let defines = false;
    if (a.definers.length) {
      a.defAt = gallop(a.definers, ord, a.defAt);
      defines = a.definers[a.defAt] === ord;
    }
    this.altDefinition[k] = defines ? DEFINITION_WEIGHT * a.idf : 0;
    if (defines) s += DEFINITION_WEIGHT * a.idf;
    return (this.altScore[k] = s);
  }

  /** Whether the needle occurs in the passage's headings (items of an article excepted), memoized per path. */
  private inHeadings(a: Term, ord: number): boolean {
    const p = this.hot[ord * HOT_STRIDE + HOT_PATH]!;
    if (!a.inPath) a.inPath = new Int8Array(this.t.paths.length);
    let v = a.inPath[p]!;
    if (v === 0) a.inPath[p] = v = this.t.pathWordsOf(p).includes(a.needle) ? 1 : 2;
    return v === 1;
  }

  /** Counts the term's non-overlapping occurrences in text, keeping the first ones' offsets in a.pos. */
  private occurrences(text: string, a: Term, ord: number): void {
    const pos = a.pos!;
    let n = 0;
    let at = text.indexOf(a.needle);
    while (at >= 0 && n < pos.length) {
      pos[n++] = at;
      at = text.indexOf(a.needle, at + a.needle.length);
    }
    a.npos = n;
    a.posOrd = ord;
  }

  /** Smallest window holding the kept occurrences of each clause's chosen term, without allocating. */
  private window(text: string, ord: number): number {
    for (const a of this.best) if (a.posOrd !== ord) this.occurrences(text, a, ord);
    const m = this.best.length === 2 ? this.mergedEvents(this.best[0]!, this.best[1]!) : this.sortedEvents();
    if (this.windowEnds.length < m) this.windowEnds = new Int32Array(this.events.length);
    return minWindowOfEvents(this.events, m, this.lens, this.windowCounts, this.windowEnds);
  }

  /** Every chosen term's occurrences as events (position · TERM_SLOTS + clause), sorted; their number. */
  private sortedEvents(): number {
    let m = 0;
    for (let k = 0; k < this.best.length; k++) {
      const a = this.best[k]!;
      if (this.events.length < m + a.npos) this.events = growF64(this.events, m + a.npos);
      for (let j = 0; j < a.npos; j++) this.events[m++] = a.pos![j]! * TERM_SLOTS + k;
    }
    this.events.subarray(0, m).sort();
    return m;
  }

  /** Two terms (the common case): their occurrences, each list ascending, merged in one pass instead of sorted. */
  private mergedEvents(a: Term, b: Term): number {
    if (this.events.length < a.npos + b.npos) this.events = growF64(this.events, a.npos + b.npos);
    const ev = this.events;
    const pa = a.pos!;
    const pb = b.pos!;
    let i = 0;
    let j = 0;
    let m = 0;
    while (i < a.npos && j < b.npos) {
      const x = pa[i]! * TERM_SLOTS;
      const y = pb[j]! * TERM_SLOTS + 1;
      if (x < y) {
        ev[m++] = x;
        i++;
      } else {
        ev[m++] = y;
        j++;
      }
    }
    while (i < a.npos) ev[m++] = pa[i++]! * TERM_SLOTS;
    while (j < b.npos) ev[m++] = pb[j++]! * TERM_SLOTS + 1;
    return m;
  }
}

export function emptyDetail(): ScoreDetail {
  return { bm25: 0, wholeWord: 0, heading: 0, definition: 0, shortPassage: 1, proximity: 1, phrase: 1, unit: 0 };
}

function growF64(a: Float64Array, min: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
