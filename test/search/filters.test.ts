/**
 * The metadata filters (region, level, type, date, status, version) and the sorts, on the seeds and
 * on the regulation fixtures: each admits exactly the passages whose document (or version) has the
 * value, and each sort orders the whole result set as it says.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { ZhangjieError, type ErrorCode } from "../../src/errors.ts";
import type { SearchHit, SearchResponse } from "../../src/search/types.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { regulationCorpus, searcherFor } from "./helpers.ts";

async function codeOf(f: () => unknown): Promise<ErrorCode | null> {
  try {
    await f();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ZhangjieError);
    return (e as ZhangjieError).code;
  }
}

/** Every passage a response stands for: its hits and the identical passages folded into them. */
const everyDoc = (res: SearchResponse) => new Set(res.hits.flatMap((h) => [h.docId, ...h.alsoIn.map((a) => a.docId)]));

describe("filters on the seeds", () => {
  let engine: Engine;
  let docs: DocumentRecord[];
  let cacheDir: string;
  const all = (q: string) => engine.search(q, { limit: 1000 });
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
    docs = await fullDocuments(engine);
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("region: matches a part of the name, in its full or short form", async () => {
    const yanbian = docs.filter((d) => d.region === "延边朝鲜族自治州").map((d) => d.id);
    expect(yanbian.length).toBe(1);
    for (const q of ["科技 region:延边", "科技 region:延边州", "科技 region:延边朝鲜族自治州"]) {
      const res = await all(q);
      expect(res.matched, q).toBeGreaterThan(0);
      expect([...everyDoc(res)], q).toEqual(yanbian);
    }
    const jilin = await all("科技 region:吉林省");
    expect([...everyDoc(jilin)].every((id) => docs.find((d) => d.id === id)!.region === "吉林省")).toBe(true);
    expect(jilin.matched + (await all("科技 region:延边")).matched).toBe((await all("科技")).matched);
    expect((await all("科技 -region:延边")).matched).toBe(jilin.matched);
    expect(await codeOf(() => engine.search("科技 region:不存在的地方"))).toBe("QUERY_BAD_FILTER");
  });

  it("level: 省 / 市州 / 国家, and an unknown level word is a 400", async () => {
    const province = await all("科技 level:省");
    const prefecture = await all("科技 level:市州");
    expect(province.matched + prefecture.matched).toBe((await all("科技")).matched);
    for (const h of province.hits) expect(h.level).toBe("province");
    for (const h of prefecture.hits) expect(h.level).toBe("prefecture");
    expect((await all("科技 level:国家")).matched).toBe(0); // a valid level no seed has: nothing, not an error
    expect((await all("科技 level:省 level:市州")).matched).toBe((await all("科技")).matched); // several values: either
    expect(await codeOf(() => engine.search("科技 level:乡"))).toBe("QUERY_BAD_FILTER_VALUE");
  });

  it("date: years, months, ranges with open ends, 未知", async () => {
    const dated = docs.filter((d) => d.date?.startsWith("2022")).map((d) => d.id).sort();
    expect(dated.length).toBeGreaterThan(0);
    const y2022 = await all("科技 date:2022");
    expect([...everyDoc(y2022)].sort().every((id) => dated.includes(id))).toBe(true);
    expect((await all("科技 date:2022..")).matched).toBe(y2022.matched);
    expect((await all("科技 date:2021..2022")).matched).toBe(y2022.matched);
    expect((await all("科技 date:..2021")).matched).toBe(0);
    const unknown = await all("科技 date:未知");
    for (const h of unknown.hits) expect((await engine.doc(h.docId))!.date).toBeNull();
    expect(unknown.matched + y2022.matched).toBe((await all("科技")).matched);
    // a month range: the documents dated in it
    const month = docs.find((d) => d.date)!.date!.slice(0, 7);
    for (const h of (await all(`科技 date:${month}..${month}`)).hits) expect(h.date!.slice(0, 7)).toBe(month);
    for (const bad of ["date:2022-13", "date:2022..2021", "date:昨天", "date:.."]) expect(await codeOf(() => engine.search(`科技 ${bad}`)), bad).toBe("QUERY_BAD_FILTER_VALUE");
  });

  it("type: and status: say 未知 where the documents do not say", async () => {
    // every seed document's type is read from its title (规划, 方案, 意见): none is 未知
    expect(docs.every((d) => d.type)).toBe(true);
    expect((await all("科技 type:未知")).matched).toBe(0);
    expect((await all("科技 type:规划")).matched + (await all("科技 type:方案")).matched + (await all("科技 type:意见")).matched).toBe((await all("科技")).matched);
    expect((await all("科技 status:未知")).matched).toBe((await all("科技")).matched);
    expect(await codeOf(() => engine.search("科技 type:不存在的类型"))).toBe("QUERY_BAD_FILTER");
    expect(await codeOf(() => engine.search("科技 status:有时有效"))).toBe("QUERY_BAD_FILTER_VALUE");
  });

  it("sorts: newest and oldest by date (unknown last), document order, relevance", async () => {
    const key = (h: SearchHit) => h.date ?? "";
    const n = await engine.search("科技", { limit: 1000, sort: "newest" });
    const o = await engine.search("科技", { limit: 1000, sort: "oldest" });
    const d = await engine.search("科技", { limit: 1000, sort: "document" });
    const r = await engine.search("科技", { limit: 1000 });
    for (const res of [n, o, d]) expect(res.total).toBe(r.total);
    const known = (hs: SearchHit[]) => hs.filter((h) => h.date);
    expect(known(n.hits).map(key)).toEqual(known(n.hits).map(key).sort().reverse());
    expect(known(o.hits).map(key)).toEqual(known(o.hits).map(key).sort());
    for (const res of [n, o]) {
      const firstUnknown = res.hits.findIndex((h) => !h.date);
      if (firstUnknown >= 0) expect(res.hits.slice(firstUnknown).every((h) => !h.date)).toBe(true);
    }
    const order = new Map(docs.flatMap((doc) => doc.editions.flatMap((e) => e.passages.map((p) => p.id))).map((id, i) => [id, i]));
    const ords = d.hits.map((h) => order.get(h.id)!);
    expect(ords).toEqual([...ords].sort((a, b) => a - b));
    expect(d.sort).toBe("document");
    // a page of a sorted result carries each hit's relevance score, the one the relevance sort gives it
    await engine.search("梅花鹿"); // another query in between must not leave its terms behind
    const relevance = new Map(r.hits.map((h) => [h.id, h.score]));
    for (const h of (await engine.search("科技", { limit: 20, sort: "newest" })).hits) expect(h.score).toBe(relevance.get(h.id));
  });
});

