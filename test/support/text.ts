/** Test oracles and inputs written independently of src/: what the code under test must agree with. */
import { foldText } from "../../src/analysis/fold.ts";

/**
 * Folded, with whitespace and invisible control/format characters removed: how literal search
 * and echo alignment compare texts (the rule analysis/squeeze.ts implements with a table).
 */
export function norm(s: string): string {
  return foldText(s).replace(/[\s\p{Cc}\p{Cf}]/gu, "");
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
