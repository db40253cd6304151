/**
 * Values as PostgreSQL's COPY text format writes them, and the typed arrays kept in bytea columns
 * (little-endian, as every machine we run on and as Buffer reads them back without copying).
 */

/** A text field of COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A bytea field: hex form, its backslash escaped for COPY. */
export function copyBytes(a: ArrayBufferView): string {
  return "\\\\x" + Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
}

/** A text[] field. */
export function copyTextArray(values: readonly string[]): string {
  const inner = values.map((s) => `"${s.replace(/[\\"]/g, (c) => "\\" + c)}"`).join(",");
  return copyText(`{${inner}}`);
}

/** An integer[] field. */
export function copyIntArray(values: ArrayLike<number>): string {
  return `{${Array.prototype.join.call(values, ",")}}`;
}

/** One COPY line from its fields (already encoded). */
export function copyLine(fields: readonly (string | number)[]): string {
  return fields.join("\t") + "\n";
}

/** A bytea read back as Uint32Array (copied when unaligned). */
export function u32Of(b: Buffer): Uint32Array {
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
  return new Uint32Array(Uint8Array.from(b).buffer);
}

export function u8Of(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
