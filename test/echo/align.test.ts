import { describe, expect, it } from "vitest";
import { alignTexts } from "../../src/echo/align.ts";
import { shingleHashes, winnow } from "../../src/echo/shingles.ts";
import { squeezeCodes } from "../../src/analysis/squeeze.ts";
import { norm } from "../support/text.ts";

/** Every span's two sides agree after folding (whitespace ignored); spans ascend without overlap. */
function checkSpans(a: string, b: string, spans: { a: [number, number]; b: [number, number] }[]): void {
  let lastA = 0;
  for (const s of spans) {
    expect(s.a[0]).toBeGreaterThanOrEqual(lastA);
    expect(s.a[1]).toBeGreaterThan(s.a[0]);
    expect(norm(a.slice(...s.a))).toBe(norm(b.slice(...s.b)));
    lastA = s.a[1];
  }
  const bs = spans.map((s) => s.b).sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < bs.length; i++) expect(bs[i]![0]).toBeGreaterThanOrEqual(bs[i - 1]![1]);
}

describe("alignTexts", () => {
  it("identical texts: one span over everything, similarity 1", () => {
    const t = "加快建设创新型省份，全面提升科技创新支撑引领能力。";
    const r = alignTexts(t, t);
    expect(r.similarity).toBe(1);
    expect(r.spans).toEqual([{ a: [0, t.length], b: [0, t.length] }]);
  });

  it("全省→全州: the substitution is the only gap, kept runs on both sides", () => {
    const a = "推动全省科技创新能力显著提升，建设创新型省份。";
    const b = "推动全州科技创新能力显著提升，建设创新型城市。";
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.spans.map((s) => a.slice(...s.a))).toEqual(["推动全", "科技创新能力显著提升，建设创新型"]);
    expect(r.similarity).toBeCloseTo(19 / 23, 3);
  });

  it("an inserted list item: two spans, the insertion between them in b", () => {
    const a = "重点发展生物医药、先进制造、现代农业、新能源等产业。";
    const b = "重点发展生物医药、先进制造、延边黄牛、现代农业、新能源等产业。";
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.spans).toEqual([
      { a: [0, 14], b: [0, 14] },
      { a: [14, 26], b: [19, 31] },
    ]);
    expect(b.slice(14, 19)).toBe("延边黄牛、");
    expect(r.similarity).toBe(1); // a is wholly kept in b
  });

  it("a dropped list item is the mirror case", () => {
    const a = "重点发展生物医药、先进制造、延边黄牛、现代农业、新能源等产业。";
    const b = "重点发展生物医药、先进制造、现代农业、新能源等产业。";
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.spans.map((s) => s.a)).toEqual([[0, 14], [19, 31]]);
  });

  it("layout spaces and full-width digits do not break a span; offsets stay display offsets", () => {
    const a = "“十三五”期间全州研发经费投入 １０ 亿元，较“十二五”期间增加。";
    const b = "“十三五”期间全州研发经费投入10亿元，较“十二五”期间增加。";
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.spans).toEqual([{ a: [0, a.length], b: [0, b.length] }]);
    expect(r.similarity).toBe(1);
  });

  it("no overlap, empty strings, too-short texts: no spans", () => {
    expect(alignTexts("科技创新能力显著提升", "梅花鹿产业加工企业品牌").spans).toEqual([]);
    expect(alignTexts("", "").similarity).toBe(0);
    expect(alignTexts("", "科技创新能力显著提升").spans).toEqual([]);
    expect(alignTexts("科技", "科技").spans).toEqual([]); // below the seed width: not evidence
  });

  it("a short shared phrase alone is not a local alignment", () => {
    const r = alignTexts("围绕医药健康产业开展联合攻关，突破一批技术。", "建立健全科技成果评价制度，突破一批瓶颈。");
    expect(r.spans).toEqual([]);
  });

  it("reordered sentences come back as separate local alignments", () => {
    const s1 = "完善科技成果转移转化运行机制，建设技术转移示范机构。";
    const s2 = "强化企业创新主体地位，支持企业牵头组建创新联合体。";
    const a = s1 + s2;
    const b = s2 + "另有本地内容若干。" + s1;
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.similarity).toBe(1);
    expect(r.spans.map((s) => a.slice(...s.a))).toEqual([s1, s2]);
  });

  it("very long passages align fast and exactly (not O(n·m) work)", () => {
    const unit = "围绕产业链部署创新链，围绕创新链布局产业链，推动第";
    let a = "";
    let b = "";
    for (let i = 0; i < 2000; i++) {
      a += `${unit}${i}项任务落实。`;
      b += i % 100 === 50 ? `新增本地条目${i}。` : `${unit}${i}项任务落实。`;
    }
    const r = alignTexts(a, b);
    checkSpans(a, b, r.spans);
    expect(r.similarity).toBeGreaterThan(0.9);
  });
});

describe("shingles and winnowing", () => {
  it("equal k-grams hash equal, and every window of w shingles keeps a fingerprint", () => {
    const sq = squeezeCodes("加快建设创新型省份加快建设创新型省份");
    const hs = shingleHashes(sq.codes, 5);
    expect(hs.length).toBe(sq.codes.length - 4);
    expect(hs[0]).toBe(hs[9]);
    const fp = winnow(hs, 4);
    for (let s = 0; s + 4 <= hs.length; s++) expect(fp.some((x) => x >= s && x < s + 4)).toBe(true);
    expect(fp.length).toBeLessThan(hs.length);
  });
  it("short sequences", () => {
    expect(shingleHashes(squeezeCodes("科技").codes, 5).length).toBe(0);
    expect(winnow(new Int32Array(0), 4)).toEqual([]);
    expect(winnow(Int32Array.of(5, 3), 4)).toEqual([1]);
  });
});
