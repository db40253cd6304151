/**
 * The integer-keyed, two-pass gram postings hold exactly what the analyzer's gram rule
 * (`passageGrams`) says, on the real corpus and on edge cases (astral characters, surrogate halves,
 * punctuation between characters, repeats), count each gram's occurrences exactly as the search's
 * text-reading path does, and their bytes round-trip or are rejected.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { passageGrams } from "../../src/analysis/analyzer.ts";
import { squeeze } from "../../src/analysis/squeeze.ts";
import { COUNT_CAP, GramPostings, gramKey } from "../../src/index/gram-postings.ts";
import { countOccurrences } from "../../src/search/literal.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { viaFile } from "../support/sections.ts";

const reload = (g: GramPostings): GramPostings => {
  const sections = viaFile(g.toSections("g"));
  return GramPostings.fromSections((name) => sections[name]!, "g");
};

/** The reference: gram → ascending ordinals, from passageGrams over each text. */
function reference(texts: string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  texts.forEach((t, ord) => {
    for (const g of passageGrams(t)) {
      let l = m.get(g);
      if (!l) m.set(g, (l = []));
      l.push(ord);
    }
  });
  return m;
}

/** Every posting's stored count against the search's own text count (capped), as one list of mismatches. */
function countMismatches(g: GramPostings, texts: string[], ref: Map<string, number[]>): string[] {
  const bad: string[] = [];
  for (const gram of ref.keys()) {
    const ords = g.get(gram);
    const counts = g.counts(gram);
    expect(counts.length).toBe(ords.length);
    for (let i = 0; i < ords.length; i++) {
      const want = Math.min(countOccurrences(texts[ords[i]!]!, gram), COUNT_CAP);
      if (counts[i] !== want) bad.push(`${JSON.stringify(gram)} in ${ords[i]}: ${counts[i]} ≠ ${want}`);
    }
  }
  return bad;
}

function expectSame(g: GramPostings, ref: Map<string, number[]>): void {
  expect(g.size).toBe(ref.size);
  let postings = 0;
  const got: string[] = [];
  const want: string[] = [];
  for (const [gram, ords] of ref) {
    got.push(`${JSON.stringify(gram)} ${g.df(gram)}: ${Array.from(g.get(gram)).join(",")}`);
    want.push(`${JSON.stringify(gram)} ${ords.length}: ${ords.join(",")}`);
    postings += ords.length;
  }
  expect(got).toEqual(want);
  expect(g.postings).toBe(postings);
}

describe("gram postings on the real corpus", () => {
  let texts: string[];
  beforeAll(async () => {
    const corpus = await ingestCorpus(CORPUS_DIR);
    texts = corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => squeeze(p.text).text)));
  });

  it("hold every passage of every gram the analyzer names, and nothing else", () => {
    expect(texts.length).toBeGreaterThan(500);
    const g = GramPostings.build(texts);
    expectSame(g, reference(texts));
    expect(Array.from(g.get("梅花鹿"))).toEqual([]); // three characters: not a gram
    expect(g.get("梅花").length).toBeGreaterThan(10);
  });

  it("load from their bytes into the same postings and bigram weights", () => {
    const g = GramPostings.build(texts);
    const back = reload(g);
    expectSame(back, reference(texts));
    const w = (df: number) => Math.log(1 + texts.length / df);
    expect(Array.from(back.bigramWeightSums(texts.length, w))).toEqual(Array.from(g.bigramWeightSums(texts.length, w)));
  });

  it("count every gram in every passage as the search counts it in the text, also after loading", () => {
    const g = GramPostings.build(texts);
    const ref = reference(texts);
    expect(countMismatches(g, texts, ref)).toEqual([]);
    expect(countMismatches(reload(g), texts, ref)).toEqual([]);
    // the corpus does repeat grams within a passage, so the counts are not all 1
    let many = 0;
    for (const gram of ref.keys()) for (const c of g.counts(gram)) if (c > 1) many++;
    expect(many).toBeGreaterThan(1000);
  });
});

