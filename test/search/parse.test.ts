import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/parse.ts";
import { ZhangjieError, type ErrorCode } from "../../src/errors.ts";

function codeOf(q: string): ErrorCode | null {
  try {
    parseQuery(q);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ZhangjieError);
    expect((err as ZhangjieError).status).toBe(400);
    return (err as ZhangjieError).code;
  }
}

const needles = (q: string) => parseQuery(q).clauses.map((c) => ({ neg: c.negated, alts: c.alternatives.map((a) => a.needle) }));

describe("query parser", () => {
  it("AND, OR, | and NOT / -", () => {
    expect(needles("碳达峰 碳中和")).toEqual([
      { neg: false, alts: ["碳达峰"] },
      { neg: false, alts: ["碳中和"] },
    ]);
    expect(needles("梅花鹿 OR 人参 科技")).toEqual([
      { neg: false, alts: ["梅花鹿", "人参"] },
      { neg: false, alts: ["科技"] },
    ]);
    expect(needles("梅花鹿|人参｜林蛙")).toEqual([{ neg: false, alts: ["梅花鹿", "人参", "林蛙"] }]);
    expect(needles("碳达峰 -碳中和 NOT 能源")).toEqual([
      { neg: false, alts: ["碳达峰"] },
      { neg: true, alts: ["碳中和"] },
      { neg: true, alts: ["能源"] },
    ]);
  });

  it("phrases in ASCII or Chinese quotes keep inner spaces and punctuation; folding applies", () => {
    expect(needles('"第四章 推进"')).toEqual([{ neg: false, alts: ["第四章推进"] }]);
    expect(needles("“科技成果转化”")).toEqual([{ neg: false, alts: ["科技成果转化"] }]);
    expect(needles("２０３０ Ｒ＆Ｄ")).toEqual([
      { neg: false, alts: ["2030"] },
      { neg: false, alts: ["r&d"] },
    ]);
    // a dash inside a term is not an operator; edge punctuation is trimmed
    expect(needles("2021-2035 碳达峰，")).toEqual([
      { neg: false, alts: ["2021-2035"] },
      { neg: false, alts: ["碳达峰"] },
    ]);
  });

  it("filters doc: and in:, plain or quoted, full-width colon too", () => {
    const p = parseQuery('人参 doc:延边 in："第四章" IN：专栏');
    expect(p.filters.map((f) => [f.kind, f.needle])).toEqual([
      ["doc", "延边"],
      ["in", "第四章"],
      ["in", "专栏"],
    ]);
    expect(p.clauses).toHaveLength(1);
    expect(parseQuery("doc:延边").clauses).toHaveLength(0); // a filter alone lists its passages
  });

  it("long pasted text is a similarity query unless it uses operators or is one quoted phrase", () => {
    const clause = "以“六新产业”为主攻方向，围绕新一代信息技术、装备制造、新材料、新能源等领域开展攻关。探索实施“揭榜挂帅”制度";
    expect(parseQuery(clause).similar).toBe(true);
    expect(parseQuery(`"${clause.replace(/[“”]/g, "")}"`).similar).toBe(false);
    expect(parseQuery("碳达峰 碳中和").similar).toBe(false);
  });

  it("bad queries get their 400 codes", () => {
    expect(codeOf("")).toBe("QUERY_EMPTY");
    expect(codeOf("  \u3000 ")).toBe("QUERY_EMPTY");
    expect(codeOf("，。！？")).toBe("QUERY_NO_TERMS");
    expect(codeOf("“”")).toBe("QUERY_NO_TERMS");
    expect(codeOf("鹿".repeat(1001))).toBe("QUERY_TOO_LONG");
    expect(codeOf('"揭榜挂帅')).toBe("QUERY_UNBALANCED_QUOTES");
    expect(codeOf("“揭榜挂帅”“")).toBe("QUERY_UNBALANCED_QUOTES");
    expect(codeOf("人参 doc:")).toBe("QUERY_EMPTY_FILTER");
    expect(codeOf("人参 in: 第四章")).toBe("QUERY_EMPTY_FILTER");
    expect(codeOf("-碳中和")).toBe("QUERY_ONLY_NEGATIVE");
    expect(codeOf("NOT 碳中和")).toBe("QUERY_ONLY_NEGATIVE");
    expect(codeOf("鹿".repeat(1000))).toBeNull();
  });
});
