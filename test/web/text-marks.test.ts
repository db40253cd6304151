import { describe, expect, it } from "vitest";
import { coverage, diffPieces, excerpt, markRanges, percent } from "../../src/web/text-marks.ts";

describe("markRanges", () => {
  it("cuts text at [start, end) offsets", () => {
    expect(markRanges("发展梅花鹿产业", [[2, 5]])).toEqual([
      { text: "发展", mark: false },
      { text: "梅花鹿", mark: true },
      { text: "产业", mark: false },
    ]);
  });
  it("sorts, merges overlapping and adjacent ranges, and clamps out-of-bounds ones", () => {
    const pieces = markRanges("abcdefgh", [[5, 7], [0, 2], [1, 3], [3, 4], [6, 99], [-4, 0], [9, 12]]);
    expect(pieces).toEqual([
      { text: "abcd", mark: true },
      { text: "e", mark: false },
      { text: "fgh", mark: true },
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe("abcdefgh");
  });
  it("keeps text whole with no ranges, and handles empty text", () => {
    expect(markRanges("全文", [])).toEqual([{ text: "全文", mark: false }]);
    expect(markRanges("", [[0, 3]])).toEqual([{ text: "", mark: false }]);
  });
  it("measures coverage", () => {
    expect(coverage("abcd", [[0, 2], [1, 3]])).toBe(0.75);
    expect(coverage("", [])).toBe(0);
  });
});

describe("diffPieces", () => {
  it("shows a substitution as removed-then-added and keeps shared text", () => {
    const d = diffPieces("推动全省科技创新", "推动全州科技创新");
    expect(d).toEqual([
      { text: "推动全", kind: "same" },
      { text: "省", kind: "removed" },
      { text: "州", kind: "added" },
      { text: "科技创新", kind: "same" },
    ]);
  });
  it("reassembles both sides exactly", () => {
    const a = "加强基础研究，提升原始创新能力，推进关键核心技术攻关。";
    const b = "加强应用基础研究，提升自主创新能力，推动关键技术攻关和成果转化。";
    const d = diffPieces(a, b);
    expect(d.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(a);
    expect(d.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(b);
  });
});

describe("percent and excerpt", () => {
  it("formats similarities", () => {
    expect(percent(0.8734)).toBe("87%");
    expect(percent(1)).toBe("100%");
    expect(percent(0)).toBe("0%");
    expect(percent(0.004)).toBe("<1%");
    expect(percent(Number.NaN)).toBe("0%");
  });
  it("cuts long text with an ellipsis", () => {
    expect(excerpt("一二三四五", 3)).toBe("一二三…");
    expect(excerpt("一二三", 3)).toBe("一二三");
  });
});
