/** GB/T 7714-2015 references: pinned for every seed document and edition, and the rules on constructed records. */
import type { DocumentRecord } from "../../src/model.ts";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import { citationGbt } from "../../src/search/citation-gbt.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { doc, edition } from "./helpers.ts";

describe("GB/T 7714 references of the seed documents", () => {
  let engine: Engine;
  let docs: DocumentRecord[];
  let cacheDir: string;
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
    docs = await fullDocuments(engine);
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("are pinned for every document and edition", () => {
    const got = docs.flatMap((d) => d.editions.map((e) => [d.title, e.name, citationGbt(d, e)]));
    expect(got).toEqual([
      ["吉林省碳达峰实施方案", "《吉林省人民政府公报》2022年第21期", "吉林省人民政府. 吉林省碳达峰实施方案: 吉政发〔2022〕11号[J]. 吉林省人民政府公报, 2022(21)."],
      ["吉林省科学技术发展“十四五”规划", "《吉林省人民政府公报》2022年第21期", "吉林省人民政府办公厅. 吉林省科学技术发展“十四五”规划: 吉政办发〔2022〕11号[J]. 吉林省人民政府公报, 2022(21)."],
      ["吉林省科学技术发展“十四五”规划", "单行本（PDF 提取文本）", "吉林省人民政府办公厅. 吉林省科学技术发展“十四五”规划: 吉政办发〔2022〕11号[Z]. 2022-05-27."],
      ["吉林省人民政府办公厅关于加快梅花鹿产业发展的意见", "《吉林省人民政府公报》2022年第21期", "吉林省人民政府办公厅. 吉林省人民政府办公厅关于加快梅花鹿产业发展的意见: 吉政办发〔2022〕14号[J]. 吉林省人民政府公报, 2022(21)."],
      ["延边州科学技术发展“十四五”规划", "单行本（PDF 提取文本）", "延边州科学技术发展“十四五”规划[Z]."],
    ]);
  });

  it("travel with every hit, beside today's citation", async () => {
    const h = (await engine.search("揭榜挂帅")).hits[0]!;
    expect(h.citationGbt).toBe(citationGbt((await engine.doc(h.docId))!, (await engine.doc(h.docId))!.editions.find((e) => e.id === h.editionId)!));
    expect(h.citation).toMatch(/^《.+》/);
  });
});

describe("GB/T 7714 rules", () => {
  it("a version names its label and its own date; no issuer or date is left out, not invented", () => {
    const e = edition("law", "law~2012", [{ path: [], text: "第一条 为了……制定本法。" }], { version: { date: "2012-08-31", label: "2012年修正", current: false } });
    const d = doc("law", { title: "中华人民共和国农业技术推广法", issuer: "全国人民代表大会常务委员会", date: "2024-04-26" }, [e]);
    expect(citationGbt(d, e)).toBe("全国人民代表大会常务委员会. 中华人民共和国农业技术推广法: 2012年修正[Z]. 2012-08-31.");
    const bare = doc("x", { title: "某县实施意见" }, [{ path: [], text: "正文。" }]);
    expect(citationGbt(bare, bare.editions[0]!)).toBe("某县实施意见[Z].");
  });
});
