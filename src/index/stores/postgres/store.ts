/**
 * The PostgreSQL store (ZHANGJIE_DATABASE_URL). Each server holds a snapshot of the collection's
 * tables and texts in memory (snapshot.ts) and fetches a query's postings from the database in one
 * round trip (postings.ts). Reads go to ZHANGJIE_DATABASE_READ_URL when it is set (a hot standby);
 * the server LISTENs on the primary, and on a load's NOTIFY waits until its read database has
 * replayed the primary's WAL up to the load's commit, reads a new snapshot and hands it to the
 * engine (which swaps its searcher). A server never writes.
 */
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { DocumentRecord, FileReport, HeadingRef } from "../../../model.ts";
import type { EchoStore } from "../../../echo/store.ts";
import type { PassageEntry } from "../../passage-table.ts";
import { SegmentSet, type GramIndex, type SetTables, type WordLookup } from "../../segment-set.ts";
import { EmbeddedStore, type ChapterRef, type HeadingForms, type PostingNeeds, type PostingView, type Store } from "../../store.ts";
import { DEFAULT_CACHE_BYTES, FetchedGrams, FetchedWords, PostingFetcher } from "./postings.ts";
import { readSnapshot, type Snapshot } from "./snapshot.ts";
import { schemaVersion, listMigrations } from "./migrate.ts";
import { CHANNEL, openPool, type IndexChange } from "./pool.ts";

export class PostgresStore implements Store {
  private readonly inner: EmbeddedStore;
  readonly fetcher: PostingFetcher;
  readonly generation: number;
  readonly grams: GramIndex;
  readonly words: WordLookup;
  private weights: Promise<Float64Array> | null = null;

  constructor(
    snap: Snapshot,
    private readonly pool: pg.Pool,
    cacheBytes?: number,
  ) {
    this.inner = new EmbeddedStore(new SegmentSet([snap.segment]), snap.echoes);
    this.generation = snap.generation;
    const lengths = snap.segment.words.lengths;
    const avgLength = snap.segment.words.avgLength;
    this.fetcher = new PostingFetcher(pool, snap.layout, { lengths, avgLength, ownWeight: (w) => (this.weights ??= ownWeights(pool, snap.layout, w)) }, cacheBytes);
    this.grams = new FetchedGrams(new Map(), null);
    this.words = new FetchedWords(new Map(), lengths, avgLength);
    this.layout = snap.layout;
  }
  private readonly layout: Snapshot["layout"];

  postings(needs: PostingNeeds): Promise<PostingView> {
    return this.fetcher.fetch(needs);
  }

  get passageCount(): number {
    return this.inner.passageCount;
  }
  documents(): readonly DocumentRecord[] {
    return this.inner.documents();
  }
  reports(): readonly FileReport[] {
    return this.inner.reports();
  }
  tables(): SetTables {
    return this.inner.tables();
  }
  tableDocuments(): readonly DocumentRecord[] {
    return this.inner.tableDocuments();
  }
  headingPaths(): readonly (readonly HeadingRef[])[] {
    return this.inner.headingPaths();
  }
  headingKeys(): readonly string[] {
    return this.inner.headingKeys();
  }
  chapters(): readonly ChapterRef[] {
    return this.inner.chapters();
  }
  kinds(): readonly string[] {
    return this.inner.kinds();
  }
  squeezedTexts(ords: ArrayLike<number>): string[] {
    return this.inner.squeezedTexts(ords);
  }
  squeezedText(ord: number): string {
    return this.inner.squeezedText(ord);
  }
  entries(ords: ArrayLike<number>): PassageEntry[] {
    return this.inner.entries(ords);
  }
  entry(ord: number): PassageEntry {
    return this.inner.entry(ord);
  }
  ordinalOf(id: string): number | undefined {
    return this.inner.ordinalOf(id);
  }
  passageId(ord: number): string {
    return this.inner.passageId(ord);
  }
  headingForms(): HeadingForms {
    return this.inner.headingForms();
  }
  echoes(): EchoStore | null {
    return this.inner.echoes();
  }
  /** Documents per doc_key layout (tests). */
  get ordinalLayout(): Snapshot["layout"] {
    return this.layout;
  }
}

