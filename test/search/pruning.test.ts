/**
 * The ranking collector reads a passage's text only when its upper bound can still reach the page
 * (collect.ts relevanceKeys): these tests pin that the page it answers is exactly the page of full
 * scoring. The reference is the same query with room for every result (no passage can be pruned:
 * the threshold stays open) and `explain` (each hit scored in full, every signal read); the pruned
 * page must hold the same hits in the same order with the same scores, and the same totals and
 * facet counts. Over seeded queries drawn from the seeds and the regulation fixtures: literals of
 * 2–6 characters, pairs, alternatives and exclusions, so single- and multi-term scoring, identical
 * passages folded and editions collapsed all take part.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Searcher } from "../../src/search/searcher.ts";
import type { DocumentRecord } from "../../src/model.ts";
import type { SearchResponse } from "../../src/search/types.ts";
import { MAX_LIMIT } from "../../src/search/searcher.ts";
import { scoreAllBelow } from "../../src/search/collect.ts";
import { Rng } from "../../src/bench/prng.ts";
import { regulationCorpus, searcherFor } from "./helpers.ts";
import { fullDocuments, openTestEngine } from "../support/real-engine.ts";

const WORD = /^[\p{Script=Han}A-Za-z0-9]+$/u;

/** A run of `len` Han/Latin/digit characters from a random passage, or null. */
function slice(rng: Rng, texts: string[], len: number): string | null {
  const t = rng.pick(texts);
  if (t.length < len) return null;
  const at = rng.int(0, t.length - len);
  const s = t.slice(at, at + len);
  return WORD.test(s) ? s : null;
}

/** Seeded queries of every shape the scorer ranks (drawn until `count` are made). */
function queries(docs: DocumentRecord[], seed: string, count: number): string[] {
  const texts = docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));
  const rng = new Rng(seed);
  const out = new Set<string>();
  const lit = () => slice(rng, texts, rng.int(2, 6));
  for (let tries = 0; out.size < count && tries < count * 50; tries++) {
    const shape = rng.int(0, 4);
    const a = lit();
    const b = slice(rng, texts, rng.int(2, 3));
    if (!a || !b) continue;
    if (shape === 0) out.add(a);
    else if (shape === 1) out.add(`${a.slice(0, 2)} ${b}`);
    else if (shape === 2) out.add(`${a} ${b}`);
    else if (shape === 3) out.add(`${a.slice(0, 3)} OR ${b}`);
    else out.add(`${b} -${a.slice(0, 2)}`);
  }
  return [...out];
}

const page = (r: SearchResponse) => r.hits.map((h) => ({ id: h.id, score: h.score, alsoInTotal: h.alsoInTotal }));
const counts = (r: SearchResponse) => Object.fromEntries(Object.entries(r.facets).map(([k, vs]) => [k, (vs as { count: number; filter: string }[]).map((v) => [v.filter, v.count])]));

/**
 * Each query's pruned pages (1 and 2) against the full scoring of every result; returns how many were
 * compared, and how many of them had more passages to rank than are scored all at once (scoreAllBelow):
 * those went through the pruning rounds.
 */
function comparePruned(s: Searcher, qs: string[]): { compared: number; rounds: number } {
  let compared = 0;
  let rounds = 0;
  for (const q of qs) {
    const full = s.search(q, { limit: MAX_LIMIT, explain: true });
    if (full.total > MAX_LIMIT || full.total <= 20) continue; // (every result fits the reference, and a page can be pruned)
    compared++;
    if (full.matched > scoreAllBelow(20)) rounds++;
    for (const offset of [0, 20]) {
      const pruned = s.search(q, { limit: 20, offset });
      expect(page(pruned), `${q} @${offset}`).toEqual(page(full).slice(offset, offset + 20));
      expect([pruned.total, pruned.matched], q).toEqual([full.total, full.matched]);
      expect(counts(pruned), q).toEqual(counts(full));
    }
  }
  return { compared, rounds };
}

describe("the pruned ranking equals full scoring", () => {
  it("on the regulation fixtures", async () => {
    const docs = await regulationCorpus();
    const s = searcherFor(docs);
    const qs = [...queries(docs, "pruning-regulations", 160), "不可抗力", "农业技术 推广", "第十一条", "技术 OR 推广"];
    const { compared, rounds } = comparePruned(s, qs);
    expect(compared).toBeGreaterThan(25);
    expect(rounds).toBeGreaterThan(0);
  });

  describe("on the seeds", () => {
    let cacheDir: string;
    let docs: DocumentRecord[];
    beforeAll(async () => {
      const t = await openTestEngine();
      cacheDir = t.cacheDir;
      docs = await fullDocuments(t.engine);
    });
    afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    it("over seeded literals, pairs, alternatives and exclusions", () => {
      const s = searcherFor(docs);
      const qs = [...queries(docs, "pruning-seeds", 400), "科技创新", "体系 科技", "创新 发展", "梅花鹿 OR 人参", "第四章"];
      const { compared, rounds } = comparePruned(s, qs);
      expect(compared).toBeGreaterThan(50);
      expect(rounds).toBeGreaterThan(10);
    });
  });
});
