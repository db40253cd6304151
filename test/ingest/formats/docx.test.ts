/**
 * Word .docx: automatic numbering printed back into the text (units on crafted XML, and the two
 * fixtures — one written as Word writes it, one exported by LibreOffice), tables and boxes, and
 * the files that must be refused: a zip bomb, a zip that lies about its sizes, old binary Word,
 * password-protected Word, other zip containers, a truncated file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block } from "../../../src/ingest/blocks.ts";
import { chineseNumber, formatNumber, numberParagraphs } from "../../../src/ingest/formats/docx-numbering.ts";
import { closeReaders, readSource } from "../../../src/ingest/formats/registry.ts";
import { DEFAULT_LIMITS, type ReadResult } from "../../../src/ingest/formats/types.ts";
import { parseHeading } from "../../../src/ingest/headings.ts";
import { makeZip } from "../../support/zip.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/formats");
const read = (name: string, bytes?: Uint8Array, limits = DEFAULT_LIMITS) =>
  readSource({ path: name, bytes: bytes ?? fs.readFileSync(path.join(FIXTURES, name)) }, limits);
const ok = (r: ReadResult) => {
  if (!r.ok) throw new Error(`not read: ${r.error}`);
  return r;
};

afterAll(() => closeReaders());

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const doc = (paras: string) => `<w:document ${W}><w:body>${paras}</w:body></w:document>`;
const p = (text: string, pPr = "") => `<w:p><w:pPr>${pPr}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
const styleP = (style: string, text: string) => p(text, `<w:pStyle w:val="${style}"/>`);
const numP = (numId: number, ilvl: number, text: string) => p(text, `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`);
const lvl = (ilvl: number, fmt: string, text: string, extra = "") => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="${text}"/></w:lvl>`;
const numbering = (body: string) => `<w:numbering ${W}>${body}</w:numbering>`;
const styles = (body: string) => `<w:styles ${W}>${body}</w:styles>`;
const headingStyle = (id: string, ilvl: number) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="heading ${ilvl + 1}"/><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`;
const labels = (xml: string, num?: string, sty?: string) => numberParagraphs(xml, num, sty).map((x) => `${x.label ?? ""}${x.text}`);

describe("Word's automatic numbering, printed", () => {
  it("writes numbers in Chinese as they are printed: 一 … 十, 十一, 二十, 一百零五, 一千零三十四", () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 1034].map((n) => chineseNumber(n))).toEqual(
      ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一千零三十四"]);
  });

  it("formats every number kind a Chinese document uses", () => {
    expect(["chineseCounting", "chineseLegalSimplified", "ideographTraditional", "decimalEnclosedCircle", "decimalFullWidth", "decimal", "decimalZero", "upperLetter", "lowerRoman", "decimalEnclosedParen"].map((f) => formatNumber(12, f)))
      .toEqual(["十二", "壹拾贰", "乙", "⑫", "１２", "12", "12", "L", "xii", "⑿"]);
    expect(formatNumber(3, "decimalZero")).toBe("03");
    expect(formatNumber(28, "upperLetter")).toBe("AB");
  });

  it("numbers headings through their styles (第%1章 / 第%2节), restarting sections in each chapter", () => {
    const num = numbering(`<w:abstractNum w:abstractNumId="0">${lvl(0, "chineseCounting", "第%1章", '<w:pStyle w:val="H1"/><w:suff w:val="space"/>')}${lvl(1, "chineseCounting", "第%2节", '<w:pStyle w:val="H2"/><w:suff w:val="space"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
    const sty = styles(headingStyle("H1", 0) + headingStyle("H2", 1));
    const xml = doc(styleP("H1", "总则") + p("正文。") + styleP("H2", "目的") + styleP("H2", "原则") + styleP("H1", "任务") + styleP("H2", "重点"));
    expect(labels(xml, num, sty)).toEqual(["第一章 总则", "正文。", "第一节 目的", "第二节 原则", "第二章 任务", "第一节 重点"]);
  });

  it("finds a level by the style it names (w:pStyle) when the style itself carries no numbering", () => {
    const num = numbering(`<w:abstractNum w:abstractNumId="3">${lvl(0, "chineseCounting", "%1、", '<w:pStyle w:val="Lead"/><w:suff w:val="nothing"/>')}</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>`);
    expect(labels(doc(styleP("Lead", "总体要求") + styleP("Lead", "主要任务")), num, styles(""))).toEqual(["一、总体要求", "二、主要任务"]);
  });

  it("restarts a list instance that overrides its start, continues one that does not, skips bullets and numId 0", () => {
    const num = numbering(
      `<w:abstractNum w:abstractNumId="1">${lvl(0, "decimal", "%1.", '<w:suff w:val="nothing"/>')}</w:abstractNum>` +
        `<w:abstractNum w:abstractNumId="2">${lvl(0, "bullet", "•")}</w:abstractNum>` +
        `<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>` +
        `<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>` +
        `<w:num w:numId="7"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
        `<w:num w:numId="8"><w:abstractNumId w:val="2"/></w:num>`,
    );
    const xml = doc(numP(5, 0, "甲") + numP(5, 0, "乙") + numP(6, 0, "丙") + numP(7, 0, "丁") + numP(7, 0, "戊") + numP(8, 0, "要点") + numP(0, 0, "不编号"));
    expect(labels(xml, num, styles(""))).toEqual(["1.甲", "2.乙", "3.丙", "1.丁", "2.戊", "要点", "不编号"]);
  });

  it("prints every level in decimal under w:isLgl (1.1) and in its own format otherwise (一、（一）)", () => {
    const num = numbering(`<w:abstractNum w:abstractNumId="0">${lvl(0, "chineseCounting", "%1、", '<w:suff w:val="nothing"/>')}${lvl(1, "chineseCounting", "（%2）", '<w:suff w:val="nothing"/>')}${lvl(2, "decimal", "%1.%3", '<w:isLgl/><w:suff w:val="space"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
    const xml = doc(numP(1, 0, "总体要求") + numP(1, 1, "指导思想") + numP(1, 2, "细目") + numP(1, 1, "基本原则"));
    expect(labels(xml, num, styles(""))).toEqual(["一、总体要求", "（一）指导思想", "1.1 细目", "（二）基本原则"]);
  });
});

describe("the DOCX fixtures of the Jilin plan (numbering not in the text)", () => {
  const CHAPTERS = ["第一章 发展基础", "第二章 发展思路", "第三章 优化区域科技创新体系", "第四章 推进关键核心技术攻关", "第五章 加快科技成果转化应用", "第六章 发挥企业创新主体作用", "第七章 营造拴心留才创新环境", "第八章 强化规划实施各项保障"];
  const results = new Map<string, ReadResult>();
  beforeAll(async () => {
    for (const f of ["jilin-st-plan.docx", "jilin-st-plan.lo.docx"]) results.set(f, await read(f));
  });

  for (const f of ["jilin-st-plan.docx", "jilin-st-plan.lo.docx"]) {
    it(`${f}: chapters and sections read as printed, with their numbers`, () => {
      const r = ok(results.get(f)!);
      expect(r.format).toBe("docx");
      const heads = r.blocks.map((b) => parseHeading(b.text)).filter((h) => h && !h.inline);
      expect(heads.filter((h) => h!.kind === "chapter").map((h) => `${h!.label} ${h!.title}`)).toEqual(CHAPTERS);
      // Sections restart in every chapter: 第一节 follows each chapter heading.
      const kinds = heads.filter((h) => h!.kind === "chapter" || h!.kind === "section").map((h) => h!.label);
      for (let i = 0; i < kinds.length - 1; i++) if (/章$/.test(kinds[i]!) && /节$/.test(kinds[i + 1]!)) expect(kinds[i + 1]).toBe("第一节");
      expect(r.blocks.find((b) => b.text.startsWith("第一章"))!.headingHint).toBe(true);
    });

    it(`${f}: every 专栏 box's items are numbered from 1, and the indicator table keeps its rows and cells`, () => {
      const r = ok(results.get(f)!);
      const items: string[] = [];
      let box = "";
      for (const b of r.blocks) {
        const h = parseHeading(b.text, { bareNumber: false });
        if (h?.kind === "box") box = h.label;
        else if (h?.kind === "num" && box) items.push(`${box}:${h.label}`);
        else if (!h) box = "";
      }
      expect(items.filter((x) => x.startsWith("专栏1:"))).toEqual(["专栏1:1", "专栏1:2", "专栏1:3", "专栏1:4", "专栏1:5", "专栏1:6"]);
      expect(items.filter((x) => x.startsWith("专栏2:"))).toHaveLength(7);
      const table = r.blocks.find((b) => b.kind === "table") as Block;
      expect(table.rows![0]).toEqual(["序号", "指标名称", "2020年", "2025年"]);
      expect(table.rows!.map((row) => row.length)).toEqual([4, 4, 4, 4, 4, 4, 4]);
      expect(table.rows![1]).toEqual(["1", "研究与试验发展（R&D）经费支出占地区生产总值（GDP）比重（%）", "1.30", ">2.00"]);
      expect(table.text.startsWith("“十四五”时期全省科技发展目标 | 序号 | 指标名称 | 2020年 | 2025年 | 1 | 研究与试验发展")).toBe(true);
    });
  }

  it("reads the document's title from its properties (docx-meta)", () => {
    const r = ok(results.get("jilin-st-plan.docx")!);
    expect(r.meta).toMatchObject({ source: "docx-meta", title: "吉林省科学技术发展“十四五”规划", created: "2022-05-27" });
  });
});

describe("Word files that are refused", () => {
  it("refuses a zip bomb named .docx from its central directory, before expanding it", async () => {
    const r = await read("bomb.docx");
    expect(r).toMatchObject({ ok: false, code: "hostile" });
    expect(!r.ok && r.error).toMatch(/zip bomb.*compressed \d+:1.*refused before expanding/);
    expect(!r.ok && r.error).toMatch(/压缩炸弹/);
  });

  it("refuses a container that would expand past the limit", async () => {
    const r = await read("bomb.docx", undefined, { ...DEFAULT_LIMITS, maxExpandedBytes: 8 * 1024 * 1024 });
    expect(!r.ok && r.error).toMatch(/would expand to 40 MB \(the limit is 8 MB\)/);
  });

  it("refuses a zip whose entry expands beyond the size its header declares", async () => {
    const parts = [
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: `<w:document ${W}><w:body>${p("甲".repeat(200_000))}</w:body></w:document>`, claim: 1000 },
    ];
    const r = await read("liar.docx", makeZip(parts));
    expect(r).toMatchObject({ ok: false, code: "corrupt" });
  });

  it("tells old binary Word and password-protected Word apart, and names other containers", async () => {
    const legacy = await read("legacy.doc");
    expect(legacy).toMatchObject({ ok: false, code: "legacy-word" });
    expect(!legacy.ok && legacy.error).toMatch(/save it as \.docx or PDF/);
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from("EncryptedPackage", "utf16le").copy(ole, 1024);
    expect(await read("locked.docx", ole)).toMatchObject({ ok: false, code: "encrypted" });
    const xlsx = await read("table.docx", makeZip([{ name: "xl/workbook.xml", data: "<workbook/>" }]));
    expect(!xlsx.ok && xlsx.error).toMatch(/Excel workbook/);
    const odt = await read("paper.odt", makeZip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text" }, { name: "content.xml", data: "<x/>" }]));
    expect(!odt.ok && odt.error).toMatch(/OpenDocument/);
    const plain = await read("photos.zip", makeZip([{ name: "a.txt", data: "甲" }]));
    expect(!plain.ok && plain.error).toMatch(/a zip archive, not a Word document/);
  });

  it("refuses a document.xml nested ten thousand deep before parsing it", async () => {
    const deep = `<w:document ${W}><w:body>${"<w:sdt><w:sdtContent>".repeat(5000)}${p("正文")}${"</w:sdtContent></w:sdt>".repeat(5000)}</w:body></w:document>`;
    const r = await read("deep.docx", makeZip([{ name: "[Content_Types].xml", data: "<Types/>" }, { name: "word/document.xml", data: deep }]));
    expect(r).toMatchObject({ ok: false, code: "hostile" });
    expect(!r.ok && r.error).toMatch(/elements nested 1000\d deep \(the limit is 1000\)/);
  });

  it("refuses a truncated .docx as damaged", async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, "jilin-st-plan.docx"));
    const r = await read("cut.docx", bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r).toMatchObject({ ok: false, code: "corrupt" });
    expect(!r.ok && r.error).toMatch(/not a readable DOCX/);
  });
});
