/**
 * The word index: for every analyzer word (jieba with the policy dictionary; numbers and Latin
 * kept whole), the passages in which it stands as a whole word, plus what BM25 needs — each word's
 * document frequency (its list's length) and each passage's length in words. It answers word-level
 * retrieval: ranking boosts passages where a query term is a whole word over passages where it
 * only occurs inside a longer word. Literal recall does not depend on it (gram-postings.ts does that).
 *
 * Typed arrays only, so that a restart views them in the cache file without parsing: the words
 * sorted by UTF-16 code units, back to back in one block (`terms`, word r ends at termEnds[r]),
 * found by binary search; word r's passages are ids[offsets[r] … offsets[r+1]), ascending.
 * (It replaced FlexSearch, whose export/import cost seconds on every start at ×1000 and which
 * keeps one JS object per word.)
 */
import { viewAs } from "./cache-file.ts";
import { unitsToString } from "./text-block.ts";
import type { ChunkWords } from "./word-cut.ts";

export interface WordParts {
  terms: Uint16Array;
  termEnds: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  /** Words per passage (with repeats). */
  lengths: Uint32Array;
}

const EMPTY = new Uint32Array(0);

export class WordIndex {
  readonly lengths: Uint32Array;
  readonly avgLength: number;
  private readonly p: WordParts;

  constructor(p: WordParts) {
    const n = p.termEnds.length;
    if (p.offsets.length !== n + 1 || p.offsets[0] !== 0 || p.offsets[n] !== p.ids.length) throw new Error("word index: offsets do not span the postings");
    if ((n > 0 ? p.termEnds[n - 1]! : 0) !== p.terms.length) throw new Error("word index: words do not fill their block");
    this.p = p;
    this.lengths = p.lengths;
    this.avgLength = average(p.lengths);
  }

