/**
 * Ranking, read as a spec: each expected order with its reason. On small constructed corpora (so
 * that the reason is the only difference), on the regulation fixtures and on the seeds.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Searcher } from "../../src/search/searcher.ts";
import type { DocumentRecord } from "../../src/model.ts";
import type { Engine } from "../../src/engine.contract.ts";
import type { SearchHit } from "../../src/search/types.ts";
import { doc, edition, heading, linkSameText, regulationCorpus, searcherFor, type Row } from "./helpers.ts";
import { openTestEngine } from "../support/real-engine.ts";

const CH1: [string, string] = ["第一章", "总则"];
const CH2: [string, string] = ["第二章", "法律责任"];

/** A law with a chapter, one article listing items, and whatever else the test adds. */
function law(id: string, extra: Row[], meta: Parameters<typeof doc>[1] = {}): DocumentRecord {
  return doc(id, { title: `${id}法`, level: "national", ...meta }, [
    heading([CH1]),
    { path: [CH1, ["第一条", ""]], text: "第一条 为了规范合同行为，保护当事人的合法权益，制定本法。" },
    { path: [CH1, ["第二条", ""]], text: "第二条 有下列情形之一的，当事人可以解除合同：" },
    { path: [CH1, ["第二条", ""], ["（一）", "不可抗力"]], text: "（一）不可抗力；" },
    { path: [CH1, ["第二条", ""], ["（二）", "对方迟延履行主要债务"]], text: "（二）对方迟延履行主要债务；" },
    ...extra,
  ]);
}

const texts = (hits: SearchHit[]) => hits.map((h) => h.text);

