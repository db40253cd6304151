/**
 * Plain objects (the echo store) as cache sections, without any one string growing past V8's
 * limit (~512 M characters) and without parsing more JSON than needed: the small fields as one JSON
 * section; each big array in a section of its own — typed arrays as their bytes (viewed in place
 * on load, no copy), long arrays of non-negative integers as u32 and of other numbers as f64 (given
 * back as plain arrays), long arrays of strings as JSON lines of 10,000 strings.
 */
import { viewAs, type SectionData } from "./cache-file.ts";

// ---------------------------------------------------------------------------------------------
// Newline-delimited JSON. JSON.stringify never emits a raw newline and escapes lone surrogates,
// so every line is valid UTF-8 and the buffer splits on 0x0A.

export function encodeLines(values: Iterable<unknown>): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) parts.push(Buffer.from(`${JSON.stringify(v)}\n`, "utf8"));
  return Buffer.concat(parts);
}

export function* decodeLines(buf: Uint8Array): Generator<unknown> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  while (pos < b.length) {
    let nl = b.indexOf(0x0a, pos);
    if (nl < 0) nl = b.length;
    yield JSON.parse(b.toString("utf8", pos, nl)) as unknown;
    pos = nl + 1;
  }
}

/** Items in lines of up to `per` items each (a huge array never becomes one string). */
function chunked<T>(items: readonly T[], per: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

/** Arrays at least this long leave the JSON for a section of their own. */
const COLUMN_MIN = 256;
const LINE_ITEMS = 10_000;

type ColumnType = "u32" | "f64" | "strings" | "Uint32Array" | "Int32Array" | "Float64Array" | "Uint16Array" | "Uint8Array";
interface Column {
  key: string;
  type: ColumnType;
}
interface ObjectHeader {
  rest: Record<string, unknown> | null;
  columns: Column[];
}

type TypedCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayBufferView; new (length: number): ArrayBufferView; BYTES_PER_ELEMENT: number };
const TYPED: Record<string, TypedCtor> = { Uint32Array, Int32Array, Float64Array, Uint16Array, Uint8Array };

function isU32(a: readonly unknown[]): boolean {
  for (const x of a) if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > 0xffffffff) return false;
  return true;
}

/** The object as sections `<prefix>` (header JSON) and `<prefix>.<n>` (its big columns). */
export function objectSections(prefix: string, obj: Record<string, unknown> | null): Record<string, SectionData> {
  const out: Record<string, SectionData> = {};
  const header: ObjectHeader = { rest: obj === null ? null : {}, columns: [] };
  for (const [key, v] of Object.entries(obj ?? {})) {
    let body: SectionData | null = null;
    let type: ColumnType | null = null;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && TYPED[v.constructor.name]) [type, body] = [v.constructor.name as ColumnType, v];
    else if (Array.isArray(v) && v.length >= COLUMN_MIN) {
      if (isU32(v)) [type, body] = ["u32", Uint32Array.from(v as number[])];
      else if (v.every((x) => typeof x === "number")) [type, body] = ["f64", Float64Array.from(v as number[])];
      else if (v.every((x) => typeof x === "string")) [type, body] = ["strings", encodeLines(chunked(v as string[], LINE_ITEMS))];
    }
    if (type && body) {
      out[`${prefix}.${header.columns.length}`] = body;
      header.columns.push({ key, type });
      header.rest![key] = null; // keeps the field order
    } else header.rest![key] = v;
  }
  out[prefix] = Buffer.from(JSON.stringify(header), "utf8");
  return out;
}

/** The object back from its sections; typed arrays are views of the section bytes. */
export function objectFromSections(sections: Record<string, Uint8Array>, prefix: string): unknown {
  const head = sections[prefix];
  if (!head) throw new Error(`cache section ${prefix} missing`);
  const header = JSON.parse(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8")) as ObjectHeader;
  if (header.rest === null) return null;
  header.columns.forEach((c, i) => {
    const body = sections[`${prefix}.${i}`];
    if (!body) throw new Error(`cache section ${prefix}.${i} missing`);
    if (c.type === "strings") header.rest![c.key] = [...decodeLines(body)].flat();
    else if (c.type === "u32") header.rest![c.key] = plainArray(viewAs(Uint32Array, body, c.key));
    else if (c.type === "f64") header.rest![c.key] = plainArray(viewAs(Float64Array, body, c.key));
    else if (TYPED[c.type]) header.rest![c.key] = viewAs(TYPED[c.type]!, body, c.key);
    else throw new Error(`unknown column type ${c.type}`);
  });
  return header.rest;
}

/** Array.from, without its iterator protocol (several times faster on millions of numbers). */
function plainArray(t: ArrayLike<number>): number[] {
  const out: number[] = new Array<number>(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i]!;
  return out;
}
