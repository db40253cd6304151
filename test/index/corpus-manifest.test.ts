/**
 * The corpus manifest rehashes only the files whose stat changed — including a file rewritten with
 * its mtime put back (its ctime moves) — and says which files were added, changed and removed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeManifest, diffManifests, encodeManifest, listCorpusFiles, manifestDigest, updateManifest } from "../../src/index/corpus-manifest.ts";

function corpusDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-manifest-"));
  fs.mkdirSync(path.join(dir, "jilin", "2022"), { recursive: true });
  fs.writeFileSync(path.join(dir, "a.txt"), "第一章　总则");
  fs.writeFileSync(path.join(dir, "jilin", "2022", "plan.md"), "延边州科学技术发展规划");
  fs.writeFileSync(path.join(dir, "jilin", "b.txt"), "梅花鹿");
  fs.writeFileSync(path.join(dir, "catalog.json"), "{}");
  return dir;
}

const waitTick = () => new Promise((r) => setTimeout(r, 20)); // let the clock move past the last write

describe("corpus manifest", () => {
  it("lists every regular file at any depth, sorted, with / separators", () => {
    const dir = corpusDir();
    fs.symlinkSync("/dev/null", path.join(dir, "device-link"));
    expect(listCorpusFiles(dir)).toEqual(["a.txt", "catalog.json", "jilin/2022/plan.md", "jilin/b.txt"]);
  });

  it("hashes every file once, then only the files whose stat changed", async () => {
    const dir = corpusDir();
    const first = updateManifest(dir, null);
    expect(first.rehashed).toEqual(["a.txt", "catalog.json", "jilin/2022/plan.md", "jilin/b.txt"]);
    const m = decodeManifest(encodeManifest(first.manifest))!;
    expect(m).toEqual(first.manifest);
    expect(updateManifest(dir, m).rehashed).toEqual([]);

    await waitTick();
    fs.writeFileSync(path.join(dir, "jilin", "b.txt"), "梅花鹿产业");
    const second = updateManifest(dir, m);
    expect(second.rehashed).toEqual(["jilin/b.txt"]);
    expect(manifestDigest(second.manifest)).not.toBe(manifestDigest(m));
    expect(diffManifests(m, second.manifest)).toEqual({ added: [], changed: ["jilin/b.txt"], removed: [] });

    // Same size, mtime put back: the ctime still moved, so it is hashed again.
    await waitTick();
    const file = path.join(dir, "a.txt");
    const { atime, mtime } = fs.statSync(file);
    fs.writeFileSync(file, "第二章　总则");
    fs.utimesSync(file, atime, mtime);
    const third = updateManifest(dir, second.manifest);
    expect(third.rehashed).toEqual(["a.txt"]);
    expect(diffManifests(second.manifest, third.manifest).changed).toEqual(["a.txt"]);

    // Touched but not changed: rehashed, and the digest (contents only) stays.
    await waitTick();
    fs.utimesSync(file, new Date(), new Date());
    const fourth = updateManifest(dir, third.manifest);
    expect(fourth.rehashed).toEqual(["a.txt"]);
    expect(manifestDigest(fourth.manifest)).toBe(manifestDigest(third.manifest));

    fs.rmSync(path.join(dir, "catalog.json"));
    fs.writeFileSync(path.join(dir, "jilin", "c.txt"), "人参");
    const fifth = updateManifest(dir, fourth.manifest);
    expect(fifth.rehashed).toEqual(["jilin/c.txt"]);
    expect(diffManifests(fourth.manifest, fifth.manifest)).toEqual({ added: ["jilin/c.txt"], changed: [], removed: ["catalog.json"] });
  });

  it("names a renamed file's content under its new path (the digest changes)", () => {
    const dir = corpusDir();
    const m = updateManifest(dir, null).manifest;
    fs.renameSync(path.join(dir, "a.txt"), path.join(dir, "z.txt"));
    const after = updateManifest(dir, m);
    expect(after.rehashed).toEqual(["z.txt"]);
    expect(manifestDigest(after.manifest)).not.toBe(manifestDigest(m));
  });

  it("treats bytes that are not a manifest as no manifest (everything is hashed)", () => {
    expect(decodeManifest(undefined)).toBeNull();
    expect(decodeManifest(Buffer.from("not json"))).toBeNull();
    expect(decodeManifest(Buffer.from(JSON.stringify({ version: 1, files: [{ path: "a" }] })))).toBeNull();
    expect(decodeManifest(Buffer.from(JSON.stringify({ version: 2, files: [] })))).toBeNull();
  });
});
