/**
 * Uploads over PostgreSQL: what POST /api/docs and DELETE /api/docs/:id write when the index is in
 * the database. Each change is one transaction under the writers' lock (loads and other servers'
 * uploads wait for it): an upload's file is kept in `uploads` (servers share no file system), its
 * documents become rows shaped as `npm run index` writes them (documents, editions, passages,
 * per-document posting rows), positioned after everything else, with their report in `files`; a
 * deletion removes every document of the deleted document's files. Both bump the generation and
 * NOTIFY after the commit, so every server (and a standby's, once replayed) refreshes.
 *
 * Not done here (the next `npm run index` does it): echoes of the new documents, and relations
 * (editions, versions) between an uploaded document and the documents already in the database.
 */
import { stopwatch } from "../../../stopwatch.ts";
import type pg from "pg";
import type { DocumentRecord, FileReport } from "../../../model.ts";
import type { ParsedFile } from "../../../ingest/index.ts";
import { relateDocuments } from "../../../ingest/relations/index.ts";
import { walkOrder } from "../../../live/order.ts";
import { numberedName } from "../../../live/names.ts";
import { UPLOAD_DIR } from "../../../live/place.ts";
import { copyText, copyLine } from "./codec.ts";
import { copyInto, DOC_TABLES, documentHash, indexDocuments, notifyChange, segmentRows, type LoadPlan } from "./load.ts";
import { WRITE_LOCK, type IndexChange } from "./pool.ts";

export interface IncomingFile {
  /** The sanitised name the client gave (uploads/<name> unless taken by another content). */
  name: string;
  bytes: Buffer;
  sha256: string;
  meta: unknown;
  /** Reads the file under its final corpus-relative path (ids and the edition's source follow it). */
  parse: (rel: string) => Promise<ParsedFile>;
}

export interface IntakeResult {
  files: { name: string; rel: string; status: "added" | "unchanged"; warnings: string[] }[];
  documents: DocumentRecord[];
  change: IndexChange | null;
  timings: Record<string, number>;
}

/** Files whose content the collection already holds (a corpus file or an upload), by sha256. */
export async function knownContents(db: pg.Pool | pg.PoolClient, hashes: readonly string[]): Promise<Map<string, string>> {
  const r = await db.query<{ sha256: string; path: string }>(
    `SELECT sha256, path FROM uploads WHERE sha256 = ANY($1::text[])
     UNION ALL SELECT entry->>'sha256', path FROM files WHERE entry->>'sha256' = ANY($1::text[])`,
    [hashes],
  );
  return new Map(r.rows.map((row) => [row.sha256, row.path]));
}

