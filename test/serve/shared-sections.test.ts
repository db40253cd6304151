/**
 * Query workers view the index's sections in shared memory: a cache file is read into a
 * SharedArrayBuffer, and sharing its sections views them where they lie (no second copy of the
 * index); sections from elsewhere (a fresh build) are copied once, each 8-byte aligned.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCacheFile, writeCacheFile } from "../../src/index/cache-file.ts";
import { shareSections, viewSections } from "../../src/serve/shared-sections.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-shared-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sections = { a: new Uint32Array([1, 2, 3]), b: Buffer.from("章节", "utf8"), c: new Float64Array([0.5, -2]) };

describe("shared sections", () => {
  it("a cache file's sections are shared in place: the buffer read is the buffer shared", () => {
    const file = path.join(dir, "index.zjc");
    writeCacheFile(file, "k", sections);
    const read = readCacheFile(file, "k");
    if (!read.ok) throw new Error(read.reason);
    expect(read.sections.a!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const shared = shareSections(read.sections);
    expect(shared.buffer).toBe(read.sections.a!.buffer);
    expect(shared.buffer.byteLength).toBe(fs.statSync(file).size);
    const views = viewSections(shared);
    expect(Array.from(new Uint32Array(views.a!.buffer, views.a!.byteOffset, 3))).toEqual([1, 2, 3]);
    expect(views.b!.toString("utf8")).toBe("章节");
    expect(Array.from(new Float64Array(views.c!.buffer, views.c!.byteOffset, 2))).toEqual([0.5, -2]);
  });

  it("sections not in one shared buffer are copied once, each 8-byte aligned, with the same bytes", () => {
    const shared = shareSections(sections);
    expect(shared.buffer).not.toBe(sections.a.buffer);
    for (const [, off] of shared.layout) expect(off % 8).toBe(0);
    const views = viewSections(shared);
    expect(views.b!.toString("utf8")).toBe("章节");
    expect(Array.from(new Uint32Array(views.a!.buffer, views.a!.byteOffset, 3))).toEqual([1, 2, 3]);
  });
});
