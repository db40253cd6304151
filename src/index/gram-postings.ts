/**
 * The character index: for every unigram and bigram of word characters, the ordinals of the
 * passages whose squeezed folded text contains it (analyzer.ts `passageGrams` states the rule),
 * each with the gram's occurrence count there and, for bigrams, its positions — so that a literal
 * of word characters of any length is proven from postings alone (`literal`), without reading text.
 *
 * All typed arrays, no string or JS array per gram: a gram is an integer key (a unigram is its
 * UTF-16 code unit, a bigram `c1 * 65536 + c2`; word characters are never NUL, so a bigram key is
 * ≥ 65536 and 0 is free). Keys are sorted; a gram's rank r owns ids[offsets[r] … offsets[r+1]).
 *
 * - occ (per posting): non-overlapping occurrences, as `String.indexOf` stepping past each match
 *   counts them (literal.ts `countOccurrences`): a run of k equal characters holds ⌊k/2⌋ of its
 *   doubled bigram. Saturates at COUNT_CAP.
 * - pos (bigram postings only): every start offset of the bigram in the passage's squeezed text,
 *   overlapping ones included (鹿鹿鹿 holds 鹿鹿 at 0 and 1), ascending, in posting order; the first
 *   position of each posting carries MARK, which is how postings are told apart. A rank's positions
 *   start at posStart[r]; `checks[c]` is where the positions of posting 16c start, so finding a
 *   posting's positions scans at most 15 postings. Offsets fit 15 bits: ingest cuts passages at
 *   1,500 characters (blocks.ts MAX_PASSAGE_CHARS); a passage longer than POSITION_LIMIT still
 *   gets postings and counts, its positions are not kept (one marked placeholder per posting), and
 *   `literal` verifies it against its text instead (`long` lists them).
 *
 * Built in two passes over the texts (count, then fill through cursors); parts built over runs of
 * passages (worker threads) or whole segments are joined by `concat`, which also drops deleted
 * passages and renumbers — the segment merge.
 */
import { isWordChar } from "../analysis/analyzer.ts";
import { viewAs } from "./cache-file.ts";

/** 1 per UTF-16 code unit that is a word character, tabulated from the analyzer's own rule. */
const WORD = (() => {
  const t = new Uint8Array(65536);
  for (let c = 1; c < 65536; c++) t[c] = isWordChar(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

const BIGRAM = 65536;

/** Occurrence counts saturate here: a stored count of COUNT_CAP means "COUNT_CAP or more". */
export const COUNT_CAP = 255;

/** Bigram positions at or past this offset are not stored (see `long`). */
export const POSITION_LIMIT = 0x8000;
const MARK = 0x8000;
const OFFSET = 0x7fff;
const CHECK_EVERY = 16;

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

/**
 * A table from gram key to a dense index: unigram keys (< 65536) index an array directly, bigram
 * keys go to an open-addressing hash table (Fibonacci hashing, linear probing) whose capacity is
 * a power of two kept at least twice the number of its keys. Build-time only.
 */
class KeyTable {
  private readonly direct = new Int32Array(BIGRAM).fill(-1);
  private keys: Uint32Array;
  private vals: Int32Array;
  private shift: number;
  private hashed = 0;
  size = 0;
  /** Keys by dense index. */
  byDense: Uint32Array = new Uint32Array(1 << 12);

  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.keys = new Uint32Array(1 << bits);
    this.vals = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** Dense index of key, or -1. */
  find(key: number): number {
    if (key < BIGRAM) return this.direct[key]!;
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) return this.vals[i]!;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Dense index of key, giving it the next index (`size`) when new. */
  add(key: number): number {
    if (key < BIGRAM) {
      const v = this.direct[key]!;
      return v >= 0 ? v : (this.direct[key] = this.fresh(key));
    }
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) return this.vals[i]!;
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    const d = this.fresh(key);
    this.vals[i] = d;
    if (++this.hashed * 2 > this.keys.length) this.grow();
    return d;
  }

  private fresh(key: number): number {
    const d = this.size++;
    if (d >= this.byDense.length) this.byDense = growU32(this.byDense, d + 1);
    this.byDense[d] = key;
    return d;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.shift--;
    const mask = cap - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j]!;
      if (key === 0) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.vals[i] = oldVals[j]!;
    }
  }

  /** The keys in ascending order, and each dense index's rank among them. */
  sorted(): { keys: Uint32Array; rankOf: Uint32Array } {
    const keys = this.byDense.slice(0, this.size).sort();
    const rankOf = new Uint32Array(this.size);
    for (let r = 0; r < keys.length; r++) rankOf[this.find(keys[r]!)] = r;
    return { keys, rankOf };
  }
}

