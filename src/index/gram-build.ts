/**
 * Building gram postings: two passes over squeezed texts (count each gram's passages and positions,
 * then fill the lists through per-gram cursors), and joining parts built over consecutive ordinal
 * ranges — segments in a merge, with deleted passages dropped.
 */
import { BIGRAM, CHECK_EVERY, COUNT_CAP, EMPTY, MARK, POSITION_LIMIT, WORD, nextPosting, type GramParts } from "./gram-layout.ts";

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

/**
 * Calls visit(key, offset, counted) for every unigram and bigram of word characters in the text
 * units[from … to); offsets are from `from`.
 */
function eachGram(units: Uint16Array, from: number, to: number, visit: (key: number, at: number, counted: boolean) => void): void {
  let prev = 0; // previous code unit when it was a word character, else 0
  // End offset of the last counted doubled bigram (cc): one ending at i - 1 overlaps the one at i.
  let pairEnd = -2;
  for (let i = 0; i < to - from; i++) {
    const c = units[from + i]!;
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

/**
 * Gram postings of the texts in a block (text o is units[ends[o-1] … ends[o])), in two passes and
 * nothing in between but a table of the distinct grams: the arrays are allocated once, at their size.
 */
export function buildParts(units: Uint16Array, ends: Uint32Array): GramParts {
  const n0 = ends.length;
  const start = (o: number) => (o === 0 ? 0 : ends[o - 1]!);
  // Pass 1: distinct grams and, per gram, the passages holding it and the positions to store.
  const counter = new GramCounter();
  const longOrds: number[] = [];
  for (let ord = 0; ord < n0; ord++) {
    const long = isLong(ends[ord]! - start(ord));
    if (long) longOrds.push(ord);
    eachGram(units, start(ord), ends[ord]!, (key) => counter.note(key, ord, long));
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
  for (let ord = 0; ord < n0; ord++) {
    const long = isLong(ends[ord]! - start(ord));
    eachGram(units, start(ord), ends[ord]!, (key, at, counted) => filler.note(key, ord, counted, at, long));
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

export interface ConcatInput {
  parts: GramParts;
  base: number;
  remap: Int32Array | null;
}

export function concatParts(inputs: (ConcatInput | null)[]): GramParts {
  // Union of the keys, with each one's kept postings and positions.
  const table = new KeyTable(1 << 16);
  let df: Uint32Array = new Uint32Array(1 << 16);
  let npos: Uint32Array = new Uint32Array(1 << 16);
  for (const input of inputs) {
    const { parts: p, remap } = input!;
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
  for (let k = 0; k < inputs.length; k++) {
    const { parts: p, base, remap } = inputs[k]!;
    inputs[k] = null; // copied below: let it go
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

