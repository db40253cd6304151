/** The top-k heap against a full sort: best scores first, equal scores in document (ordinal) order. */
import { describe, expect, it } from "vitest";
import { TopK } from "../../src/search/top-k.ts";
import { selectAscending } from "../../src/search/collect.ts";
import { rng } from "../support/text.ts";

const fullSort = (items: { ord: number; score: number }[]) => [...items].sort((a, b) => b.score - a.score || a.ord - b.ord);

describe("TopK", () => {
  it("keeps the k best, ties by ordinal, whatever order they are offered in", () => {
    const items = [
      { ord: 5, score: 1 },
      { ord: 2, score: 3 },
      { ord: 9, score: 3 },
      { ord: 1, score: 1 },
      { ord: 7, score: 2 },
      { ord: 3, score: 3 },
    ];
    for (const order of [items, [...items].reverse(), fullSort(items), fullSort(items).reverse()]) {
      const top = new TopK(4);
      for (const it of order) top.push(it.ord, it.score);
      expect(top.sorted()).toEqual([
        { ord: 2, score: 3 },
        { ord: 3, score: 3 },
        { ord: 9, score: 3 },
        { ord: 7, score: 2 },
      ]);
    }
  });

  it("reports the score to beat once full, and handles k = 0 and k larger than the input", () => {
    const top = new TopK(2);
    expect(top.threshold).toBe(-Infinity);
    top.push(1, 5);
    expect(top.threshold).toBe(-Infinity);
    top.push(2, 4);
    expect(top.threshold).toBe(4);
    top.push(3, 6);
    expect(top.threshold).toBe(5);
    const none = new TopK(0);
    none.push(1, 1);
    expect(none.sorted()).toEqual([]);
    const big = new TopK(10);
    big.push(4, 0);
    big.push(2, 0);
    expect(big.sorted()).toEqual([
      { ord: 2, score: 0 },
      { ord: 4, score: 0 },
    ]);
  });

  it("equals the first k of a full sort on random inputs with many ties", () => {
    const next = rng(3);
    for (let t = 0; t < 300; t++) {
      const n = Math.floor(next() * 400);
      const ords = Array.from({ length: n }, (_, i) => i).sort(() => next() - 0.5);
      const items = ords.map((ord) => ({ ord, score: Math.floor(next() * 8) / 4 }));
      const k = Math.floor(next() * 50);
      const top = new TopK(k);
      for (const it of items) top.push(it.ord, it.score);
      expect(top.sorted()).toEqual(fullSort(items).slice(0, k));
    }
  });
});

describe("selectAscending (the pruning rounds' r-th highest bound)", () => {
  it("finds the k-th smallest, with nothing greater before it and nothing smaller after it", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const n of [1, 2, 3, 10, 257, 1000]) {
      for (const shape of ["random", "sorted", "reversed", "ties"]) {
        const a = Float64Array.from({ length: n }, (_, i) => (shape === "sorted" ? i : shape === "reversed" ? n - i : shape === "ties" ? Math.floor(rand() * 3) : rand()));
        const sorted = a.slice().sort();
        // the rounds: k = n - r for r = 1, 4, 16, …, each within what the last left unselected
        let hi = n;
        for (let r = 1; r <= n; r *= 4) {
          const k = n - r;
          expect(selectAscending(a, 0, hi, k), `${shape} n=${n} k=${k}`).toBe(sorted[k]);
          for (let i = 0; i < k; i++) expect(a[i]! <= a[k]!).toBe(true);
          for (let i = k; i < n; i++) expect(a[i]! >= a[k]!).toBe(true);
          hi = k;
        }
        expect(a.slice().sort()).toEqual(sorted); // a permutation
      }
    }
  });
});