describe("gram postings, edge cases", () => {
  it("count a gram once per passage, keep ordinals ascending, break bigrams at punctuation", () => {
    const texts = ["碳达峰碳达峰", "", "碳，达", "达峰5g", "碳达"];
    const g = GramPostings.build(texts);
    expectSame(g, reference(texts));
    expect(Array.from(g.get("碳达"))).toEqual([0, 4]);
    expect(Array.from(g.get("碳，"))).toEqual([]);
    expect(Array.from(g.get("5g"))).toEqual([3]);
    expect(Array.from(g.get(""))).toEqual([]);
  });

  it("count doubled bigrams without overlap, as indexOf stepping past each match does", () => {
    const texts = ["鹿鹿鹿", "鹿鹿鹿鹿", "鹿鹿鹿鹿鹿", "鹿鹿，鹿鹿", "梅花鹿鹿鹿花", "ab".repeat(300), "的".repeat(300), "鹿a鹿"];
    const g = GramPostings.build(texts);
    expectSame(g, reference(texts));
    expect(countMismatches(g, texts, reference(texts))).toEqual([]);
    expect(Array.from(g.get("鹿鹿"))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(g.counts("鹿鹿"))).toEqual([1, 2, 2, 2, 1]);
    expect(Array.from(g.counts("鹿"))).toEqual([3, 4, 5, 4, 3, 2]);
    expect(Array.from(g.counts("ab"))).toEqual([COUNT_CAP]); // 300, saturated
    expect(Array.from(g.counts("ba"))).toEqual([COUNT_CAP]);
    expect(Array.from(g.counts("的的"))).toEqual([150]); // 300 的, non-overlapping
    expect(Array.from(g.counts("鹿a"))).toEqual([1]);
    expect(Array.from(g.counts("无"))).toEqual([]);
  });

  it("keep astral characters and their surrogate halves as the analyzer does", () => {
    const texts = ["村名𠀀𠀁屯", "😀表情", "\ud800孤", "孤\udc00"];
    const g = GramPostings.build(texts);
    expectSame(g, reference(texts));
    expect(Array.from(g.get("名\ud840"))).toEqual([0]);
    expect(Array.from(reload(g).get("\udc01屯"))).toEqual([0]);
  });

  it("key unigrams by code unit and bigrams above 65535; NUL-led pairs name no gram", () => {
    expect(gramKey("碳")).toBe(0x78b3);
    expect(gramKey("碳达")).toBe(0x78b3 * 65536 + 0x8fbe);
    expect(gramKey("\u0000碳")).toBe(0);
    expect(gramKey("abc")).toBe(0);
  });

  it("build an empty index from no passages, and from passages without word characters", () => {
    for (const texts of [[], ["，。、", ""]]) {
      const g = GramPostings.build(texts);
      expect(g.size).toBe(0);
      expect(reload(g).size).toBe(0);
    }
  });

  it("grow their table past its first size", () => {
    // 40,000 code units in pairs and triples: ~100,000 distinct grams, past the first table's
    // 65,536 slots at half load, so the table rehashes while counting.
    const chars = Array.from({ length: 40_000 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const texts = [];
    for (let i = 0; i + 1 < chars.length; i += 2) texts.push(chars[i]! + chars[i + 1]! + chars[(i * 7) % chars.length]!);
    const g = GramPostings.build(texts);
    expectSame(g, reference(texts));
  });

  it("reject sections that disagree with each other", () => {
    const g = GramPostings.build(["碳达峰行动", "碳中和", "5g网络碳达"]);
    const parts = g.parts();
    const make = (change: Partial<typeof parts>) => () => new GramPostings({ ...parts, ...change });
    expect(make({})).not.toThrow();
    expect(make({ ids: parts.ids.subarray(1) })).toThrow(/span/);
    expect(make({ offsets: parts.offsets.subarray(1) })).toThrow(/offsets/);
    expect(make({ pos: parts.pos.subarray(1) })).toThrow(/positions/);
    expect(make({ checks: new Uint32Array(0) })).toThrow(/checkpoints/);
    const swapped = parts.keys.slice();
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(make({ keys: swapped })).toThrow(/order/);
    const bad = reload(g).parts();
    expect(Array.from(bad.ids)).toEqual(Array.from(parts.ids));
  });
});
