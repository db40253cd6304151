/** minWindow (the proximity boost) against a brute-force reference, and linear on a query of hundreds of terms. */
import { describe, expect, it } from "vitest";
import { minWindow } from "../../src/search/score.ts";
import { rng } from "../support/text.ts";

/** Every choice of one occurrence per term: the smallest [min start, max end). */
function bruteForce(occ: number[][], lens: number[]): number {
  let best = Infinity;
  const walk = (k: number, lo: number, hi: number) => {
    if (k === occ.length) {
      best = Math.min(best, hi - lo);
      return;
    }
    for (const p of occ[k]!.slice(0, 64)) walk(k + 1, Math.min(lo, p), Math.max(hi, p + lens[k]!));
  };
  walk(0, Infinity, -Infinity);
  return best;
}

/** The original quadratic implementation (it rescanned the window for its end): the behaviour to keep. */
function rescanning(occ: number[][], lens: number[]): number {
  const events: [number, number][] = [];
  occ.forEach((list, k) => {
    for (const p of list.slice(0, 64)) events.push([p, k]);
  });
  events.sort((a, b) => a[0] - b[0]);
  const count = new Array<number>(occ.length).fill(0);
  let have = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < events.length; hi++) {
    if (count[events[hi]![1]]++ === 0) have++;
    while (have === occ.length) {
      let end = 0;
      for (let x = lo; x <= hi; x++) end = Math.max(end, events[x]![0] + lens[events[x]![1]]!);
      best = Math.min(best, end - events[lo]![0]);
      if (--count[events[lo]![1]]! === 0) have--;
      lo++;
    }
  }
  return best;
}

function randomCase(r: () => number, sameLength: boolean): { occ: number[][]; lens: number[] } {
  const terms = 1 + Math.floor(r() * 4);
  const occ: number[][] = [];
  const lens: number[] = [];
  const len = 1 + Math.floor(r() * 6);
  for (let k = 0; k < terms; k++) {
    const n = Math.floor(r() * 5); // may be empty: no window at all
    occ.push([...new Set(Array.from({ length: n }, () => Math.floor(r() * 60)))].sort((a, b) => a - b));
    lens.push(sameLength ? len : 1 + Math.floor(r() * 6));
  }
  return { occ, lens };
}

describe("minWindow", () => {
  it("gives what the original rescanning implementation gave", () => {
    const r = rng(42);
    for (let trial = 0; trial < 1000; trial++) {
      const { occ, lens } = randomCase(r, false);
      const got = minWindow(occ, lens);
      expect(got, JSON.stringify({ occ, lens })).toBe(rescanning(occ, lens));
      // never smaller than the true smallest window (one occurrence per term)
      expect(got).toBeGreaterThanOrEqual(bruteForce(occ, lens));
    }
  });

  it("is exact (brute force) when the terms have one length", () => {
    const r = rng(7);
    for (let trial = 0; trial < 500; trial++) {
      const { occ, lens } = randomCase(r, true);
      expect(minWindow(occ, lens), JSON.stringify({ occ, lens })).toBe(bruteForce(occ, lens));
    }
  });

  it("handles a long term that starts early and ends last", () => {
    // term 0 at 0 (length 50) and term 1 at 10 (length 2): the window is [0, 50)
    expect(minWindow([[0], [10]], [50, 2])).toBe(50);
    expect(minWindow([[0, 100], [10, 101]], [1, 2])).toBe(3);
    expect(minWindow([[0], []], [1, 1])).toBe(Infinity);
  });

  it("stays fast for 500 terms of 64 occurrences each (a 1,000-character query of one-character terms)", () => {
    const occ = Array.from({ length: 500 }, (_, k) => Array.from({ length: 64 }, (_, i) => i * 500 + k));
    const lens = occ.map(() => 1);
    // 32,000 events: the old rescanning window took seconds here; linear time takes milliseconds.
    // (Asserted by the answer, not by a timer; the suite timeout catches a regression to quadratic.)
    expect(minWindow(occ, lens)).toBe(500);
  });
});
