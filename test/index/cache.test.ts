/**
 * The index cache: an unchanged corpus loads without segmenting again; an edited corpus file,
 * a changed dictionary, a truncated or corrupted cache file each trigger a rebuild, and the
 * rebuilt engine answers correctly.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openEngine, CACHE_FILE } from "../../src/engine.ts";
import { segmenterCalls, POLICY_DICT_PATH } from "../../src/analysis/segmenter.ts";
import { readCacheFile, viewAs, writeCacheFile } from "../../src/index/cache-file.ts";
import { passageObjectsCreated } from "../../src/index/segment.ts";
import { segmentAll } from "../../src/index/word-cut-pool.ts";
import { segmentTexts } from "../../src/index/word-cut.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
let corpusDir: string;
let cacheDir: string;
const logs: string[] = [];
const open = (extra: { dictPath?: string } = {}) => openEngine({ corpusDir, cacheDir, log: (l) => logs.push(l), ...extra });

beforeAll(() => {
  corpusDir = tmp("zj-corpus-");
  for (const f of fs.readdirSync(CORPUS_DIR)) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(corpusDir, f));
  cacheDir = tmp("zj-cache-");
});

describe("index cache", () => {
  it("builds once, then loads from the cache without segmenting again", async () => {
    const first = await open();
    expect(first.build.fromCache).toBe(false);
    expect(Object.keys(first.build.timings)).toEqual(expect.arrayContaining(["ingest", "analyze", "index", "echo", "save"]));
    expect(fs.existsSync(path.join(cacheDir, CACHE_FILE))).toBe(true);
    const q = await first.search("揭榜挂帅", { limit: 100 });

    const before = segmenterCalls();
    const second = await open();
    expect(second.build.fromCache).toBe(true);
    expect(second.build.key).toBe(first.build.key);
    expect(segmenterCalls()).toBe(before); // nothing was segmented to open it
    expect(second.build.passages).toBe(first.build.passages);
    const q2 = await second.search("揭榜挂帅", { limit: 100 });
    expect(q2.hits.map((h) => [h.id, h.score, h.highlights, h.citation])).toEqual(q.hits.map((h) => [h.id, h.score, h.highlights, h.citation]));
    expect(await second.echoesOf(q.hits[0]!.id)).toEqual(await first.echoesOf(q.hits[0]!.id));
  });

  it("an edited corpus file triggers a rebuild that sees the edit", async () => {
    const file = path.join(corpusDir, "yanbian-st-plan-14th.pdf.txt");
    fs.chmodSync(file, 0o644);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("揭榜挂帅");
    fs.writeFileSync(file, text.replace("揭榜挂帅", "揭榜挂帅鹿茸菇酱"));
    const before = segmenterCalls();
    logs.length = 0;
    const e = await open();
    expect(e.build.fromCache).toBe(false);
    expect(logs.join("\n")).toContain(`1 of ${contentFiles(corpusDir)} corpus files hashed`); // only the edited one
    expect(segmenterCalls()).toBeGreaterThan(before);
    expect((await e.search("鹿茸菇酱")).total).toBe(1);
    expect((await open()).build.fromCache).toBe(true);
  });

  it("a truncated cache file triggers a rebuild", async () => {
    const file = path.join(cacheDir, CACHE_FILE);
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    logs.length = 0;
    const e = await open();
    expect(e.build.fromCache).toBe(false);
    expect(logs.join("\n")).toMatch(/truncated/);
    expect((await e.search("梅花鹿")).total).toBeGreaterThan(10);
    expect((await open()).build.fromCache).toBe(true); // the rebuilt file is whole again
  });

  it("a corrupted byte, a foreign file or an empty file triggers a rebuild", async () => {
    const file = path.join(cacheDir, CACHE_FILE);
    const buf = fs.readFileSync(file);
    buf[buf.length - 100] = buf[buf.length - 100]! ^ 0xff;
    fs.writeFileSync(file, buf);
    logs.length = 0;
    expect((await open()).build.fromCache).toBe(false);
    expect(logs.join("\n")).toMatch(/checksum/);
    fs.writeFileSync(file, "not a cache");
    expect((await open()).build.fromCache).toBe(false);
    fs.writeFileSync(file, "");
    expect((await open()).build.fromCache).toBe(false);
    expect((await open()).build.fromCache).toBe(true);
  });

  it("a FIFO, a directory or a device in the cache's place is reported and rebuilt, never waited on", async () => {
    const file = path.join(cacheDir, CACHE_FILE);
    const reference = (await (await open()).search("揭榜挂帅", { limit: 100 })).hits.map((h) => h.id);
    for (const make of ["fifo", "dir", "device"] as const) {
      fs.rmSync(file, { recursive: true, force: true });
      if (make === "fifo") execFileSync("mkfifo", [file]);
      else if (make === "dir") fs.mkdirSync(file);
      else fs.symlinkSync("/dev/zero", file);
      logs.length = 0;
      const engine = await open();
      expect(engine.build.fromCache, make).toBe(false);
      expect(logs.join("\n"), make).toMatch(/not a regular file/);
      expect((await engine.search("揭榜挂帅", { limit: 100 })).hits.map((h) => h.id), make).toEqual(reference);
    }
    // The rebuild replaced the FIFO or the link with a real cache (a directory cannot be replaced: the server still runs).
    fs.rmSync(file, { recursive: true, force: true });
    await open();
    expect(fs.statSync(file).isFile()).toBe(true);
  });

  it("a changed dictionary triggers a rebuild", async () => {
    const dir = tmp("zj-dict-");
    const dictPath = path.join(dir, "policy.dict.txt");
    fs.writeFileSync(dictPath, fs.readFileSync(POLICY_DICT_PATH, "utf8") + "鹿茸菇酱\n");
    const defaultKey = (await open()).build.key;
    const e = await open({ dictPath });
    expect(e.build.fromCache).toBe(false);
    expect(e.build.key).not.toBe(defaultKey);
    logs.length = 0;
    const again = await open({ dictPath });
    expect(again.build.fromCache, logs.join("\n")).toBe(true);
  });
});

describe("a restart", () => {
  it("makes no passage object until one is asked for, and hashes no unchanged corpus file", async () => {
    const reference = await open();
    const q = await reference.search("揭榜挂帅", { limit: 5 });
    const madeBefore = passageObjectsCreated();
    logs.length = 0;
    const engine = await open();
    expect(engine.build.fromCache).toBe(true);
    const files = contentFiles(corpusDir);
    expect(logs.join("\n")).toContain(`0 of ${files} corpus files hashed`); // the manifest vouched for every file
    expect(engine.documents.map((d) => d.title)).toEqual(reference.documents.map((d) => d.title));
    expect(passageObjectsCreated()).toBe(madeBefore); // open: none
    expect((await engine.passage(q.hits[0]!.id))!.passage).toEqual((await reference.passage(q.hits[0]!.id))!.passage);
    expect(passageObjectsCreated()).toBe(madeBefore + 1); // the one asked for
    const again = await engine.search("揭榜挂帅", { limit: 5 });
    expect(again.hits.map((h) => [h.id, h.score, h.highlights, h.citation, h.echoes])).toEqual(q.hits.map((h) => [h.id, h.score, h.highlights, h.citation, h.echoes]));
    expect(again.facets).toEqual(q.facets);
  });

  it("reads a cache file of the previous format, or any other file, as a reason to rebuild", async () => {
    const file = path.join(cacheDir, CACHE_FILE);
    const answers = (await (await open()).search("梅花鹿", { limit: 50 })).hits.map((h) => h.id);
    for (const bytes of [Buffer.concat([Buffer.from("ZJCACHE2\n"), Buffer.alloc(200, 7)]), Buffer.from("ZJCACHE3\n\u0004\u0000\u0000\u0000null"), fs.readFileSync(POLICY_DICT_PATH)]) {
      fs.writeFileSync(file, bytes);
      logs.length = 0;
      const e = await open();
      expect(e.build.fromCache).toBe(false);
      expect(logs.join("\n")).toMatch(/index cache not used/);
      expect((await e.search("梅花鹿", { limit: 50 })).hits.map((h) => h.id)).toEqual(answers);
    }
  });
});

describe("cache file", () => {
  it("keeps sections aligned to 8 bytes, so that typed arrays are views of the file's bytes", () => {
    const file = path.join(tmp("zj-cf-"), "x.zjc");
    writeCacheFile(file, "k", { a: Buffer.from("hello"), b: Uint32Array.of(1, 2, 3), c: [Uint16Array.of(7), Uint16Array.of(8, 9)], d: Buffer.alloc(0) });
    const r = readCacheFile(file, "k");
    if (!r.ok) throw new Error(r.reason);
    for (const s of Object.values(r.sections)) expect(s.byteOffset % 8).toBe(0);
    const b = viewAs(Uint32Array, r.sections.b!);
    expect(b.buffer).toBe(r.sections.b!.buffer); // a view, not a copy
    expect(Array.from(b)).toEqual([1, 2, 3]);
    expect(Array.from(viewAs(Uint16Array, r.sections.c!))).toEqual([7, 8, 9]);
    expect(r.sections.d!.length).toBe(0);
    expect(() => viewAs(Uint32Array, r.sections.a!)).toThrow(/whole number/);
  });

  it("rejects a file written under another key, and works the key out from the sections when asked", () => {
    const file = path.join(tmp("zj-cf-"), "x.zjc");
    writeCacheFile(file, "key-a", { a: Buffer.from("hello"), b: Buffer.from([1, 2, 3]) });
    const ok = readCacheFile(file, "key-a");
    expect(ok.ok && ok.sections.a!.toString()).toBe("hello");
    expect(readCacheFile(file, "key-b").ok).toBe(false);
    expect(readCacheFile(file, (s) => `key-${s.a!.toString() === "hello" ? "a" : "b"}`).ok).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["x.zjc"]); // no temp file left behind
  });

  it("notices a flipped bit in any byte: header, padding or section", () => {
    const file = path.join(tmp("zj-cf-"), "x.zjc");
    writeCacheFile(file, "k", { a: Buffer.from("hello"), b: Uint32Array.of(1, 2, 3) });
    const good = fs.readFileSync(file);
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 1;
      fs.writeFileSync(file, bad);
      expect(readCacheFile(file, "k").ok, `byte ${i}`).toBe(false);
    }
  });

  it("segments the same in worker threads as in the calling thread", async () => {
    const texts = ["推进揭榜挂帅，实现碳达峰", "梅花鹿产业", "R&D经费2030年"];
    expect(await segmentAll(texts, { workers: 2 })).toEqual(segmentTexts(texts));
  });
});

/** The corpus files read as documents (catalog.json is keyed but is metadata, not a document). */
function contentFiles(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f !== "catalog.json").length;
}
