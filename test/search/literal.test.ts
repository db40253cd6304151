/** Literal matching on a small hand-made index: exact gram lists, verification, occurrence counts. */
import { describe, expect, it } from "vitest";
import { GramPostings } from "../../src/index/gram-postings.ts";
import { candidates, countOccurrences, matchLiteral, provenByGrams, verify } from "../../src/search/literal.ts";

const texts = [
  "科技创新驱动发展", // 0: 科技创新 once
  "科技人员技创业创新中心", // 1: every bigram of 科技创新 (科技, 技创, 创新) but not the string
  "科技创新科技创新，科技创新", // 2: three times
  "技术技术技", // 3
  "的的的", // 4
  "r&d经费", // 5
];
const grams = GramPostings.build(texts);
const textOf = (ord: number) => texts[ord]!;
const arr = (a: ArrayLike<number> | null) => (a ? Array.from(a) : null);

describe("literal matching", () => {
  it("one or two word characters are proven by their gram; anything else needs the text", () => {
    expect(provenByGrams("技")).toBe(true);
    expect(provenByGrams("技术")).toBe(true);
    expect(provenByGrams("科技创")).toBe(false);
    expect(provenByGrams("r&")).toBe(false); // & is not a word character: no gram holds it
    expect(provenByGrams("")).toBe(false);
  });

  it("counts non-overlapping occurrences", () => {
    expect(countOccurrences("的的的", "的的")).toBe(1);
    expect(countOccurrences("技术技术技", "技术")).toBe(2);
    expect(countOccurrences("abc", "x")).toBe(0);
  });

  it("verifies candidates against the text: scattered bigrams are not a match", () => {
    const m = matchLiteral("科技创新", grams, textOf, true);
    expect(arr(m.ords)).toEqual([0, 2]);
    expect(arr(m.tf)).toEqual([1, 3]);
    const bare = matchLiteral("科技创新", grams, textOf, false);
    expect(arr(bare.ords)).toEqual([0, 2]);
    expect(bare.tf).toBeNull();
  });

  it("a proven needle is its posting list, with counts when asked", () => {
    expect(arr(matchLiteral("技术", grams, textOf, false).ords)).toEqual([3]);
    const m = matchLiteral("技", grams, textOf, true);
    expect(arr(m.ords)).toEqual([0, 1, 2, 3]);
    expect(arr(m.tf)).toEqual([1, 2, 3, 3]);
    expect(arr(matchLiteral("的的", grams, textOf, true).tf)).toEqual([1]);
  });

  it("candidates hold every gram (their number is the term's df); verify checks any subset of them", () => {
    expect(arr(candidates("科技创新", grams))).toEqual([0, 1, 2]);
    expect(arr(verify("科技创新", Uint32Array.from([1, 2]), textOf, false).ords)).toEqual([2]);
    expect(arr(verify("科技创新", Uint32Array.from([0, 1]), textOf, true).tf)).toEqual([1]);
    expect(arr(candidates("、", grams))).toEqual([]); // no word character: no gram, no candidate
  });

  it("punctuation inside a needle is checked in the text", () => {
    expect(arr(matchLiteral("r&d", grams, textOf, true).ords)).toEqual([5]);
    expect(arr(matchLiteral("r&d经", grams, textOf, true).ords)).toEqual([5]);
    expect(arr(matchLiteral("r&e", grams, textOf, true).ords)).toEqual([]);
  });
});
