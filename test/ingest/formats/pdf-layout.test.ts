/**
 * PDF layout rules on lines placed by hand (PDF points, y upwards; a body of 16 pt text from x=80 to
 * x=528, 28 characters a line): lines from runs, running headers, footers and page numbers, where
 * paragraphs end, headings hints, centred titles, signatures, tables.
 */
import { describe, expect, it } from "vitest";
import { isCjk } from "../../../src/ingest/chars.ts";
import { linesToBlocks } from "../../../src/ingest/formats/pdf-blocks.ts";
import { baseFontName, runsToLines, type Line, type PageLines, type TextRun } from "../../../src/ingest/formats/pdf-lines.ts";
import { isPageNumber, removeRunningLines } from "../../../src/ingest/formats/pdf-margins.ts";

const LEFT = 80;
const SIZE = 16;
const width = (s: string, size: number) => [...s].reduce((w, c) => w + (isCjk(c) ? size : size * 0.5), 0);
const run = (text: string, x: number, y: number, size = SIZE, font = "FangSong"): TextRun => ({ text, x, y, w: width(text, size), size, font });

/** A page of lines, each [x, text] or [x, text, size, font], 29 pt apart from the top. */
function page(n: number, rows: ([number, string] | [number, string, number, string])[], top = 760): Line[] {
  const runs = rows.map(([x, text, size, font], i) => run(text, x, top - i * 29, size ?? SIZE, font ?? "FangSong"));
  return runsToLines(runs, n);
}

const FULL = "科技创新实力居全国中游且处于上升态势我省科技基础扎实中"; // 28 characters: a full line
const texts = (lines: Line[]) => linesToBlocks(lines).map((b) => b.text);

describe("lines from text runs", () => {
  it("puts runs on one baseline in one line, in reading order, and splits it at wide gaps", () => {
    const lines = runsToLines([run("技术", 112, 700), run("发展", 80, 700.6), run("规划", 144, 699.8), run("序号", 80, 650, 12), run("指标名称", 200, 650, 12)], 1);
    expect(lines.map((l) => l.text)).toEqual(["发展技术规划", "序号 指标名称"]);
    expect(lines[1]!.segments.map((s) => s.text)).toEqual(["序号", "指标名称"]);
  });

  it("keeps a word space between Latin words and the gap after a heading's number; drops layout gaps beside Chinese", () => {
    const [a, b, c, d] = runsToLines([
      run("CHTEM", 80, 700), run("II", 125, 700),
      run("第一章", 80, 650), run(" ", 128, 650), run("发展基础", 133, 650),
      run("第二章", 80, 600), run("任务", 144, 600),
      run("研发", 80, 550), run("R&D", 114, 550), run("经费", 140, 550),
    ], 1);
    expect(a!.text).toBe("CHTEM II");
    expect(b!.text).toBe("第一章 发展基础"); // a space the PDF holds
    expect(c!.text).toBe("第二章\u3000任务"); // a gap of an em
    expect(d!.text).toBe("研发R&D经费");
  });

  it("names fonts without their subset tag", () => {
    expect(baseFontName("BAAAAA+NotoSansCJKjp-Bold-VKana")).toBe("NotoSansCJKjp-Bold");
    expect(baseFontName("SimSun")).toBe("SimSun");
  });
});

describe("running headers, footers and page numbers", () => {
  it("recognises page numbers in the forms documents print them", () => {
    for (const t of ["— 3 —", "-3-", "- 12 -", "3", "第3页", "第 3 页 共 10 页", "共10页 第3页", "3/10", "Page 3 of 10", "一3一", "－ 5 －"]) expect(isPageNumber(t), t).toBe(true);
    for (const t of ["2035年", "第三章", "3.5亿元", "一、总体要求", "第3条"]) expect(isPageNumber(t), t).toBe(false);
  });

  /** Pages of body text (lines differing from page to page) with what each page prints above and below it. */
  function pages(n: number, above: (k: number) => TextRun[], below: (k: number) => TextRun[]): PageLines[] {
    return Array.from({ length: n }, (_, i) => {
      const k = i + 1;
      const body = Array.from({ length: 6 }, (_, j) => run(`${FULL.slice(k + j, k + j + 20)}。`, LEFT, 720 - j * 29));
      return { page: k, width: 595, height: 842, lines: runsToLines([...above(k), ...body, ...below(k)], k) };
    });
  }
  const bodyOf = (ps: PageLines[]) => ps.map((p) => p.lines.map((l) => l.text));

  it("removes a header repeated at the same height and page numbers at alternating sides; keeps the body", () => {
    const ps = pages(4, (k) => (k === 1 ? [] : [run("吉林省科学技术发展规划", 216, 800, 10.5)]), (k) => [run(`— ${k} —`, k % 2 ? 460 : 96, 60, 14)]);
    const { pages: kept, removed } = removeRunningLines(ps, SIZE);
    expect(removed).toBe(7);
    expect(bodyOf(kept)).toEqual(bodyOf(pages(4, () => [], () => [])));
  });

  it("keeps a body line that repeats the header's words at another height (the title on the first page)", () => {
    const ps = pages(3, (k) => (k === 1 ? [run("吉林省科学技术发展规划", 140, 760, 20)] : [run("吉林省科学技术发展规划", 216, 800, 10.5)]), () => []);
    const kept = removeRunningLines(ps, SIZE).pages;
    expect(kept[0]!.lines[0]!.text).toBe("吉林省科学技术发展规划");
    expect(kept[1]!.lines[0]!.text).toBe(`${FULL.slice(2, 22)}。`);
  });

  it("removes a small line in the page's outer band even when it changes from page to page (a chapter header)", () => {
    const ps = pages(2, (k) => [run(k === 1 ? "第一章 总则" : "第二章 任务", 250, 800, 9)], (k) => [run(`第 ${k} 页`, 280, 50, 9)]);
    expect(bodyOf(removeRunningLines(ps, SIZE).pages)).toEqual(bodyOf(pages(2, () => [], () => [])));
  });
});

