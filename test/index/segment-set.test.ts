/**
 * Two segments built from halves of the seeds, with a document deleted, answer like one segment
 * built from the kept documents: every gram's and word's postings, literals, lengths, tables and
 * lookups (compared by passage id, since the set keeps the deleted ordinals); and their merge is
 * that segment, byte for byte, without segmenting anything again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { segmenterCalls } from "../../src/analysis/segmenter.ts";
import type { Segment } from "../../src/index/segment.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import { OrdinalBitmap } from "../../src/index/ordinal-bitmap.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { passageTexts, segmentOf } from "../support/segments.ts";
import { bytesOf } from "../support/sections.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await ingestCorpus(CORPUS_DIR);
});

const build = (c: Corpus): Promise<Segment> => segmentOf(c);
const part = (c: Corpus, from: number, to?: number, reports = true): Corpus => ({ documents: c.documents.slice(from, to), reports: reports ? c.reports : [] });

/** Every gram key of a segment, as strings. */
function gramsOf(s: Segment): string[] {
  return Array.from(s.grams.parts().keys, (k) => (k < 65536 ? String.fromCharCode(k) : String.fromCharCode(Math.floor(k / 65536), k % 65536)));
}

describe("a segment set with deletions", () => {
  let set: SegmentSet;
  let single: Segment;
  let victim: string;

  beforeAll(async () => {
    // Halves by documents (a document's editions stay together); the Jilin plan (two editions) is deleted.
    set = new SegmentSet([await build(part(corpus, 0, 2)), await build(part(corpus, 2, undefined, false))]);
    victim = corpus.documents.find((d) => d.editions.length > 1)!.id;
    expect(set.deleteDocument(victim)).toBeGreaterThan(100);
    const kept = corpus.documents.filter((d) => d.id !== victim);
    single = await build({ documents: kept, reports: corpus.reports });
  });

  const idsOfSet = (ords: ArrayLike<number>) => Array.from(ords, (o) => set.passageId(o));
  const idsOfSingle = (ords: ArrayLike<number>) => Array.from(ords, (o) => single.passageId(o));

  it("answers every gram's postings and counts like one segment of the kept documents", () => {
    const grams = new Set([...gramsOf(single), ...set.segments.flatMap(gramsOf)]);
    const bad: string[] = [];
    for (const g of grams) {
      if (JSON.stringify(idsOfSet(set.grams.get(g))) !== JSON.stringify(idsOfSingle(single.grams.get(g)))) bad.push(`postings ${g}`);
      if (JSON.stringify(Array.from(set.grams.counts(g))) !== JSON.stringify(Array.from(single.grams.counts(g)))) bad.push(`counts ${g}`);
    }
    expect(bad).toEqual([]);
    expect(grams.size).toBeGreaterThan(5000);
    const w = (df: number) => Math.log(1 + 1 / (1 + df));
    const sums = set.grams.bigramWeightSums(set.passages, w);
    const want = single.grams.bigramWeightSums(single.passages, w);
    for (let o = 0; o < single.passages; o++) expect(sums[set.ordinalOf(single.passageId(o))!]).toBeCloseTo(want[o]!, 9);
  });

  it("proves literals and answers words like it", () => {
    const texts = passageTexts(corpus);
    const needles = ["科技创新", "梅花鹿", "碳达峰", "揭榜挂帅", "推进", "的", "产业链", ...texts.slice(0, 40).map((t) => t.replace(/[^\p{L}\p{N}]/gu, "").slice(3, 9))];
    for (const n of needles) {
      const a = set.grams.literal(n);
      const b = single.grams.literal(n);
      expect(a === null ? null : [idsOfSet(a.ords), Array.from(a.tf)], n).toEqual(b === null ? null : [idsOfSingle(b.ords), Array.from(b.tf)]);
    }
    for (let r = 0; r < single.words.size; r++) {
      const word = single.words.term(r);
      expect(idsOfSet(set.words.get(word)), word).toEqual(idsOfSingle(single.words.get(word)));
    }
    for (const s of set.segments) for (let r = 0; r < s.words.size; r++) expect(set.words.df(s.words.term(r))).toBe(single.words.df(s.words.term(r)));
    expect(set.words.avgLength).toBeCloseTo(single.words.avgLength, 12);
  });

  it("hides the deleted document everywhere else: documents, ids, tables", () => {
    expect(set.documents().map((d) => d.id)).toEqual(single.documents().map((d) => d.id));
    const gone = corpus.documents.find((d) => d.id === victim)!.editions[0]!.passages[0]!.id;
    expect(set.ordinalOf(gone)).toBeUndefined();
    const t = set.tables();
    const docs = set.allDocuments();
    const paths = set.headingPaths();
    const chapters = set.chapters();
    for (let o = 0; o < single.passages; o++) {
      const ord = set.ordinalOf(single.passageId(o))!;
      expect(set.passage(ord)).toEqual(single.passage(o));
      expect(set.squeezedText(ord)).toBe(single.squeezedText(o));
      expect(docs[t.doc[ord]!]!.id).toBe(single.documents()[single.doc[o]!]!.id);
      expect(paths[t.path[ord]!]).toEqual(single.headingPaths()[single.table.path[o]!]);
      const c = t.chapter[ord]!;
      const sc = single.table.chapter[o]!;
      expect(c < 0 ? null : { ...chapters[c]!, doc: docs[chapters[c]!.doc]!.id }).toEqual(sc < 0 ? null : { ...single.chapters()[sc]!, doc: single.documents()[single.chapters()[sc]!.doc]!.id });
      expect(t.primary[ord]).toBe(single.table.primary[o]);
    }
  });

  it("merges into the segment a fresh build of the kept documents makes, byte for byte, without segmenting", () => {
    const calls = segmenterCalls();
    const merged = set.merge();
    expect(segmenterCalls()).toBe(calls);
    const want = single.toSections("s.");
    const got = merged.toSections("s.");
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const name of Object.keys(want)) expect(bytesOf(got[name]!).equals(bytesOf(want[name]!)), name).toBe(true);
  });

  it("merges without deletions into the segment of the whole corpus", async () => {
    const whole = new SegmentSet([await build(part(corpus, 0, 1)), await build(part(corpus, 1, 3, false)), await build(part(corpus, 3, undefined, false))]);
    const want = (await build(corpus)).toSections("s.");
    const got = whole.merge().toSections("s.");
    for (const name of Object.keys(want)) expect(bytesOf(got[name]!).equals(bytesOf(want[name]!)), name).toBe(true);
  });

  it("refuses to merge a document deleted only in part", async () => {
    const s = await build(corpus);
    const marks = new OrdinalBitmap(s.passages);
    marks.add(5);
    expect(() => new SegmentSet([s], marks).merge()).toThrow(/partly deleted/);
  });
});
