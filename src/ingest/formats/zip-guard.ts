/**
 * Opening a zip container (DOCX) that may be hostile. The central directory is read first (yauzl)
 * and the file refused before anything is expanded when it declares more than the limit in all,
 * too many entries, an entry compressed beyond any real document's ratio (a zip bomb), or encrypted
 * entries. Only then are the entries wanted expanded — by yauzl, which checks that each expands to
 * no more than its declared size — into memory, with a running total under the limit.
 */
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";

export interface ZipEntryInfo {
  name: string;
  compressed: number;
  uncompressed: number;
  encrypted: boolean;
}

export type ZipCheck =
  | { ok: true; entries: ZipEntryInfo[] }
  | { ok: false; reason: "not-zip" | "bomb" | "encrypted"; detail: string };

/** At most this many entries (a document has dozens). */
const MAX_ENTRIES = 10_000;
/** An entry larger than this must not be compressed more than MAX_RATIO times (XML compresses 5–30×). */
const RATIO_FLOOR = 4 * 1024 * 1024;
const MAX_RATIO = 200;

function open(bytes: Uint8Array): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, zip) => (err ? reject(err) : resolve(zip!)));
  });
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on("entry", (e: Entry) => {
      out.push(e);
      if (out.length > MAX_ENTRIES) { zip.close(); resolve(out); return; }
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", reject);
    zip.readEntry();
  });
}

/** What the central directory says, judged before expanding anything. */
export async function checkZip(bytes: Uint8Array, maxExpandedBytes: number): Promise<ZipCheck> {
  let zip: ZipFile;
  let entries: Entry[];
  try {
    zip = await open(bytes);
    entries = await listEntries(zip);
    zip.close();
  } catch (e) {
    return { ok: false, reason: "not-zip", detail: (e as Error).message };
  }
  if (entries.length > MAX_ENTRIES) return { ok: false, reason: "bomb", detail: `more than ${MAX_ENTRIES} entries` };
  const infos = entries.map((e) => ({ name: e.fileName, compressed: e.compressedSize, uncompressed: e.uncompressedSize, encrypted: (e.generalPurposeBitFlag & 1) !== 0 }));
  if (infos.some((e) => e.encrypted)) return { ok: false, reason: "encrypted", detail: "encrypted entries" };
  const total = infos.reduce((n, e) => n + e.uncompressed, 0);
  if (total > maxExpandedBytes) return { ok: false, reason: "bomb", detail: `it would expand to ${(total / 1024 / 1024).toFixed(0)} MB (the limit is ${(maxExpandedBytes / 1024 / 1024).toFixed(0)} MB)` };
  const bomb = infos.find((e) => e.uncompressed > RATIO_FLOOR && e.uncompressed / Math.max(1, e.compressed) > MAX_RATIO);
  if (bomb) return { ok: false, reason: "bomb", detail: `${bomb.name} is compressed ${Math.round(bomb.uncompressed / Math.max(1, bomb.compressed))}:1 (${(bomb.uncompressed / 1024 / 1024).toFixed(0)} MB from ${(bomb.compressed / 1024).toFixed(0)} KB)` };
  return { ok: true, entries: infos };
}

/** Expand the entries `want` selects (after checkZip), checking actual sizes as they expand. */
export async function readEntries(bytes: Uint8Array, want: (name: string) => boolean, maxExpandedBytes: number): Promise<Map<string, Buffer>> {
  const zip = await open(bytes);
  const out = new Map<string, Buffer>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => { zip.close(); reject(e); };
    zip.on("entry", (e: Entry) => {
      if (!want(e.fileName) || /\/$/.test(e.fileName)) { zip.readEntry(); return; }
      zip.openReadStream(e, (err, stream) => {
        if (err || !stream) { fail(err ?? new Error("cannot read an entry")); return; }
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => {
          total += c.length;
          if (total > maxExpandedBytes) { stream.destroy(); fail(new Error(`expands beyond ${(maxExpandedBytes / 1024 / 1024).toFixed(0)} MB`)); return; }
          chunks.push(c);
        });
        stream.on("error", fail);
        stream.on("end", () => { out.set(e.fileName, Buffer.concat(chunks)); zip.readEntry(); });
      });
    });
    zip.on("end", () => resolve(out));
    zip.on("error", fail);
    zip.readEntry();
  });
}
