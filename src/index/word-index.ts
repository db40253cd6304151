/**
 * The word index: FlexSearch (0.8) holds the posting lists of the analyzer's words — the text is
 * pre-tokenized by our analyzer, so FlexSearch gets `tokenize: "strict"` and an `encode` that just
 * splits on the spaces we joined the words with. It answers word-level retrieval: the passages in
 * which a query term stands as a whole analyzer word (ranking boosts those over passages where the
 * term only occurs inside a longer word). Literal recall does not depend on it: that is the gram
 * postings' job (gram-postings.ts), which also serve similarity search.
 *
 * FlexSearch does not expose term frequencies or document frequencies, which BM25 needs, so this
 * module also keeps its own compact statistics: each word's document frequency and each passage's
 * length in words.
 */
import { Index } from "flexsearch";
import { decodeLines, encodeLines, typedAt } from "./cache-codec.ts";
import type { IndexTerms } from "./word-cut.ts";

const splitWords = (s: string): string[] => (s ? s.split(" ") : []);

function newIndex(): Index {
  // resolution 1: FlexSearch's positional scoring is unused (we rank ourselves); cache off: the
  // searcher caches nothing mutable between queries.
  return new Index({ tokenize: "strict", encode: splitWords, resolution: 1, cache: false, fastupdate: false });
}

export class WordIndex {
  private constructor(
    private readonly flex: Index,
    private readonly dfs: Map<string, number>,
    readonly lengths: Uint32Array,
    readonly avgLength: number,
  ) {}

  /** From the segmented passages (segment.ts `indexTerms`, reduced where the words were cut). */
  static build(terms: IndexTerms): WordIndex {
    const flex = newIndex();
    const dfs = new Map<string, number>();
    for (let i = 0; i < terms.dfWords.length; i++) dfs.set(terms.dfWords[i]!, terms.dfCounts[i]!);
    const lengths = Uint32Array.from(terms.lengths);
    terms.joined.forEach((joined, ord) => {
      if (joined) flex.add(ord, joined);
    });
    return new WordIndex(flex, dfs, lengths, average(lengths));
  }

  get passages(): number {
    return this.lengths.length;
  }

  df(word: string): number {
    return this.dfs.get(word) ?? 0;
  }

  /** Passages holding every one of `words` (ascending ordinals). */
  all(words: readonly string[]): number[] {
    const distinct = [...new Set(words)];
    if (distinct.length === 0 || distinct.some((w) => !this.dfs.has(w))) return [];
    const ids = this.flex.search(distinct.join(" "), { limit: this.passages }) as number[];
    return ids.slice().sort((a, b) => a - b);
  }

  /**
   * Cache bytes: u32 header length, header JSON (passages; each FlexSearch export chunk's key and
   * byte length; the byte lengths of the df parts), then the chunks' JSON text (UTF-8: FlexSearch
   * writes it with JSON.stringify, which escapes lone surrogates), the df words as JSON lines, the
   * df counts and the passage lengths as raw u32. No part becomes one string bigger than a chunk.
   */
  async serialize(): Promise<Buffer> {
    const flexKeys: { key: string; bytes: number }[] = [];
    const bodies: Buffer[] = [];
    await this.flex.export((key: string, data: string) => {
      const b = Buffer.from(data, "utf8");
      flexKeys.push({ key, bytes: b.length });
      bodies.push(b);
    });
    const words = [...this.dfs.keys()];
    const dfWords = encodeLines(chunkArray(words, 10_000));
    const dfCounts = Uint32Array.from(this.dfs.values());
    const header = Buffer.from(JSON.stringify({ passages: this.lengths.length, flex: flexKeys, dfWords: dfWords.length, dfCount: words.length }), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length, 0);
    return Buffer.concat([len, header, ...bodies, dfWords, bytesOf(dfCounts), bytesOf(this.lengths)]);
  }

  static deserialize(buf: Buffer): WordIndex {
    const hlen = buf.readUInt32LE(0);
    const h = JSON.parse(buf.toString("utf8", 4, 4 + hlen)) as { passages: number; flex: { key: string; bytes: number }[]; dfWords: number; dfCount: number };
    let pos = 4 + hlen;
    const take = (n: number): Buffer => {
      if (pos + n > buf.length) throw new Error("word index truncated");
      return buf.subarray(pos, (pos += n));
    };
    const flex = newIndex();
    for (const c of h.flex) flex.import(c.key, take(c.bytes).toString("utf8"));
    const words = [...decodeLines(take(h.dfWords))].flat() as string[];
    const counts = typedAt(Uint32Array, take(h.dfCount * 4));
    const lengths = typedAt(Uint32Array, take(h.passages * 4));
    if (pos !== buf.length || words.length !== h.dfCount) throw new Error("word index does not match its header");
    const dfs = new Map<string, number>();
    for (let i = 0; i < words.length; i++) dfs.set(words[i]!, counts[i]!);
    return new WordIndex(flex, dfs, lengths, average(lengths));
  }
}

function average(a: Uint32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length ? s / a.length : 0;
}

function chunkArray<T>(items: readonly T[], per: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

function bytesOf(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
