/**
 * definesTerm (match.ts) scans a text once for a definition of a term; it must say what looking for
 * each definition phrase in turn says (the reference below: every form, text.includes). Random texts
 * from pieces that make and break definitions, plus the edges: the term at the very start, 所称 cut
 * short, a term that overlaps itself.
 */
import { describe, expect, it } from "vitest";
import { definesTerm } from "../../src/search/match.ts";
import { rng } from "../support/text.ts";

function reference(text: string, needle: string): boolean {
  const forms = [...[",", ":", "是指", "系指", "指", "为"].map((a) => `所称${needle}${a}`), `${needle}是指`, `${needle},是指`, `${needle}系指`, `${needle}指的是`];
  return forms.some((f) => text.includes(f));
}

describe("definesTerm", () => {
  it("agrees with looking for every definition phrase, on random texts", () => {
    const r = rng(11);
    const pieces = ["所称", "所", "称", "是指", "系指", "指", "指的是", "为", ",", ":", "本法", "农业", "技术", "农业技术", "推广", "。"];
    let defined = 0;
    for (let i = 0; i < 4000; i++) {
      const needle = ["农业技术", "技术", "农业", "所称", "指"][i % 5]!;
      let text = "";
      const len = 1 + Math.floor(r() * 10);
      for (let k = 0; k < len; k++) text += pieces[Math.floor(r() * pieces.length)]!;
      const want = reference(text, needle);
      if (want) defined++;
      expect(definesTerm(text, needle), `${needle} in ${text}`).toBe(want);
    }
    expect(defined).toBeGreaterThan(200); // both answers are well represented
  });

  it("edges: at the start, 所称 cut short, a self-overlapping term", () => {
    expect(definesTerm("农业技术是指", "农业技术")).toBe(true);
    expect(definesTerm("称农业技术,", "农业技术")).toBe(false);
    expect(definesTerm("本法所称农业技术推广,", "农业技术")).toBe(false);
    expect(definesTerm("本法所称农业技术推广,", "农业技术推广")).toBe(true);
    // the second occurrence (overlapping the first) is the one followed by 是指; 所称 stands before the first only
    expect(definesTerm("所称哈哈哈是指", "哈哈")).toBe(true);
    expect(definesTerm("所称哈哈哈为", "哈哈")).toBe(false);
  });
});
