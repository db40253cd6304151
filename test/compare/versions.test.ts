/**
 * The version comparison's alignment (src/compare/versions.ts) on constructed texts: anchors,
 * moved and renumbered articles, gaps aligned by similarity, documents without articles.
 */
import { describe, expect, it } from "vitest";
import { alignUnits, compareVersions, dice, diffText, unitsOf } from "../../src/compare/versions.ts";
import { ingestFile } from "../../src/ingest/index.ts";
import type { Edition } from "../../src/model.ts";

const edition = async (lines: string[]): Promise<Edition> => (await ingestFile("v.md", Buffer.from(lines.join("\n\n")), { region: "测试省", level: "province" })).documents[0]!.editions[0]!;

describe("similarity and word diff", () => {
  it("scores character bigrams (Dice) from 0 to 1", async () => {
    expect(dice("农业技术推广", "农业技术推广")).toBe(1);
    expect(dice("农业技术推广", "水利工程建设")).toBe(0);
    expect(dice("农业技术推广机构", "农业技术服务机构")).toBeCloseTo(8 / 14, 5);
  });

  it("marks changed words, not characters", async () => {
    expect(diffText("国务院农业、林业部门", "国务院农业农村、林业草原部门")).toEqual([
      { text: "国务院农业", kind: "same" }, { text: "农村", kind: "added" }, { text: "、林业", kind: "same" }, { text: "草原", kind: "added" }, { text: "部门", kind: "same" },
    ]);
  });
});

describe("alignment", () => {
  it("anchors identical texts in order, pairs the rest in each gap by similarity", async () => {
    const a = ["甲乙丙丁戊己", "子丑寅卯辰巳午未", "天地玄黄宇宙洪荒", "日月盈昃辰宿列张"];
    const b = ["甲乙丙丁戊己", "全新的条文内容一", "子丑寅卯辰巳午申", "日月盈昃辰宿列张"];
    expect(alignUnits(a, b)).toEqual([[0, 0], [1, 2], [3, 3]]);
  });

  it("pairs a moved article by its identical text even out of order", async () => {
    const a = ["第一段文字内容", "第二段文字内容", "第三段文字内容"];
    const b = ["第三段文字内容", "第一段文字内容", "第二段文字内容"];
    expect(alignUnits(a, b)).toEqual([[2, 0], [0, 1], [1, 2]]);
  });

  it("compares a document without articles by its passages", async () => {
    const v1 = await edition(["示范方案", "一、总体要求", "加快推进示范工作。", "二、主要任务", "建设一批示范基地。"]);
    const v2 = await edition(["示范方案", "一、总体要求", "加快推进示范工作。", "二、主要任务", "建设一批高水平示范基地。", "三、保障措施", "加强组织领导。"]);
    expect(unitsOf(v1).map((u) => u.label)).toEqual(["一", "二"]);
    const r = compareVersions(v1, v2);
    expect(r.summary).toEqual({ unchanged: 1, renumbered: 0, changed: 1, added: 1, deleted: 0 });
  });

  it("keeps an article's 款 and 项 together as one unit, label included", async () => {
    const e = await edition(["示范条例", "第一条　甲。", "乙。", "（一）丙；", "（二）丁。", "第二条　戊。"]);
    expect(unitsOf(e).map((u) => [u.label, u.text])).toEqual([["第一条", "第一条　甲。\n乙。\n（一）丙；\n（二）丁。"], ["第二条", "第二条　戊。"]]);
  });
});
