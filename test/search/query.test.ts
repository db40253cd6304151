/** The query language, ranking, highlights, citations and editions on the real corpus. */
import type { DocumentRecord } from "../../src/model.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import type { ErrorCode } from "../../src/errors.ts";
import { ZhangjieError } from "../../src/errors.ts";
import type { Passage } from "../../src/model.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { norm } from "../support/text.ts";

let engine: Engine;
let docs: DocumentRecord[];
let cacheDir: string;
let primaries: (Passage & { docId: string })[];

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  docs = await fullDocuments(engine);
  primaries = docs.flatMap((d) => d.editions[0]!.passages.map((p) => ({ ...p, docId: d.id })));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const has = (text: string, s: string) => norm(text).includes(norm(s));
const all = (q: string) => engine.search(q, { limit: 1000 });
/** Documents found by their source file, so that these tests do not depend on how ingest titles them. */
const bySource = (file: string) => docs.find((d) => d.editions.some((e) => e.source === file))!;
const jilinPlan = () => bySource("jilin-st-plan-14th.pdf.txt");
const yanbianPlan = () => bySource("yanbian-st-plan-14th.pdf.txt");

async function code(q: string): Promise<ErrorCode | null> {
  try {
    await engine.search(q);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ZhangjieError);
    expect((err as ZhangjieError).status).toBe(400);
    expect((err as ZhangjieError).message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/); // Chinese / English
    return (err as ZhangjieError).code;
  }
}

describe("query language", () => {
  it("space is AND: every hit holds every term, and every primary passage holding all of them is a hit", async () => {
    const res = await all("科技 人才 平台");
    const expected = primaries.filter((p) => has(p.text, "科技") && has(p.text, "人才") && has(p.text, "平台"));
    expect(expected.length).toBeGreaterThan(5);
    for (const h of res.hits) for (const t of ["科技", "人才", "平台"]) expect(has(h.text, t)).toBe(true);
    const ids = new Set(res.hits.map((h) => h.id));
    for (const p of expected) expect(ids.has(p.id), p.text.slice(0, 30)).toBe(true);
  });

  it("OR and | give the union", async () => {
    const a = (await all("梅花鹿")).total;
    const b = (await all("人参")).total;
    const both = (await all("梅花鹿 人参")).total;
    const or = await all("梅花鹿 OR 人参");
    expect(or.total).toBe(a + b - both);
    expect((await all("梅花鹿|人参")).total).toBe(or.total);
    for (const h of or.hits) expect(has(h.text, "梅花鹿") || has(h.text, "人参")).toBe(true);
  });

  it("-term and NOT term exclude", async () => {
    const res = await all("碳达峰 -碳中和");
    expect(res.total).toBeGreaterThan(0);
    expect(res.total).toBeLessThan((await all("碳达峰")).total);
    for (const h of res.hits) {
      expect(has(h.text, "碳达峰")).toBe(true);
      expect(has(h.text, "碳中和")).toBe(false);
    }
    expect((await all("碳达峰 NOT 碳中和")).total).toBe(res.total);
  });

  it("a quoted phrase matches literally, not as separate words", async () => {
    const phrase = await all("“科技成果转化”");
    const words = await all("科技 成果 转化");
    expect(phrase.total).toBeGreaterThan(0);
    expect(words.total).toBeGreaterThan(phrase.total);
    for (const h of phrase.hits) expect(has(h.text, "科技成果转化")).toBe(true);
    // a phrase with a space in it: spaces are ignored in matching
    expect((await all('"第四章 推进关键核心技术攻关"')).hits[0]!.path.at(-1)?.label).toBe("第四章");
  });

  it("doc: narrows to documents by title words or id", async () => {
    const yb = yanbianPlan();
    const titleWords = yb.title.slice(0, 3); // 延边州
    const res = await all(`科技 doc:${titleWords}`);
    expect(res.total).toBeGreaterThan(0);
    for (const h of res.hits) expect(h.docId).toBe(yb.id);
    expect((await all(`科技 doc:${yb.id}`)).total).toBe(res.total);
    expect(res.facets.docs).toEqual([{ docId: yb.id, title: yb.title, count: res.matched, filter: `doc:${yb.title}`, query: `科技 doc:${yb.title}`, active: false }]);
  });

  it("in: narrows to passages under a heading label or title", async () => {
    const ch4 = await all("技术 in:第四章");
    expect(ch4.total).toBeGreaterThan(0);
    for (const h of ch4.hits) expect(h.path.some((p) => p.label === "第四章")).toBe(true);
    const box = await all("人参 in:专栏");
    expect(box.total).toBeGreaterThan(0);
    for (const h of box.hits) expect(h.path.some((p) => p.label.startsWith("专栏"))).toBe(true);
    expect(box.total).toBeLessThan((await all("人参")).total);
    const byTitle = await all("in:攻关关键技术支撑产业发展");
    expect(byTitle.total).toBeGreaterThan(1);
    for (const h of byTitle.hits) expect(h.path.some((p) => p.title === "攻关关键技术支撑产业发展")).toBe(true);
  });

  it("bad queries and bad filters get their 400 codes", async () => {
    expect(await code("")).toBe("QUERY_EMPTY");
    expect(await code("、。，")).toBe("QUERY_NO_TERMS");
    expect(await code("鹿".repeat(1001))).toBe("QUERY_TOO_LONG");
    expect(await code("“揭榜挂帅")).toBe("QUERY_UNBALANCED_QUOTES");
    expect(await code("梅花鹿 doc:")).toBe("QUERY_EMPTY_FILTER");
    expect(await code("梅花鹿 doc:不存在的文件名")).toBe("QUERY_BAD_FILTER");
    expect(await code("梅花鹿 in:第九十九章")).toBe("QUERY_BAD_FILTER");
    expect(await code("-梅花鹿")).toBe("QUERY_ONLY_NEGATIVE");
    await expect(engine.search("梅花鹿", { limit: 0 })).rejects.toThrow(ZhangjieError);
    await expect(engine.search("梅花鹿", { offset: -1 })).rejects.toThrow(ZhangjieError);
  });
});

