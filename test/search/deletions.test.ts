/**
 * Deletion marks, as the live collection uses them: a searcher over two segments of the seeds with
 * one document marked deleted answers every kind of query exactly as a searcher over one segment of
 * the kept documents — hits, scores, highlights, totals, facets — and no deleted passage is ever a
 * hit, also for a query of filters alone, a pasted text, or marks set after the searcher opened.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import { EmbeddedStore } from "../../src/index/store.ts";
import { searcherOver } from "../../src/engine.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import type { SearchResponse } from "../../src/search/types.ts";
import { ZhangjieError } from "../../src/errors.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { segmentOf } from "../support/segments.ts";

let corpus: Corpus;
const part = (c: Corpus, from: number, to?: number): Corpus => ({ documents: c.documents.slice(from, to), reports: [] });

/** What two answers must share: every hit's id, score and marks, the totals and the facet counts. */
function answer(r: SearchResponse) {
  return {
    total: r.total,
    matched: r.matched,
    mode: r.mode,
    hits: r.hits.map((h) => [h.id, h.score, h.highlights, h.alsoInTotal, h.otherEditions.map((e) => e.passageId)]),
    docs: r.facets.docs.map((d) => [d.docId, d.count]),
    levels: r.facets.levels.map((l) => [l.value, l.count]),
    chapters: r.facets.chapters.map((c) => [c.docId, c.label, c.title, c.count]),
  };
}

const QUERIES = [
  "科技创新",
  "创新",
  '"农业技术推广"',
  "创新 -科技",
  "人才 OR 教育",
  "科技 发展 规划",
  "level:province",
  "date:2021..",
  "推进 in:第四章",
  "加强基础研究，提升原始创新能力，强化国家战略科技力量",
];

describe("deletion marks", () => {
  let kept: Searcher;
  let set: SegmentSet;
  let withMarks: Searcher;
  let victimIds: Set<string>;
  let victimId: string;

  beforeAll(async () => {
    corpus = await ingestCorpus(CORPUS_DIR);
    // The document with several editions (the Jilin plan) is deleted: its counterparts go with it.
    const victim = corpus.documents.find((d) => d.editions.length > 1)!;
    victimId = victim.id;
    victimIds = new Set(victim.editions.flatMap((e) => e.passages.map((p) => p.id)));
    set = new SegmentSet([await segmentOf(part(corpus, 0, 2)), await segmentOf(part(corpus, 2))]);
    // the searcher opens first; the marks come after (as a live deletion does)
    withMarks = searcherOver(new EmbeddedStore(set, null));
    expect(set.deleteDocument(victimId)).toBe(victimIds.size);
    kept = searcherOver(new EmbeddedStore(new SegmentSet([await segmentOf({ documents: corpus.documents.filter((d) => d !== victim), reports: [] })]), null));
  });

  it("never returns a deleted passage, and answers as the collection without the document", () => {
    let hits = 0;
    for (const q of QUERIES) {
      const a = withMarks.search(q, { limit: 50 });
      const b = kept.search(q, { limit: 50 });
      expect(a.hits.filter((h) => victimIds.has(h.id)).map((h) => h.id), q).toEqual([]);
      expect(a.hits.some((h) => h.docId === victimId), q).toBe(false);
      expect(answer(a), q).toEqual(answer(b));
      hits += a.hits.length;
    }
    expect(hits).toBeGreaterThan(100); // the queries find something, so the comparison says something
  });

  it("leaves the deleted document out of a query of filters alone and of every facet", () => {
    // a filter the deleted document passes
    const q = `level:${corpus.documents.find((d) => d.id === victimId)!.level}`;
    const a = withMarks.search(q, { limit: 1000 });
    expect(a.total).toBeGreaterThan(0);
    expect(a.hits.every((h) => !victimIds.has(h.id))).toBe(true);
    expect(a.facets.docs.map((d) => d.docId)).not.toContain(victimId);
    expect(answer(a)).toEqual(answer(kept.search(q, { limit: 1000 })));
  });

  it("no longer knows the deleted document by name", () => {
    const title = corpus.documents.find((d) => d.id === victimId)!.title;
    expect(() => withMarks.search(`科技 doc:"${title}"`)).toThrow(ZhangjieError);
    expect(() => kept.search(`科技 doc:"${title}"`)).toThrow(ZhangjieError);
  });
});
