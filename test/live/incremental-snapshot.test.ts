/**
 * The incremental snapshot: a set of segments that extends a set holding its first segments copies
 * that set's per-passage tables and builds only the new segments' rows (SegmentSet.tableRows), and
 * the searcher's tables over it build only the new passages' rows, key no old heading again and walk
 * only the new heading forms (SearchTables.built) — and both equal, field by field, the tables
 * built from nothing over the same segments and marks (identical-text groups across segments included).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus, DocumentRecord } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import type { Segment } from "../../src/index/segment.ts";
import { EmbeddedStore } from "../../src/index/store.ts";
import { SearchTables } from "../../src/search/tables.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { segmentOf } from "../support/segments.ts";
import { REGULATIONS } from "./helpers.ts";

const part = (docs: DocumentRecord[]): Corpus => ({ documents: docs, reports: [] });

/** A document under another id (its passages' ids too): the same texts again, as a copied plan. */
function copyOf(d: DocumentRecord, tag: string): DocumentRecord {
  return {
    ...d,
    id: `${d.id}-${tag}`,
    editions: d.editions.map((e) => ({
      ...e,
      id: `${e.id}-${tag}`,
      passages: e.passages.map((p) => ({ ...p, id: `${p.id}-${tag}`, editionId: `${e.id}-${tag}`, counterparts: p.counterparts.map((c) => `${c}-${tag}`) })),
    })),
  };
}

/** Every field a query reads, as plain values. */
function tablesOf(t: SearchTables): Record<string, unknown> {
  const plain = (v: unknown): unknown => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v instanceof Map ? [...v].map(([k, x]) => [k, plain(x)]) : Array.isArray(v) ? v.map(plain) : v);
  const out: Record<string, unknown> = {};
  for (const k of ["n", "docOf", "pathOf", "paths", "chapterOf", "chapters", "primary", "versionAge", "editionOf", "regionOf", "regions", "typeOf", "types", "levelOf", "statusOf", "dateOf", "tieRank", "groupStart", "cpStart", "cpOrds", "cpSameVersion", "isHeading", "opensUnit", "headingsByFull", "headingsByLabel", "pathsOfHeading", "unitOpeners"] as const) out[k] = plain(t[k]);
  out.pathWords = t.paths.map((_, p) => t.pathWordsOf(p));
  out.headings = t.headings.map((h) => ({ ...h, ref: [h.ref.label, h.ref.title] }));
  out.editions = t.editions.map((e) => ({ ...e, edition: e.edition.id }));
  out.documents = t.documents.map((d) => d.id);
  const g = t.groups();
  out.groups = [Array.from(g.groupOf), Array.from(g.start), Array.from(g.ords)];
  return out;
}

describe("incremental snapshot tables", () => {
  let segs: Segment[];
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = await ingestCorpus(CORPUS_DIR);
    const regs = await ingestCorpus(REGULATIONS);
    const docs = corpus.documents;
    // the main segment; a segment of regulations; a segment copying a plan of the first (identical texts across segments)
    segs = [await segmentOf(part(docs)), await segmentOf(part(regs.documents.slice(0, 3))), await segmentOf(part([copyOf(docs[0]!, "copy"), ...regs.documents.slice(3, 5)]))];
  }, 120_000);

  it("copies the base's rows, builds the new segments', and equals a build from nothing", () => {
    const one = new SegmentSet([segs[0]!]);
    const oneTables = new SearchTables(new EmbeddedStore(one, null));
    expect(oneTables.built.rows).toBe(segs[0]!.passages);

    const two = new SegmentSet(segs.slice(0, 2), undefined, one);
    const twoTables = new SearchTables(new EmbeddedStore(two, null), oneTables);
    expect(two.tableRows).toEqual({ copied: segs[0]!.passages, built: segs[1]!.passages });
    expect(twoTables.built.rows).toBe(segs[1]!.passages);
    expect(twoTables.built.documents).toBe(segs[1]!.documents().length);
    expect(twoTables.built.forms).toBe(segs[1]!.headingForms().formStart.length - 1);
    expect(tablesOf(twoTables)).toEqual(tablesOf(new SearchTables(new EmbeddedStore(new SegmentSet(segs.slice(0, 2)), null))));

    // a third segment, and a deletion in the first
    const n = segs.reduce((t, s) => t + s.passages, 0);
    const three = new SegmentSet(segs, undefined, two);
    const victim = segs[0]!.documents()[1]!.id;
    expect(three.deleteDocument(victim)).toBeGreaterThan(0);
    const threeTables = new SearchTables(new EmbeddedStore(three, null), twoTables);
    expect(three.tableRows).toEqual({ copied: segs[0]!.passages + segs[1]!.passages, built: segs[2]!.passages });
    expect(threeTables.built.rows).toBe(segs[2]!.passages);
    const fresh = new SegmentSet(segs);
    fresh.deleteDocument(victim);
    expect(fresh.tableRows.built).toBe(0); // not built until asked
    const freshTables = new SearchTables(new EmbeddedStore(fresh, null));
    expect(fresh.tableRows.built).toBe(n);
    expect(tablesOf(threeTables)).toEqual(tablesOf(freshTables));
    // the copied plan's passages are grouped with the first segment's (across segments), as from nothing
    const t = three.tables();
    const crossing = Array.from({ length: t.identical.start.length - 1 }, (_, g) => Array.from(t.identical.ords.subarray(t.identical.start[g]!, t.identical.start[g + 1]!))).filter((m) => m.some((o) => o < segs[0]!.passages) && m.some((o) => o >= n - segs[2]!.passages));
    expect(crossing.length).toBeGreaterThan(50);
    expect(t.identical).toEqual(fresh.tables().identical);
    // the base is left as it was (it may still be serving)
    expect(tablesOf(twoTables)).toEqual(tablesOf(new SearchTables(new EmbeddedStore(new SegmentSet(segs.slice(0, 2)), null))));
  }, 120_000);
});
