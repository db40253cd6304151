/**
 * Facet and "remove filter" links are made by cutting the query at the spans the parser recorded
 * (src/search/query-text.ts) and by printing a value so that the parser reads it back whole. A
 * rewritten query must never keep half a filter or a stray quote (every link built from it would be
 * a 400), and a printed value must read back as itself.
 */
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/parse.ts";
import { filterToken, narrowedQuery, plainFilterToken, withoutFilters } from "../../src/search/query-text.ts";

const filters = (q: string) => parseQuery(q).filters.map((f) => ({ field: f.field, value: f.value, negated: f.negated, text: q.slice(f.span[0], f.span[1]) }));

describe("filters in the query text", () => {
  it("reads quoted values whole, full-width colons, upper case, exclusions, and records where each filter stands", () => {
    expect(filters('创新 in:"第四章 推进" DOC：吉林 in:“专栏 一” -region:延边')).toEqual([
      { field: "in", value: "第四章 推进", negated: false, text: 'in:"第四章 推进"' },
      { field: "doc", value: "吉林", negated: false, text: "DOC：吉林" },
      { field: "in", value: "专栏 一", negated: false, text: "in:“专栏 一”" },
      { field: "region", value: "延边", negated: true, text: "-region:延边" },
    ]);
    // a plain value runs to the next space, quotes included; a quoted value ends at its closing quote
    expect(filters("创新 doc:吉林省科学技术发展“十四五”规划")[0]!.value).toBe("吉林省科学技术发展“十四五”规划");
    expect(filters("创新 doc:“十四五”科技规划")[0]!.value).toBe("“十四五”科技规划");
    expect(filters('创新 in:"一、总体要求" 人才')[0]!.value).toBe("一、总体要求");
  });

  it("removes a filter without leaving half of it behind", () => {
    const q = '创新 in:"第四章 推进" doc:"吉林省 科学" level:省';
    const p = parseQuery(q);
    expect(withoutFilters(q, [p.filters[0]!])).toBe('创新 doc:"吉林省 科学" level:省');
    expect(withoutFilters(q, [p.filters[1]!])).toBe('创新 in:"第四章 推进" level:省');
    expect(withoutFilters(q, p.filters)).toBe("创新");
  });

  it("narrows by replacing the filters of a field whose values are alternatives, adding to the others", () => {
    const q = "创新 doc:甲 doc:乙 in:第一章";
    const p = parseQuery(q);
    expect(narrowedQuery(q, p, "doc:乙", ["doc"])).toBe("创新 in:第一章 doc:乙");
    expect(narrowedQuery(q, p, 'in:"二、任务"', [])).toBe('创新 doc:甲 doc:乙 in:第一章 in:"二、任务"');
    // exclusions stay
    const q2 = "创新 -doc:丙 doc:甲";
    expect(narrowedQuery(q2, parseQuery(q2), "doc:丁", ["doc"])).toBe("创新 -doc:丙 doc:丁");
  });

  it("prints every heading or title so that the parser reads back the same value", () => {
    for (const value of ["一、总体要求", "第四章 推进关键核心技术攻关", "（一）“十四五”时期发展成就", '推进"揭榜挂帅"', "专栏 3", "›一、总体要求", "吉政办发〔2022〕14号", "“十四五”科技规划"]) {
      for (const token of [filterToken("in", value), plainFilterToken("doc", value)]) {
        const q = `创新 ${token} 人才`;
        const p = parseQuery(q);
        expect(p.filters, q).toHaveLength(1);
        expect(p.filters[0]!.value.replace(/\s+/g, ""), q).toBe(value.replace(/\s+/g, ""));
        expect(p.clauses.map((c) => c.alternatives[0]!.raw), q).toEqual(["创新", "人才"]);
      }
    }
  });
});
