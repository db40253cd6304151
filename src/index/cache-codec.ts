/**
 * How the corpus and other big values become cache sections, and back, without any one string
 * growing past V8's limit (~512 M characters) and without parsing more JSON than needed:
 *
 * - edition texts: one section of UTF-16LE code units, the texts back to back (2 bytes per CJK
 *   character instead of UTF-8's 3; decoding is a copy; lone surrogates survive);
 * - documents: newline-delimited JSON, one document per line, edition texts left out and each
 *   edition's passages as compact rows (id, kind, path number, start, end, counterparts) against a
 *   table of the edition's distinct heading paths — a passage's text is `edition.text.slice(start, end)`,
 *   the model's own invariant, so it is stored once;
 * - other objects (the echo store): JSON for the small fields, raw bytes for big numeric arrays
 *   and line-delimited JSON for big string arrays (`encodeObject`).
 *
 * Anything that does not fit the compact form (a passage whose text is not its slice, an unknown
 * field) is stored as full JSON instead, so the codec never changes what it round-trips.
 */
import type { Corpus, DocumentRecord, Edition, HeadingRef, Passage } from "../model.ts";

// ---------------------------------------------------------------------------------------------
// Newline-delimited JSON. JSON.stringify never emits a raw newline and escapes lone surrogates,
// so every line is valid UTF-8 and the buffer splits on 0x0A.

export function encodeLines(values: Iterable<unknown>): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) parts.push(Buffer.from(`${JSON.stringify(v)}\n`, "utf8"));
  return Buffer.concat(parts);
}

export function* decodeLines(buf: Buffer): Generator<unknown> {
  let pos = 0;
  while (pos < buf.length) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0) nl = buf.length;
    yield JSON.parse(buf.toString("utf8", pos, nl)) as unknown;
    pos = nl + 1;
  }
}

/** Items in lines of up to `per` items each (a huge array never becomes one string). */
function chunked<T>(items: readonly T[], per: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The corpus.

/** The passage fields, in the order ingest creates them (passages.ts); other shapes are stored whole. */
const PASSAGE_KEYS = "id,docId,editionId,seq,kind,path,text,start,end,counterparts";

/** Compact passage: [id, kind, path number, start, end, counterparts]. */
type Row = [string, string, number, number, number, string[]];

interface EditionExtra {
  /** Length of the edition's text in UTF-16 code units (its span in the texts section). */
  chars: number;
  /** Distinct heading paths, referenced by number from the rows. */
  paths?: HeadingRef[][];
  rows?: Row[];
  /** The passages as they are, when one of them does not fit a row. */
  full?: Passage[];
}

interface DocLine {
  doc: DocumentRecord;
  editions: EditionExtra[];
}

export interface CorpusSections {
  meta: Buffer;
  texts: Buffer;
  docs: Buffer;
  reports: Buffer;
}

interface CorpusMeta {
  documents: number;
  reports: number;
  passages: number;
  textChars: number;
}

function fitsRow(p: Passage, doc: DocumentRecord, e: Edition, seq: number): boolean {
  return (
    Object.keys(p).join(",") === PASSAGE_KEYS &&
    p.docId === doc.id &&
    p.editionId === e.id &&
    p.seq === seq &&
    Number.isSafeInteger(p.start) &&
    Number.isSafeInteger(p.end) &&
    e.text.slice(p.start, p.end) === p.text &&
    Array.isArray(p.counterparts)
  );
}

function compactEdition(doc: DocumentRecord, e: Edition): EditionExtra {
  const chars = e.text.length;
  if (!e.passages.every((p, i) => fitsRow(p, doc, e, i))) return { chars, full: e.passages };
  const paths: HeadingRef[][] = [];
  const pathNo = new Map<string, number>();
  const rows: Row[] = e.passages.map((p) => {
    const key = JSON.stringify(p.path);
    let k = pathNo.get(key);
    if (k === undefined) {
      pathNo.set(key, (k = paths.length));
      paths.push(p.path);
    }
    return [p.id, p.kind, k, p.start, p.end, p.counterparts];
  });
  return { chars, paths, rows };
}

export function encodeCorpus(corpus: Corpus): CorpusSections {
  const texts: Buffer[] = [];
  let textChars = 0;
  let passages = 0;
  const lines: Buffer[] = [];
  for (const doc of corpus.documents) {
    const editions = doc.editions.map((e) => compactEdition(doc, e));
    // Keep every field (and its order) of the document and editions; blank what the extras carry.
    const line: DocLine = { doc: { ...doc, editions: doc.editions.map((e) => ({ ...e, text: "", passages: [] })) }, editions };
    lines.push(Buffer.from(`${JSON.stringify(line)}\n`, "utf8"));
    for (const e of doc.editions) {
      texts.push(Buffer.from(e.text, "utf16le"));
      textChars += e.text.length;
      passages += e.passages.length;
    }
  }
  const meta: CorpusMeta = { documents: corpus.documents.length, reports: corpus.reports.length, passages, textChars };
  return {
    meta: Buffer.from(JSON.stringify(meta), "utf8"),
    texts: Buffer.concat(texts),
    docs: Buffer.concat(lines),
    reports: encodeLines(corpus.reports),
  };
}

export function decodeCorpus(s: Partial<CorpusSections>): Corpus {
  if (!s.meta || !s.texts || !s.docs || !s.reports) throw new Error("corpus sections missing");
  const meta = JSON.parse(s.meta.toString("utf8")) as CorpusMeta;
  if (s.texts.length !== meta.textChars * 2) throw new Error("edition texts do not match their length");
  const documents: DocumentRecord[] = [];
  let at = 0; // byte offset into the texts section
  let passages = 0;
  for (const raw of decodeLines(s.docs)) {
    const { doc, editions } = raw as DocLine;
    if (!doc || !Array.isArray(doc.editions) || !Array.isArray(editions) || editions.length !== doc.editions.length) throw new Error("malformed document line");
    doc.editions.forEach((e, i) => {
      const x = editions[i]!;
      e.text = s.texts!.toString("utf16le", at, (at += x.chars * 2));
      if (e.text.length !== x.chars) throw new Error("edition text out of range");
      e.passages = x.full ?? expandRows(doc, e, x);
      passages += e.passages.length;
    });
    documents.push(doc);
  }
  const reports = [...decodeLines(s.reports)] as Corpus["reports"];
  if (documents.length !== meta.documents || reports.length !== meta.reports || passages !== meta.passages || at !== s.texts.length) {
    throw new Error("corpus sections do not match their counts");
  }
  return { documents, reports };
}

function expandRows(doc: DocumentRecord, e: Edition, x: EditionExtra): Passage[] {
  const paths = x.paths ?? [];
  return (x.rows ?? []).map(([id, kind, k, start, end, counterparts], seq) => {
    const path = paths[k];
    if (!path || end < start || end > e.text.length) throw new Error("malformed passage row");
    return { id, docId: doc.id, editionId: e.id, seq, kind: kind as Passage["kind"], path, text: e.text.slice(start, end), start, end, counterparts };
  });
}

// ---------------------------------------------------------------------------------------------
// Other objects: big arrays out of the JSON.

/** Arrays at least this long leave the JSON for a column of their own. */
const COLUMN_MIN = 256;
const LINE_ITEMS = 10_000;

type ColumnType = "u32" | "f64" | "strings" | "Uint32Array" | "Int32Array" | "Float64Array" | "Uint16Array" | "Uint8Array";
interface Column {
  key: string;
  type: ColumnType;
  bytes: number;
}

const TYPED: Record<string, { new (n: number): ArrayLike<number> & { buffer: ArrayBufferLike }; BYTES_PER_ELEMENT: number }> = {
  Uint32Array,
  Int32Array,
  Float64Array,
  Uint16Array,
  Uint8Array,
};

function isU32(a: readonly unknown[]): boolean {
  for (const x of a) if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > 0xffffffff) return false;
  return true;
}

