import { describe, expect, it } from "vitest";
import { ZhangjieError } from "../../src/errors.ts";
import { intParam, optionalId, pageParams, searchQuery, validId } from "../../src/web/params.ts";
import { filtersOf, narrowed, withoutFilters } from "../../src/web/search-page.ts";
import { titleSimilarity } from "../../src/web/compare-page.ts";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof ZhangjieError ? e.code : "OTHER";
  }
  return undefined;
}

describe("ids", () => {
  it("accepts URL-safe ids in any script", () => {
    for (const id of ["jilin-st-plan", "doc_1~gazette.md", "吉林省科技规划", "a:b", "x".repeat(200)]) expect(validId(id)).toBe(id);
  });
  it("refuses traversal, separators, control characters, empties, arrays and over-long ids", () => {
    for (const id of ["../etc/passwd", "..", ".hidden", "a/b", "a\\b", "a b", "a\u0000b", "", "x".repeat(201), "%2e%2e"]) {
      expect(code(() => validId(id)), JSON.stringify(id)).toBe("BAD_PARAMETER");
    }
    expect(code(() => validId(["a", "b"]))).toBe("BAD_PARAMETER");
    expect(code(() => validId(undefined))).toBe("BAD_PARAMETER");
    expect(optionalId(undefined, "p")).toBeUndefined();
    expect(optionalId("", "p")).toBeUndefined();
  });
});

describe("numbers", () => {
  it("parses limit and offset within bounds", () => {
    expect(pageParams({})).toEqual({ limit: 20, offset: 0 });
    expect(pageParams({ limit: "1000", offset: "40" })).toEqual({ limit: 1000, offset: 40 });
    for (const limit of ["0", "1001", "-1", "1e3", "0x10", "abc", "2.5"]) expect(code(() => pageParams({ limit }))).toBe("BAD_PARAMETER");
    expect(intParam(" 7 ", "page", 1, 1, 10)).toBe(7);
  });
});

describe("queries", () => {
  it("limits length and removes control characters", () => {
    expect(searchQuery(undefined)).toBe("");
    expect(searchQuery("梅花鹿\u0000\n产业")).toBe("梅花鹿  产业");
    expect(code(() => searchQuery("x".repeat(1001)))).toBe("QUERY_TOO_LONG");
    expect(code(() => searchQuery(["a", "b"]))).toBe("BAD_PARAMETER");
  });
  it("rewrites doc:/in: filters for facets", () => {
    expect(filtersOf("碳达峰 doc:jilin in:第四章")).toEqual([
      { kind: "doc", value: "jilin" },
      { kind: "in", value: "第四章" },
    ]);
    expect(narrowed("碳达峰 doc:old", [{ kind: "doc", value: "new" }])).toBe("碳达峰 doc:new");
    expect(narrowed("碳达峰 in:第一章", [{ kind: "doc", value: "d" }, { kind: "in", value: "第 二章" }])).toBe("碳达峰 doc:d in:第二章");
    expect(withoutFilters("doc:x 梅花鹿 in:y", ["doc"])).toBe("梅花鹿 in:y");
  });
});

describe("title similarity", () => {
  it("pairs plans of the same name at different levels", () => {
    const a = "延边州科学技术发展“十四五”规划";
    expect(titleSimilarity(a, "吉林省科学技术发展“十四五”规划")).toBeGreaterThan(0.6);
    expect(titleSimilarity(a, "吉林省人民政府关于印发吉林省促进民营经济发展若干措施的通知")).toBeLessThan(0.5);
  });
});