describe("ranking that prefers substance (constructed corpora)", () => {
  // Nine laws carry the same stock item; one defines the term; one governs what follows from it.
  const stock = Array.from({ length: 9 }, (_, i) => law(`stock${i}`, []));
  const defining = law("defining", [{ path: [CH2, ["第三条", ""]], text: "第三条 本法所称不可抗力，是指不能预见、不能避免且不能克服的客观情况。" }]);
  const governing = law("governing", [{ path: [CH2, ["第四条", ""]], text: "第四条 因不可抗力不能履行合同的，根据不可抗力的影响，部分或者全部免除责任，但是法律另有规定的除外。" }]);
  const s = searcherFor([...stock, defining, governing]);

  it("the clause that defines a term comes first; a bare list item does not outrank it", () => {
    const res = s.search("不可抗力", { explain: true });
    expect(res.hits[0]!.text).toContain("本法所称不可抗力，是指"); // defines the term (definition signal)
    expect(res.hits[0]!.explain!.definition).toBeGreaterThan(0);
    const item = res.hits.findIndex((h) => h.text === "（一）不可抗力；");
    const governs = res.hits.findIndex((h) => h.text.startsWith("第四条"));
    expect(governs).toBeLessThan(item); // governs the term (twice, in a full clause) — the item only names it
    expect(res.hits[item]!.explain!.shortPassage).toBeLessThan(1); // the short-passage prior tempers BM25's length normalisation
  });

  it("identical passages in many documents are one hit that says where else they stand", () => {
    const res = s.search("不可抗力");
    const items = res.hits.filter((h) => h.text === "（一）不可抗力；");
    expect(items).toHaveLength(1); // a stock item never fills a page
    expect(items[0]!.alsoInTotal).toBe(10); // 9 stock laws + the two others, minus the one shown
    expect(items[0]!.alsoInDocs).toBe(10);
    expect(items[0]!.alsoIn).toHaveLength(3); // the first of them listed on the card, the rest counted
    expect(new Set(s.search("不可抗力", { rows: true }).hits.find((h) => h.id === items[0]!.id)!.alsoIn.map((a) => a.docId)).size).toBe(10); // an export lists them all
    expect(res.matched).toBe(13);
    expect(res.total).toBe(3); // the definition, the governing clause, the item
    // the facets count every document's copy: following one gives back exactly that copy
    const d = res.facets.docs.find((f) => f.docId === "stock4")!;
    expect(d.count).toBe(1);
    expect(s.search(d.query).matched).toBe(1);
  });

  it("a query naming a structural unit ranks the unit itself first, then references to it", () => {
    const amended = law("amending", [{ path: [CH2, ["第五条", ""]], text: "第五条 删除第三十二条。" }]);
    const target = law("target", [
      { path: [CH2, ["第三十二条", ""]], text: "第三十二条 当事人一方不履行合同义务的，应当承担违约责任。" },
      { path: [CH2, ["第三十三条", ""]], text: "第三十三条 违反本法第三十二条规定的，依法追究责任。" },
    ]);
    const r = searcherFor([amended, target]).search("第三十二条", { explain: true });
    expect(r.hits[0]!.text).toMatch(/^第三十二条 当事人/); // the article itself
    expect(r.hits[0]!.explain!.unit).toBeGreaterThan(0);
    expect(texts(r.hits.slice(1)).sort()).toEqual(["第三十三条 违反本法第三十二条规定的，依法追究责任。", "第五条 删除第三十二条。"]); // references after it
    // a chapter and a 专栏 by name: the heading of the unit first
    const plan = doc("plan", { title: "某市规划" }, [
      heading([["第一章", "发展基础"]]),
      { path: [["第一章", "发展基础"]], text: "本规划第四章提出的任务，按专栏3所列指标推进。" },
      heading([["第四章", "重点任务"]]),
      { path: [["第四章", "重点任务"]], text: "推进重点任务落实。" },
      heading([["第四章", "重点任务"], ["专栏3", "主要指标"]]),
      { path: [["第四章", "重点任务"], ["专栏3", "主要指标"]], text: "研发投入强度达到2.5%。" },
    ]);
    const ps = searcherFor([plan]);
    expect(ps.search("第四章").hits[0]!.text).toBe("第四章 重点任务");
    expect(ps.search("专栏3").hits[0]!.text).toBe("专栏3 主要指标");
  });

  it("the term in the heading of the section, or in the opening sentence of its article, lifts the passage", () => {
    const a = doc("a", { title: "甲" }, [
      heading([["一、", "数据安全"]]),
      { path: [["一、", "数据安全"]], text: "加强数据安全制度建设，建立分类分级保护制度，推动行业规范发展和监测。" },
      heading([["二、", "产业发展"]]),
      { path: [["二、", "产业发展"]], text: "加强数据安全意识教育，支持龙头企业发展壮大，推动产业链协同发展和监测。" },
      { path: [["第八条", ""]], text: "第八条 数据安全监测工作实行统一领导。有关部门按照职责分工负责本领域工作。" },
      { path: [["第九条", ""]], text: "第九条 本领域工作实行统一领导。有关部门按照职责分工负责数据安全监测工作。" },
    ]);
    const r = searcherFor([a]).search("数据安全 监测", { explain: true });
    const at = (start: string) => r.hits.findIndex((h) => h.text.startsWith(start));
    expect(r.total).toBe(4);
    // the section titled 数据安全 before the one that only mentions it
    expect(at("加强数据安全制")).toBeLessThan(at("加强数据安全意"));
    // the article that opens with 数据安全 before the one that mentions it later
    expect(at("第八条")).toBeLessThan(at("第九条"));
    expect(r.hits.find((h) => h.text.startsWith("第八条"))!.explain!.heading).toBeGreaterThan(0);
  });

  it("among equals, the higher level first (国家 > 省 > 市州 > 县), then the document order", () => {
    const clause = "加快建设科技创新平台，提升创新能力。";
    // the same words, the same length, in four documents (one-character names keep them equal)
    const make = (name: string, level: DocumentRecord["level"]) => doc(name, { title: `${name}规划`, level }, [{ path: [["一、", `${name}任务`]], text: `${name}：${clause}` }]);
    // corpus order: county, prefecture, national, province
    const r = searcherFor([make("丁", "county"), make("丙", "prefecture"), make("甲", "national"), make("乙", "province")]).search("科技创新平台");
    expect(new Set(r.hits.map((h) => h.score)).size).toBe(1);
    expect(r.hits.map((h) => h.level)).toEqual(["national", "province", "prefecture", "county"]);
  });

  it("among equals, the version in force before an older one; a clause only in the older version still appears, marked", () => {
    const rows = (changed: string): Row[] => [
      heading([CH1]),
      { path: [CH1, ["第一条", ""]], text: "第一条 为了促进农业技术推广，制定本法。" },
      { path: [CH1, ["第二条", ""]], text: `第二条 ${changed}` },
    ];
    const cur = edition("law", "law~2024", rows("农业技术推广应当因地制宜，注重生态效益。"), { version: { date: "2024-04-26", label: "2024年修正", current: true } });
    const old = edition("law", "law~2012", rows("农业技术推广应当因地制宜，兼顾经济效益。"), { primary: false, version: { date: "2012-08-31", label: "2012年修正", current: false } });
    linkSameText(cur, old);
    const s = searcherFor([doc("law", { title: "农业技术推广法", level: "national", status: "in-force" }, [cur, old])]);
    const both = s.search("农业技术推广");
    // the unchanged first article is one hit, on the current version, naming the older one's passage
    const first = both.hits.filter((h) => h.text.startsWith("第一条"));
    expect(first).toHaveLength(1);
    expect(first[0]!.version).toEqual({ label: "2024年修正", date: "2024-04-26", current: true });
    expect(first[0]!.otherEditions.map((o) => o.editionId)).toEqual(["law~2012"]);
    // the changed second article: both versions appear, the one in force first
    const second = both.hits.filter((h) => h.text.startsWith("第二条"));
    expect(second.map((h) => h.version!.current)).toEqual([true, false]);
    // a clause only in the older version still appears, marked with its version
    const onlyOld = s.search("兼顾经济效益");
    expect(onlyOld.hits).toHaveLength(1);
    expect(onlyOld.hits[0]!.version).toEqual({ label: "2012年修正", date: "2012-08-31", current: false });
    // version:all shows every version apart
    expect(s.search("第一条 version:all").hits.map((h) => h.version!.label)).toEqual(["2024年修正", "2012年修正"]);
  });
});