/**
 * A plain object as bytes: u32 header length, header JSON `{rest, columns}`, column bytes. Long
 * arrays of non-negative integers become u32, of other numbers f64, of strings JSON lines; typed
 * arrays keep their type. `decodeObject` gives back plain arrays for plain arrays.
 */
export function encodeObject(obj: Record<string, unknown> | null): Buffer {
  if (obj === null) return encodeHeader({ rest: null, columns: [] }, []);
  const rest: Record<string, unknown> = {};
  const columns: Column[] = [];
  const bodies: Buffer[] = [];
  for (const [key, v] of Object.entries(obj)) {
    let body: Buffer | null = null;
    let type: ColumnType | null = null;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && TYPED[v.constructor.name]) {
      type = v.constructor.name as ColumnType;
      body = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    } else if (Array.isArray(v) && v.length >= COLUMN_MIN) {
      if (isU32(v)) [type, body] = ["u32", bytes(Uint32Array.from(v as number[]))];
      else if (v.every((x) => typeof x === "number")) [type, body] = ["f64", bytes(Float64Array.from(v as number[]))];
      else if (v.every((x) => typeof x === "string")) [type, body] = ["strings", encodeLines(chunked(v as string[], LINE_ITEMS))];
    }
    if (type && body) {
      columns.push({ key, type, bytes: body.length });
      bodies.push(body);
      rest[key] = null; // keeps the field order
    } else rest[key] = v;
  }
  return encodeHeader({ rest, columns }, bodies);
}

function encodeHeader(header: { rest: unknown; columns: Column[] }, bodies: Buffer[]): Buffer {
  const h = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length, 0);
  return Buffer.concat([len, h, ...bodies]);
}

export function decodeObject(buf: Buffer): unknown {
  if (buf.length < 4) throw new Error("object section truncated");
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.toString("utf8", 4, 4 + hlen)) as { rest: Record<string, unknown> | null; columns: Column[] };
  if (header.rest === null) return null;
  let pos = 4 + hlen;
  for (const c of header.columns) {
    const body = buf.subarray(pos, (pos += c.bytes));
    if (body.length !== c.bytes) throw new Error("object section truncated");
    if (c.type === "strings") header.rest[c.key] = [...decodeLines(body)].flat();
    else if (c.type === "u32") header.rest[c.key] = plainArray(typedAt(Uint32Array, body));
    else if (c.type === "f64") header.rest[c.key] = plainArray(typedAt(Float64Array, body));
    else if (TYPED[c.type]) header.rest[c.key] = typedAt(TYPED[c.type]!, body);
    else throw new Error(`unknown column type ${c.type}`);
  }
  if (pos !== buf.length) throw new Error("object section has trailing bytes");
  return header.rest;
}

/** Array.from, without its iterator protocol (several times faster on millions of numbers). */
function plainArray(t: ArrayLike<number>): number[] {
  const out: number[] = new Array<number>(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i]!;
  return out;
}

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A typed array copied out of buf (Buffer slices need not be aligned to the element size). */
export function typedAt<T extends ArrayLike<number> & { buffer: ArrayBufferLike }>(
  Ctor: { new (n: number): T; BYTES_PER_ELEMENT: number },
  buf: Buffer,
): T {
  if (buf.length % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error("typed column has a partial element");
  const out = new Ctor(buf.length / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