function growU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a;
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growI32(a: Int32Array, n: number, fill: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

/** Whether squeezed text this long has a bigram starting at or past POSITION_LIMIT. */
const isLong = (length: number): boolean => length - 2 >= POSITION_LIMIT;

/** Pass 1 of the build: dense numbers for gram keys; per gram the passages and the positions to store. */
class GramCounter {
  readonly table = new KeyTable(1 << 16);
  df: Uint32Array = new Uint32Array(1 << 16);
  npos: Uint32Array = new Uint32Array(1 << 16);
  /** The last passage that counted each gram. */
  private last: Int32Array = new Int32Array(1 << 16).fill(-1);

  note(key: number, ord: number, long: boolean): void {
    const d = this.table.add(key);
    if (d >= this.df.length) {
      this.df = growU32(this.df, d + 1);
      this.npos = growU32(this.npos, d + 1);
      this.last = growI32(this.last, d + 1, -1);
    }
    const first = this.last[d] !== ord;
    if (key >= BIGRAM && (first || !long)) this.npos[d]!++; // a long passage stores one placeholder
    if (!first) return;
    this.last[d] = ord;
    this.df[d]!++;
  }
}

/**
 * Pass 2 of the build: writes each passage's ordinal once into each of its grams' lists with the
 * gram's occurrence count there (`counted` false: an occurrence overlapping the previous counted
 * one of the same doubled bigram, which is a position but not a count), and the bigrams' positions.
 */
class GramFiller {
  private readonly cursor: Uint32Array;
  private readonly pcursor: Uint32Array;
  private readonly last: Int32Array;

  constructor(
    private readonly table: KeyTable,
    private readonly rankOf: Uint32Array,
    private readonly p: GramParts,
  ) {
    const n = rankOf.length;
    this.cursor = new Uint32Array(n);
    this.pcursor = new Uint32Array(n);
    for (let d = 0; d < n; d++) {
      this.cursor[d] = p.offsets[rankOf[d]!]!;
      this.pcursor[d] = p.posStart[rankOf[d]!]!;
    }
    this.last = new Int32Array(n).fill(-1);
  }

  note(key: number, ord: number, counted: boolean, at: number, long: boolean): void {
    const d = this.table.find(key);
    const first = this.last[d] !== ord;
    if (key >= BIGRAM && (first || !long)) this.p.pos[this.pcursor[d]!++] = long ? MARK : first ? MARK | at : at;
    if (!first) {
      const k = this.cursor[d]! - 1;
      if (counted && this.p.occ[k]! < COUNT_CAP) this.p.occ[k]!++;
      return;
    }
    this.last[d] = ord;
    const k = this.cursor[d]!++;
    this.p.ids[k] = ord;
    this.p.occ[k] = 1; // the first occurrence never overlaps an earlier one
  }
}

/** Calls visit(key, offset, counted) for every unigram and bigram of word characters in text. */
function eachGram(text: string, visit: (key: number, at: number, counted: boolean) => void): void {
  let prev = 0; // previous code unit when it was a word character, else 0
  // End index of the last counted doubled bigram (cc): one ending at i - 1 overlaps the one at i.
  let pairEnd = -2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (WORD[c] === 0) {
      prev = 0;
      continue;
    }
    visit(c, i, true);
    if (prev !== 0) {
      const key = prev * BIGRAM + c;
      if (prev !== c) visit(key, i - 1, true);
      else if (pairEnd === i - 1) visit(key, i - 1, false);
      else {
        visit(key, i - 1, true);
        pairEnd = i;
      }
    }
    prev = c;
  }
}

