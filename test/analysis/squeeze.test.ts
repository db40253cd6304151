/** One squeeze rule for search and echoes: the same kept characters at the same display offsets. */
import { describe, expect, it } from "vitest";
import { foldCode } from "../../src/analysis/fold.ts";
import { contentLength, isIgnorableCode, squeeze, squeezeCodes, unsqueezeRange } from "../../src/analysis/squeeze.ts";
import { alignTexts } from "../../src/echo/align.ts";

const SAMPLES = [
  "加快建设创新型省份",
  "２０３５年远景目标　到２０３５年",
  "研究与试验发展（Ｒ＆Ｄ）经费投入强度达到２．５％",
  "梅\u200b花鹿\u200f养殖\u00ad基地\ufeff",
  "\u202e全省\u2060科技\u0000创新\t\n 投入 10 亿元\u00a0",
  "𠀀罕见字\ud800孤立代理",
  "",
  "\u200b\u3000 ",
];

/** Search's form (string + map) and echo's form (codes + positions) of one text, as comparable values. */
function bothForms(text: string) {
  const s = squeeze(text);
  const c = squeezeCodes(text);
  return {
    search: { kept: s.text, positions: Array.from({ length: s.text.length }, (_, i) => unsqueezeRange(s, i, i + 1)[0]) },
    echo: { kept: String.fromCharCode(...c.codes), positions: Array.from(c.map) },
  };
}

describe("squeeze", () => {
  it("gives search and echoes the same kept characters at the same display positions", () => {
    for (const text of SAMPLES) {
      const { search, echo } = bothForms(text);
      expect(search, JSON.stringify(text)).toEqual(echo);
    }
  });

  it("drops whitespace and invisible control/format characters, folds width, and keeps display offsets", () => {
    const text = "梅\u200b花鹿　２０３５\u00ad年";
    const { text: kept, map } = squeeze(text);
    expect(kept).toBe("梅花鹿2035年");
    expect(Array.from(map!)).toEqual([0, 2, 3, 5, 6, 7, 8, 10]);
    expect(squeezeCodes(text).codes.length).toBe(kept.length);
    expect(contentLength(text)).toBe(kept.length);
    // No map when nothing was dropped: squeezed offsets are display offsets.
    expect(squeeze("２０３５年").map).toBeNull();
  });

  it("classes a code unit the same before and after folding (so raw text can be counted directly)", () => {
    for (let c = 0; c < 0x10000; c++) {
      if (isIgnorableCode(c) !== isIgnorableCode(foldCode(c))) throw new Error(`U+${c.toString(16)} changes class when folded`);
    }
  });

  it("lets echo alignment ignore a zero-width space: the clause with and without it align completely", () => {
    const plain = "加快建设具有全国影响力的区域科技创新中心";
    const marked = "加快建设\u200b具有全国影响力的\u200f区域科技创新中心";
    const al = alignTexts(plain, marked);
    expect(al.similarity).toBe(1);
    expect(al.matched).toBe(plain.length);
    // One unbroken span: an invisible character is not an edit that splits the shared text.
    expect(al.spans).toEqual([{ a: [0, plain.length], b: [0, marked.length] }]);
  });
});
