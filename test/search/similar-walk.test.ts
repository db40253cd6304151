/**
 * Similarity mode gathers each passage's shared bigram weight one of two ways (similar.ts): listing
 * the passages as first met (`touched`, short lists) or adding blindly and sweeping the corpus after
 * (`dense`, a common clause's long lists). They add the same weights in the same order, so they must
 * give the same passages with the same scores, bit for bit — pinned here over seeded pastes from the
 * seeds and the regulation fixtures, with and without a filter mask.
 */
import { describe, expect, it } from "vitest";
import type { DocumentRecord } from "../../src/model.ts";
import { gramWeight, similarScores, SimilarScratch, type SimilarContext } from "../../src/search/similar.ts";
import { Rng } from "../../src/bench/prng.ts";
import { embeddedStoreOf } from "../support/segments.ts";
import { regulationCorpus } from "./helpers.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";

function pastes(docs: readonly DocumentRecord[], seed: string, count: number): string[] {
  const texts = docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text))).filter((t) => t.length >= 30);
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const t = rng.pick(texts);
    const len = rng.int(12, Math.min(120, t.length));
    const at = rng.int(0, t.length - len);
    // A clause as copied, or two run together.
    out.push(k % 3 === 2 ? t.slice(at, at + len) + rng.pick(texts).slice(0, 30) : t.slice(at, at + len));
  }
  return out;
}

function compareWalks(docs: DocumentRecord[], seed: string): number {
  const store = embeddedStoreOf({ documents: docs, reports: [] });
  const n = store.passageCount;
  const rng = new Rng(`${seed}-mask`);
  const mask = Uint8Array.from({ length: n }, () => (rng.int(0, 3) === 0 ? 0 : 1));
  let found = 0;
  for (const allowed of [null, mask]) {
    const ctx = (): SimilarContext => ({ grams: store.grams, ownWeight: store.grams.bigramWeightSums(n, (df) => gramWeight(df, n)), allowed, passages: n, live: n, scratch: new SimilarScratch(n) });
    const shared = ctx();
    for (const text of pastes(docs, seed, 80)) {
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      const touched = similarScores(text, shared, a, "touched");
      const dense = similarScores(text, shared, b, "dense");
      expect([...dense.ords], text).toEqual([...touched.ords]);
      expect([...dense.ords].map((o) => b[o]), text).toEqual([...touched.ords].map((o) => a[o]));
      // The default walk, on fresh scratch space, answers the same.
      const c = new Float64Array(n);
      expect([...similarScores(text, ctx(), c).ords].map((o) => c[o]), text).toEqual([...touched.ords].map((o) => a[o]));
      // The scratch space is left clean for the next query.
      expect(shared.scratch.shared.every((x) => x === 0)).toBe(true);
      found += touched.ords.length;
    }
  }
  return found;
}

describe("similarity mode's two walks give the same passages and scores", () => {
  it("on the regulation fixtures", async () => {
    expect(compareWalks(await regulationCorpus(), "similar-walk-regulations")).toBeGreaterThan(200);
  });

  it("on the seeds", { timeout: 120_000 }, async () => {
    expect(compareWalks((await ingestCorpus(CORPUS_DIR)).documents, "similar-walk-seeds")).toBeGreaterThan(200);
  });
});
