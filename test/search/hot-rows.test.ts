/**
 * The hot rows (tables.ts) and the kept fixed part of hits (hits.ts) are copies made for speed: each
 * must say exactly what its source says. Over the seeds (three documents, one with several editions,
 * so counterparts and groups of identical passages are there): every row of every passage, groups
 * before and after a deletion, and hits made from what is kept against hits made afresh.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import type { EchoRef } from "../../src/echo/types.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import { EmbeddedStore } from "../../src/index/store.ts";
import { searcherOver } from "../../src/engine.ts";
import { HitMaker } from "../../src/search/hits.ts";
import {
  HOT_CHAPTER,
  HOT_CP_END,
  HOT_CP_START,
  HOT_EDITION,
  HOT_FLAGS,
  HOT_GROUP,
  HOT_IS_HEADING,
  HOT_OPENS_UNIT,
  HOT_PATH,
  HOT_STRIDE,
  SearchTables,
} from "../../src/search/tables.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { segmentOf } from "../support/segments.ts";

let corpus: Corpus;
let store: EmbeddedStore;
let tables: SearchTables;

beforeAll(async () => {
  corpus = await ingestCorpus(CORPUS_DIR);
  store = new EmbeddedStore(new SegmentSet([await segmentOf(corpus)]), null);
  tables = new SearchTables(store);
});

describe("hot rows", () => {
  it("hold each passage's chapter, edition, path, flags, counterparts and stored group", () => {
    const hot = tables.hotRows();
    expect(hot.length).toBe(tables.n * HOT_STRIDE);
    const groupOf = tables.groups().groupOf;
    let flagged = 0;
    let withCounterparts = 0;
    let grouped = 0;
    for (let ord = 0; ord < tables.n; ord++) {
      const r = ord * HOT_STRIDE;
      expect(hot[r + HOT_CHAPTER]).toBe(tables.chapterOf[ord]);
      expect(hot[r + HOT_EDITION]).toBe(tables.editionOf[ord]);
      expect(hot[r + HOT_PATH]).toBe(tables.pathOf[ord]);
      expect((hot[r + HOT_FLAGS]! & HOT_IS_HEADING) !== 0).toBe(tables.isHeading[ord] === 1);
      expect((hot[r + HOT_FLAGS]! & HOT_OPENS_UNIT) !== 0).toBe(tables.opensUnit[ord] === 1);
      expect(hot[r + HOT_CP_START]).toBe(tables.cpStart[ord]);
      expect(hot[r + HOT_CP_END]).toBe(tables.cpStart[ord + 1]);
      expect(hot[r + HOT_GROUP]).toBe(groupOf[ord]);
      if (hot[r + HOT_FLAGS]) flagged++;
      if (hot[r + HOT_CP_END]! > hot[r + HOT_CP_START]!) withCounterparts++;
      if (hot[r + HOT_GROUP]! >= 0) grouped++;
    }
    // (the seeds exercise every field: headings and unit openers, editions, identical passages)
    expect(flagged).toBeGreaterThan(0);
    expect(withCounterparts).toBeGreaterThan(0);
    expect(grouped).toBeGreaterThan(0);
    expect(tables.hotRows()).toBe(hot); // made once
  });

  it("groupRows reads the stored groups until a deletion, then the live ones", async () => {
    const set = new SegmentSet([await segmentOf(corpus)]);
    const t = new SearchTables(new EmbeddedStore(set, null));
    const read = () => {
      const { rows, stride, at } = t.groupRows();
      return Array.from({ length: t.n }, (_, ord) => rows[ord * stride + at]);
    };
    expect(read()).toEqual(Array.from(t.groups().groupOf));
    const victim = corpus.documents.find((d) => d.editions.length > 1)!;
    expect(set.deleteDocument(victim.id)).toBeGreaterThan(0);
    const live = Array.from(t.groups().groupOf);
    expect(read()).toEqual(live);
    // the deletion changed some group (a group left in one document is none), so the rows did switch
    expect(live).not.toEqual(Array.from(t.hotRows().filter((_, i) => i % HOT_STRIDE === HOT_GROUP)));
  });
});

describe("hits from the kept fixed part", () => {
  const echoes = (id: string, limit?: number): EchoRef[] =>
    Array.from({ length: limit ?? 5 }, (_, k) => ({ id: `${id}~echo${k}` }) as unknown as EchoRef);

  it("equal hits made afresh, also when the memo is small enough to drop passages in between", () => {
    const small = new HitMaker(tables, store, echoes, 3);
    // neighbours side by side and far apart: a memo keyed wrongly hands one passage's part to another
    const ords = Array.from({ length: 40 }, (_, i) => ((i >> 1) * 7919 + (i & 1)) % tables.n);
    for (let round = 0; round < 3; round++) {
      for (const ord of ords) {
        const fresh = new HitMaker(tables, store, echoes).hit(ord, 1.5, [[0, 1]], 3);
        expect(small.hit(ord, 1.5, [[0, 1]], 3)).toEqual(fresh);
      }
    }
  });

  it("shares a passage's frozen parts between its hits, and asks for its echo card once", () => {
    let asked = 0;
    const maker = new HitMaker(tables, store, (id, limit) => (asked++, echoes(id, limit)));
    const ord = Array.from({ length: tables.n }, (_, o) => o).find((o) => tables.cpStart[o + 1]! > tables.cpStart[o]!)!;
    const a = maker.hit(ord, 1, [], 3);
    const b = maker.hit(ord, 2, [], 3);
    expect(b.otherEditions).toBe(a.otherEditions);
    expect(b.echoes).toBe(a.echoes);
    expect(asked).toBe(1);
    expect(() => (a.otherEditions as unknown[]).push({})).toThrow(TypeError);
    expect(() => (a.echoes as unknown[]).pop()).toThrow(TypeError);
    // another length is asked for again; none asks for nothing
    expect(maker.hit(ord, 1, [], undefined).echoes).toHaveLength(5);
    expect(maker.hit(ord, 1, [], 0).echoes).toEqual([]);
    expect(asked).toBe(2);
  });

  it("a searcher's page equals the same page from a searcher that kept nothing yet", () => {
    const warm = searcherOver(store);
    for (const q of ["科技创新", "创新 发展", "人才 OR 教育"]) warm.search(q, { limit: 30 });
    for (const q of ["科技创新", "创新 发展", "人才 OR 教育", "推进"]) {
      expect(warm.search(q, { limit: 30 }).hits, q).toEqual(searcherOver(store).search(q, { limit: 30 }).hits);
    }
  });
});

describe("paths naming a term (the heading signal of a frequent term)", () => {
  it("marks exactly the paths whose headings' words hold the term", () => {
    const headingWords = tables.headings.filter((h) => !h.item).map((h) => h.full);
    // terms from the headings themselves (whole, and a two-character piece), and ones in none
    const needles = [...new Set(headingWords.flatMap((w) => [w.slice(-2), w.slice(0, 4)]))].slice(0, 60).concat(["梅花鹿", "第九十九章"]);
    let named = 0;
    for (const needle of needles) {
      const marks = tables.pathsNaming(needle);
      for (let p = 0; p < tables.paths.length; p++) {
        expect(marks[p] === 1, `${needle} in path ${p}`).toBe(tables.pathWordsOf(p).includes(needle));
        if (marks[p] === 1) named++;
      }
    }
    expect(named).toBeGreaterThan(50);
  });
});
