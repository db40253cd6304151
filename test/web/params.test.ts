import { describe, expect, it } from "vitest";
import { ZhangjieError } from "../../src/errors.ts";
import { formatParam, intParam, optionalId, pageParams, searchQuery, sortParam, validId } from "../../src/web/params.ts";
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
  it("reads sort and format", () => {
    expect(sortParam(undefined)).toBe("relevance");
    expect(sortParam("newest")).toBe("newest");
    expect(code(() => sortParam("random"))).toBe("BAD_PARAMETER");
    expect(formatParam(undefined)).toBe("json");
    expect(formatParam("xlsx")).toBe("xlsx");
    expect(code(() => formatParam("pdf"))).toBe("BAD_PARAMETER");
  });
});

describe("title similarity", () => {
  it("pairs plans of the same name at different levels", () => {
    const a = "延边州科学技术发展“十四五”规划";
    expect(titleSimilarity(a, "吉林省科学技术发展“十四五”规划")).toBeGreaterThan(0.6);
    expect(titleSimilarity(a, "吉林省人民政府关于印发吉林省促进民营经济发展若干措施的通知")).toBeLessThan(0.5);
  });
});
