/**
 * Every facet link filters exactly the passages its facet counted: for every value of every facet of
 * several queries — documents, chapters, regions, levels, types, years, statuses — the facet's query
 * matches as many passages as the facet said, all of them carrying that value. On the seeds and on
 * the regulation fixtures. The filters print readably (never an opaque id).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchFacets, SearchResponse } from "../../src/search/types.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { openTestEngine } from "../support/real-engine.ts";
import { regulationCorpus, searcherFor } from "./helpers.ts";

type Search = (q: string) => SearchResponse | Promise<SearchResponse>;

/** Follows every facet link of `q` and checks its count; returns how many links were followed. */
async function roundTrip(search: Search, q: string): Promise<number> {
  const res = await search(q);
  let followed = 0;
  for (const [name, list] of Object.entries(res.facets) as [keyof SearchFacets, SearchFacets[keyof SearchFacets]][]) {
    expect(list.length, `${q}: ${name}`).toBe(res.facetTotals[name]); // nothing cut on these corpora
    for (const f of list) {
      const narrowed = await search(f.query);
      expect(narrowed.matched, `${q} → ${f.query} (${name})`).toBe(f.count);
      expect(f.query).toContain(f.filter);
      expect(f.filter).not.toMatch(/doc:doc-[0-9a-f]{10}/); // never an opaque id
      // the narrowed query's own facet for this value is active and counts the same
      const again = (narrowed.facets[name] as typeof list).find((g) => g.filter === f.filter);
      expect(again?.count, `${f.query}: ${name} again`).toBe(f.count);
      followed++;
    }
    // a facet's values cover every match once (chapters: every match under a heading)
    if (name !== "chapters") expect(list.reduce((n, f) => n + f.count, 0), `${q}: ${name} sum`).toBe(res.matched);
  }
  return followed;
}

describe("facet links on the seeds", () => {
  let engine: Engine;
  let cacheDir: string;
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("every facet link of several queries returns exactly the facet's count", async () => {
    const search: Search = (q) => engine.search(q, { limit: 1 });
    let followed = 0;
    for (const q of ["梅花鹿", "科技 创新", "碳达峰 OR 人才", "in:一", "技术 -创新", "“十四五”", "发展 level:省", "科技 region:延边", "平台 date:2022"]) followed += await roundTrip(search, q);
    console.log(`facet round trip on the seeds: ${followed} links followed`);
    expect(followed).toBeGreaterThan(150);
  });

  it("the chapter facet 一、总体要求 names the heading exactly (in:一 is not every label holding 一)", async () => {
    const res = await engine.search("梅花鹿");
    const ch = res.facets.chapters.find((c) => c.label === "一" && c.title === "总体要求")!;
    expect(ch.filter).toMatch(/^doc:\S+ in:"一、总体要求"$/);
    const narrowed = await engine.search(ch.query, { limit: 100 });
    expect(narrowed.matched).toBe(ch.count);
    for (const h of narrowed.hits) expect(h.path[0]).toMatchObject({ label: "一", title: "总体要求" });
    // in:一 is the headings labelled 一 (一、), anywhere in a path — not 三、（十一） or （二十一）
    for (const h of (await engine.search("in:一", { limit: 1000 })).hits) expect(h.path.some((p) => p.label === "一")).toBe(true);
  });
});

describe("facet links on the regulation fixtures", () => {
  let s: Searcher;
  beforeAll(async () => {
    s = searcherFor(await regulationCorpus());
  });

  it("every facet link returns exactly the facet's count, versions included", async () => {
    let followed = 0;
    for (const q of ["农业技术", "第十一条", "专利代理", "人民法院 OR 推广", "职责 version:all", "date:2012"]) followed += await roundTrip((q) => s.search(q, { limit: 1 }), q);
    expect(followed).toBeGreaterThan(60);
  });
});
