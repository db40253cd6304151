/**
 * What one query reads of the PostgreSQL postings: the lists of the grams and words it names,
 * fetched in one round trip (missing ones only: lists already fetched for this snapshot are kept in
 * a byte-bounded LRU), laid out as search reads them (GramIndex, WordLookup) over the snapshot's
 * ordinals. A row's passages are its document's locals; the ordinal is the document's first
 * ordinal + local, and a list is its rows in corpus order, so lists come out ascending as the
 * embedded store's do.
 */
import type pg from "pg";
import { gramKey, type LiteralHits } from "../../gram-postings.ts";
import type { GramIndex, WordLookup } from "../../segment-set.ts";
import type { PostingNeeds, PostingView } from "../../store.ts";
import { u32Of, u8Of } from "./codec.ts";

const EMPTY_ORDS = new Uint32Array(0);
/** ZHANGJIE_POSTING_CACHE_MB overrides it. */
export const DEFAULT_CACHE_BYTES = 96 << 20;
const EMPTY_COUNTS = new Uint8Array(0);

interface GramList {
  ords: Uint32Array;
  counts: Uint8Array;
}

/** The ordinal layout of a snapshot: document key → its first ordinal (-1: not in the snapshot). */
export interface OrdinalLayout {
  firstOrd: Int32Array;
  passages: number;
}

/** Lists kept between queries, least recently used first out, up to a byte budget. */
class ListCache<T extends { byteLength: number }> {
  private readonly map = new Map<string, T>();
  private bytes = 0;
  constructor(private readonly budget: number) {}
  get(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: T): void {
    this.map.set(key, v);
    this.bytes += v.byteLength;
    for (const [k, old] of this.map) {
      if (this.bytes <= this.budget) break;
      this.map.delete(k);
      this.bytes -= old.byteLength;
    }
  }
}

export class PostingFetcher {
  private readonly grams: ListCache<GramList & { byteLength: number }>;
  private readonly words: ListCache<Uint32Array>;
  /** Queries that reached the database (tests and the bench read it). */
  roundTrips = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly layout: OrdinalLayout,
    private readonly tables: { lengths: Uint32Array; avgLength: number; ownWeight: (weight: (df: number) => number) => Promise<Float64Array> },
    /** Bytes of posting lists kept between queries (0: every query fetches all it needs). */
    cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.grams = new ListCache(Math.round(cacheBytes * 0.7));
    this.words = new ListCache(Math.round(cacheBytes * 0.3));
  }

  async fetch(needs: PostingNeeds): Promise<PostingView> {
    const gramKeys = [...new Set(needs.grams)].map((g) => [g, gramKey(g)] as const).filter(([, k]) => k !== 0);
    const words = [...new Set(needs.words)];
    const gramOut = new Map<number, GramList>();
    const wordOut = new Map<string, Uint32Array>();
    const missingGrams: number[] = [];
    for (const [, k] of gramKeys) {
      const hit = this.grams.get(String(k));
      if (hit) gramOut.set(k, hit);
      else missingGrams.push(k);
    }
    const missingWords: string[] = [];
    for (const w of words) {
      const hit = this.words.get(w);
      if (hit) wordOut.set(w, hit);
      else missingWords.push(w);
    }
    if (missingGrams.length || missingWords.length) await this.load(missingGrams, missingWords, gramOut, wordOut);
    const ownWeight = needs.ownWeight ? await this.tables.ownWeight(needs.ownWeight) : null;
    return { grams: new FetchedGrams(gramOut, ownWeight), words: new FetchedWords(wordOut, this.tables.lengths, this.tables.avgLength) };
  }

  private async load(grams: number[], words: string[], gramOut: Map<number, GramList>, wordOut: Map<string, Uint32Array>): Promise<void> {
    this.roundTrips++;
    const r = await this.pool.query<{ k: string; t: string; doc_key: number; locals: Buffer; counts: Buffer | null }>(
      `SELECT 'g' AS k, gram::text AS t, doc_key, locals, counts FROM gram_postings WHERE gram = ANY($1::bigint[])
       UNION ALL
       SELECT 'w', word, doc_key, locals, NULL FROM word_postings WHERE word = ANY($2::text[])`,
      [grams, words],
    );
    const rows = new Map<string, typeof r.rows>();
    for (const row of r.rows) {
      const key = row.k + row.t;
      const list = rows.get(key);
      if (list) list.push(row);
      else rows.set(key, [row]);
    }
    for (const g of grams) {
      const list = this.joinGram(rows.get("g" + g) ?? []);
      this.grams.set(String(g), { ...list, byteLength: list.ords.byteLength + list.counts.byteLength });
      gramOut.set(g, list);
    }
    for (const w of words) {
      const list = this.joinGram(rows.get("w" + w) ?? []).ords;
      this.words.set(w, list);
      wordOut.set(w, list);
    }
  }

  /** A term's rows as one list over the snapshot's ordinals (rows of documents it does not hold are left out). */
  private joinGram(rows: { doc_key: number; locals: Buffer; counts: Buffer | null }[]): GramList {
    const first = this.layout.firstOrd;
    const kept = rows.filter((r) => r.doc_key < first.length && first[r.doc_key]! >= 0).sort((a, b) => first[a.doc_key]! - first[b.doc_key]!);
    if (kept.length === 0) return { ords: EMPTY_ORDS, counts: EMPTY_COUNTS };
    let n = 0;
    for (const r of kept) n += r.locals.byteLength >>> 2;
    const ords = new Uint32Array(n);
    const counts = new Uint8Array(n);
    let at = 0;
    for (const r of kept) {
      const locals = u32Of(r.locals);
      const base = first[r.doc_key]!;
      for (let i = 0; i < locals.length; i++) ords[at + i] = base + locals[i]!;
      if (r.counts) counts.set(u8Of(r.counts), at);
      at += locals.length;
    }
    return { ords, counts };
  }
}