  /** From the chunks of a build, in ordinal order (word-cut.ts `indexChunk`). */
  static build(chunks: readonly ChunkWords[]): WordIndex {
    // Global word numbers in order of first appearance; the chunk's local ids mapped onto them.
    const number = new Map<string, number>();
    const words: string[] = [];
    const globalOf: Int32Array[] = [];
    let passages = 0;
    for (const c of chunks) {
      const vocab = unitsToString(c.vocab);
      const map = new Int32Array(c.vocabEnds.length);
      let start = 0;
      c.vocabEnds.forEach((end, i) => {
        const w = vocab.slice(start, end);
        start = end;
        let g = number.get(w);
        if (g === undefined) {
          number.set(w, (g = words.length));
          words.push(w);
        }
        map[i] = g;
      });
      globalOf.push(map);
      passages += c.lengths.length;
    }
    // Sorted by code units (what the binary search compares); rank of each word number.
    const order = Array.from(words.keys()).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0));
    const rankOf = new Uint32Array(words.length);
    order.forEach((g, r) => (rankOf[g] = r));
    const df = new Uint32Array(words.length);
    chunks.forEach((c, k) => {
      for (const id of c.termIds) df[rankOf[globalOf[k]![id]!]!]!++;
    });
    const offsets = new Uint32Array(words.length + 1);
    for (let r = 0; r < words.length; r++) offsets[r + 1] = offsets[r]! + df[r]!;
    const ids = new Uint32Array(offsets[words.length]!);
    const cursor = offsets.slice(0, words.length);
    const lengths = new Uint32Array(passages);
    let ord = 0;
    chunks.forEach((c, k) => {
      const map = globalOf[k]!;
      for (let p = 0; p < c.lengths.length; p++, ord++) {
        lengths[ord] = c.lengths[p]!;
        for (let t = c.termStart[p]!; t < c.termStart[p + 1]!; t++) ids[cursor[rankOf[map[c.termIds[t]!]!]!]!++] = ord;
      }
    });
    const { terms, termEnds } = packWords(order.map((g) => words[g]!));
    return new WordIndex({ terms, termEnds, offsets, ids, lengths });
  }

  /**
   * Joins word indexes of consecutive ordinal ranges (segments): part k's ordinal o becomes
   * `base + o`, or `remap[o]` when given (-1: deleted, dropped). New ordinals keep the parts' order.
   */
  static concat(parts: readonly { words: WordIndex; base?: number; remap?: Int32Array | null }[]): WordIndex {
    const all = new Set<string>();
    for (const { words } of parts) for (let r = 0; r < words.size; r++) all.add(words.term(r));
    const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rank = new Map(sorted.map((w, r) => [w, r]));
    const lists: number[][] = sorted.map(() => []);
    const lengths: number[] = [];
    for (const { words, base = 0, remap = null } of parts) {
      for (let r = 0; r < words.size; r++) {
        const list = lists[rank.get(words.term(r))!]!;
        for (const o of words.postingsAt(r)) {
          const to = remap ? remap[o]! : base + o;
          if (to >= 0) list.push(to);
        }
      }
      words.lengths.forEach((len, o) => {
        const to = remap ? remap[o]! : base + o;
        if (to >= 0) lengths[to] = len;
      });
    }
    // A word whose passages were all deleted leaves the dictionary.
    const kept = sorted.map((_, r) => r).filter((r) => lists[r]!.length > 0);
    const offsets = new Uint32Array(kept.length + 1);
    kept.forEach((r, i) => (offsets[i + 1] = offsets[i]! + lists[r]!.length));
    const ids = new Uint32Array(offsets[kept.length]!);
    kept.forEach((r, i) => ids.set(lists[r]!, offsets[i]!));
    const { terms, termEnds } = packWords(kept.map((r) => sorted[r]!));
    return new WordIndex({ terms, termEnds, offsets, ids, lengths: Uint32Array.from(lengths) });
  }

  get passages(): number {
    return this.lengths.length;
  }

  /** Number of distinct words. */
  get size(): number {
    return this.p.termEnds.length;
  }

  /** The word of rank r. */
  term(r: number): string {
    const from = r === 0 ? 0 : this.p.termEnds[r - 1]!;
    return unitsToString(this.p.terms.subarray(from, this.p.termEnds[r]!));
  }

  postingsAt(r: number): Uint32Array {
    return this.p.ids.subarray(this.p.offsets[r]!, this.p.offsets[r + 1]!);
  }

  /** Rank of the word, or -1: binary search comparing UTF-16 code units (as JS string order does). */
  rank(word: string): number {
    const { terms, termEnds } = this.p;
    let lo = 0;
    let hi = termEnds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const from = mid === 0 ? 0 : termEnds[mid - 1]!;
      const len = termEnds[mid]! - from;
      let c = 0;
      const n = Math.min(len, word.length);
      for (let i = 0; i < n && c === 0; i++) c = terms[from + i]! - word.charCodeAt(i);
      if (c === 0) c = len - word.length;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  df(word: string): number {
    const r = this.rank(word);
    return r < 0 ? 0 : this.p.offsets[r + 1]! - this.p.offsets[r]!;
  }

  /** Passages in which `word` stands as a whole analyzer word (ascending). */
  get(word: string): Uint32Array {
    const r = this.rank(word);
    return r < 0 ? EMPTY : this.postingsAt(r);
  }

  /** Passages holding every one of `words` (ascending ordinals). */
  all(words: readonly string[]): number[] {
    const lists = [...new Set(words)].map((w) => this.get(w)).sort((a, b) => a.length - b.length);
    if (lists.length === 0 || lists[0]!.length === 0) return [];
    let cur = Array.from(lists[0]!);
    for (const list of lists.slice(1)) {
      let j = 0;
      cur = cur.filter((x) => {
        while (j < list.length && list[j]! < x) j++;
        return j < list.length && list[j] === x;
      });
    }
    return cur;
  }

  parts(): WordParts {
    return this.p;
  }

  toSections(prefix: string): Record<string, ArrayBufferView> {
    const out: Record<string, ArrayBufferView> = {};
    for (const [name, a] of Object.entries(this.p)) out[`${prefix}.${name}`] = a;
    return out;
  }

  static fromSections(get: (name: string) => Uint8Array, prefix: string): WordIndex {
    const u32 = (n: string) => viewAs(Uint32Array, get(`${prefix}.${n}`), `word index ${n}`);
    return new WordIndex({ terms: viewAs(Uint16Array, get(`${prefix}.terms`), "word index terms"), termEnds: u32("termEnds"), offsets: u32("offsets"), ids: u32("ids"), lengths: u32("lengths") });
  }
}

function packWords(words: readonly string[]): { terms: Uint16Array; termEnds: Uint32Array } {
  let total = 0;
  for (const w of words) total += w.length;
  const terms = new Uint16Array(total);
  const termEnds = new Uint32Array(words.length);
  let at = 0;
  words.forEach((w, r) => {
    for (let i = 0; i < w.length; i++) terms[at + i] = w.charCodeAt(i);
    termEnds[r] = at += w.length;
  });
  return { terms, termEnds };
}

function average(a: Uint32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length ? s / a.length : 0;
}