describe("ranking on the regulation fixtures", () => {
  let s: Searcher;
  beforeAll(async () => {
    s = searcherFor(await regulationCorpus());
  });

  it("农业技术: the article that defines it first, not the list item 其他农业技术", () => {
    const res = s.search("农业技术", { limit: 20 });
    expect(res.hits[0]!.text).toMatch(/^第二条\s*本法所称农业技术，是指/);
    expect(res.hits.slice(0, 20).map((h) => h.text)).not.toContain("（八）其他农业技术。");
  });

  it("第十一条: every document's article 11 before the reference 本法第十一条规定的…", () => {
    const res = s.search("第十一条");
    const units = res.hits.filter((h) => /^第十一条/.test(h.text));
    expect(units.length).toBe(4); // the law (2024 version), the Shanghai measure, the patent regulation, the interpretation
    expect(res.hits.slice(0, units.length)).toEqual(units);
    expect(res.hits[units.length]!.text).toContain("本法第十一条规定");
  });
});

describe("ranking on the seeds", () => {
  let engine: Engine;
  let cacheDir: string;
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("第四章 names two chapters: both headings first, then the passages that mention 第四章", async () => {
    const res = await engine.search("第四章");
    const headings = res.hits.filter((h) => h.path.at(-1)?.label === "第四章" && h.text.startsWith("第四章"));
    expect(headings.length).toBeGreaterThanOrEqual(2);
    expect(res.hits.slice(0, headings.length)).toEqual(headings);
    expect(headings[0]!.level).toBe("province"); // among the units, the provincial plan first (higher level, same words)
  });

  it("a heading holds its own title first: 关键核心技术攻关 → 第四章 推进关键核心技术攻关", async () => {
    expect((await engine.search("关键核心技术攻关")).hits[0]!.text.replace(/\s+/g, "")).toBe("第四章推进关键核心技术攻关");
  });
});
