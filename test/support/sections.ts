/** Cache sections written to a real cache file and read back (aligned views of the file's bytes, as a restart sees them). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readCacheFile, writeCacheFile, type SectionData, type Sections } from "../../src/index/cache-file.ts";

export function viaFile(sections: Record<string, SectionData>): Sections {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-sections-"));
  try {
    const file = path.join(dir, "t.zjc");
    writeCacheFile(file, "test", sections);
    const r = readCacheFile(file, "test");
    if (!r.ok) throw new Error(r.reason);
    return r.sections;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A section's bytes (for comparing two sets of sections). */
export function bytesOf(d: SectionData): Buffer {
  const parts = ArrayBuffer.isView(d) ? [d] : (d as readonly ArrayBufferView[]);
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}
