/**
 * A snapshot of the collection as a server holds it in memory: documents, editions and passages
 * (with their squeezed texts and lengths in words), the reports and the echoes — read from the
 * database at open and after each NOTIFY — made into a Segment without postings, so that the
 * per-ordinal tables, the passage objects and everything else a Store gives are the embedded
 * store's own code. Postings stay in the database (postings.ts).
 */
import type pg from "pg";
import type { DocumentRecord, Edition, FileReport, HeadingRef, Passage, PassageKind } from "../../../model.ts";
import type { EchoStore } from "../../../echo/store.ts";
import { isEchoStore } from "../../../echo/index.ts";
import { GramPostings } from "../../gram-postings.ts";
import { buildSegment } from "../../segment-build.ts";
import { packTexts } from "../../text-block.ts";
import type { Segment } from "../../segment.ts";
import { echoStoreOf, type EchoRows } from "./echo-rows.ts";
import type { OrdinalLayout } from "./postings.ts";

export interface Snapshot {
  generation: number;
  segment: Segment;
  echoes: EchoStore | null;
  layout: OrdinalLayout;
}

type Queryable = pg.Pool | pg.PoolClient;

/** Reads the collection in one REPEATABLE READ transaction (a load committing meanwhile is not half seen). */
export async function readSnapshot(pool: pg.Pool): Promise<Snapshot> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snap = await read(client);
    await client.query("COMMIT");
    return snap;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function read(db: Queryable): Promise<Snapshot> {
  const generation = Number((await db.query<{ value: number }>("SELECT value FROM collection WHERE key = 'generation'")).rows[0]?.value ?? 0);
  const docRows = (await db.query<{ doc_key: number; record: Omit<DocumentRecord, "editions"> }>("SELECT doc_key, record FROM documents ORDER BY position")).rows;
  const docs: DocumentRecord[] = docRows.map((r) => ({ ...r.record, editions: [] }));
  const byKey = new Map<number, DocumentRecord>(docRows.map((r, i) => [r.doc_key, docs[i]!]));
  const edRows = (await db.query<{ doc_key: number; record: Omit<Edition, "text" | "outline" | "passages">; text: string; outline: Edition["outline"] }>("SELECT doc_key, record, text, outline FROM editions ORDER BY doc_key, ed")).rows;
  for (const r of edRows) byKey.get(r.doc_key)?.editions.push({ ...r.record, text: r.text, outline: r.outline, passages: [] } as Edition);

  // Passages in each document's reading order; their squeezed texts and lengths by document until the order is known.
  const extra = new Map<number, { squeezed: string[]; words: number[] }>();
  const pRows = await db.query<{ doc_key: number; id: string; ed: number; seq: number; kind: PassageKind; path: HeadingRef[]; start_at: number; end_at: number; text: string | null; counterparts: string[]; squeezed: string; words: number }>(
    "SELECT doc_key, id, ed, seq, kind, path, start_at, end_at, text, counterparts, squeezed, words FROM passages ORDER BY doc_key, local",
  );
  for (const r of pRows.rows) {
    const doc = byKey.get(r.doc_key);
    if (!doc) continue;
    const e = doc.editions[r.ed]!;
    const p: Passage = { id: r.id, docId: doc.id, editionId: e.id, seq: r.seq, kind: r.kind, path: r.path, text: r.text ?? e.text.slice(r.start_at, r.end_at), start: r.start_at, end: r.end_at, counterparts: r.counterparts };
    e.passages.push(p);
    let x = extra.get(r.doc_key);
    if (!x) extra.set(r.doc_key, (x = { squeezed: [], words: [] }));
    x.squeezed.push(r.squeezed);
    x.words.push(r.words);
  }

  const maxKey = docRows.reduce((m, r) => Math.max(m, r.doc_key), -1);
  const firstOrd = new Int32Array(maxKey + 1).fill(-1);
  const squeezed: string[] = [];
  const lengths: number[] = [];
  for (const r of docRows) {
    firstOrd[r.doc_key] = squeezed.length;
    const x = extra.get(r.doc_key);
    if (x) {
      squeezed.push(...x.squeezed);
      lengths.push(...x.words);
    }
  }
  const reports = (await db.query<{ report: FileReport }>("SELECT report FROM files WHERE report IS NOT NULL ORDER BY seq")).rows.map((r) => r.report);
  const sq = packTexts(squeezed);
  const segment = buildSegment(
    { documents: docs, reports },
    { words: [lengthsOnly(Uint32Array.from(lengths))], sqUnits: sq.codes, sqEnds: sq.ends, grams: NO_GRAMS },
  );
  return { generation, segment, echoes: await readEchoes(db), layout: { firstOrd, passages: squeezed.length } };
}

/** No gram postings: they are fetched per query. */
const NO_GRAMS = new GramPostings({
  keys: new Uint32Array(0),
  offsets: new Uint32Array(1),
  ids: new Uint32Array(0),
  occ: new Uint8Array(0),
  pos: new Uint16Array(0),
  posStart: new Uint32Array(1),
  checks: new Uint32Array(0),
  long: new Uint32Array(0),
});

/** A word chunk with the passages' lengths and no words (their postings are fetched per query). */
function lengthsOnly(lengths: Uint32Array) {
  return { lengths, vocab: new Uint16Array(0), vocabEnds: new Uint32Array(0), termStart: new Uint32Array(lengths.length + 1), termIds: new Uint32Array(0) };
}

async function readEchoes(db: Queryable): Promise<EchoStore | null> {
  const rest = (await db.query<{ value: EchoRows["rest"] }>("SELECT value FROM collection WHERE key = 'echoes'")).rows[0]?.value;
  if (!rest) return null;
  const ids = (await db.query<{ idx: number; id: string; rep: number; mate: number }>("SELECT idx, id, rep, mate FROM echo_ids")).rows;
  const pairs = (await db.query<{ seq: number; record: number[] }>("SELECT seq, record FROM echo_pairs")).rows;
  const store = echoStoreOf(ids, pairs, rest);
  return isEchoStore(store) ? store : null;
}
