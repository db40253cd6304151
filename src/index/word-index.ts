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

const splitWords = (s: string): string[] => (s ? s.split(" ") : []);

function newIndex(): Index {
  // resolution 1: FlexSearch's positional scoring is unused (we rank ourselves); cache off: the
  // searcher caches nothing mutable between queries.
  return new Index({ tokenize: "strict", encode: splitWords, resolution: 1, cache: false, fastupdate: false });
}

export interface WordIndexData {
  flex: Record<string, string>;
  df: [string, number][];
  lengths: number[];
}

export class WordIndex {
  private constructor(
    private readonly flex: Index,
    private readonly dfs: Map<string, number>,
    readonly lengths: Uint32Array,
    readonly avgLength: number,
  ) {}

  static build(wordsPerPassage: readonly string[][]): WordIndex {
    const flex = newIndex();
    const dfs = new Map<string, number>();
    const lengths = new Uint32Array(wordsPerPassage.length);
    wordsPerPassage.forEach((words, ord) => {
      lengths[ord] = words.length;
      const distinct = new Set(words);
      for (const w of distinct) dfs.set(w, (dfs.get(w) ?? 0) + 1);
      if (distinct.size) flex.add(ord, [...distinct].join(" "));
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

  async export(): Promise<WordIndexData> {
    const flex: Record<string, string> = {};
    await this.flex.export((key: string, data: string) => {
      flex[key] = data;
    });
    return { flex, df: [...this.dfs], lengths: Array.from(this.lengths) };
  }

  static import(data: WordIndexData): WordIndex {
    const flex = newIndex();
    for (const [k, v] of Object.entries(data.flex)) flex.import(k, v);
    const lengths = Uint32Array.from(data.lengths);
    return new WordIndex(flex, new Map(data.df), lengths, average(lengths));
  }
}

function average(a: Uint32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length ? s / a.length : 0;
}
