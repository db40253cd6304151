/**
 * Ranking keeps only the best offset+limit matches (a heap) and skips the proximity window for
 * passages that cannot reach them: every page must still be exactly that slice of the full ranking,
 * with the same total and facets, for every kind of query.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Engine } from "../../src/engine.contract.ts";
import { openTestEngine } from "../support/real-engine.ts";

let engine: Engine;
let cacheDir: string;
beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const QUERIES = [
  "发展", // one frequent term
  "科技 成果", // AND: proximity and phrase factors
  "科技 人才 平台",
  "创新 OR 技术 成果",
  "科技 -种植",
  "技术 in:第四章",
  "in:第四章",
  "“科技成果转化”",
  "“十四五”期间，国内外科技要素流动速度与方向发生深刻变化，创新资源争夺更加激烈，科技治理体系面临新的挑战", // pasted text: similarity
  "科技 OR 创新", // many identical passages folded together
];

describe("pages are slices of the full ranking", () => {
  for (const [q, sort] of [...QUERIES.map((q) => [q, "relevance"] as const), ["发展", "newest"] as const, ["科技 成果", "oldest"] as const, ["in:第四章", "document"] as const]) {
    it(`${q} (${sort})`, async () => {
      const full = await engine.search(q, { limit: 1000, sort });
      expect(full.total).toBeGreaterThan(0);
      const key = (h: { id: string; score: number; highlights: [number, number][]; alsoIn: { id: string }[] }) =>
        `${h.id} ${h.score} ${JSON.stringify(h.highlights)} ${h.alsoIn.map((a) => a.id).join(",")}`;
      for (const [offset, limit] of [
        [0, 1],
        [0, 5],
        [3, 7],
        [20, 20],
        [full.total - 2, 10],
      ] as const) {
        if (offset < 0 || (offset + limit > full.hits.length && full.total > full.hits.length)) continue; // beyond the 1000 compared
        const page = await engine.search(q, { offset, limit, sort });
        expect(page.total).toBe(full.total);
        expect(page.matched).toBe(full.matched);
        expect(page.facets).toEqual(full.facets);
        expect(page.hits.map(key)).toEqual(full.hits.slice(offset, offset + limit).map(key));
      }
      expect((await engine.search(q, { offset: full.total + 5, sort })).hits).toEqual([]);
    });
  }
});
