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
 * Built in two passes over the texts (count, then fill through cursors; gram-build.ts); the postings
 * of segments are joined by `concat`, which also drops deleted passages and renumbers — the segment
 * merge. Literals are proven in literal-proof.ts.
 */
import { viewAs } from "./cache-file.ts";
import { buildParts, concatParts } from "./gram-build.ts";
import { packTexts } from "./text-block.ts";
import { BIGRAM, CHECK_EVERY, EMPTY, MARK, OFFSET, WORD, gramKey as gramKeyOf, type GramParts, type LiteralHits } from "./gram-layout.ts";
import { LiteralProof } from "./literal-proof.ts";

export { COUNT_CAP, POSITION_LIMIT, gramKey, type GramParts, type LiteralHits } from "./gram-layout.ts";

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
    const block = packTexts(squeezedTexts);
    return GramPostings.fromBlock(block.codes, block.ends);
  }

  /** Two passes over squeezed texts kept as one block (text-block.ts): what a build does. */
  static fromBlock(units: Uint16Array, ends: Uint32Array): GramPostings {
    return new GramPostings(buildParts(units, ends));
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
    return this.getKey(gramKeyOf(gram));
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
    return this.countsByKey(gramKeyOf(gram));
  }

  /** `counts` by integer key. */
  countsByKey(key: number): Uint8Array {
    const r = this.rank(key);
    if (r < 0) return EMPTY_COUNTS;
    return this.occ.subarray(this.offsets[r]!, this.offsets[r + 1]!);
  }

  df(gram: string): number {
    const r = this.rank(gramKeyOf(gram));
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

const EMPTY_COUNTS = new Uint8Array(0);