describe("filters on the regulation fixtures", () => {
  let s: Searcher;
  let docs: DocumentRecord[];
  beforeAll(async () => {
    docs = await regulationCorpus();
    s = searcherFor(docs);
  });
  const all = (q: string) => s.search(q, { limit: 1000 });

  it("type: the document type exactly", () => {
    for (const [q, title] of [
      ["职责 type:法", "中华人民共和国农业技术推广法"],
      ["职责 type:办法", "上海市实施《中华人民共和国农业技术推广法》办法"],
      ["专利 type:条例", "专利代理条例"],
    ] as const) {
      const res = all(q);
      expect(res.matched, q).toBeGreaterThan(0);
      for (const h of res.hits) expect(h.docTitle, q).toBe(title);
    }
    expect(all("信息 type:解释").matched).toBeGreaterThan(0);
  });

  it("level: 国家 and 省 split the national laws from the Shanghai measure", () => {
    const national = all("农业技术推广 level:国家");
    const province = all("农业技术推广 level:省");
    expect(national.matched + province.matched).toBe(all("农业技术推广").matched);
    expect([...everyDoc(province)].map((id) => s.search(`doc:${id}`).hits[0]!.docTitle)).toEqual(["上海市实施《中华人民共和国农业技术推广法》办法"]);
  });

  it("date: a versioned document is dated by its version; status: an older version counts as 已修改", () => {
    expect([...everyDoc(all("date:..2020 专利"))].length).toBe(1); // the patent regulation, 2018
    expect(all("信息 date:2021").matched).toBeGreaterThan(0);
    const old = all("version:all date:2012");
    const e2012 = docs.flatMap((d) => d.editions).find((e) => e.version?.date === "2012-08-31")!;
    expect(old.matched).toBe(e2012.passages.length); // every passage of the 2012 version, shown apart
    for (const h of old.hits) expect(h.version).toMatchObject({ date: "2012-08-31", current: false });
    expect(all("version:all status:已修改").matched).toBe(old.matched);
    // without version:all, the older version shows only where its text differs from the version in force
    const onlyOld = all("status:已修改");
    expect(onlyOld.matched).toBeGreaterThan(0);
    expect(onlyOld.matched).toBeLessThan(old.matched);
    for (const h of onlyOld.hits) expect(h.version!.current).toBe(false);
    expect(all("农业技术推广 status:现行").hits.every((h) => !h.version || h.version.current)).toBe(true);
  });

  it("version: a version by year, the current one, or all of them apart", async () => {
    const v2012 = all("职责 version:2012");
    expect(v2012.matched).toBeGreaterThan(0);
    for (const h of v2012.hits) expect(h.version!.label).toBe("2012年修正");
    const current = all("职责 version:current");
    for (const h of current.hits) expect(!h.version || h.version.current).toBe(true);
    const apart = all("职责 version:all");
    expect(apart.matched).toBe(all("职责 version:2012").matched + all("职责 version:current").matched);
    expect(await codeOf(() => s.search("职责 version:1999"))).toBe("QUERY_BAD_FILTER");
  });

  it("sort: newest puts the 2024 law and the 2021 interpretation before the 2018 regulation, undated last", () => {
    const res = s.search("规定", { limit: 1000, sort: "newest" });
    const dates = res.hits.map((h) => h.date ?? "0000");
    expect(dates).toEqual([...dates].sort().reverse());
    const oldest = s.search("规定", { limit: 1000, sort: "oldest" }).hits.map((h) => h.date ?? "9999");
    expect(oldest).toEqual([...oldest].sort());
  });
});
