/**
 * `npm run index -- --database URL`: the corpus into PostgreSQL.
 *
 * The manifest (files table) says whether any corpus file changed since the last load; when none
 * did, nothing is read. Otherwise the corpus is ingested whole (relations between documents —
 * editions, versions, parts — and echoes are properties of the collection), each document is
 * hashed, and only the documents that are new or changed are segmented and written, with `COPY` in
 * batches; removed and changed documents' rows are deleted by their doc_key. Documents keep their
 * rows; a load only renumbers their `position` (corpus order). Everything is one transaction: a
 * server sees the collection before or after a load, never half of it. After the commit the load
 * notifies CHANNEL with the new generation and the primary's WAL position.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import cliProgress from "cli-progress";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Corpus, DocumentRecord } from "../../../model.ts";
import { useDictionary, POLICY_DICT_PATH } from "../../../analysis/segmenter.ts";
import { computeEchoes } from "../../../echo/index.ts";
import type { EchoStore } from "../../../echo/store.ts";
import { diffManifests, updateManifest, type Manifest, type ManifestEntry } from "../../corpus-manifest.ts";
import { indexCharacters } from "../../char-index.ts";
import { computeCacheKeyFromDigest, corpusDigest } from "../../cache-key.ts";
import { buildSegment } from "../../segment-build.ts";
import type { Segment } from "../../segment.ts";
import { indexWords } from "../../word-cut-pool.ts";
import { walkCorpus } from "../../../ingest/corpus-walk.ts";
import { copyBytes, copyIntArray, copyLine, copyText, copyTextArray } from "./codec.ts";
import { echoRows } from "./echo-rows.ts";
import { migrate } from "./migrate.ts";
import { CHANNEL, openPool, WRITE_LOCK, type IndexChange } from "./pool.ts";

export interface LoadOptions {
  corpusDir: string;
  databaseUrl: string;
  /** Reload every document, changed or not. */
  force?: boolean;
  progress?: boolean;
  log?: (line: string) => void;
  workers?: number;
  dictPath?: string;
}

export interface LoadResult {
  /** False when the manifest showed no change (nothing was read). */
  changed: boolean;
  documents: number;
  loaded: number;
  removed: number;
  passages: number;
  generation: number;
  timings: Record<string, number>;
}

/** Rows per COPY batch (one write to the stream; the stream's back-pressure bounds memory). */
const BATCH_ROWS = 2000;

export async function loadCorpus(opts: LoadOptions): Promise<LoadResult> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const pool = openPool(opts.databaseUrl, 2);
  const client = await pool.connect();
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round(now - last) / 1000;
    last = now;
  };
  try {
    const applied = await migrate(client);
    if (applied.length) log(`migrations applied: ${applied.join(", ")}`);
    const before = await previousManifest(client);
    const walk = walkCorpus(opts.corpusDir);
    const { manifest } = updateManifest(opts.corpusDir, before, () => walk.files.map((f) => f.rel));
    const dictPath = opts.dictPath ?? POLICY_DICT_PATH;
    // The embedded cache's key: corpus files, catalog, dictionary and the pipeline's code.
    const corpusKey = computeCacheKeyFromDigest(corpusDigest(opts.corpusDir, walk, manifest), dictPath);
    const generation = await currentGeneration(client);
    if (!opts.force && (await collectionValue(client, "corpus_key")) === corpusKey) {
      const docs = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM documents")).rows[0]!.n);
      const diff = diffManifests(before, manifest);
      log(`index up to date: ${manifest.files.length} corpus files unchanged (${docs} documents${diff.changed.length ? `; ${diff.changed.length} touched, same content` : ""})`);
      return { changed: false, documents: docs, loaded: 0, removed: 0, passages: 0, generation, timings };
    }
    lap("manifest");

    useDictionary(dictPath);
    const corpus = await ingest(opts);
    lap("ingest");
    const plan = await planLoad(client, corpus.documents, opts.force === true);
    const segment = plan.toLoad.length ? await indexDocuments(plan.toLoad, opts) : null;
    lap("analyze");
    let echoes: EchoStore | null = null;
    try {
      echoes = computeEchoes(corpus.documents);
    } catch (err) {
      log(`echo computation failed (${(err as Error).message}); the database keeps its previous echoes`);
    }
    lap("echo");

    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]); // one writer at a time (loads, uploads)
      await writeLoad(client, { corpus, plan, segment, manifest, echoes, progress: opts.progress === true });
      await client.query("UPDATE collection SET value = to_jsonb((value::text)::int + 1) WHERE key = 'generation'");
      await client.query("INSERT INTO collection VALUES ('corpus_key', to_jsonb($1::text)) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [corpusKey]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    }
    lap("write");
    await client.query("ANALYZE");
    const change = await notifyChange(client);
    const passages = segment?.passages ?? 0;
    log(
      `loaded ${plan.toLoad.length} of ${corpus.documents.length} documents (${passages} passages), removed ${plan.removedKeys.length}, ` +
        `generation ${change.generation} (${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")})`,
    );
    return { changed: true, documents: corpus.documents.length, loaded: plan.toLoad.length, removed: plan.removedKeys.length, passages, generation: change.generation, timings };
  } finally {
    client.release();
    await pool.end();
  }
}

