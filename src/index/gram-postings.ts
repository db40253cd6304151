/**
 * The character backstop: for every unigram and bigram of word characters, the ordinals of the
 * passages whose squeezed folded text contains it (analyzer.ts `passageGrams` states the rule).
 *
 * Built without a single string or JS array per gram: a gram is an integer key (a unigram is its
 * UTF-16 code unit, a bigram `c1 * 65536 + c2`; word characters are never NUL, so a bigram key is
 * ≥ 65536 and 0 is free to mark an empty slot), held in an open-addressing table of typed arrays.
 * Two passes over the texts: the first counts each gram's passages, the second writes the
 * ordinals into one flat Uint32Array through per-gram cursors. At 1000× the seeds (~80 M postings)
 * the earlier Map<string, number[]> spent more time collecting garbage than building.
 *
 * Each posting also carries the gram's occurrence count in that passage (a parallel Uint8Array,
 * saturating at COUNT_CAP), so ranking gets the tf of a one- or two-character term without reading
 * the passage text. The count is the one `String.indexOf` stepping past each match gives (literal.ts
 * `countOccurrences`): non-overlapping, so a run of k equal characters holds ⌊k/2⌋ of its doubled
 * bigram (鹿鹿鹿 holds 鹿鹿 once).
 *
 * Cache bytes are the typed arrays themselves (sorted keys, offsets, ordinals, counts), so loading is a copy.
 */
import { isWordChar } from "../analysis/analyzer.ts";