/** First index k in [from, to) with a[k] ≥ x (to when none): exponential, then binary search. */
function gallopIn(a: Uint32Array, x: number, from: number, to: number): number {
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

export class GramPostings {
  private readonly keys: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly occ: Uint8Array;
  private readonly pos: Uint16Array;
  private readonly posStart: Uint32Array;
  private readonly checks: Uint32Array;
  private readonly long: Uint32Array;
  /** Rank of each unigram key (-1: none), so the commonest lookups skip the binary search. */
  private readonly unigramRank = new Int32Array(BIGRAM).fill(-1);
  /** Rank of the first bigram key; postings from `bigramBase` on are bigram postings. */
  private readonly firstBigram: number;
  private readonly bigramBase: number;

  constructor(p: GramParts) {
    ({ keys: this.keys, offsets: this.offsets, ids: this.ids, occ: this.occ, pos: this.pos, posStart: this.posStart, checks: this.checks, long: this.long } = p);
    const n = this.keys.length;
    if (this.offsets.length !== n + 1 || this.posStart.length !== n + 1) throw new Error("gram postings: offsets do not match the keys");
    if (this.offsets[0] !== 0 || this.offsets[n] !== this.ids.length || this.occ.length !== this.ids.length) throw new Error("gram postings: offsets do not span the postings");
    if (this.posStart[0] !== 0 || this.posStart[n] !== this.pos.length) throw new Error("gram postings: positions do not match their offsets");
    let r = 0;
    for (; r < n && this.keys[r]! < BIGRAM; r++) {
      if (this.keys[r] === 0 || (r > 0 && this.keys[r]! <= this.keys[r - 1]!)) throw new Error("gram postings: keys out of order");
      this.unigramRank[this.keys[r]!] = r;
    }
    this.firstBigram = r;
    this.bigramBase = this.offsets[r]!;
    for (let k = Math.max(1, r); k < n; k++) if (this.keys[k]! <= this.keys[k - 1]!) throw new Error("gram postings: keys out of order");
    for (let k = 0; k < n; k++) if (this.offsets[k + 1]! < this.offsets[k]! || this.posStart[k + 1]! < this.posStart[k]!) throw new Error("gram postings: offsets out of order");
    if (this.checks.length !== Math.ceil(this.ids.length / CHECK_EVERY)) throw new Error("gram postings: checkpoints do not match the postings");
  }

  /** Two passes over the squeezed texts (ordinal = index). */
  static build(squeezedTexts: readonly string[]): GramPostings {
    return new GramPostings(buildParts(squeezedTexts));
  }

  /**
   * Joins postings built over consecutive ordinal ranges (or segments). Part k's ordinal o becomes
   * `base + o`, or `remap[o]` when a remap is given (-1: deleted, dropped with its positions); the
   * new ordinals must keep the parts' order, so every list stays ascending.
   */
  static concat(parts: readonly { grams: GramPostings; base?: number; remap?: Int32Array | null }[]): GramPostings {
    return new GramPostings(concatParts(parts.map((p) => ({ parts: p.grams.parts(), base: p.base ?? 0, remap: p.remap ?? null }))));
  }

  parts(): GramParts {
    return { keys: this.keys, offsets: this.offsets, ids: this.ids, occ: this.occ, pos: this.pos, posStart: this.posStart, checks: this.checks, long: this.long };
  }

  /** Rank of the key, or -1. */
  private rank(key: number): number {
    if (key === 0) return -1;
    if (key < BIGRAM) return this.unigramRank[key]!;
    let lo = this.firstBigram;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Ordinals (ascending) of the passages holding the gram; empty when none. */
  get(gram: string): Uint32Array {
    return this.getKey(gramKey(gram));
  }

  /** `get` by integer key (see `gramKey`), for callers that compute keys from code units. */
  getKey(key: number): Uint32Array {
    const r = this.rank(key);
    if (r < 0) return EMPTY;
    return this.ids.subarray(this.offsets[r]!, this.offsets[r + 1]!);
  }

  /**
   * Occurrence counts of the gram, aligned with `get(gram)`: counts[i] is how many times it occurs
   * (non-overlapping) in passage get(gram)[i]; COUNT_CAP means that many or more.
   */
  counts(gram: string): Uint8Array {
    return this.countsByKey(gramKey(gram));
  }

  /** `counts` by integer key. */
  countsByKey(key: number): Uint8Array {
    const r = this.rank(key);
    if (r < 0) return EMPTY_COUNTS;
    return this.occ.subarray(this.offsets[r]!, this.offsets[r + 1]!);
  }

  df(gram: string): number {
    const r = this.rank(gramKey(gram));
    return r < 0 ? 0 : this.offsets[r + 1]! - this.offsets[r]!;
  }

  /**
   * The passages that contain `needle` (folded, squeezed; word characters only) and its
   * non-overlapping occurrences in each, proven from the bigram positions: the needle stands at s
   * when each of its bigrams stands at s + its offset. Null when the needle is empty or holds a
   * character that is not a word character (no gram covers it: verify against the text instead).
   * `textOf` (squeezed text by ordinal) is read only for passages too long for stored positions.
   */
  literal(needle: string, textOf?: (ord: number) => string): LiteralHits | null {
    const L = needle.length;
    if (L === 0) return null;
    for (let i = 0; i < L; i++) if (WORD[needle.charCodeAt(i)] === 0) return null;
    if (L === 1) {
      const r = this.rank(needle.charCodeAt(0));
      if (r < 0) return { ords: EMPTY, tf: EMPTY };
      const from = this.offsets[r]!;
      const to = this.offsets[r + 1]!;
      return { ords: this.ids.subarray(from, to), tf: Uint32Array.from(this.occ.subarray(from, to)) };
    }
    return new LiteralProof(this, needle, textOf).run();
  }

  /** @internal For LiteralProof: the raw arrays and the rank lookup. */
  internals() {
    return { ids: this.ids, occ: this.occ, pos: this.pos, offsets: this.offsets, long: this.long, rank: (key: number) => this.rank(key), positionsAt: (k: number, out: Int32Array) => this.positionsAt(k, out) };
  }

  /**
   * The positions of bigram posting k (global posting index) into out (grown by the caller to
   * hold a passage's positions: at most its length); returns how many.
   */
  private positionsAt(k: number, out: Int32Array): number {
    const pos = this.pos;
    const end = pos.length;
    let i = this.checks[(k / CHECK_EVERY) | 0]!;
    for (let j = k - (k % CHECK_EVERY); j < k; j++) {
      if (j < this.bigramBase) continue;
      i++;
      while (i < end && (pos[i]! & MARK) === 0) i++;
    }
    let n = 0;
    out[n++] = pos[i]! & OFFSET;
    for (i++; i < end && (pos[i]! & MARK) === 0; i++) out[n++] = pos[i]!;
    return n;
  }

  /**
   * For each passage, the summed weight of its distinct bigrams, where weight(g) is given by
   * its document frequency (similarity mode normalizes by it). One pass over all postings.
   */
  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array {
    const sums = new Float64Array(passages);
    for (let r = this.firstBigram; r < this.keys.length; r++) {
      const from = this.offsets[r]!;
      const to = this.offsets[r + 1]!;
      const w = weight(to - from);
      for (let k = from; k < to; k++) sums[this.ids[k]!] += w;
    }
    return sums;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Total number of postings (passage–gram pairs). */
  get postings(): number {
    return this.ids.length;
  }

  /** Stored bigram positions. */
  get positions(): number {
    return this.pos.length;
  }

  /** Cache sections, named `<prefix>.<array>` (typed arrays in the platform's byte order). */
  toSections(prefix: string): Record<string, ArrayBufferView> {
    const out: Record<string, ArrayBufferView> = {};
    for (const [name, a] of Object.entries(this.parts())) out[`${prefix}.${name}`] = a;
    return out;
  }

  static fromSections(get: (name: string) => Uint8Array, prefix: string): GramPostings {
    const u32 = (n: string) => viewAs(Uint32Array, get(`${prefix}.${n}`), `gram postings ${n}`);
    return new GramPostings({
      keys: u32("keys"),
      offsets: u32("offsets"),
      ids: u32("ids"),
      occ: get(`${prefix}.occ`),
      pos: viewAs(Uint16Array, get(`${prefix}.pos`), "gram positions"),
      posStart: u32("posStart"),
      checks: u32("checks"),
      long: u32("long"),
    });
  }
}

/** Proof of one literal of 2+ word characters from bigram positions (GramPostings.literal). */
class LiteralProof {
  private readonly g: ReturnType<GramPostings["internals"]>;
  /** Per bigram of the needle (by offset): its rank. */
  private readonly ranks: number[] = [];
  private readonly L: number;

  constructor(
    grams: GramPostings,
    private readonly needle: string,
    private readonly textOf: ((ord: number) => string) | undefined,
  ) {
    this.g = grams.internals();
    this.L = needle.length;
    for (let i = 0; i + 1 < this.L; i++) this.ranks.push(this.g.rank(needle.charCodeAt(i) * BIGRAM + needle.charCodeAt(i + 1)));
  }

  run(): LiteralHits {
    const { ids, offsets } = this.g;
    if (this.ranks.some((r) => r < 0)) return { ords: EMPTY, tf: EMPTY };
    // Distinct bigrams, rarest first: the rarest drives, the others are galloped to its ordinals.
    const distinct = [...new Set(this.ranks)].sort((a, b) => offsets[a + 1]! - offsets[a]! - (offsets[b + 1]! - offsets[b]!));
    const driver = distinct[0]!;
    const from = offsets[driver]!;
    const to = offsets[driver + 1]!;
    const cursor = distinct.map((r) => offsets[r]!);
    // Per distinct bigram, the posting index in the passage being checked.
    const at = new Int32Array(distinct.length);
    this.prepare(distinct);
    const ords = new Uint32Array(to - from);
    const tf = new Uint32Array(to - from);
    let n = 0;
    next: for (let k = from; k < to; k++) {
      const ord = ids[k]!;
      at[0] = k;
      for (let d = 1; d < distinct.length; d++) {
        const r = distinct[d]!;
        const j = (cursor[d] = gallopIn(ids, ord, cursor[d]!, offsets[r + 1]!));
        if (j === offsets[r + 1]! || ids[j] !== ord) continue next;
        at[d] = j;
      }
      const c = this.isLong(ord) ? this.countInText(ord) : this.countByPositions(at);
      if (c === 0) continue;
      ords[n] = ord;
      tf[n++] = c;
    }
    return { ords: ords.slice(0, n), tf: tf.slice(0, n) };
  }

  private isLong(ord: number): boolean {
    const long = this.g.long;
    if (long.length === 0) return false;
    const i = gallopIn(long, ord, 0, long.length);
    return i < long.length && long[i] === ord;
  }

  private countInText(ord: number): number {
    if (!this.textOf) throw new Error("gram postings: a passage too long for positions needs its text to prove a literal");
    const text = this.textOf(ord);
    let n = 0;
    let i = text.indexOf(this.needle);
    while (i >= 0) {
      n++;
      i = text.indexOf(this.needle, i + this.L);
    }
    return n;
  }

  /** Per distinct bigram: its positions in the passage being checked (reused; a passage holds ≤ its length). */
  private lists: Int32Array[] = [];
  private lens = new Int32Array(0);
  /** Per bigram of the needle: its index among the distinct ones. */
  private which = new Int32Array(0);
  private ptr = new Int32Array(0);

  private prepare(distinct: number[]): void {
    this.lists = distinct.map(() => new Int32Array(64));
    this.lens = new Int32Array(distinct.length);
    this.which = Int32Array.from(this.ranks, (r) => distinct.indexOf(r));
    this.ptr = new Int32Array(this.ranks.length);
  }

  /**
   * Non-overlapping starts s where every bigram i of the needle stands at s + i. Walks the starts
   * the first bigram allows, ascending; each bigram's list is walked once (starts only grow).
   */
  private countByPositions(at: Int32Array): number {
    const { lists, lens, which, ptr } = this;
    for (let d = 0; d < lists.length; d++) {
      let n = this.g.positionsAt(at[d]!, lists[d]!);
      if (n >= lists[d]!.length) {
        // Writes past the end were dropped: take a list long enough for any passage and read again.
        lists[d] = new Int32Array(POSITION_LIMIT);
        n = this.g.positionsAt(at[d]!, lists[d]!);
      }
      lens[d] = n;
    }
    ptr.fill(0);
    const first = lists[which[0]!]!;
    const firstLen = lens[which[0]!]!;
    let count = 0;
    let lastEnd = -1;
    starts: for (let a = 0; a < firstLen; a++) {
      const s = first[a]!;
      for (let i = 1; i < which.length; i++) {
        const d = which[i]!;
        const list = lists[d]!;
        const len = lens[d]!;
        const want = s + i;
        let p = ptr[i]!;
        while (p < len && list[p]! < want) p++;
        ptr[i] = p;
        if (p === len || list[p] !== want) continue starts;
      }
      if (s >= lastEnd) {
        count++;
        lastEnd = s + this.L;
      }
    }
    return count;
  }
}

function buildParts(texts: readonly string[]): GramParts {
  // Pass 1: distinct grams and, per gram, the passages holding it and the positions to store.
  const counter = new GramCounter();
  const longOrds: number[] = [];
  for (let ord = 0; ord < texts.length; ord++) {
    const long = isLong(texts[ord]!.length);
    if (long) longOrds.push(ord);
    eachGram(texts[ord]!, (key) => counter.note(key, ord, long));
  }
  const { keys, rankOf } = counter.table.sorted();
  const n = keys.length;
  const offsets = new Uint32Array(n + 1);
  const posStart = new Uint32Array(n + 1);
  const denseOf = new Uint32Array(n);
  for (let d = 0; d < n; d++) denseOf[rankOf[d]!] = d;
  let total = 0;
  let positions = 0;
  for (let r = 0; r < n; r++) {
    offsets[r] = total;
    posStart[r] = positions;
    total += counter.df[denseOf[r]!]!;
    positions += counter.npos[denseOf[r]!]!;
  }
  if (total > 0xffffffff || positions > 0xffffffff) throw new Error(`gram postings: ${total} postings do not fit 32-bit offsets`);
  offsets[n] = total;
  posStart[n] = positions;
  // Pass 2: ordinals, counts and positions through per-gram cursors.
  const parts: GramParts = { keys, offsets, ids: new Uint32Array(total), occ: new Uint8Array(total), pos: new Uint16Array(positions), posStart, checks: EMPTY, long: Uint32Array.from(longOrds) };
  const filler = new GramFiller(counter.table, rankOf, parts);
  for (let ord = 0; ord < texts.length; ord++) {
    const long = isLong(texts[ord]!.length);
    eachGram(texts[ord]!, (key, at, counted) => filler.note(key, ord, counted, at, long));
  }
  parts.checks = checkpoints(parts);
  return parts;
}

/** checks[c]: index in pos where the positions of posting c·16 start (0 before the first bigram posting). */
function checkpoints(p: GramParts): Uint32Array {
  const n = p.keys.length;
  let firstBigram = 0;
  while (firstBigram < n && p.keys[firstBigram]! < BIGRAM) firstBigram++;
  const base = p.offsets[firstBigram]!;
  const checks = new Uint32Array(Math.ceil(p.ids.length / CHECK_EVERY));
  let posting = base - 1;
  for (let i = 0; i < p.pos.length; i++) {
    if ((p.pos[i]! & MARK) === 0) continue;
    posting++;
    if (posting % CHECK_EVERY === 0) checks[posting / CHECK_EVERY] = i;
  }
  return checks;
}

interface ConcatInput {
  parts: GramParts;
  base: number;
  remap: Int32Array | null;
}

function concatParts(inputs: readonly ConcatInput[]): GramParts {
  // Union of the keys, with each one's kept postings and positions.
  const table = new KeyTable(1 << 16);
  let df: Uint32Array = new Uint32Array(1 << 16);
  let npos: Uint32Array = new Uint32Array(1 << 16);
  for (const { parts: p, remap } of inputs) {
    for (let r = 0; r < p.keys.length; r++) {
      const d = table.add(p.keys[r]!);
      if (d >= df.length) {
        df = growU32(df, d + 1);
        npos = growU32(npos, d + 1);
      }
      if (!remap) {
        df[d]! += p.offsets[r + 1]! - p.offsets[r]!;
        npos[d]! += p.posStart[r + 1]! - p.posStart[r]!;
        continue;
      }
      let i = p.posStart[r]!;
      for (let k = p.offsets[r]!; k < p.offsets[r + 1]!; k++) {
        const start = i;
        if (p.keys[r]! >= BIGRAM) i = nextPosting(p.pos, i);
        if (remap[p.ids[k]!]! < 0) continue;
        df[d]!++;
        npos[d]! += i - start;
      }
    }
  }
  // A key whose postings were all deleted leaves the index (as if the passages had never been added).
  const sorted = table.sorted().keys;
  const keys = sorted.filter((key) => df[table.find(key)]! > 0);
  const rankOf = new Int32Array(table.size).fill(-1);
  keys.forEach((key, r) => (rankOf[table.find(key)] = r));
  const n = keys.length;
  const offsets = new Uint32Array(n + 1);
  const posStart = new Uint32Array(n + 1);
  let total = 0;
  let positions = 0;
  for (let r = 0; r < n; r++) {
    const d = table.find(keys[r]!);
    offsets[r] = total;
    posStart[r] = positions;
    total += df[d]!;
    positions += npos[d]!;
  }
  offsets[n] = total;
  posStart[n] = positions;
  const out: GramParts = { keys, offsets, ids: new Uint32Array(total), occ: new Uint8Array(total), pos: new Uint16Array(positions), posStart, checks: EMPTY, long: EMPTY };
  // Part by part (each part's ordinals above the previous ones'), through per-key cursors.
  const cursor = offsets.slice(0, n);
  const pcursor = posStart.slice(0, n);
  const longOrds: number[] = [];
  for (const { parts: p, base, remap } of inputs) {
    for (const o of p.long) if (!remap || remap[o]! >= 0) longOrds.push(remap ? remap[o]! : base + o);
    for (let r = 0; r < p.keys.length; r++) {
      const R = rankOf[table.find(p.keys[r]!)]!;
      if (R < 0) continue;
      const from = p.offsets[r]!;
      const to = p.offsets[r + 1]!;
      if (!remap) {
        const c = cursor[R]!;
        for (let k = from; k < to; k++) out.ids[c + k - from] = base + p.ids[k]!;
        out.occ.set(p.occ.subarray(from, to), c);
        cursor[R] = c + to - from;
        const ps = p.posStart[r]!;
        const pe = p.posStart[r + 1]!;
        out.pos.set(p.pos.subarray(ps, pe), pcursor[R]!);
        pcursor[R]! += pe - ps;
        continue;
      }
      let i = p.posStart[r]!;
      for (let k = from; k < to; k++) {
        const start = i;
        if (p.keys[r]! >= BIGRAM) i = nextPosting(p.pos, i);
        const o = remap[p.ids[k]!]!;
        if (o < 0) continue;
        const c = cursor[R]!++;
        out.ids[c] = o;
        out.occ[c] = p.occ[k]!;
        out.pos.set(p.pos.subarray(start, i), pcursor[R]!);
        pcursor[R]! += i - start;
      }
    }
  }
  out.long = Uint32Array.from(longOrds);
  out.checks = checkpoints(out);
  return out;
}

/** Index of the next posting's first position after the posting whose first position is at i. */
function nextPosting(pos: Uint16Array, i: number): number {
  i++;
  while (i < pos.length && (pos[i]! & MARK) === 0) i++;
  return i;
}

const EMPTY = new Uint32Array(0);
const EMPTY_COUNTS = new Uint8Array(0);