describe("paragraphs from the page", () => {
  it("starts a paragraph at a first-line indent and ends one at a short last line", () => {
    const lines = page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, FULL], [LEFT, "展取得重要成就。"], [LEFT + 32, FULL.slice(2)], [LEFT, "实现高质量发展。"]]);
    expect(texts(lines)).toEqual([FULL.slice(2) + FULL + "展取得重要成就。", FULL.slice(2) + "实现高质量发展。"]);
  });

  it("does not end a paragraph where a long number or Latin word had to wrap, nor before a mark that may not start a line", () => {
    const lines = page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, FULL.slice(0, 24)], [LEFT, "20210101》显示我省进步最为明显。"], [LEFT + 32, FULL.slice(2)], [LEFT, FULL.slice(0, 26)], [LEFT, "。新的段落"]]);
    const b = texts(lines);
    expect(b[0]).toBe(FULL.slice(2) + FULL.slice(0, 24) + "20210101》显示我省进步最为明显。");
    expect(b[1]).toBe(FULL.slice(2) + FULL.slice(0, 26) + "。新的段落");
  });

  it("goes on across a page break when the next page does not start a paragraph", () => {
    const lines = [...page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, FULL]]), ...page(2, [[LEFT, "续完。"], [LEFT + 32, "下一段。"]])];
    expect(texts(lines)).toEqual([FULL.slice(2) + FULL + "续完。", "下一段。"]);
  });

  it("keeps a title wrapped over two centred lines one block, and a signature and its date apart", () => {
    const lines = page(1, [
      [LEFT + 2, "吉林省人民政府办公厅关于印发吉林省科学技术发", 20, "Hei-Bold"],
      [190, "展规划的通知", 20, "Hei-Bold"],
      [LEFT + 32, FULL.slice(2)],
      [LEFT, "请认真贯彻执行。"],
      [298, "吉林省人民政府办公厅"],
      [332, "2022年5月27日"],
    ]);
    const blocks = linesToBlocks(lines);
    expect(blocks.map((b) => b.text)).toEqual(["吉林省人民政府办公厅关于印发吉林省科学技术发展规划的通知", FULL.slice(2) + "请认真贯彻执行。", "吉林省人民政府办公厅", "2022年5月27日"]);
    expect(blocks[0]!.headingHint).toBe(true);
    expect(blocks[1]!.headingHint).toBeUndefined();
  });

  it("sets a heading in another typeface apart, with a hint, even when it is indented like a paragraph", () => {
    const lines = page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, "提升。"], [LEFT + 32, "第一节 发展成就", SIZE, "Hei-Bold"], [LEFT + 32, FULL.slice(2)], [LEFT, "态势。"]]);
    const blocks = linesToBlocks(lines);
    expect(blocks.map((b) => [b.text, !!b.headingHint])).toEqual([[FULL.slice(2) + "提升。", false], ["第一节 发展成就", true], [FULL.slice(2) + "态势。", false]]);
  });

  it("reads a table as rows of cells: a row starts with its first cell, a wrapped cell joins its row", () => {
    const rows: TextRun[] = [
      run("序号", 90, 520, 12), run("指标名称", 229, 520, 12), run("2020年", 395, 520, 12), run("2025年", 465, 520, 12),
      run("1", 99, 491, 12), run("研究与试验发展经费支出占地区生产", 130, 491, 12), run("1.30", 405, 491, 12), run(">2.00", 472, 491, 12),
      run("总值比重（%）", 130, 462, 12),
      run("2", 99, 433, 12), run("高新技术企业数量（家）", 130, 433, 12), run("2495", 402, 433, 12), run("5000", 472, 433, 12),
    ];
    const lines = [...page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, "有力支持。"]], 600), ...runsToLines(rows, 1)].sort((a, b) => b.y - a.y);
    const blocks = linesToBlocks(lines.map((l, index) => ({ ...l, index })));
    const table = blocks.find((b) => b.kind === "table")!;
    expect(table.rows).toEqual([
      ["序号", "指标名称", "2020年", "2025年"],
      ["1", "研究与试验发展经费支出占地区生产总值比重（%）", "1.30", ">2.00"],
      ["2", "高新技术企业数量（家）", "2495", "5000"],
    ]);
    expect(table.text).toBe("序号 | 指标名称 | 2020年 | 2025年 | 1 | 研究与试验发展经费支出占地区生产总值比重（%） | 1.30 | >2.00 | 2 | 高新技术企业数量（家） | 2495 | 5000");
  });

  it("does not take one line with a wide gap for a table", () => {
    const lines = page(1, [[LEFT + 32, FULL.slice(2)], [LEFT, "附件：1. 实施方案"], [LEFT, "完。"]]);
    expect(linesToBlocks(lines).every((b) => b.kind === "text")).toBe(true);
  });
});
