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
import { passagesWithAll, type GramIndex, type WordLookup } from "../../segment-set.ts";
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

const POSTINGS_SQL = `
  SELECT 'g' AS k, gram::text AS t, array_agg(doc_key) AS docs, array_agg(n) AS ns, string_agg(locals, ''::bytea) AS locals, string_agg(counts, ''::bytea) AS counts
    FROM gram_postings WHERE gram = ANY($1::bigint[]) GROUP BY gram
  UNION ALL
  SELECT 'w', word, array_agg(doc_key), array_agg(n), string_agg(locals, ''::bytea), NULL
    FROM word_postings WHERE word = ANY($2::text[]) GROUP BY word`;

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
    // One row per term: its documents' rows joined in the database (a common bigram is in every
    // document). The aggregates take the rows in one order, whatever it is (join() orders documents
    // by the snapshot's layout): no sort per aggregate, which cost 5× the index scan at ×100.
    // A named statement: parsed and planned once per connection.
    const r = await this.pool.query<{ k: string; t: string; docs: number[]; ns: number[]; locals: Buffer; counts: Buffer | null }>({
      name: "zhangjie_postings",
      text: POSTINGS_SQL,
      values: [grams, words],
    });
    const rows = new Map(r.rows.map((row) => [row.k + row.t, row]));
    for (const g of grams) {
      const list = this.join(rows.get("g" + g));
      this.grams.set(String(g), { ...list, byteLength: list.ords.byteLength + list.counts.byteLength });
      gramOut.set(g, list);
    }
    for (const w of words) {
      const list = this.join(rows.get("w" + w)).ords;
      this.words.set(w, list);
      wordOut.set(w, list);
    }
  }

  /**
   * A term's row as one list over the snapshot's ordinals: each document's locals shifted by its first
   * ordinal, documents in corpus order (documents the snapshot does not hold are left out).
   */
  private join(row: { docs: number[]; ns: number[]; locals: Buffer; counts: Buffer | null } | undefined): GramList {
    if (!row) return { ords: EMPTY_ORDS, counts: EMPTY_COUNTS };
    const first = this.layout.firstOrd;
    const locals = u32Of(row.locals);
    const counts = row.counts ? u8Of(row.counts) : null;
    const parts: { base: number; at: number; n: number }[] = [];
    let at = 0;
    let total = 0;
    row.docs.forEach((doc, i) => {
      const n = row.ns[i]!;
      const base = doc < first.length ? first[doc]! : -1;
      if (base >= 0) {
        parts.push({ base, at, n });
        total += n;
      }
      at += n;
    });
    parts.sort((a, b) => a.base - b.base);
    const ords = new Uint32Array(total);
    const outCounts = new Uint8Array(total);
    let k = 0;
    for (const p of parts) {
      for (let i = 0; i < p.n; i++) ords[k + i] = p.base + locals[p.at + i]!;
      if (counts) outCounts.set(counts.subarray(p.at, p.at + p.n), k);
      k += p.n;
    }
    return { ords, counts: outCounts };
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
    return passagesWithAll(words, (w) => this.get(w));
  }
}