/** 1 per UTF-16 code unit that is a word character, tabulated from the analyzer's own rule. */
const WORD = (() => {
  const t = new Uint8Array(65536);
  for (let c = 1; c < 65536; c++) t[c] = isWordChar(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

const BIGRAM = 65536;

/** Occurrence counts saturate here: a stored count of COUNT_CAP means "COUNT_CAP or more". */
export const COUNT_CAP = 255;

/** The integer key of a one- or two-code-unit gram; 0 (no such gram) for anything else. */
export function gramKey(gram: string): number {
  if (gram.length === 1) return gram.charCodeAt(0);
  if (gram.length === 2) {
    const a = gram.charCodeAt(0);
    return a === 0 ? 0 : a * BIGRAM + gram.charCodeAt(1);
  }
  return 0;
}

/**
 * A table from gram key to a dense index: unigram keys (< 65536) index an array directly, bigram
 * keys go to an open-addressing hash table (Fibonacci hashing, linear probing) whose capacity is
 * a power of two kept at least twice the number of its keys.
 */
class KeyTable {
  private readonly direct = new Int32Array(BIGRAM).fill(-1);
  private keys: Uint32Array;
  private vals: Int32Array;
  private shift: number;
  private hashed = 0;
  size = 0;

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
      return v >= 0 ? v : (this.direct[key] = this.size++);
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
    const d = this.size++;
    this.vals[i] = d;
    if (++this.hashed * 2 > this.keys.length) this.grow();
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
}

/** Pass 1 of the build: dense numbers for gram keys, and per gram the passages counted (once each). */
class GramCounter {
  readonly seen = new KeyTable(1 << 16);
  seenKeys: Uint32Array = new Uint32Array(1 << 16);
  df: Uint32Array = new Uint32Array(1 << 16);
  /** The last passage that counted each gram. */
  private last: Int32Array = new Int32Array(1 << 16).fill(-1);

  note(key: number, ord: number): void {
    const d = this.seen.add(key);
    if (d >= this.df.length) {
      this.seenKeys = growU32(this.seenKeys, d + 1);
      this.df = growU32(this.df, d + 1);
      this.last = growI32(this.last, d + 1, -1);
    }
    if (this.last[d] === ord) return;
    this.seenKeys[d] = key;
    this.last[d] = ord;
    this.df[d] = this.df[d]! + 1;
  }
}

/**
 * Pass 2 of the build: writes each passage's ordinal once into each of its grams' lists, and
 * counts the gram's occurrences there (`counted` false: an occurrence overlapping the previous
 * counted one of the same doubled bigram, which marks presence but does not count).
 */
class GramFiller {
  private readonly cursor: Uint32Array;
  private readonly last: Int32Array;

  constructor(
    private readonly table: KeyTable,
    offsets: Uint32Array,
    private readonly ids: Uint32Array,
    private readonly counts: Uint8Array,
  ) {
    this.cursor = offsets.slice(0, offsets.length - 1);
    this.last = new Int32Array(offsets.length - 1).fill(-1);
  }

  note(key: number, ord: number, counted: boolean): void {
    const r = this.table.find(key);
    if (this.last[r] === ord) {
      const k = this.cursor[r]! - 1;
      if (counted && this.counts[k]! < COUNT_CAP) this.counts[k] = this.counts[k]! + 1;
      return;
    }
    this.last[r] = ord;
    const k = this.cursor[r]!;
    this.ids[k] = ord;
    this.counts[k] = 1; // the first occurrence never overlaps an earlier one
    this.cursor[r] = k + 1;
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

export class GramPostings {
  private readonly table: KeyTable;

  private constructor(
    /** Gram keys, ascending; a gram's rank here is its slot in `offsets`. */
    private readonly keys: Uint32Array,
    private readonly offsets: Uint32Array,
    private readonly ids: Uint32Array,
    /** Per posting (aligned with `ids`): the gram's occurrences in that passage, capped at COUNT_CAP. */
    private readonly occ: Uint8Array,
  ) {
    this.table = new KeyTable(keys.length);
    for (let r = 0; r < keys.length; r++) this.table.add(keys[r]!);
  }

  static build(squeezedTexts: readonly string[]): GramPostings {
    // Pass 1: distinct grams and, per gram, the number of passages holding it.
    const counter = new GramCounter();
    for (let ord = 0; ord < squeezedTexts.length; ord++) {
      const text = squeezedTexts[ord]!;
      let prev = 0; // previous code unit when it was a word character, else 0
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (WORD[c] === 0) {
          prev = 0;
          continue;
        }
        counter.note(c, ord);
        if (prev !== 0) counter.note(prev * BIGRAM + c, ord);
        prev = c;
      }
    }

    // Keys in ascending order (deterministic bytes), offsets by prefix sums of the counts.
    const { seen, seenKeys, df } = counter;
    const n = seen.size;
    const keys = seenKeys.slice(0, n).sort();
    const offsets = new Uint32Array(n + 1);
    let total = 0;
    for (let r = 0; r < n; r++) {
      offsets[r] = total;
      total += df[seen.find(keys[r]!)]!;
    }
    if (total > 0xffffffff) throw new Error(`gram postings: ${total} postings do not fit 32-bit offsets`);
    offsets[n] = total;

    // Pass 2: each passage's ordinal, once per distinct gram, into the lists through cursors,
    // with the gram's occurrence count alongside.
    const out = new GramPostings(keys, offsets, new Uint32Array(total), new Uint8Array(total));
    const filler = new GramFiller(out.table, offsets, out.ids, out.occ);
    for (let ord = 0; ord < squeezedTexts.length; ord++) {
      const text = squeezedTexts[ord]!;
      let prev = 0;
      // End index of the last counted doubled bigram (cc): one ending at i - 1 overlaps the one at i.
      let pairEnd = -2;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (WORD[c] === 0) {
          prev = 0;
          continue;
        }
        filler.note(c, ord, true);
        if (prev !== 0) {
          if (prev !== c) filler.note(prev * BIGRAM + c, ord, true);
          else if (pairEnd === i - 1) filler.note(prev * BIGRAM + c, ord, false);
          else {
            filler.note(prev * BIGRAM + c, ord, true);
            pairEnd = i;
          }
        }
        prev = c;
      }
    }
    return out;
  }

  /** Ordinals (ascending) of the passages holding the gram; empty when none. */
  get(gram: string): Uint32Array {
    return this.getKey(gramKey(gram));
  }

  /** `get` by integer key (see `gramKey`), for callers that compute keys from code units. */
  getKey(key: number): Uint32Array {
    const r = key === 0 ? -1 : this.table.find(key);
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
    const r = key === 0 ? -1 : this.table.find(key);
    if (r < 0) return EMPTY_COUNTS;
    return this.occ.subarray(this.offsets[r]!, this.offsets[r + 1]!);
  }

  df(gram: string): number {
    const key = gramKey(gram);
    const r = key === 0 ? -1 : this.table.find(key);
    return r < 0 ? 0 : this.offsets[r + 1]! - this.offsets[r]!;
  }

  /**
   * For each passage, the summed weight of its distinct bigrams, where weight(g) is given by
   * its document frequency (similarity mode normalizes by it). One pass over all postings.
   */
  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array {
    const sums = new Float64Array(passages);
    for (let r = 0; r < this.keys.length; r++) {
      if (this.keys[r]! < BIGRAM) continue;
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

  /**
   * Layout (u32 in the platform's byte order, as its typed arrays): count, total,
   * keys[count] (ascending), offsets[count + 1], ids[total]; then counts[total] as bytes. Keys are
   * code units, so a gram holding half of a surrogate pair (an astral character next to another)
   * round-trips exactly.
   */
  serialize(): Buffer {
    const head = new Uint32Array([this.keys.length, this.ids.length]);
    return Buffer.concat([bytesOf(head), bytesOf(this.keys), bytesOf(this.offsets), bytesOf(this.ids), Buffer.from(this.occ.buffer, this.occ.byteOffset, this.occ.byteLength)]);
  }

  static deserialize(buf: Buffer): GramPostings {
    if (buf.length < 8) throw new Error("gram postings: truncated");
    const count = buf.readUInt32LE(0);
    const total = buf.readUInt32LE(4);
    if (buf.length !== 8 + 4 * (count + count + 1 + total) + total) throw new Error("gram postings: truncated or padded");
    let pos = 8;
    const keys = u32At(buf, pos, count);
    pos += count * 4;
    const offsets = u32At(buf, pos, count + 1);
    pos += (count + 1) * 4;
    const ids = u32At(buf, pos, total);
    pos += total * 4;
    const occ = Uint8Array.from(buf.subarray(pos, pos + total));
    if (offsets[0] !== 0 || offsets[count] !== total) throw new Error("gram postings: offsets do not span the postings");
    for (let r = 0; r < count; r++) {
      if (keys[r] === 0 || (r > 0 && keys[r]! <= keys[r - 1]!)) throw new Error("gram postings: keys out of order");
      if (offsets[r + 1]! < offsets[r]!) throw new Error("gram postings: offsets out of order");
    }
    for (let k = 0; k < total; k++) if (occ[k] === 0) throw new Error("gram postings: a posting with no occurrence");
    return new GramPostings(keys, offsets, ids, occ);
  }
}

const EMPTY = new Uint32Array(0);
const EMPTY_COUNTS = new Uint8Array(0);

function bytesOf(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A Uint32Array over buf[pos…]: copied, because Buffer slices need not be 4-byte aligned. */
function u32At(buf: Buffer, pos: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  new Uint8Array(out.buffer).set(buf.subarray(pos, pos + n * 4));
  return out;
}