/**
 * Each passage's summed bigram weight (similarity mode), as GramPostings.bigramWeightSums sums it:
 * bigrams in ascending key order, so every passage adds its weights in the embedded store's order
 * (the same floating-point sums). Streamed once per snapshot with COPY, on the first pasted text.
 */
async function ownWeights(pool: pg.Pool, layout: Snapshot["layout"], weight: (df: number) => number): Promise<Float64Array> {
  const sums = new Float64Array(layout.passages);
  const client = await pool.connect();
  try {
    const stream = client.query(copyTo("COPY (SELECT gram, doc_key, encode(locals, 'hex') FROM gram_postings WHERE gram >= 65536 ORDER BY gram) TO STDOUT"));
    let gram = "";
    let rows: [number, Buffer][] = [];
    const flush = () => {
      let df = 0;
      const kept = rows.filter(([k]) => k < layout.firstOrd.length && layout.firstOrd[k]! >= 0);
      for (const [, b] of kept) df += b.length >>> 2;
      const w = weight(df);
      for (const [k, b] of kept) {
        const base = layout.firstOrd[k]!;
        for (let i = 0; i + 3 < b.length; i += 4) sums[base + b.readUInt32LE(i)] += w;
      }
      rows = [];
    };
    let rest = "";
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + chunk.toString("latin1");
      const lines = text.split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        const t1 = line.indexOf("\t");
        const t2 = line.indexOf("\t", t1 + 1);
        const g = line.slice(0, t1);
        if (g !== gram) {
          if (rows.length) flush();
          gram = g;
        }
        rows.push([Number(line.slice(t1 + 1, t2)), Buffer.from(line.slice(t2 + 1), "hex")]);
      }
    }
    if (rows.length) flush();
    return sums;
  } finally {
    client.release();
  }
}

export interface PostgresOptions {
  /** The primary (ZHANGJIE_DATABASE_URL): LISTEN for loads. */
  url: string;
  /** Where to read (ZHANGJIE_DATABASE_READ_URL, a hot standby); default the primary. */
  readUrl?: string;
  log?: (line: string) => void;
  /** Bytes of posting lists each server keeps between queries (default ZHANGJIE_POSTING_CACHE_MB or 96 MB; 0: none). */
  cacheBytes?: number;
  /**
   * How often the server also reads the generation itself, ms (default ZHANGJIE_REFRESH_POLL_MS or
   * 5000; 0: never): a NOTIFY sent while its LISTEN connection was down is not lost for good.
   */
  pollMs?: number;
}

const DEFAULT_POLL_MS = 5000;

/** The collection in PostgreSQL as a server follows it: the current store, and each new one after a load. */
export class PostgresCollection {
  private listeners: ((store: PostgresStore) => void)[] = [];
  private listener: pg.PoolClient | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  private closed = false;
  private poll: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(
    public store: PostgresStore,
    private readonly primary: pg.Pool,
    private readonly reader: pg.Pool,
    private readonly log: (line: string) => void,
    private readonly cacheBytes: number,
  ) {}

  static async open(opts: PostgresOptions): Promise<PostgresCollection> {
    const log = opts.log ?? ((line: string) => console.error(line));
    const primary = openPool(opts.url, 3); // LISTEN, uploads' writes, a refresh
    const reader = opts.readUrl && opts.readUrl !== opts.url ? openPool(opts.readUrl, 8) : primary;
    try {
      const want = Math.max(...listMigrations().map((m) => m.version));
      const have = await schemaVersion(reader);
      if (have === 0) throw new Error(`数据库中没有索引，请先运行 npm run index -- --database URL (no index in the database: run npm run index -- --database URL first)`);
      if (have !== want) throw new Error(`数据库结构版本 ${have}，本程序需要 ${want}；请运行 npm run index (schema version ${have}, this code needs ${want}: run npm run index)`);
      const envMB = Number(process.env.ZHANGJIE_POSTING_CACHE_MB);
      const cacheBytes = opts.cacheBytes ?? (process.env.ZHANGJIE_POSTING_CACHE_MB && envMB >= 0 ? envMB * 2 ** 20 : DEFAULT_CACHE_BYTES);
      const c = new PostgresCollection(new PostgresStore(await readSnapshot(reader), reader, cacheBytes), primary, reader, log, cacheBytes);
      await c.listen();
      const envPoll = Number(process.env.ZHANGJIE_REFRESH_POLL_MS);
      c.startPolling(opts.pollMs ?? (process.env.ZHANGJIE_REFRESH_POLL_MS && envPoll >= 0 ? envPoll : DEFAULT_POLL_MS));
      return c;
    } catch (err) {
      await primary.end();
      if (reader !== primary) await reader.end();
      throw err;
    }
  }

