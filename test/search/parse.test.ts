import { describe, expect, it } from "vitest";
import { parseQuery, PARSES_KEPT } from "../../src/search/parse.ts";
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

describe("parses kept", () => {
  it("a query asked again is the same frozen parse; one pushed out by PARSES_KEPT others is parsed anew, equal", () => {
    const q = "碳达峰 梅花鹿|人参 -鹿茸 level:省";
    const first = parseQuery(q);
    expect(parseQuery(q)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.clauses)).toBe(true);
    for (let i = 0; i < PARSES_KEPT; i++) parseQuery(`科技 ${i}`);
    const again = parseQuery(q);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("a recent use keeps a parse: the least recently used one goes first", () => {
    const q = "黑土地 保护";
    const first = parseQuery(q);
    for (let i = 0; i < PARSES_KEPT * 2; i++) {
      parseQuery(`创新 ${i}`);
      if (i % 8 === 0) expect(parseQuery(q)).toBe(first);
    }
  });

  it("a bad query is refused every time, never kept", () => {
    expect(() => parseQuery("")).toThrow();
    expect(() => parseQuery("")).toThrow();
  });
});

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
    // outside quotes punctuation separates terms, as a space does (a dash inside a term is not an
    // operator); connectors inside Latin/number runs and symbols that carry meaning stay
    expect(needles("2021-2035 碳达峰，")).toEqual([
      { neg: false, alts: ["2021"] },
      { neg: false, alts: ["2035"] },
      { neg: false, alts: ["碳达峰"] },
    ]);
    expect(needles("规定时，构成")).toEqual([
      { neg: false, alts: ["规定时"] },
      { neg: false, alts: ["构成"] },
    ]);
    expect(needles("；构")).toEqual([{ neg: false, alts: ["构"] }]);
    expect(needles("2.5% r&d CHTEM-II c++")).toEqual([
      { neg: false, alts: ["2.5%"] },
      { neg: false, alts: ["r&d"] },
      { neg: false, alts: ["chtem-ii"] },
      { neg: false, alts: ["c++"] },
    ]);
    // inside quotes every character counts, punctuation included (width-folded), spaces excepted
    expect(needles('"规定时，"')).toEqual([{ neg: false, alts: ["规定时,"] }]);
    expect(needles("“（一）不可抗力；”")).toEqual([{ neg: false, alts: ["(一)不可抗力;"] }]);
    expect(needles('"吉政发〔2022〕11号"')).toEqual([{ neg: false, alts: ["吉政发(2022)11号"] }]);
    // a minus sign excludes the first term of its word only; | binds alternatives within a word
    expect(needles("碳达峰 -碳中和，目标")).toEqual([
      { neg: false, alts: ["碳达峰"] },
      { neg: true, alts: ["碳中和"] },
      { neg: false, alts: ["目标"] },
    ]);
    expect(needles("科技，人才|平台")).toEqual([
      { neg: false, alts: ["科技"] },
      { neg: false, alts: ["人才", "平台"] },
    ]);
  });

  it("every filter field, and traditional characters folded in a term", () => {
    const p = parseQuery("揭榜掛帥 region:延边 level:省 type:规划 date:2021..2022 status:现行 version:all -doc:x");
    expect(p.filters.map((f) => [f.field, f.needle, f.negated])).toEqual([
      ["region", "延边", false],
      ["level", "省", false],
      ["type", "规划", false],
      ["date", "2021..2022", false],
      ["status", "现行", false],
      ["version", "all", false],
      ["doc", "x", true],
    ]);
    expect(p.clauses[0]!.alternatives[0]!.needle).toBe("揭榜挂帅");
  });

  it("filters doc: and in:, plain or quoted, full-width colon too", () => {
    const p = parseQuery('人参 doc:延边 in："第四章" IN：专栏');
    expect(p.filters.map((f) => [f.field, f.needle])).toEqual([
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