async function previousManifest(client: pg.PoolClient): Promise<Manifest | null> {
  const rows = (await client.query<{ entry: ManifestEntry }>("SELECT entry FROM files WHERE entry IS NOT NULL ORDER BY path COLLATE \"C\"")).rows;
  return rows.length ? { version: 1, files: rows.map((r) => r.entry) } : null;
}

async function collectionValue(client: pg.PoolClient, key: string): Promise<unknown> {
  return (await client.query<{ value: unknown }>("SELECT value FROM collection WHERE key = $1", [key])).rows[0]?.value;
}

async function currentGeneration(client: pg.PoolClient): Promise<number> {
  return Number((await client.query<{ value: number }>("SELECT value FROM collection WHERE key = 'generation'")).rows[0]?.value ?? 0);
}

async function ingest(opts: LoadOptions): Promise<Corpus> {
  const spec = "../../../ingest/index.ts"; // resolved at run time, as engine.ts does
  const { ingestCorpus } = (await import(spec)) as { ingestCorpus: (dir: string, o?: { onProgress?: (d: number, t: number) => void }) => Corpus | Promise<Corpus> };
  const bar = opts.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: "reading {bar} {value}/{total} files", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  try {
    return await ingestCorpus(opts.corpusDir, { onProgress: bar ? (done, total) => (done === 1 ? bar.start(total, 1) : bar.update(done)) : undefined });
  } finally {
    bar?.stop();
  }
}

