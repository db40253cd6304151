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
import { GramPostings } from "../../src/index/gram-postings.ts";
import { readCacheFile, writeCacheFile } from "../../src/index/cache-file.ts";
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
    const q = first.search("揭榜挂帅", { limit: 100 });

    const before = segmenterCalls();
    const second = await open();
    expect(second.build.fromCache).toBe(true);
    expect(second.build.key).toBe(first.build.key);
    expect(segmenterCalls()).toBe(before); // nothing was segmented to open it
    expect(second.build.passages).toBe(first.build.passages);
    const q2 = second.search("揭榜挂帅", { limit: 100 });
    expect(q2.hits.map((h) => [h.id, h.score, h.highlights, h.citation])).toEqual(q.hits.map((h) => [h.id, h.score, h.highlights, h.citation]));
    expect(second.echoesOf(q.hits[0]!.id)).toEqual(first.echoesOf(q.hits[0]!.id));
  });

  it("an edited corpus file triggers a rebuild that sees the edit", async () => {
    const file = path.join(corpusDir, "yanbian-st-plan-14th.pdf.txt");
    fs.chmodSync(file, 0o644);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("揭榜挂帅");
    fs.writeFileSync(file, text.replace("揭榜挂帅", "揭榜挂帅鹿茸菇酱"));
    const before = segmenterCalls();
    const e = await open();
    expect(e.build.fromCache).toBe(false);
    expect(segmenterCalls()).toBeGreaterThan(before);
    expect(e.search("鹿茸菇酱").total).toBe(1);
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
    expect(e.search("梅花鹿").total).toBeGreaterThan(10);
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
    const reference = (await open()).search("揭榜挂帅", { limit: 100 }).hits.map((h) => h.id);
    for (const make of ["fifo", "dir", "device"] as const) {
      fs.rmSync(file, { recursive: true, force: true });
      if (make === "fifo") execFileSync("mkfifo", [file]);
      else if (make === "dir") fs.mkdirSync(file);
      else fs.symlinkSync("/dev/zero", file);
      logs.length = 0;
      const engine = await open();
      expect(engine.build.fromCache, make).toBe(false);
      expect(logs.join("\n"), make).toMatch(/not a regular file/);
      expect(engine.search("揭榜挂帅", { limit: 100 }).hits.map((h) => h.id), make).toEqual(reference);
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

describe("cache file and postings", () => {
  it("round-trips gram postings through bytes", () => {
    const g = GramPostings.build(["碳达峰行动", "碳中和", "5g网络碳达"]);
    const back = GramPostings.deserialize(g.serialize());
    for (const k of ["碳", "碳达", "达峰", "5g", "网络", "中和", "无"]) expect(Array.from(back.get(k))).toEqual(Array.from(g.get(k)));
    expect(Array.from(back.get("碳达"))).toEqual([0, 2]);
    expect(back.size).toBe(g.size);
    expect(() => GramPostings.deserialize(g.serialize().subarray(0, 30))).toThrow();
  });

  it("rejects a file written under another key", () => {
    const file = path.join(tmp("zj-cf-"), "x.zjc");
    writeCacheFile(file, "key-a", { a: Buffer.from("hello"), b: Buffer.from([1, 2, 3]) });
    const ok = readCacheFile(file, "key-a");
    expect(ok.ok && ok.sections.a!.toString()).toBe("hello");
    const other = readCacheFile(file, "key-b");
    expect(other.ok).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["x.zjc"]); // no temp file left behind
  });

  it("segments the same in worker threads as in the calling thread", async () => {
    const texts = ["推进揭榜挂帅，实现碳达峰", "梅花鹿产业", "R&D经费2030年"];
    expect(await segmentAll(texts, { workers: 2 })).toEqual(segmentTexts(texts));
  });
});