  /** Called with each new store (after a load), in order. */
  onChange(listener: (store: PostgresStore) => void): void {
    this.listeners.push(listener);
  }

  private async listen(): Promise<void> {
    const client = await this.primary.connect();
    this.listener = client;
    client.on("notification", (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      this.enqueue(JSON.parse(msg.payload) as IndexChange);
    });
    // A dropped LISTEN connection (restart, failover) is replaced; the poll covers what it missed.
    client.once("error", (err) => {
      // (closing released it already: the server ending the connection afterwards is no failure)
      if (this.listener !== client) return;
      this.log(`LISTEN 连接中断 (the LISTEN connection failed): ${err.message}`);
      client.release(err);
      this.listener = null;
      const retry = () => {
        if (this.closed) return;
        this.listen().catch(() => setTimeout(retry, 1000).unref());
      };
      setTimeout(retry, 1000).unref();
    });
    await client.query(`LISTEN ${CHANNEL}`);
  }

  /** One refresh at a time, in order. */
  private enqueue(change: IndexChange): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.refresh(change)).catch((err: Error) => this.log(`索引刷新失败 (refresh failed): ${err.message}`));
    return this.refreshing;
  }

  /** Every pollMs: the read database's generation; a newer one than this server's is refreshed to. */
  private startPolling(ms: number): void {
    if (!(ms > 0)) return;
    this.poll = setInterval(() => {
      if (this.closed || this.polling) return;
      this.polling = true;
      this.reader
        .query<{ value: number }>("SELECT value FROM collection WHERE key = 'generation'")
        // Read on the read database itself: nothing to wait for (lsn 0/0).
        .then((r) => {
          const generation = Number(r.rows[0]?.value ?? 0);
          return generation > this.store.generation ? this.enqueue({ generation, lsn: "0/0" }) : undefined;
        })
        .catch((err: Error) => this.log(`索引代数查询失败 (generation poll failed): ${err.message}`))
        .finally(() => (this.polling = false));
    }, ms);
    this.poll.unref();
  }

  /** Waits for the change to reach the read database, then reads a new snapshot. */
  async refresh(change: IndexChange): Promise<void> {
    if (this.closed || change.generation <= this.store.generation) return;
    if (this.reader !== this.primary) await this.replayed(change.lsn);
    const store = new PostgresStore(await readSnapshot(this.reader), this.reader, this.cacheBytes);
    if (store.generation <= this.store.generation) return;
    this.store = store;
    this.log(`index refreshed: generation ${store.generation}, ${store.documents().length} documents`);
    for (const l of this.listeners) l(store);
  }

  /** Until the standby has replayed the primary's WAL up to lsn (polling; 60 s at most). */
  private async replayed(lsn: string): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      const r = await this.reader.query<{ ok: boolean | null }>("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() >= $1::pg_lsn ELSE true END AS ok", [lsn]);
      if (r.rows[0]?.ok) return;
      if (Date.now() > until) throw new Error(`the read database has not replayed ${lsn} after 60 s`);
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  /** The primary's pool: where this server writes (uploads, deletions). */
  get writer(): pg.Pool {
    return this.primary;
  }

  /** Resolves once this server searches the change (its own write: not waiting for the NOTIFY). */
  caughtUp(change: IndexChange): Promise<void> {
    // A failed refresh is logged (the change is committed all the same; the poll retries it).
    return this.enqueue(change);
  }

  /** A promise settled once the refreshes queued so far are done (tests). */
  settled(): Promise<void> {
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    const listener = this.listener;
    this.listener = null;
    listener?.release();
    await this.refreshing;
    await this.primary.end();
    if (this.reader !== this.primary) await this.reader.end();
  }
}
