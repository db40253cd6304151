/**
 * A small seeded PRNG for the benchmark: the same seed always gives the same synthetic corpus and
 * the same query mix, on any machine (Math.random would not).
 */
import { hashString } from "../index/text-hash.ts";

/** FNV-1a over the string's code units: a stable 32-bit seed from any label (the index's string hash). */
export const hashSeed: (label: string) => number = hashString;

export class Rng {
  private s: number;
  constructor(seed: number | string) {
    this.s = typeof seed === "string" ? hashSeed(seed) : seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("pick from an empty list");
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Pick by weight (weights need not sum to 1). */
  weighted<T>(xs: readonly T[], weight: (x: T) => number): T {
    let total = 0;
    for (const x of xs) total += weight(x);
    let r = this.next() * total;
    for (const x of xs) {
      r -= weight(x);
      if (r < 0) return x;
    }
    return xs[xs.length - 1]!;
  }
}
