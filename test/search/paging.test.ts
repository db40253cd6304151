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
  "“十四五”期间，国内外科技要素流动速度与方向发生深刻变化，创新资源争夺更加激烈", // similarity
];

describe("pages are slices of the full ranking", () => {
  for (const q of QUERIES) {
    it(q, () => {
      const full = engine.search(q, { limit: 1000 });
      expect(full.total).toBeGreaterThan(0);
      const key = (h: { id: string; score: number; highlights: [number, number][] }) => `${h.id} ${h.score} ${JSON.stringify(h.highlights)}`;
      for (const [offset, limit] of [
        [0, 1],
        [0, 5],
        [3, 7],
        [20, 20],
        [full.total - 2, 10],
      ] as const) {
        if (offset < 0 || (offset + limit > full.hits.length && full.total > full.hits.length)) continue; // beyond the 1000 compared
        const page = engine.search(q, { offset, limit });
        expect(page.total).toBe(full.total);
        expect(page.facets).toEqual(full.facets);
        expect(page.hits.map(key)).toEqual(full.hits.slice(offset, offset + limit).map(key));
      }
      expect(engine.search(q, { offset: full.total + 5 }).hits).toEqual([]);
    });
  }
});
