/**
 * Documents as users have them, in one corpus kept in folders: the gazette edition of the Jilin S&T
 * plan next to its PDF, two DOCX (Word's and LibreOffice's numbering) and a web page, a GBK page
 * without a charset, and the bad inputs of issue 9. Each format gives the gazette's chapter outline
 * and ≥ 98 % of its paragraphs (printed per format), the indicator table in rows and cells, no
 * running header or page number in any passage, the right title, 文号, issuer and date; every bad
 * input has its message and the rest is indexed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus, ingestFile } from "../../src/ingest/index.ts";
import { isPageNumber } from "../../src/ingest/formats/pdf-margins.ts";
import type { Corpus, DocumentRecord, Edition, FileReport } from "../../src/model.ts";
import { chapterOutline, paragraphAgreement } from "../support/agreement.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/formats");
const GAZETTE = "jilin-gazette-2022-21.md";
const PLAN = "吉林省科学技术发展“十四五”规划";
const FORMATS: Record<string, string> = {
  "pdf/2022/jilin-st-plan.pdf": "pdf",
  "word/jilin-st-plan.docx": "docx",
  "word/libreoffice/jilin-st-plan.lo.docx": "docx",
  "web/jilin-st-plan.html": "html",
};
const BAD: Record<string, [string, RegExp]> = {
  "bad/encrypted.pdf": ["encrypted.pdf", /encrypted PDF/],
  "bad/truncated.pdf": ["truncated.pdf", /not a readable PDF/],
  "bad/image-only.pdf": ["jilin-st-plan-scanned.pdf", /scanned PDF \(no text layer\), OCR is turned off; skipped/],
  "bad/legacy.doc": ["legacy.doc", /old binary Word 97–2003 \(\.doc\) file: not read; save it as \.docx or PDF/],
  "bad/bomb.docx": ["bomb.docx", /zip bomb disguised as a document/],
};
const CONTROL_NAME = "bad/通知\u0001.txt";
const OVER_SIZE = "bad/200MB.pdf";

let dir: string;
let corpus: Corpus;
let plan: DocumentRecord;
const report = (f: string): FileReport => corpus.reports.find((r) => r.file === f) ?? (() => { throw new Error(`no report for ${f}`); })();
const edition = (source: string): Edition => plan.editions.find((e) => e.source === source)!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-formats-corpus-"));
  const copy = (from: string, to: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, to));
  };
  copy(path.join(ROOT, "corpus", GAZETTE), GAZETTE);
  for (const rel of Object.keys(FORMATS)) copy(path.join(FIXTURES, path.basename(rel)), rel);
  for (const [rel, [fixture]] of Object.entries(BAD)) copy(path.join(FIXTURES, fixture), rel);
  copy(path.join(FIXTURES, "gbk-no-charset.html"), "web/old/gbk-no-charset.html");
  fs.writeFileSync(path.join(dir, CONTROL_NAME), "第一章　总则\n\n为规范管理，制定本办法。\n");
  const fd = fs.openSync(path.join(dir, OVER_SIZE), "w");
  fs.ftruncateSync(fd, 201 * 1024 * 1024);
  fs.closeSync(fd);
  fs.writeFileSync(path.join(dir, "catalog.json"), JSON.stringify({
    [GAZETTE]: { region: "吉林省", level: "province", edition: "《吉林省人民政府公报》2022年第21期", form: "gazette-markdown", authoritative: true },
    "pdf/2022/jilin-st-plan.pdf": { region: "吉林省", level: "province", edition: "单行本（PDF）" },
    "web/jilin-st-plan.html": { edition: "吉林省人民政府网" },
  }));
  // OCR is tested on its own (test/ingest/formats/pdf.test.ts); here the scan stands for an image-only PDF without it.
  corpus = await ingestCorpus(dir, { limits: { ocr: "off" } });
  plan = corpus.documents.find((d) => d.title === PLAN)!;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the Jilin plan in every format, in folders", () => {
  it("is one document whose editions are the files, with their folders in the source and their reader's name", () => {
    expect(plan.editions.map((e) => [e.source, e.format, e.primary])).toEqual([
      [GAZETTE, "markdown", true],
      ...Object.entries(FORMATS).sort(([a], [b]) => (a < b ? -1 : 1)).map(([rel, fmt]) => [rel, fmt, false]),
    ].sort((a, b) => (a[2] === b[2] ? 0 : a[2] ? -1 : 1)));
    expect(edition("pdf/2022/jilin-st-plan.pdf").name).toBe("单行本（PDF）");
    expect(new Set(plan.editions.map((e) => e.id)).size).toBe(plan.editions.length);
    for (const e of plan.editions) expect(e.id).toMatch(/^doc-[0-9a-f]+~[a-z0-9-]+$/);
  });

  for (const [source, format] of Object.entries(FORMATS)) {
    it(`${format} (${source}): the gazette's chapter outline and ≥ 98 % of its paragraphs`, () => {
      const g = edition(GAZETTE);
      const e = edition(source);
      expect(chapterOutline(e)).toEqual(chapterOutline(g));
      expect(chapterOutline(e)).toHaveLength(8);
      const a = paragraphAgreement(g, e);
      console.log(`paragraph agreement, ${format} (${source}): ${a.matched}/${a.total} = ${(a.share * 100).toFixed(1)}% of the gazette edition's paragraphs`);
      for (const m of a.missing) console.log(`  no counterpart: ${m.text.slice(0, 30)}…${m.text.slice(-12)}`);
      expect(a.total).toBeGreaterThan(100);
      expect(a.share).toBeGreaterThanOrEqual(0.98);
    });

    it(`${format} (${source}): the indicator table keeps its rows and cells; no running header or page number in a passage`, () => {
      const e = edition(source);
      const table = e.passages.find((p) => p.kind === "table")!;
      expect(table.text.split(" | ").slice(0, 9)).toEqual(["“十四五”时期全省科技发展目标", "序号", "指标名称", "2020年", "2025年", "1", "研究与试验发展（R&D）经费支出占地区生产总值（GDP）比重（%）", "1.30", ">2.00"]);
      expect(table.text.endsWith("6 | 全省公民具备科学素养的比例（%） | 9.81 | 15.00")).toBe(true);
      expect(table.path.map((h) => h.label)).toEqual(["第二章", "第三节"]);
      expect(e.passages.filter((p) => p.text === PLAN)).toHaveLength(1);
      for (const p of e.passages) {
        expect(isPageNumber(p.text), p.text).toBe(false);
        expect(p.text).not.toMatch(/—\s*\d+\s*—|分享到|网站标识码|索引号/);
        expect(e.text.slice(p.start, p.end)).toBe(p.text);
      }
    });
  }

  it("pins the 揭榜挂帅 clauses to the same paths in every edition", () => {
    const paths = (e: Edition) => e.passages.filter((p) => p.text.includes("揭榜挂帅")).map((p) => p.path.map((h) => h.label).join(">"));
    const g = paths(edition(GAZETTE));
    for (const source of Object.keys(FORMATS)) expect(paths(edition(source)), source).toEqual(g);
  });

  it("gives the same edition and passage ids on a second ingest", async () => {
    const again = await ingestCorpus(dir, { limits: { ocr: "off" } });
    const ids = (c: Corpus) => c.documents.map((d) => [d.id, d.editions.map((e) => [e.id, e.passages.map((p) => p.id)])]);
    expect(ids(again)).toEqual(ids(corpus));
  });
});

describe("title, 文号, issuer and date read from each file on its own", () => {
  const cases: [string, string, string, string, string, string?][] = [
    ["jilin-st-plan.pdf", PLAN, "吉政办发〔2022〕11号", "吉林省人民政府办公厅", "2022-05-27"],
    ["jilin-st-plan.docx", PLAN, "吉政办发〔2022〕11号", "吉林省人民政府办公厅", "2022-05-27"],
    ["jilin-st-plan.lo.docx", PLAN, "吉政办发〔2022〕11号", "吉林省人民政府办公厅", "2022-05-27"],
    ["jilin-st-plan.html", PLAN, "吉政办发〔2022〕11号", "吉林省人民政府办公厅", "2022-05-27"],
    // The page shows the 意见's first part only: its date comes from the page's information table.
    ["gbk-no-charset.html", "吉林省人民政府办公厅关于加快梅花鹿产业发展的意见", "吉政办发〔2022〕14号", "吉林省人民政府办公厅", "2022-06-17", "html-meta"],
  ];
  for (const [file, title, docNumber, issuer, date, dateSource] of cases) {
    it(file, async () => {
      const c = await ingestFile(file, fs.readFileSync(path.join(FIXTURES, file)));
      expect(c.documents).toHaveLength(1);
      const d = c.documents[0]!;
      expect([d.title, d.docNumber, d.issuer, d.date]).toEqual([title, docNumber, issuer, date]);
      expect(d.provenance).toMatchObject({ title: "text", docNumber: "text", issuer: "text", dates: dateSource ?? "text" });
    });
  }
});

describe("bad input next to the documents", () => {
  it("reports each bad file with its message and indexes none of it", () => {
    const sources = new Set(corpus.documents.flatMap((d) => d.editions.map((e) => e.source)));
    for (const [rel, [, message]] of Object.entries(BAD)) {
      expect(report(rel), rel).toMatchObject({ ok: false, documents: 0 });
      expect(report(rel).error, rel).toMatch(message);
      expect(sources.has(rel)).toBe(false);
    }
    expect(report("bad/通知\\u{1}.txt").error).toMatch(/control characters/);
    expect(report(OVER_SIZE).error).toMatch(/over the maximum size/);
  });

  it("decodes the GBK page without a charset, with a warning, and indexes it", () => {
    const r = report("web/old/gbk-no-charset.html");
    expect(r).toMatchObject({ ok: true, format: "html", documents: 1 });
    expect(r.warnings.join("\n")).toMatch(/no charset declared and not UTF-8: decoded as GBK\/GB18030/);
    // The same 意见 is in the gazette: the page is its second edition.
    const deer = corpus.documents.find((d) => d.title === "吉林省人民政府办公厅关于加快梅花鹿产业发展的意见")!;
    expect(deer.editions.map((e) => e.source)).toEqual([GAZETTE, "web/old/gbk-no-charset.html"]);
  });

  it("indexes the rest: the gazette's three documents", () => {
    expect(corpus.documents.map((d) => d.title).sort()).toEqual(["吉林省人民政府办公厅关于加快梅花鹿产业发展的意见", "吉林省碳达峰实施方案", PLAN].sort());
  });
});
