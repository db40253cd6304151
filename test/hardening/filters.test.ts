/**
 * The search page rewrites doc:/in: filters to build facet and "remove filter" links. It must read
 * filters exactly as the query parser does (quoted values with spaces, full-width colons, any case),
 * or the rewritten query keeps a stray quote and every link built from it is a 400.
 */
import { describe, expect, it } from "vitest";
import { filterValue, filtersOf, narrowed, withoutFilters } from "../../src/web/search-page.ts";
import { parseQuery } from "../../src/search/parse.ts";

describe("filters in the query text", () => {
  it("reads quoted values whole, full-width colons and upper case", () => {
    expect(filtersOf('创新 in:"第四章 推进" DOC：吉林 in:“专栏 一”')).toEqual([
      { kind: "in", value: '"第四章 推进"' },
      { kind: "doc", value: "吉林" },
      { kind: "in", value: "“专栏 一”" },
    ]);
    // a value ends at a quote, as in the parser: in:第四章"关键" is a filter and a phrase
    expect(filtersOf('创新 in:第四章"关键"')).toEqual([{ kind: "in", value: "第四章" }]);
    // exclusions are not narrowing filters
    expect(filtersOf("创新 -in:专栏 -doc:x")).toEqual([]);
  });

  it("removes a quoted filter without leaving half of it behind", () => {
    expect(withoutFilters('in:"第四章 推进" 创新', ["in"])).toBe("创新");
    expect(withoutFilters('创新 doc:"吉林省 科学" in:第一章', ["doc"])).toBe("创新 in:第一章");
    expect(narrowed('创新 doc:"吉林省 科学"', [{ kind: "doc", value: "doc-1" }])).toBe("创新 doc:doc-1");
  });

  it("never writes a filter value the parser would read differently", () => {
    expect(filterValue("第四章")).toBe("第四章");
    expect(filterValue("第 四 章")).toBe("第四章");
    expect(filterValue("“十四五”时期发展成就")).toBe("时期发展成就");
    expect(filterValue('a"b')).toBe("a");
    for (const heading of ["“十四五”时期发展成就", '推进"揭榜挂帅"', "第四章", "专栏 3", "（一）", '"', "“”"]) {
      const q = narrowed('创新 in:"旧 的"', [{ kind: "in", value: heading }]);
      const parsed = parseQuery(q); // balanced quotes, no empty filter
      const ins = parsed.filters.filter((f) => f.kind === "in").map((f) => f.value);
      expect(ins.length, q).toBeLessThanOrEqual(1);
      if (ins.length) expect(heading.replace(/\s+/g, "")).toContain(ins[0]);
      expect(parsed.clauses.map((c) => c.alternatives[0]!.raw)).toEqual(["创新"]);
    }
  });
});
