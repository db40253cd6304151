import { describe, expect, it } from "vitest";
import { analyze, literalGrams, passageGrams } from "../../src/analysis/analyzer.ts";
import { squeeze, unsqueezeRange } from "../../src/analysis/squeeze.ts";

const toks = (s: string) => analyze(s).map((t) => [t.term, t.start, t.end] as const);

describe("analyzer", () => {
  it("keeps policy terms from the user dictionary whole, with offsets", () => {
    const s = "到2030年实现碳达峰，推进揭榜挂帅";
    expect(toks(s)).toEqual([
      ["到", 0, 1],
      ["2030", 1, 5],
      ["年", 5, 6],
      ["实现", 6, 8],
      ["碳达峰", 8, 11],
      ["推进", 12, 14],
      ["揭榜挂帅", 14, 18],
    ]);
  });

  it("segments every dictionary term named in the issue as one word", () => {
    for (const w of ["碳达峰", "碳中和", "揭榜挂帅", "长吉图", "一主六双", "专精特新", "放管服", "卡脖子", "双碳", "梅花鹿", "科技小巨人"]) {
      expect(analyze(`推动${w}发展`).map((t) => t.term)).toContain(w);
    }
  });

  it("keeps numbers and Latin whole, folds width and case, drops punctuation", () => {
    const s = "Ｒ＆Ｄ经费，CHTEM-II、V2X、5G，增加2.5亿元（２０２５年）";
    expect(toks(s)).toEqual([
      ["r&d", 0, 3],
      ["经费", 3, 5],
      ["chtem-ii", 6, 14],
      ["v2x", 15, 18],
      ["5g", 19, 21],
      ["增加", 22, 24],
      ["2.5", 24, 27],
      ["亿元", 27, 29],
      ["2025", 30, 34],
      ["年", 34, 35],
    ]);
    // offsets index the original (full-width) text
    expect(s.slice(30, 34)).toBe("２０２５");
  });

  it("splits number ranges but not hyphenated Latin names", () => {
    expect(analyze("2021-2035年").map((t) => t.term)).toEqual(["2021", "2035", "年"]);
    expect(analyze("CHTEM-II").map((t) => t.term)).toEqual(["chtem-ii"]);
  });

  it("treats the ideographic space and other whitespace as a separator", () => {
    expect(toks("第四章　推进关键核心技术攻关").slice(0, 2)).toEqual([
      ["第四章", 0, 3],
      ["推进", 4, 6],
    ]);
  });

  it("cuts out-of-vocabulary text into pieces that still cover it exactly", () => {
    const s = "珲春朝鲜族自治州鹿茸菇酱";
    const t = analyze(s);
    expect(t.map((x) => x.term).join("")).toBe(s);
    for (const x of t) expect(s.slice(x.start, x.end)).toBe(x.term);
  });

  it("handles very long input with offsets intact", () => {
    const unit = "加快推进梅花鹿产业高质量发展，实施揭榜挂帅制度。";
    const s = unit.repeat(4000); // 100,000 characters
    const t = analyze(s);
    expect(t.filter((x) => x.term === "梅花鹿")).toHaveLength(4000);
    for (const x of t) expect(s.slice(x.start, x.end).toLowerCase()).toBe(x.term);
    const long = "鹿".repeat(50_000); // one 50,000-character Han run
    expect(analyze(long).reduce((n, x) => n + x.end - x.start, 0)).toBe(50_000);
  });

  it("gives no tokens for punctuation-only or empty input", () => {
    expect(analyze("")).toEqual([]);
    expect(analyze("，。、；：“”（）——　 ")).toEqual([]);
  });
});

describe("character backstop", () => {
  it("squeezes whitespace away and maps ranges back to the original", () => {
    const s = "2035 年远景　目标";
    const sq = squeeze(s);
    expect(sq.text).toBe("2035年远景目标");
    const at = sq.text.indexOf("年远景目标");
    expect(unsqueezeRange(sq, at, at + 5)).toEqual([5, 11]);
    expect(s.slice(5, 11)).toBe("年远景　目标");
  });

  it("indexes unigrams and bigrams of word characters only", () => {
    expect([...passageGrams("碳达峰，5g")].sort()).toEqual(["5", "5g", "g", "峰", "碳", "碳达", "达", "达峰"].sort());
  });

  it("derives the grams a literal needs: bigrams per run, unigram for a lone character", () => {
    expect(literalGrams("碳达峰").sort()).toEqual(["碳达", "达峰"].sort());
    expect(literalGrams("鹿")).toEqual(["鹿"]);
    expect(literalGrams('"十四五"规划').sort()).toEqual(["十四", "四五", "规划"].sort());
    expect(literalGrams("，。")).toEqual([]);
  });
});
