/** Posting-list set operations against Set-based references, on edge cases and random lists. */
import { describe, expect, it } from "vitest";
import { difference, gallop, intersect, intersectAll, union, unionAll } from "../../src/search/postings.ts";
import { rng } from "../support/text.ts";

const u32 = (xs: number[]) => Uint32Array.from(xs);
const arr = (a: ArrayLike<number>) => Array.from(a);

/** A random ascending duplicate-free list of about `n` ordinals below `max`. */
function randomList(next: () => number, n: number, max: number): Uint32Array {
  const s = new Set<number>();
  for (let i = 0; i < n; i++) s.add(Math.floor(next() * max));
  return Uint32Array.from([...s].sort((a, b) => a - b));
}

describe("gallop", () => {
  it("finds the first index at or after `from` whose value is ≥ x", () => {
    const l = u32([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(gallop(l, 1, 0)).toBe(0);
    expect(gallop(l, 2, 0)).toBe(0);
    expect(gallop(l, 3, 0)).toBe(1);
    expect(gallop(l, 20, 0)).toBe(9);
    expect(gallop(l, 21, 0)).toBe(10);
    expect(gallop(l, 5, 3)).toBe(3); // never moves backwards
    expect(gallop(u32([]), 5, 0)).toBe(0);
  });

  it("agrees with a linear scan on random lists", () => {
    const next = rng(7);
    for (let t = 0; t < 200; t++) {
      const l = randomList(next, 1 + Math.floor(next() * 300), 2000);
      const from = Math.floor(next() * l.length);
      const x = Math.floor(next() * 2100);
      let want = from;
      while (want < l.length && l[want]! < x) want++;
      expect(gallop(l, x, from)).toBe(want);
    }
  });
});

describe("intersect, union, difference", () => {
  it("handle empty and disjoint lists", () => {
    expect(arr(intersect(u32([]), u32([1, 2])))).toEqual([]);
    expect(arr(intersect(u32([1, 3]), u32([2, 4])))).toEqual([]);
    expect(arr(union(u32([]), u32([1, 2])))).toEqual([1, 2]);
    expect(arr(union(u32([1, 3]), u32([2, 4])))).toEqual([1, 2, 3, 4]);
    expect(arr(difference(u32([1, 2, 3]), u32([])))).toEqual([1, 2, 3]);
    expect(arr(difference(u32([]), u32([1])))).toEqual([]);
    expect(arr(difference(u32([1, 2, 3, 9]), u32([0, 2, 9, 10])))).toEqual([1, 3]);
    expect(arr(intersectAll([]))).toEqual([]);
    expect(arr(unionAll([]))).toEqual([]);
  });

  it("galloping (a short list against a long one) gives the merge's answer", () => {
    const long = u32(Array.from({ length: 5000 }, (_, i) => i * 3));
    const short = u32([0, 2, 3, 2999, 3000, 14997, 14998, 20000]);
    expect(arr(intersect(short, long))).toEqual([0, 3, 3000, 14997]);
    expect(arr(intersect(long, short))).toEqual([0, 3, 3000, 14997]);
    expect(arr(difference(short, long))).toEqual([2, 2999, 14998, 20000]);
  });

  it("agree with Set references on random lists of very different lengths", () => {
    const next = rng(11);
    for (let t = 0; t < 300; t++) {
      const lists = Array.from({ length: 1 + Math.floor(next() * 4) }, () => randomList(next, Math.floor(next() ** 3 * 3000), 4000));
      const [a, b] = [lists[0]!, lists[1] ?? lists[0]!];
      const sb = new Set(b);
      expect(arr(intersect(a, b))).toEqual(arr(a).filter((x) => sb.has(x)));
      expect(arr(difference(a, b))).toEqual(arr(a).filter((x) => !sb.has(x)));
      expect(arr(union(a, b))).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
      const all = lists.map((l) => new Set(l));
      expect(arr(intersectAll(lists))).toEqual(arr(lists[0]!).filter((x) => all.every((s) => s.has(x))));
      expect(arr(unionAll(lists))).toEqual([...new Set(lists.flatMap((l) => arr(l)))].sort((x, y) => x - y));
    }
  });
});
