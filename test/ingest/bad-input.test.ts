/**
 * Bad corpus files are reported with a clear message and never stop the other files: empty,
 * binary, GB18030-encoded, without headings, a single 100,000-character line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus, FileReport } from "../../src/model.ts";
import { ingestCorpus, ingestFile } from "../../src/ingest/index.ts";

// "第一章　总则\n一、目的\n为规范梅花鹿养殖，制定本办法。\n" encoded as GB18030 (made once with iconv-lite).
const GB18030_HEX = "b5dad2bbd5c2a1a1d7dcd4f20ad2bba1a2c4bfb5c40aceaab9e6b7b6c3b7bba8c2b9d1f8d6b3a3acd6c6b6a8b1beb0ecb7a8a1a30a";

const GOOD = "示范办法\n\n第一章　总则\n\n一、目的\n\n为规范梅花鹿养殖，制定本办法。\n";
const NO_HEADINGS = "梅花鹿养殖简报\n\n今年全省梅花鹿存栏稳步增长，养殖效益持续提高。\n\n各地要进一步加强疫病防控，确保产业健康发展。\n";
const SENTENCE = "梅花鹿产业持续发展，鹿茸产量稳步提升。";
const LONG_LINE = SENTENCE.repeat(Math.ceil(100_000 / SENTENCE.length)).slice(0, 100_000);

let dir: string;
let corpus: Corpus;
const report = (file: string): FileReport => {
  const r = corpus.reports.find((x) => x.file === file);
  if (!r) throw new Error(`no report for ${file}`);
  return r;
};
const editionOf = (file: string) => corpus.documents.flatMap((d) => d.editions).filter((e) => e.source === file);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhangjie-ingest-bad-"));
  fs.writeFileSync(path.join(dir, "catalog.json"), JSON.stringify({ "good.txt": { region: "测试省", level: "province" } }));
  fs.writeFileSync(path.join(dir, "README.md"), "# not a document\n");
  fs.writeFileSync(path.join(dir, "good.txt"), GOOD);
  fs.writeFileSync(path.join(dir, "empty.txt"), "");
  fs.writeFileSync(path.join(dir, "blank.txt"), "  \n\n \n");
  fs.writeFileSync(path.join(dir, "binary.bin"), Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x89, 0x50, 0x4e, 0x00, 0x13, 0x37, 0x00]));
  fs.writeFileSync(path.join(dir, "binary.pdf"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x89, 0x50]));
  fs.writeFileSync(path.join(dir, "gb18030.txt"), Buffer.from(GB18030_HEX, "hex"));
  fs.writeFileSync(path.join(dir, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]));
  fs.writeFileSync(path.join(dir, "no-headings.txt"), NO_HEADINGS);
  fs.writeFileSync(path.join(dir, "long-line.txt"), LONG_LINE);
  corpus = await ingestCorpus(dir);
});

describe("bad input", () => {
  it("reports every file once; catalog and README are listed as ignored on purpose, not as documents", () => {
    expect(corpus.reports.map((r) => r.file).sort()).toEqual(
      ["README.md", "binary.bin", "binary.pdf", "blank.txt", "catalog.json", "empty.txt", "gb18030.txt", "good.txt", "latin1.txt", "long-line.txt", "no-headings.txt"]);
    expect(report("README.md")).toMatchObject({ ok: true, documents: 0 });
    expect(report("README.md").ignored).toMatch(/README/);
    expect(report("catalog.json").ignored).toMatch(/catalog/);
    expect(corpus.documents.flatMap((d) => d.editions.map((e) => e.source))).not.toContain("README.md");
  });

  it("still ingests the good file next to the bad ones", () => {
    const r = report("good.txt");
    expect(r).toMatchObject({ ok: true, documents: 1 });
    const d = corpus.documents.find((x) => x.title === "示范办法")!;
    expect([d.region, d.level]).toEqual(["测试省", "province"]);
    const p = d.editions[0]!.passages.find((x) => x.text.startsWith("为规范"))!;
    expect(p.path).toEqual([{ label: "第一章", title: "总则", kind: "chapter" }, { label: "一", title: "目的", kind: "cn" }]);
  });

  it("refuses an empty or blank file with a clear message", () => {
    expect(report("empty.txt")).toMatchObject({ ok: false, documents: 0, passages: 0 });
    expect(report("empty.txt").error).toMatch(/empty file/);
    expect(report("blank.txt").error).toMatch(/only whitespace/);
    expect(editionOf("empty.txt")).toEqual([]);
  });

  it("refuses a binary file, and bytes that start like a PDF but are not one", () => {
    expect(report("binary.bin")).toMatchObject({ ok: false, documents: 0 });
    expect(report("binary.bin").error).toMatch(/binary file/);
    expect(report("binary.pdf")).toMatchObject({ ok: false, documents: 0 });
    expect(report("binary.pdf").error).toMatch(/PDF/);
  });

  it("decodes a GB18030 file, with a warning", () => {
    const r = report("gb18030.txt");
    expect(r.ok).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/GB18030/);
    const e = editionOf("gb18030.txt")[0]!;
    expect(e.text).toContain("为规范梅花鹿养殖，制定本办法。");
    expect(e.passages.find((p) => p.text.startsWith("为规范"))!.path.map((h) => h.label)).toEqual(["第一章", "一"]);
  });

  it("refuses text that is neither UTF-8 nor Chinese GB18030", () => {
    expect(report("latin1.txt")).toMatchObject({ ok: false });
    expect(report("latin1.txt").error).toMatch(/not valid UTF-8/);
  });

  it("keeps a file without headings searchable: passages with an empty path, and a warning", () => {
    const r = report("no-headings.txt");
    expect(r.ok).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/no numbered headings/);
    const e = editionOf("no-headings.txt")[0]!;
    const body = e.passages.filter((p) => p.kind === "paragraph");
    expect(body.map((p) => p.text)).toEqual(["今年全省梅花鹿存栏稳步增长，养殖效益持续提高。", "各地要进一步加强疫病防控，确保产业健康发展。"]);
    for (const p of body) expect(p.path).toEqual([]);
  });

  it("cuts a single 100,000-character line into passages at sentence ends, with a warning", () => {
    const r = report("long-line.txt");
    expect(r.ok).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/100000 characters/);
    const e = editionOf("long-line.txt")[0]!;
    expect(e.passages.length).toBeGreaterThan(50);
    expect(e.passages.map((p) => p.text).join("")).toBe(LONG_LINE);
    for (const p of e.passages) {
      expect(p.text.length).toBeLessThanOrEqual(1500);
      expect(e.text.slice(p.start, p.end)).toBe(p.text);
    }
    expect(r.passages).toBe(e.passages.length);
  });

  it("ingestFile works on in-memory bytes and never throws", async () => {
    expect((await ingestFile("x.txt", new Uint8Array())).reports[0]!.error).toMatch(/empty/);
    const c = await ingestFile("good.txt", Buffer.from(GOOD));
    expect(c.documents[0]!.title).toBe("示范办法");
    expect(c.reports[0]).toMatchObject({ ok: true, documents: 1, passages: c.documents[0]!.editions[0]!.passages.length });
    expect(c.reports[0]!.warnings.join("\n")).toMatch(/no catalog entry/);
  });

  it("reports a missing corpus directory instead of throwing", async () => {
    const c = await ingestCorpus(path.join(dir, "does-not-exist"));
    expect(c.documents).toEqual([]);
    expect(c.reports.some((r) => !r.ok && /cannot read the corpus directory/.test(r.error ?? ""))).toBe(true);
  });

  it("reports a broken catalog and goes on", async () => {
    const d2 = fs.mkdtempSync(path.join(os.tmpdir(), "zhangjie-ingest-cat-"));
    fs.writeFileSync(path.join(d2, "catalog.json"), "{ not json");
    fs.writeFileSync(path.join(d2, "good.txt"), GOOD);
    const c = await ingestCorpus(d2);
    expect(c.reports.find((r) => r.file === "catalog.json")!.warnings.join()).toMatch(/not valid JSON/);
    expect(c.documents.map((d) => d.title)).toEqual(["示范办法"]);
  });
});