/** Adds uploaded files in one transaction; answers once committed and notified. */
export async function addUploads(pool: pg.Pool, incoming: readonly IncomingFile[]): Promise<IntakeResult> {
  const { lap, timings } = stopwatch();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const known = await knownContents(client, incoming.map((f) => f.sha256));
    const answers: IntakeResult["files"] = [];
    const parsed = new Map<string, { file: IncomingFile; parsed: ParsedFile }>();
    for (const f of incoming) {
      const dup = known.get(f.sha256) ?? [...parsed.entries()].find(([, p]) => p.file.sha256 === f.sha256)?.[0];
      const rel = dup ?? (await freePath(client, f.name, new Set(parsed.keys())));
      if (dup) {
        answers.push({ name: f.name, rel, status: "unchanged", warnings: [] });
        continue;
      }
      const p = await f.parse(rel);
      parsed.set(rel, { file: f, parsed: p });
      answers.push({ name: f.name, rel, status: "added", warnings: p.report.warnings });
    }
    lap("read");
    if (!parsed.size) {
      await client.query("ROLLBACK");
      return { files: answers, documents: [], change: null, timings };
    }
    // Related among themselves in corpus order, as a build relates a folder's files.
    const rels = [...parsed.keys()].sort(walkOrder);
    const documents = relateDocuments(rels.flatMap((rel) => parsed.get(rel)!.parsed.docs));
    const taken = await takenIds(client, documents);
    if (taken.length) throw new Error(`document ids already in the database: ${taken.join(", ")}`);
    const segment = await indexDocuments(documents, {});
    lap("segment");

    const next = Number((await client.query<{ m: number | null }>("SELECT max(doc_key) AS m FROM documents")).rows[0]!.m ?? -1) + 1;
    const plan: LoadPlan = {
      toLoad: documents,
      keys: new Map(documents.map((d, i) => [d.id, next + i])),
      removedKeys: [],
      hashes: new Map(documents.map((d) => [d.id, documentHash(d)])),
    };
    for (const [table, columns, lines] of segmentRows(segment, plan).tables) await copyInto(client, table, columns, lines, () => {});
    const keys = [...plan.keys.values()];
    await client.query(
      "UPDATE documents SET origin = 'upload', position = (SELECT coalesce(max(position), -1) FROM documents WHERE NOT doc_key = ANY($1::int[])) + 1 + doc_key - $2 WHERE doc_key = ANY($1::int[])",
      [keys, next],
    );
    await addTermStats(client, keys, 1);
    await client.query("INSERT INTO uploads (path, sha256, bytes, meta) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[])", [
      rels,
      rels.map((r) => parsed.get(r)!.file.sha256),
      rels.map((r) => parsed.get(r)!.file.bytes),
      rels.map((r) => JSON.stringify(parsed.get(r)!.file.meta ?? null)),
    ]);
    const reports = rels.map((rel) => withPassages(parsed.get(rel)!.parsed.report, documents));
    await insertReports(client, reports);
    await bumpGeneration(client);
    await client.query("COMMIT");
    lap("write");
    const change = await notifyChange(client);
    return { files: answers, documents, change, timings };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export interface RemoveResult {
  /** Ids of the documents removed (every document of the deleted document's files). */
  removed: string[];
  files: string[];
  change: IndexChange | null;
}

/**
 * Removes a document with every document of its files (as deleting its files from corpus/ does).
 * A document `npm run index` loaded comes back at the next load unless its file leaves the corpus
 * folder. Echo rows stay until the next load (a pair naming a removed passage is skipped).
 */
export async function removeDocument(pool: pg.Pool, id: string): Promise<RemoveResult | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const doc = (await client.query<{ doc_key: number }>("SELECT doc_key FROM documents WHERE id = $1", [id])).rows[0];
    if (!doc) {
      await client.query("ROLLBACK");
      return null;
    }
    const files = (await client.query<{ source: string }>("SELECT DISTINCT record->>'source' AS source FROM editions WHERE doc_key = $1 ORDER BY 1", [doc.doc_key])).rows.map((r) => r.source);
    const gone = (
      await client.query<{ doc_key: number; id: string }>(
        "SELECT d.doc_key, d.id FROM documents d WHERE d.doc_key = $1 OR EXISTS (SELECT 1 FROM editions e WHERE e.doc_key = d.doc_key AND e.record->>'source' = ANY($2::text[])) ORDER BY d.position",
        [doc.doc_key, files],
      )
    ).rows;
    const keys = gone.map((g) => g.doc_key);
    await addTermStats(client, keys, -1);
    for (const t of DOC_TABLES.filter((x) => !x.startsWith("echo_"))) await client.query(`DELETE FROM ${t} WHERE doc_key = ANY($1::int[])`, [keys]);
    await client.query("DELETE FROM uploads WHERE path = ANY($1::text[])", [files]);
    await client.query("DELETE FROM files WHERE path = ANY($1::text[]) AND entry IS NULL", [files]);
    await bumpGeneration(client);
    await client.query("COMMIT");
    const change = await notifyChange(client);
    return { removed: gone.map((g) => g.id), files, change };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** uploads/<name>, or the next numbered name when another content has it (as place.ts names files). */
async function freePath(client: pg.PoolClient, name: string, pending: Set<string>): Promise<string> {
  for (let n = 1; ; n++) {
    const rel = `${UPLOAD_DIR}/${n === 1 ? name : numberedName(name, n)}`;
    if (pending.has(rel)) continue;
    const r = await client.query("SELECT 1 FROM uploads WHERE path = $1 UNION ALL SELECT 1 FROM files WHERE path = $1", [rel]);
    if (!r.rowCount) return rel;
  }
}

async function takenIds(client: pg.PoolClient, docs: readonly DocumentRecord[]): Promise<string[]> {
  const r = await client.query<{ id: string }>("SELECT id FROM documents WHERE id = ANY($1::text[])", [docs.map((d) => d.id)]);
  return r.rows.map((row) => row.id);
}

/** Collection-wide document frequencies, plus (sign 1) or minus (-1) the documents' rows. */
async function addTermStats(client: pg.PoolClient, keys: number[], sign: 1 | -1): Promise<void> {
  for (const [kind, table, term] of [["g", "gram_postings", "gram::text"], ["w", "word_postings", "word"]] as const) {
    await client.query(
      `INSERT INTO term_stats (kind, term, df)
         SELECT '${kind}', ${term}, $2::int * sum(n) FROM ${table} WHERE doc_key = ANY($1::int[]) GROUP BY ${term}
       ON CONFLICT (kind, term) DO UPDATE SET df = term_stats.df + excluded.df`,
      [keys, sign],
    );
  }
  await client.query("DELETE FROM term_stats WHERE df <= 0");
}

async function insertReports(client: pg.PoolClient, reports: FileReport[]): Promise<void> {
  const seq = Number((await client.query<{ m: number | null }>("SELECT max(seq) AS m FROM files")).rows[0]!.m ?? -1) + 1;
  await copyInto(client, "files", "path, entry, report, seq", reports.map((r, i) => copyLine([copyText(r.file), "\\N", copyText(JSON.stringify(r)), seq + i])), () => {});
}

async function bumpGeneration(client: pg.PoolClient): Promise<void> {
  await client.query("UPDATE collection SET value = to_jsonb((value::text)::int + 1) WHERE key = 'generation'");
}

/** A file's report with the passages it finally contributes (after relations). */
function withPassages(r: FileReport, documents: readonly DocumentRecord[]): FileReport {
  if (!r.ok) return r;
  let passages = 0;
  for (const d of documents) for (const e of d.editions) if (e.source === r.file) passages += e.passages.length;
  return { ...r, passages };
}