describe("ranking and results", () => {
  it("limit defaults to 20 and is capped at 1000; offset pages through", async () => {
    const res = await engine.search("发展");
    expect(res.hits).toHaveLength(20);
    expect(res.total).toBeGreaterThan(40);
    expect((await engine.search("发展", { limit: 5000 })).hits.length).toBe(Math.min(1000, res.total));
    const page2 = await engine.search("发展", { offset: 20 });
    expect(page2.hits[0]!.id).toBe((await all("发展")).hits[20]!.id);
  });

  it("scores descend; equal scores go to the higher level, then stay in document order", async () => {
    const res = await all("科技");
    for (let i = 1; i < res.hits.length; i++) expect(res.hits[i]!.score).toBeLessThanOrEqual(res.hits[i - 1]!.score);
    const order = new Map(docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.id))).map((id, i) => [id, i]));
    const levels = ["national", "province", "prefecture", "county", "unknown"];
    let ties = 0;
    for (let i = 1; i < res.hits.length; i++) {
      const [a, b] = [res.hits[i - 1]!, res.hits[i]!];
      if (a.score !== b.score) continue;
      ties++;
      const la = levels.indexOf(a.level);
      const lb = levels.indexOf(b.level);
      expect(lb).toBeGreaterThanOrEqual(la);
      if (la === lb) expect(order.get(b.id)!).toBeGreaterThan(order.get(a.id)!);
    }
    expect(ties).toBeGreaterThan(0);
  });

  it("terms close together and in headings rank higher", async () => {
    // adjacency: a passage with 科技成果 side by side beats one with 科技 … 成果 far apart
    const res = await all("科技 成果");
    const adjacent = res.hits.findIndex((h) => has(h.text, "科技成果"));
    const apart = res.hits.findIndex((h) => !has(h.text, "科技成果"));
    expect(adjacent).toBeGreaterThanOrEqual(0);
    expect(apart).toBeGreaterThan(adjacent);
    // heading: the chapter heading 第四章 推进关键核心技术攻关 is the first hit for its own title
    expect((await all("关键核心技术攻关")).hits[0]!.path.at(-1)?.title).toContain("关键核心技术攻关");
  });

  it("editions are one hit on the primary edition, naming the other edition's passage", async () => {
    const res = await all("揭榜挂帅");
    const jl = jilinPlan();
    const primaryEd = jl.editions.find((e) => e.primary)!;
    const secondary = jl.editions.find((e) => !e.primary)!;
    const jlHits = res.hits.filter((h) => h.docId === jl.id);
    expect(jlHits).toHaveLength(3);
    for (const h of jlHits) {
      expect(h.editionId).toBe(primaryEd.id);
      expect(h.otherEditions).toHaveLength(1);
      expect(h.otherEditions[0]!.editionId).toBe(secondary.id);
      expect(has((await engine.passage(h.otherEditions[0]!.passageId))!.passage.text, "揭榜挂帅")).toBe(true);
    }
    expect(res.hits.filter((h) => h.docId === yanbianPlan().id)).toHaveLength(1);
    expect(res.total).toBe(4);
  });

  it("highlights are exact offsets into the displayed text, also where width folding applied", async () => {
    const res = await all("２０３０");
    expect(res.total).toBe((await all("2030")).total);
    for (const h of res.hits) {
      expect(h.highlights.length).toBeGreaterThan(0);
      for (const [a, b] of h.highlights) expect(norm(h.text.slice(a, b))).toBe("2030");
    }
    const rd = await all("r&d");
    const fullWidth = rd.hits.find((h) => h.highlights.some(([a, b]) => h.text.slice(a, b) !== h.text.slice(a, b).normalize("NFKC")));
    for (const h of rd.hits) for (const [a, b] of h.highlights) expect(norm(h.text.slice(a, b))).toBe("r&d");
    expect(rd.total).toBeGreaterThan(0);
    void fullWidth;
  });

  it("citations and URLs a researcher can paste", async () => {
    const res = await all("揭榜挂帅 六新产业");
    const h = res.hits[0]!;
    expect(h.citation).toBe("《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）第四章第二节“攻关关键技术支撑产业发展”");
    expect(h.url).toBe(`/doc/${h.docId}#p-${h.id}`);
    const yb = (await all(`揭榜挂帅 doc:${yanbianPlan().id}`)).hits[0]!;
    expect(yb.citation.startsWith(`《${yanbianPlan().title}》`)).toBe(true);
  });

  it("facets count every match by document and by chapter", async () => {
    const res = await all("梅花鹿");
    expect(res.facets.docs.reduce((s, d) => s + d.count, 0)).toBe(res.total);
    const chapterTotal = res.facets.chapters.reduce((s, c) => s + c.count, 0);
    expect(chapterTotal).toBe(res.hits.filter((h) => h.path.length > 0).length);
    const small = await engine.search("梅花鹿", { limit: 1 });
    expect(small.facets).toEqual(res.facets);
  });

  it("a filter alone lists the passages it admits, in document order", async () => {
    const res = await all(`in:第四章 doc:${yanbianPlan().id}`);
    expect(res.total).toBeGreaterThan(3);
    for (const h of res.hits) expect(h.path[0]?.label).toBe("第四章");
  });
});