/** A document's content: any change to its metadata, editions, text or passages changes it. */
export function documentHash(doc: DocumentRecord): string {
  return crypto.createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

export interface LoadPlan {
  /** Documents to write (new or changed), in corpus order, each with its new key. */
  toLoad: DocumentRecord[];
  keys: Map<string, number>;
  removedKeys: number[];
  hashes: Map<string, string>;
}

async function planLoad(client: pg.PoolClient, documents: readonly DocumentRecord[], force: boolean): Promise<LoadPlan> {
  // Uploaded documents are not the corpus folder's: a load neither replaces nor removes them.
  const existing = new Map((await client.query<{ doc_key: number; id: string; content_hash: string }>("SELECT doc_key, id, content_hash FROM documents WHERE origin = 'corpus'")).rows.map((r) => [r.id, r]));
  let next = Number((await client.query<{ m: number | null }>("SELECT max(doc_key) AS m FROM documents")).rows[0]!.m ?? -1) + 1;
  const keys = new Map<string, number>();
  const hashes = new Map<string, string>();
  const toLoad: DocumentRecord[] = [];
  const removedKeys: number[] = [];
  for (const doc of documents) {
    const hash = documentHash(doc);
    hashes.set(doc.id, hash);
    const old = existing.get(doc.id);
    existing.delete(doc.id);
    if (old && old.content_hash === hash && !force) {
      keys.set(doc.id, old.doc_key);
      continue;
    }
    if (old) removedKeys.push(old.doc_key);
    keys.set(doc.id, next++);
    toLoad.push(doc);
  }
  for (const old of existing.values()) removedKeys.push(old.doc_key);
  return { toLoad, keys, removedKeys, hashes };
}

/** The documents' words and grams, as a build makes them (one Segment over these documents only). */
export async function indexDocuments(docs: DocumentRecord[], opts: Pick<LoadOptions, "progress" | "workers" | "dictPath">): Promise<Segment> {
  const texts: string[] = [];
  for (const d of docs) for (const e of d.editions) for (const p of e.passages) texts.push(p.text);
  const bar = opts.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: "indexing {bar} {value}/{total} passages", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(texts.length, 0);
  try {
    const words = await indexWords(texts, { workers: opts.workers, dictPath: opts.dictPath, onProgress: (n) => bar?.update(n) });
    return buildSegment({ documents: docs, reports: [] }, { words, ...indexCharacters(texts) });
  } finally {
    bar?.stop();
  }
}

interface WriteInput {
  corpus: Corpus;
  plan: LoadPlan;
  segment: Segment | null;
  manifest: Manifest;
  echoes: EchoStore | null;
  progress: boolean;
}

export const DOC_TABLES = ["documents", "editions", "passages", "gram_postings", "word_postings", "echo_ids", "echo_pairs"];

async function writeLoad(client: pg.PoolClient, w: WriteInput): Promise<void> {
  const { plan, segment } = w;
  if (plan.removedKeys.length) {
    for (const t of DOC_TABLES) await client.query(`DELETE FROM ${t} WHERE doc_key = ANY($1::int[])`, [plan.removedKeys]);
  }
  const bar = w.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: "loading {bar} {value}/{total} rows ({table})", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  if (segment) {
    const rows = segmentRows(segment, plan);
    bar?.start(rows.total, 0, { table: "" });
    let done = 0;
    for (const [table, columns, lines] of rows.tables) {
      await copyInto(client, table, columns, lines, (n) => bar?.update((done += n), { table }));
    }
    bar?.stop();
  }
  // Corpus order: every document's position, changed only where it moved.
  const order = w.corpus.documents.map((d) => plan.keys.get(d.id)!);
  await client.query("UPDATE documents d SET position = u.pos - 1 FROM unnest($1::int[]) WITH ORDINALITY AS u(k, pos) WHERE d.doc_key = u.k AND d.position <> u.pos - 1", [order]);
  // Uploads after the corpus, in the order they came.
  await client.query(
    "UPDATE documents d SET position = $1 + u.r FROM (SELECT doc_key, row_number() OVER (ORDER BY position, doc_key) - 1 AS r FROM documents WHERE origin = 'upload') u WHERE d.doc_key = u.doc_key",
    [order.length],
  );
  await writeFiles(client, w.manifest, w.corpus);
  await client.query("TRUNCATE term_stats");
  await client.query("INSERT INTO term_stats SELECT 'g', gram::text, sum(n) FROM gram_postings GROUP BY gram");
  await client.query("INSERT INTO term_stats SELECT 'w', word, sum(n) FROM word_postings GROUP BY word");
  if (w.echoes) await writeEchoes(client, w.echoes, w.corpus.documents, plan.keys);
}

/** Every row to COPY, table by table, as lazily produced lines. */
export function segmentRows(seg: Segment, plan: LoadPlan): { total: number; tables: [string, string, Iterable<string>][] } {
  const docs = plan.toLoad;
  const keyOf = (d: number) => plan.keys.get(docs[d]!.id)!;
  // first ordinal of each document of the segment
  const first = new Uint32Array(docs.length + 1).fill(seg.passages);
  for (let o = seg.passages - 1; o >= 0; o--) first[seg.doc[o]!] = o;
  for (let d = docs.length - 1; d >= 0; d--) if (first[d]! > first[d + 1]!) first[d] = first[d + 1]!;
  const lengths = seg.words.lengths;

  function* documentLines(): Generator<string> {
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d]!;
      const { editions: _e, ...record } = doc;
      yield copyLine([keyOf(d), 0, copyText(doc.id), plan.hashes.get(doc.id)!, copyText(doc.title), copyText(doc.docNumber), copyText(doc.issuer), copyText(doc.date), copyText(doc.type), copyText(doc.region), copyText(doc.level), copyText(doc.status), copyText(JSON.stringify(record))]);
    }
  }
  function* editionLines(): Generator<string> {
    for (let d = 0; d < docs.length; d++) {
      docs[d]!.editions.forEach((e, i) => {
        const { text, outline, passages: _p, ...record } = e;
        editionBuffer.push(copyLine([keyOf(d), i, copyText(e.id), copyText(text), copyText(JSON.stringify(outline)), copyText(JSON.stringify(record))]));
      });
      yield* editionBuffer.splice(0);
    }
  }
  const editionBuffer: string[] = [];
  function* passageLines(): Generator<string> {
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d]!;
      let o = first[d]!;
      for (let ei = 0; ei < doc.editions.length; ei++) {
        const e = doc.editions[ei]!;
        for (const p of e.passages) {
          const slice = e.text.slice(p.start, p.end) === p.text;
          yield copyLine([keyOf(d), o - first[d]!, copyText(p.id), ei, p.seq, copyText(p.kind), copyText(JSON.stringify(p.path)), p.start, p.end, slice ? "\\N" : copyText(p.text), copyTextArray(p.counterparts), copyText(seg.squeezedText(o)), lengths[o]!]);
          o++;
        }
      }
    }
  }
  const g = seg.grams.parts();
  function* gramLines(): Generator<string> {
    for (let r = 0; r < g.keys.length; r++) yield* perDocument(g.ids, g.offsets[r]!, g.offsets[r + 1]!, (d, from, to, locals) => copyLine([g.keys[r]!, keyOf(d), to - from, copyBytes(locals), copyBytes(g.occ.subarray(from, to))]));
  }
  function* wordLines(): Generator<string> {
    for (let r = 0; r < seg.words.size; r++) {
      const ids = seg.words.postingsAt(r);
      const word = copyText(seg.words.term(r));
      yield* perDocument(ids, 0, ids.length, (d, from, to, locals) => copyLine([word, keyOf(d), to - from, copyBytes(locals)]));
    }
  }
  /** A posting list split by document: ordinals become the document's locals. */
  function* perDocument(ids: Uint32Array, from: number, to: number, line: (d: number, from: number, to: number, locals: Uint32Array) => string): Generator<string> {
    for (let k = from; k < to; ) {
      const d = seg.doc[ids[k]!]!;
      let end = k + 1;
      while (end < to && seg.doc[ids[end]!] === d) end++;
      const locals = new Uint32Array(end - k);
      for (let i = k; i < end; i++) locals[i - k] = ids[i]! - first[d]!;
      yield line(d, k, end, locals);
      k = end;
    }
  }
  let gramRows = 0;
  for (let r = 0; r < g.keys.length; r++) gramRows += countDocs(g.ids, g.offsets[r]!, g.offsets[r + 1]!, seg.doc);
  let wordRows = 0;
  for (let r = 0; r < seg.words.size; r++) {
    const ids = seg.words.postingsAt(r);
    wordRows += countDocs(ids, 0, ids.length, seg.doc);
  }
  const editions = docs.reduce((s, d) => s + d.editions.length, 0);
  return {
    total: docs.length + editions + seg.passages + gramRows + wordRows,
    tables: [
      ["documents", "doc_key, position, id, content_hash, title, doc_number, issuer, date, type, region, level, status, record", documentLines()],
      ["editions", "doc_key, ed, id, text, outline, record", editionLines()],
      ["passages", "doc_key, local, id, ed, seq, kind, path, start_at, end_at, text, counterparts, squeezed, words", passageLines()],
      ["gram_postings", "gram, doc_key, n, locals, counts", gramLines()],
      ["word_postings", "word, doc_key, n, locals", wordLines()],
    ],
  };
}

