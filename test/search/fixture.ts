/** Opens an engine on the real corpus with its cache in a fresh temp dir (never index-cache/). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openEngine } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { foldText } from "../../src/analysis/fold.ts";

export const CORPUS_DIR = fileURLToPath(new URL("../../corpus", import.meta.url));

export async function openTestEngine(corpusDir = CORPUS_DIR): Promise<{ engine: Engine; cacheDir: string }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-search-"));
  const engine = await openEngine({ corpusDir, cacheDir, log: () => {} });
  return { engine, cacheDir };
}

/** Folded, whitespace-free: how literal matching compares texts. */
export function norm(s: string): string {
  return foldText(s).replace(/\s+/g, "");
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