describe("similarity mode", () => {
  // Checked by eye: the Yanbian clause adapts the Jilin one (drops 我省 and the 一主六双 sentence, 全省 → 全州).
  const clauseStart = "“十四五”期间，国内外科技要素流动速度";
  const sourceStart = "“十四五”期间，国内外科技要素流动速度";

  it("a clause pasted from the Yanbian plan returns that clause first and its Jilin source within the top 3", async () => {
    const yb = yanbianPlan().editions[0]!.passages.find((p) => p.text.startsWith(clauseStart))!;
    const src = jilinPlan().editions[0]!.passages.find((p) => p.text.startsWith(sourceStart))!;
    expect(yb && src).toBeTruthy();
    expect(yb.text).toContain("全州");
    expect(src.text).toContain("全省");
    const res = await engine.search(yb.text.slice(0, 1000));
    expect(res.mode).toBe("similar");
    expect(res.hits[0]!.id).toBe(yb.id);
    expect(res.hits.slice(0, 3).map((h) => h.id)).toContain(src.id);
    expect(res.hits[0]!.highlights.length).toBeGreaterThan(0);
  });

  it("more Yanbian clauses adapted from the Jilin plan find themselves first and their source in the top 3", async () => {
    const jl = jilinPlan();
    // clauses whose strongest echo is a Jilin-plan passage sharing at least half of the text
    let tested = 0;
    for (const p of yanbianPlan().editions[0]!.passages) {
      if (p.kind !== "paragraph" || p.text.length < 60 || p.text.length > 1000) continue;
      const echo = (await engine.echoesOf(p.id, 1))[0];
      if (!echo || echo.docId !== jl.id || echo.similarity < 0.5 || echo.similarity > 0.95) continue;
      const res = await engine.search(p.text);
      expect(res.hits[0]!.id, p.text.slice(0, 30)).toBe(p.id);
      const top3 = res.hits.slice(0, 3).flatMap((h) => [h.id, ...h.otherEditions.map((o) => o.passageId)]);
      expect(top3, p.text.slice(0, 30)).toContain(echo.id);
      tested++;
    }
    console.log(`similarity: ${tested} adapted Yanbian clauses found themselves first and their Jilin source in the top 3`);
    expect(tested).toBeGreaterThanOrEqual(5);
  });

  it("a terms query without an AND match answers nothing, and offers similar passages apart", async () => {
    const res = await engine.search("梅花鹿 量子引力");
    expect(res).toMatchObject({ mode: "terms", reason: "no-match", total: 0, matched: 0, hits: [], terms: [["梅花鹿"], ["量子引力"]] });
    expect(res.similar!.hits.length).toBeGreaterThan(0);
    expect(res.similar!.hits.length).toBeLessThanOrEqual(5);
    // the offer is not a result: none of them holds both terms
    for (const h of res.similar!.hits) expect(has(h.text, "梅花鹿") && has(h.text, "量子引力")).toBe(false);
    expect((await engine.search("梅花鹿 量子引力", { similar: false })).similar).toBeUndefined();
  });
});

describe("width folding in a corpus written in full-width characters", () => {
  it("a half-width query finds full-width text and highlights the characters as displayed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-fw-"));
    fs.writeFileSync(
      path.join(dir, "fullwidth-plan.txt"),
      "某市科技发展规划\n\n第一章　总体要求\n\n到２０３０年，全市研究与试验发展（Ｒ＆Ｄ）经费投入强度达到２．５％，建成ＣＨＴＥＭ－ＩＩ平台。\n",
    );
    const { engine: fw, cacheDir: fwCache } = await openTestEngine(dir);
    onTestFinished(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(fwCache, { recursive: true, force: true });
    });
    for (const [q, shown] of [
      ["2030", "２０３０"],
      ["r&d", "Ｒ＆Ｄ"],
      ["CHTEM-II", "ＣＨＴＥＭ－ＩＩ"],
      ["2.5%", "２．５％"],
    ] as const) {
      const res = await fw.search(q);
      expect(res.total, q).toBe(1);
      const h = res.hits[0]!;
      expect(h.highlights.map(([a, b]) => h.text.slice(a, b)), q).toEqual([shown]);
    }
  });
});
