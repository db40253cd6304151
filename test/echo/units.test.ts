import { describe, expect, it } from "vitest";
import { acceptEcho, distinctiveChars, longestBlock, rarityWeight, shingleWeight } from "../../src/echo/rarity.ts";
import { isClause, sentenceRanges } from "../../src/echo/clauses.ts";
import { DEFAULT_PARAMS } from "../../src/echo/builder.ts";
import { inlineHeadingLength } from "../../src/echo/inline-heading.ts";
import { squeezeCodes } from "../../src/analysis/squeeze.ts";

describe("rarityWeight", () => {
  it("is 1 for what only the pair uses, falls with document frequency, 0 when every document uses it", () => {
    expect(rarityWeight(1, 100)).toBe(1);
    expect(rarityWeight(2, 100)).toBe(1);
    let last = 1;
    for (let df = 3; df <= 100; df++) {
      const w = rarityWeight(df, 100);
      expect(w).toBeLessThanOrEqual(last);
      expect(w).toBeGreaterThanOrEqual(0);
      last = w;
    }
    expect(rarityWeight(100, 100)).toBeLessThan(0.001);
    expect(rarityWeight(4, 4)).toBeLessThan(0.1); // the formula all four seed documents use
    expect(rarityWeight(0, 0)).toBe(1);
  });
  it("moves slowly: one more document using a phrase of a large collection changes little", () => {
    expect(rarityWeight(11, 1000) / rarityWeight(10, 1000)).toBeGreaterThan(0.95);
  });
  it("the shingle weight is the smaller of the document and the clause weights", () => {
    // Used in two documents but forty clauses (a responsibility note): a formula.
    expect(shingleWeight(2, 4, 40, 300)).toBeLessThan(0.3);
    // Used in two documents and three clauses: rare.
    expect(shingleWeight(2, 4, 3, 300)).toBe(1);
  });
});

describe("distinctiveChars", () => {
  const ones = new Float64Array(64).fill(1);
  it("counts characters under shingles inside the blocks", () => {
    expect(distinctiveChars([0, 0, 20], ones, 5)).toBe(20);
    expect(distinctiveChars([0, 0, 4], ones, 5)).toBe(0); // shorter than a shingle: proves nothing
    expect(distinctiveChars([0, 0, 6, 30, 40, 8], ones, 5)).toBe(14);
  });
  it("weighs each character by the rarest-is-not-enough rule: the least weight covering it", () => {
    const w = new Float64Array(20).fill(1);
    w[10] = 0; // the shingle at 10 (characters 10–14) is a stock phrase: its characters count 0
    expect(distinctiveChars([0, 0, 20], w, 5)).toBe(15);
    w[12] = 0.5;
    expect(distinctiveChars([0, 0, 20], w, 5)).toBe(15 - 2 * 0.5); // 15 and 16 are covered by it
  });
  it("skips a clause's inline heading on either side", () => {
    expect(distinctiveChars([0, 0, 20], ones, 5, 8)).toBe(12);
    expect(distinctiveChars([0, 4, 20], ones, 5, 0, 8)).toBe(16);
  });
  it("longest block and the acceptance rule", () => {
    expect(longestBlock([0, 0, 5, 9, 9, 30])).toBe(30);
    expect(acceptEcho(DEFAULT_PARAMS, 14, 14, 0.2)).toBe(true);
    expect(acceptEcho(DEFAULT_PARAMS, 13, 13, 0.2)).toBe(false);
    expect(acceptEcho(DEFAULT_PARAMS, 3, 60, 0.3)).toBe(true); // a long verbatim copy
    expect(acceptEcho(DEFAULT_PARAMS, 30, 30, 0.01)).toBe(false);
  });
});

describe("clauses and sentences", () => {
  it("headings and header lines take no part; a heading that is a whole sentence is a clause", () => {
    expect(isClause({ kind: "paragraph", text: "加强科技发展计划管理。" })).toBe(true);
    expect(isClause({ kind: "table", text: "序号 指标名称 2020年 2025年" })).toBe(true);
    expect(isClause({ kind: "header", text: "吉政办发〔2022〕11号" })).toBe(false);
    expect(isClause({ kind: "heading", text: "第七章　附则" })).toBe(false);
    expect(isClause({ kind: "heading", text: "第四节 聚焦粮食安全强化农业科技" })).toBe(false);
    expect(isClause({ kind: "heading", text: "第三条本办法适用于本市范围内与农业技术推广工作有关的单位和个人。" })).toBe(true);
    expect(isClause({ kind: "heading", text: "一、总则。" })).toBe(false);
    // The cover notice promulgating a document is context: its addressee line, 现将…印发给你们.
    const notice = [{ label: "印发通知", title: "吉林省人民政府关于印发吉林省碳达峰实施方案的通知" }];
    expect(isClause({ kind: "paragraph", text: "现将《吉林省碳达峰实施方案》印发给你们，请认真贯彻执行。", path: notice })).toBe(false);
    expect(isClause({ kind: "paragraph", text: "各省、自治区、直辖市人民政府：", path: [{ label: "", title: "", kind: "addressee" }] })).toBe(false);
    expect(isClause({ kind: "paragraph", text: "加强科技发展计划管理。", path: [{ label: "第一章", title: "总则" }] })).toBe(true);
  });

  it("sentences tile the text: each ends after its stop and closing marks; table rows are sentences", () => {
    const t = "坚持“四个面向”。推进“揭榜挂帅”；落实“放管服”改革！还有半句";
    const r = sentenceRanges(t);
    expect(r.map(([s, e]) => t.slice(s, e))).toEqual(["坚持“四个面向”。", "推进“揭榜挂帅”；", "落实“放管服”改革！", "还有半句"]);
    const q = "他说：“要抓落实。”然后 继续。  ";
    expect(sentenceRanges(q).map(([s, e]) => q.slice(s, e))).toEqual(["他说：“要抓落实。”", "然后 继续。  "]);
    const table = "序号 指标名称 2020年 | 1 研发经费 1.30 | 2 专利 2.26";
    expect(sentenceRanges(table).map(([s, e]) => table.slice(s, e))).toEqual(["序号 指标名称 2020年 | ", "1 研发经费 1.30 | ", "2 专利 2.26"]);
    for (const text of [t, q, table, "", "。。", "没有句号"]) {
      const rs = sentenceRanges(text);
      expect(rs.map(([s, e]) => text.slice(s, e)).join("")).toBe(text);
    }
  });

  it("a clause's inline heading is its label and title and the stop after them", () => {
    const len = (text: string, label: string, title: string) =>
      inlineHeadingLength({ kind: "paragraph", path: [{ label: "第一章", title: "总则" }, { label, title }] }, squeezeCodes(text).codes);
    expect(len("（一）指导思想。以习近平新时代…", "（一）", "指导思想")).toBe(8);
    expect(len("7.保健食品和特医食品技术研究。以人参为主原料", "7", "保健食品和特医食品技术研究")).toBe(16);
    expect(len("围绕全省汽车产业", "（一）", "指导思想")).toBe(0);
    // An article's "title" is its own first sentence: nothing is cut.
    expect(len("第二条本办法所称农业技术，是指…", "第二条", "本办法所称农业技术")).toBe(0);
    expect(inlineHeadingLength({ kind: "paragraph", path: [] }, squeezeCodes("任何文字").codes)).toBe(0);
  });
});