/** The fetched grams of one query. Asking for a gram that was not fetched is a bug in the needs (it throws). */
export class FetchedGrams implements GramIndex {
  constructor(
    private readonly lists: Map<number, GramList>,
    private readonly ownWeight: Float64Array | null,
  ) {}
  private list(key: number): GramList {
    if (key === 0) return { ords: EMPTY_ORDS, counts: EMPTY_COUNTS };
    const l = this.lists.get(key);
    if (!l) throw new Error(`gram ${key} was not fetched for this query`);
    return l;
  }
  get(gram: string): Uint32Array {
    return this.list(gramKey(gram)).ords;
  }
  getKey(key: number): Uint32Array {
    return this.list(key).ords;
  }
  counts(gram: string): Uint8Array {
    return this.list(gramKey(gram)).counts;
  }
  countsByKey(key: number): Uint8Array {
    return this.list(key).counts;
  }
  df(gram: string): number {
    return this.get(gram).length;
  }
  /** This store keeps no positions: a literal is verified against the squeezed texts (search/literal.ts). */
  literal(_needle: string): LiteralHits | null {
    return null;
  }
  bigramWeightSums(): Float64Array {
    if (!this.ownWeight) throw new Error("bigram weights were not fetched for this query");
    return this.ownWeight;
  }
}

export class FetchedWords implements WordLookup {
  readonly passages: number;
  constructor(
    private readonly lists: Map<string, Uint32Array>,
    readonly lengths: Uint32Array,
    readonly avgLength: number,
  ) {
    this.passages = lengths.length;
  }
  get(word: string): Uint32Array {
    const l = this.lists.get(word);
    if (!l) throw new Error(`word ${word} was not fetched for this query`);
    return l;
  }
  df(word: string): number {
    return this.get(word).length;
  }
  all(words: readonly string[]): number[] {
    const lists = [...new Set(words)].map((w) => this.get(w)).sort((a, b) => a.length - b.length);
    if (lists.length === 0) return [];
    let cur = Array.from(lists[0]!);
    for (const list of lists.slice(1)) {
      const s = new Set(list);
      cur = cur.filter((x) => s.has(x));
    }
    return cur;
  }
}