function countDocs(ids: Uint32Array, from: number, to: number, docOf: Uint32Array): number {
  let n = 0;
  let prev = -1;
  for (let k = from; k < to; k++) {
    const d = docOf[ids[k]!]!;
    if (d !== prev) n++;
    prev = d;
  }
  return n;
}

/** COPY lines into a table, BATCH_ROWS lines per write. */
export async function copyInto(client: pg.PoolClient, table: string, columns: string, lines: Iterable<string>, onRows: (n: number) => void): Promise<void> {
  function* batches(): Generator<string> {
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length === BATCH_ROWS) {
        yield batch.join("");
        onRows(batch.length);
        batch = [];
      }
    }
    if (batch.length) {
      yield batch.join("");
      onRows(batch.length);
    }
  }
  await pipeline(Readable.from(batches()), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

async function writeFiles(client: pg.PoolClient, manifest: Manifest, corpus: Corpus): Promise<void> {
  const reports = new Map(corpus.reports.map((r, i) => [r.file, { r, i }]));
  // Uploads' reports stay (after the corpus's); everything else is the corpus folder's.
  await client.query("DELETE FROM files f WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.path = f.path)");
  const report = (p: string) => {
    const x = reports.get(p);
    return x ? [copyText(JSON.stringify(x.r)), x.i] : ["\\N", "\\N"];
  };
  const rows = manifest.files.map((f) => copyLine([copyText(f.path), copyText(JSON.stringify(f)), ...report(f.path)]));
  // Reports of files the manifest does not list (ignored ones, catalog.json) are kept without an entry.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const r of corpus.reports) if (!listed.has(r.file)) rows.push(copyLine([copyText(r.file), "\\N", ...report(r.file)]));
  await copyInto(client, "files", "path, entry, report, seq", rows, () => {});
  await client.query(
    "UPDATE files f SET seq = $1 + u.r FROM (SELECT path, row_number() OVER (ORDER BY seq, path) - 1 AS r FROM files WHERE path IN (SELECT path FROM uploads)) u WHERE f.path = u.path",
    [corpus.reports.length],
  );
}

async function writeEchoes(client: pg.PoolClient, echoes: EchoStore, documents: readonly DocumentRecord[], keys: Map<string, number>): Promise<void> {
  const docOfPassage = new Map<string, number>();
  for (const d of documents) for (const e of d.editions) for (const p of e.passages) docOfPassage.set(p.id, keys.get(d.id)!);
  const rows = echoRows(echoes, (id) => docOfPassage.get(id) ?? -1);
  const hash = crypto.createHash("sha256").update(JSON.stringify(rows.ids)).update(Buffer.from(echoes.pairs.buffer, echoes.pairs.byteOffset, echoes.pairs.byteLength)).digest("hex");
  const old = (await client.query<{ value: string }>("SELECT value FROM collection WHERE key = 'echo_hash'")).rows[0]?.value;
  if (old === hash) return; // unchanged: no rows rewritten
  await client.query("TRUNCATE echo_ids, echo_pairs");
  await copyInto(client, "echo_ids", "doc_key, idx, id, rep, mate", rows.ids.map((r) => copyLine([r.docKey, r.idx, copyText(r.id), r.rep, r.mate])), () => {});
  await copyInto(client, "echo_pairs", "doc_key, seq, record", rows.pairs.map((r) => copyLine([r.docKey, r.seq, copyIntArray(r.record)])), () => {});
  await client.query("INSERT INTO collection VALUES ('echoes', $1), ('echo_hash', to_jsonb($2::text)) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [JSON.stringify(rows.rest), hash]);
}

/** Tells every server a load committed: the new generation and where the primary's WAL stands now. */
export async function notifyChange(client: pg.PoolClient | pg.Client): Promise<IndexChange> {
  const r = await client.query<{ generation: number; lsn: string }>("SELECT (value::text)::int AS generation, pg_current_wal_lsn()::text AS lsn FROM collection WHERE key = 'generation'");
  const change: IndexChange = { generation: r.rows[0]!.generation, lsn: r.rows[0]!.lsn };
  await client.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(change)]);
  return change;
}
