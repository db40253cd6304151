/**
 * The PDF reader on real PDFs (made by LibreOffice from the seed text: see
 * test/fixtures/formats/make.ts): what a reader sees on the page and nothing else — no running
 * header, no page number —, headings hinted, the indicator table in cells, the info dictionary read;
 * encrypted, truncated and scanned files refused with their reason; scanned pages read by OCR when
 * tesseract is installed, with the character error rate measured on a page whose text is known.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findOcrTools } from "../../../src/ingest/formats/pdf-ocr.ts";
import { isPageNumber } from "../../../src/ingest/formats/pdf-margins.ts";
import { closeReaders, readSource } from "../../../src/ingest/formats/registry.ts";
import { DEFAULT_LIMITS, type ReaderLimits, type ReadResult } from "../../../src/ingest/formats/types.ts";
import { parseHeading } from "../../../src/ingest/headings.ts";
import { characterErrorRate } from "../../support/cer.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/formats");
const bytesOf = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const read = (name: string, limits: Partial<ReaderLimits> = {}) => readSource({ path: name, bytes: bytesOf(name) }, { ...DEFAULT_LIMITS, ...limits });
const ok = (r: ReadResult) => {
  if (!r.ok) throw new Error(`not read: ${r.error}`);
  return r;
};

afterAll(() => closeReaders());

describe("a government PDF with a text layer (the Jilin plan, 55 pages)", () => {
  let r: Extract<ReadResult, { ok: true }>;
  beforeAll(async () => {
    r = ok(await read("jilin-st-plan.pdf"));
  });

  it("is read by the PDF reader, in a worker thread", () => {
    expect(r.format).toBe("pdf");
    expect(r.warnings.join("\n")).not.toMatch(/without a worker thread/);
  });

  it("keeps running headers and page numbers out of the text", () => {
    const header = "吉林省科学技术发展“十四五”规划";
    // The header words survive only where the page prints them as text: the plan's title and the notice.
    expect(r.blocks.filter((b) => b.text === header)).toHaveLength(1);
    for (const b of r.blocks) {
      expect(isPageNumber(b.text), b.text).toBe(false);
      expect(b.text).not.toMatch(/[—-]\s*\d{1,3}\s*[—-]/);
    }
  });

  it("reads the chapters and sections as printed, set in 黑体: a heading hint", () => {
    const chapters = r.blocks.filter((b) => parseHeading(b.text)?.kind === "chapter" && !parseHeading(b.text)!.inline);
    expect(chapters.map((b) => b.text)).toEqual([
      "第一章 发展基础", "第二章 发展思路", "第三章 优化区域科技创新体系", "第四章 推进关键核心技术攻关",
      "第五章 加快科技成果转化应用", "第六章 发挥企业创新主体作用", "第七章 营造拴心留才创新环境", "第八章 强化规划实施各项保障",
    ]);
    expect(chapters.every((b) => b.headingHint)).toBe(true);
    const body = r.blocks.filter((b) => b.text.length > 100);
    expect(body.some((b) => b.headingHint)).toBe(false);
  });

  it("keeps the indicator table as rows of cells, with its caption", () => {
    const table = r.blocks.find((b) => b.kind === "table")!;
    expect(table.rows).toEqual([
      ["序号", "指标名称", "2020年", "2025年"],
      ["1", "研究与试验发展（R&D）经费支出占地区生产总值（GDP）比重（%）", "1.30", ">2.00"],
      ["2", "万名从业人员中的研发人员数（人）", "29.10", "33.00"],
      ["3", "技术合同成交额与地区生产总值之比（%）", "3.75", ">3.80"],
      ["4", "高新技术企业数量（家）", "2495", "5000"],
      ["5", "每万人口高价值发明专利拥有量（件）", "2.26", "3.64"],
      ["6", "全省公民具备科学素养的比例（%）", "9.81", "15.00"],
    ]);
    expect(table.text.startsWith("“十四五”时期全省科技发展目标 | 序号 | 指标名称 | 2020年 | 2025年 | 1 | ")).toBe(true);
  });

  it("joins a paragraph across a page break and keeps the signature and date apart", () => {
    const texts = r.blocks.map((b) => b.text);
    // This paragraph runs from page 2 onto page 3 in the PDF.
    expect(texts.find((t) => t.startsWith("科技创新实力居全国中游"))).toMatch(/一汽集团股份有限公司居企业类第79位。$/);
    const i = texts.indexOf("吉林省人民政府办公厅");
    expect(texts[i + 1]).toBe("2022年5月27日");
  });

  it("reads the info dictionary: title and creation date (pdf-meta)", () => {
    expect(r.meta).toMatchObject({ source: "pdf-meta", title: "吉林省科学技术发展“十四五”规划" });
    expect(r.meta!.created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("reads at most the page limit, and says so", async () => {
    const few = ok(await read("jilin-st-plan.pdf", { maxPages: 3 }));
    expect(few.warnings.join("\n")).toMatch(/only the first 3 of 55 pages were read/);
    expect(few.blocks.length).toBeLessThan(r.blocks.length / 5);
  });
});

describe("PDFs that are refused", () => {
  it("an encrypted PDF", async () => {
    const r = await read("encrypted.pdf");
    expect(r).toMatchObject({ ok: false, code: "encrypted" });
    expect(!r.ok && r.error).toMatch(/encrypted PDF.*password/);
  });

  it("a truncated PDF", async () => {
    const r = await read("truncated.pdf");
    expect(r).toMatchObject({ ok: false, code: "corrupt" });
    expect(!r.ok && r.error).toMatch(/not a readable PDF/);
  });

  it("a PDF that takes longer than the time limit: the worker is stopped", async () => {
    const r = await read("jilin-st-plan.pdf", { timeoutMs: 30 });
    expect(r).toMatchObject({ ok: false, code: "timeout" });
    // The next file gets a fresh worker.
    expect((await read("encrypted.pdf")).ok).toBe(false);
    expect(ok(await read("jilin-st-plan.pdf", { maxPages: 1 })).format).toBe("pdf");
  });

  it("a scanned PDF with OCR turned off: scanned, skipped", async () => {
    const r = await read("jilin-st-plan-scanned.pdf", { ocr: "off" });
    expect(r).toMatchObject({ ok: false, code: "scanned-no-ocr" });
    expect(!r.ok && r.error).toMatch(/scanned PDF \(no text layer\), OCR is turned off; skipped/);
  });

  describe("without tesseract", () => {
    afterEach(async () => {
      delete process.env.ZHANGJIE_TESSERACT;
      await closeReaders();
    });
    it("a scanned PDF: scanned, OCR not installed, skipped", async () => {
      await closeReaders(); // the next worker starts with the environment below
      process.env.ZHANGJIE_TESSERACT = "/nonexistent/tesseract";
      const r = await read("jilin-st-plan-scanned.pdf");
      expect(r).toMatchObject({ ok: false, code: "scanned-no-ocr" });
      // (on a machine without poppler-utils either, the first tool found missing is named: pdftoppm)
      expect(!r.ok && r.error).toMatch(/scanned PDF \(no text layer\), OCR not installed \((tesseract \(Debian tesseract-ocr\)|pdftoppm \(Debian poppler-utils\)) is not installed\); skipped/);
    });
  });
});

const tools = await findOcrTools();
const haveOcr = typeof tools !== "string";
if (!haveOcr) console.warn(`[OCR test] skipped: ${tools} (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils); the "OCR not installed" path is tested above`);

describe.skipIf(!haveOcr)("a scanned PDF read by OCR (tesseract, chi_sim)", () => {
  it("reads the page's text with a measured character error rate", async () => {
    const r = ok(await read("jilin-st-plan-scanned.pdf"));
    expect(r.format).toBe("pdf-ocr");
    expect(r.warnings.join("\n")).toMatch(/1 scanned pages read by OCR/);
    // The known text: the page's text layer in the original PDF, without its running header and page number.
    const known = fs.readFileSync(path.join(FIXTURES, "jilin-st-plan-scanned.txt"), "utf8").split("\n")
      .filter((l) => l.trim() && l.trim() !== "吉林省科学技术发展“十四五”规划" && !isPageNumber(l)).join("");
    const recognised = r.blocks.map((b) => b.text).join("");
    const cer = characterErrorRate(recognised, known);
    console.log(`OCR character error rate on the scanned fixture: ${(cer * 100).toFixed(2)}% (${known.replace(/\s/g, "").length} characters)`);
    expect(cer).toBeLessThan(0.05);
    // Page chrome is gone from the OCR text too.
    expect(recognised).not.toMatch(/吉林省科学技术发展“十四五”规划/);
    // Paragraphs from the scan's layout: the page's three paragraph starts.
    expect(r.blocks.map((b) => b.text.slice(0, 6))).toEqual(expect.arrayContaining(["科技创新环境", "科技创新平台"]));
  });
});
