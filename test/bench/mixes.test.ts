// The benchmark's seeded query sets: the literal-heavy mix (issue 15) and the crafted expensive
// queries (issue 14), drawn from the real seed documents.
import { fullDocuments } from "../support/real-engine.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { buildLiteralMix, LITERAL_KINDS, typableSlice } from "../../src/bench/literal-mix.ts";
import { craftedQueries, frequentCharacters, ISSUE_OR_QUERY, MAX_QUERY_CHARS } from "../../src/bench/crafted.ts";
import { isTypable } from "../../src/bench/queries.ts";
import { scanPassages, scanSearch } from "../../src/bench/scan.ts";
import { Rng } from "../../src/bench/prng.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zj-mixes-"));
let docs: readonly DocumentRecord[];

beforeAll(async () => {
  const engine = await openEngine({ corpusDir: path.resolve("corpus"), cacheDir: tmp, progress: false, log: () => {} });
  docs = await fullDocuments(engine);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the literal-heavy mix", () => {
  it("is deterministic in its seed and differs with another seed", () => {
    expect(buildLiteralMix(docs)).toEqual(buildLiteralMix(docs));
    expect(buildLiteralMix(docs, "other")).not.toEqual(buildLiteralMix(docs));
  });

  it("has 40 literals of each length class and 60 pairs, all distinct, of typable characters", () => {
    const mix = buildLiteralMix(docs);
    const count = (k: string) => mix.filter((m) => m.kind === k).length;
    expect(LITERAL_KINDS.map(count)).toEqual([40, 40, 40, 40, 60]);
    expect(new Set(mix.map((m) => m.q)).size).toBe(mix.length);
    const len = (k: string) => mix.filter((m) => m.kind === k).map((m) => [...m.q].length);
    expect(new Set(len("lit2"))).toEqual(new Set([2]));
    expect(new Set(len("lit3"))).toEqual(new Set([3]));
    expect(new Set(len("lit4"))).toEqual(new Set([4]));
    for (const n of len("lit5-8")) expect(n >= 5 && n <= 8).toBe(true);
    for (const m of mix) {
      const terms = m.q.split(" ");
      expect(terms.length, m.q).toBe(m.kind === "pair" ? 2 : 1);
      for (const t of terms) {
        expect([...t].every(isTypable), m.q).toBe(true);
        if (m.kind === "pair") expect([...t].length >= 2 && [...t].length <= 4, m.q).toBe(true);
      }
    }
  });

  it("draws from the primary editions' text: every literal is found, most pairs meet in a passage", () => {
    const passages = scanPassages(docs);
    const mix = buildLiteralMix(docs);
    for (const m of mix.filter((x) => x.kind !== "pair")) expect(scanSearch(passages, m.q, 1, true).total, m.q).toBeGreaterThan(0);
    const pairs = mix.filter((x) => x.kind === "pair");
    const met = pairs.filter((m) => scanSearch(passages, m.q, 1, true).total > 0).length;
    expect(met / pairs.length).toBeGreaterThan(0.6);
  });

  it("slices only runs of typable characters, and gives up on text without one", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const s = typableSlice(rng, "科技，创新。ＡＢ2025年", 2);
      expect(s === null || [...s].every(isTypable)).toBe(true);
    }
    expect(typableSlice(rng, "，。、；：", 2)).toBeNull();
    expect(typableSlice(rng, "科", 2)).toBeNull();
  });
});

describe("crafted expensive queries", () => {
  it("open with the issue's query and stay under the query length limit", () => {
    const qs = craftedQueries(docs);
    expect(qs[0]).toEqual({ shape: "issue-or", q: ISSUE_OR_QUERY });
    expect(ISSUE_OR_QUERY).toHaveLength(750);
    expect(ISSUE_OR_QUERY.startsWith("技|新技|新")).toBe(true);
    expect(qs).toHaveLength(12);
    for (const c of qs) expect(c.q.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(new Set(qs.map((c) => c.shape))).toEqual(new Set(["issue-or", "or-chain", "and-chain"]));
    expect(Math.max(...qs.map((c) => c.q.length))).toBeGreaterThan(MAX_QUERY_CHARS - 4);
  });

  it("chain the most frequent characters of the documents, as OR or AND", () => {
    const top = frequentCharacters(docs, 64);
    expect(top).toHaveLength(64);
    expect(top.every((c) => /[\u4e00-\u9fff]/.test(c))).toBe(true);
    // The frequent characters of Chinese policy text are frequent here too.
    for (const c of ["发", "展", "技"]) expect(top).toContain(c);
    for (const c of craftedQueries(docs).slice(1)) {
      const parts = c.shape === "or-chain" ? c.q.split(/\s*(?:\||OR)\s*/) : c.q.split(" ");
      expect(parts.length, c.q).toBeGreaterThan(c.q.length / 5);
      for (const p of parts) expect(top, c.q).toContain(p);
    }
    expect(craftedQueries(docs)).toEqual(craftedQueries(docs));
  });
});
