// Pins the table-driven foldText (src/analysis/fold.ts, sped up after the ×100 profile) to the
// per-character definition: same output for every UTF-16 code unit, lone surrogates included.
import { describe, expect, it } from "vitest";
import { foldChar, foldText } from "../../src/analysis/fold.ts";

const slow = (s: string) => {
  let o = "";
  for (let i = 0; i < s.length; i++) o += foldChar(s[i]!);
  return o;
};

describe("foldText", () => {
  it("equals foldChar applied to each code unit, for every code unit", () => {
    for (let c = 0; c < 65536; c++) {
      const s = `a${String.fromCharCode(c)}Ｂ`;
      if (foldText(s) !== slow(s)) throw new Error(`differs at U+${c.toString(16)}`);
    }
  });
  it("keeps length and offsets, folds width and case, keeps astral characters and lone surrogates", () => {
    expect(foldText("２０２５年Ｒ＆Ｄ“十四五”")).toBe('2025年r&d"十四五"');
    expect(foldText("已折叠的文本")).toBe("已折叠的文本");
    const astral = "𐐀Ａ\ud800Ｂ";
    expect(foldText(astral)).toBe(slow(astral));
    expect(foldText(astral).length).toBe(astral.length);
    const long = "Ａ".repeat(20000) + "\udc00";
    expect(foldText(long)).toBe(slow(long));
  });
});
