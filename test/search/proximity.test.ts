/**
 * The proximity signal as the scorer computes it (two terms: their occurrences merged; more: sorted)
 * against score.ts's minWindow over each term's occurrences in the hit's squeezed text: for every
 * hit of queries of two and three terms on the seeds, 1 + PROXIMITY_WEIGHT · min(1, Σ lengths / window).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import { EmbeddedStore } from "../../src/index/store.ts";
import { searcherOver } from "../../src/engine.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import { squeeze } from "../../src/analysis/squeeze.ts";
import { occurrencesIn } from "../../src/search/literal.ts";
import { minWindow } from "../../src/search/score.ts";
import { PROXIMITY_WEIGHT } from "../../src/search/signals.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { segmentOf } from "../support/segments.ts";

let s: Searcher;

beforeAll(async () => {
  const corpus = await ingestCorpus(CORPUS_DIR);
  s = searcherOver(new EmbeddedStore(new SegmentSet([await segmentOf(corpus)]), null));
});

describe("proximity", () => {
  it("is the smallest window over every term's occurrences, for two terms and for three", () => {
    let checked = 0;
    let close = 0;
    for (const q of ["科技 创新", "人才 发展", "创新 科技", "农业 技术", "科技 创新 发展", "人才 科技 平台"]) {
      const needles = q.split(" ");
      for (const h of s.search(q, { limit: 200, explain: true }).hits) {
        const text = squeeze(h.text).text;
        const w = minWindow(needles.map((n) => occurrencesIn(text, n)), needles.map((n) => n.length));
        const lenSum = needles.reduce((a, n) => a + n.length, 0);
        expect(h.explain!.proximity, `${q}: ${h.id}`).toBeCloseTo(1 + PROXIMITY_WEIGHT * Math.min(1, lenSum / w), 9);
        checked++;
        if (h.explain!.proximity > 1 + PROXIMITY_WEIGHT / 2) close++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(close).toBeGreaterThan(20); // terms side by side are among them
  });
});
