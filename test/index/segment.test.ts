/**
 * A Segment gives back exactly what it was built from, through a cache file: every field of every
 * document, edition and passage of the real corpus (in the same field order), passages the compact
 * form does not fit, astral characters and lone surrogates; every section's bytes round-trip; and a
 * segment read from a file makes no Passage object until one is asked for.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { squeeze } from "../../src/analysis/squeeze.ts";
import { headingKey } from "../../src/index/segment-build.ts";
import { Segment, passageObjectsCreated } from "../../src/index/segment.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { segmentOf } from "../support/segments.ts";
import { bytesOf, viaFile } from "../support/sections.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await ingestCorpus(CORPUS_DIR);
});

const build = (c: Corpus) => segmentOf(c);
const reload = (s: Segment): Segment => Segment.fromSections(viaFile(s.toSections("s.")), "s.");

describe("segment", () => {
  it("gives back every field of every document, edition and passage of the real corpus, in order", async () => {
    const back = reload(await build(corpus));
    expect(back.documents()).toEqual(corpus.documents);
    expect(JSON.stringify(back.documents())).toBe(JSON.stringify(corpus.documents));
    expect(back.reports).toEqual(corpus.reports);
  });

  it("answers by ordinal and by id: passages, ids, squeezed texts, documents", async () => {
    const back = reload(await build(corpus));
    const passages = corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages));
    expect(back.passages).toBe(passages.length);
    passages.forEach((p, o) => {
      expect(back.passageId(o)).toBe(p.id);
      expect(back.ordinalOf(p.id)).toBe(o);
      expect(back.passage(o)).toEqual(p);
      expect(back.squeezedText(o)).toBe(squeeze(p.text).text);
      expect(back.documents()[back.doc[o]!]!.id).toBe(p.docId);
      expect(back.headingPaths()[back.table.path[o]!]).toEqual(p.path);
    });
    const keys = back.pathKeys();
    expect(keys).toEqual(back.headingPaths().map(headingKey));
    expect(keys.some((k) => k.includes("\u0001"))).toBe(true); // nested paths
    expect(back.ordinalOf("no-such-id")).toBeUndefined();
    expect(back.ordinalOf("")).toBeUndefined();
    // The same object from edition.passages and from passage(o).
    const ed = back.documents()[0]!.editions[0]!;
    expect(ed.passages[3]).toBe(back.passage(3));
  });

  it("round-trips every section's bytes", async () => {
    const seg = await build(corpus);
    const sections = seg.toSections("s.");
    const again = reload(seg).toSections("s.");
    expect(Object.keys(again)).toEqual(Object.keys(sections));
    for (const name of Object.keys(sections)) expect(bytesOf(again[name]!).equals(bytesOf(sections[name]!)), name).toBe(true);
  });

  it("keeps passages the compact form does not fit as they are", async () => {
    const c = structuredClone(corpus);
    const e = c.documents[0]!.editions[0]!;
    (e.passages[3] as unknown as Record<string, unknown>).note = "an extra field";
    e.passages[5]!.text = `${e.passages[5]!.text}（不是原文的切片）`;
    e.passages[6]!.counterparts = ["a-passage-that-is-not-here"];
    e.passages[7]!.seq = 70;
    const back = reload(await build(c));
    expect(back.documents()).toEqual(c.documents);
    expect((back.passage(3) as unknown as Record<string, unknown>).note).toBe("an extra field");
  });

  it("carries astral characters and lone surrogates in texts, ids, titles and paths", async () => {
    const c = structuredClone(corpus);
    const d = c.documents[1]!;
    const e = d.editions[0]!;
    d.title = `村名𠀀𠀁屯😀\ud800`;
    const p = e.passages[2]!;
    const odd = "𠀀\udc00\ud83d";
    e.text = e.text.slice(0, p.start) + odd + e.text.slice(p.end);
    const shift = odd.length - (p.end - p.start);
    p.text = odd;
    p.end = p.start + odd.length;
    for (const q of e.passages.slice(3)) {
      q.start += shift;
      q.end += shift;
    }
    p.path = [{ label: "第一章", title: "\udfff" }];
    p.id = `id-\ud800-${p.id}`;
    const back = reload(await build(c));
    expect(back.documents()).toEqual(c.documents);
    expect(back.ordinalOf(p.id)).toBe(back.documents()[0]!.editions.reduce((n, x) => n + x.passages.length, 0) + 2);
  });

  it("read from a file, makes no passage object until one is asked for", async () => {
    const seg = await build(corpus);
    const sections = viaFile(seg.toSections("s."));
    const before = passageObjectsCreated();
    const back = Segment.fromSections(sections, "s.");
    const docs = back.documents();
    expect(docs.map((d) => d.title)).toEqual(corpus.documents.map((d) => d.title));
    expect(docs[0]!.editions[0]!.text).toBe(corpus.documents[0]!.editions[0]!.text);
    expect(docs[0]!.editions[0]!.outline).toEqual(corpus.documents[0]!.editions[0]!.outline);
    expect(back.ordinalOf(corpus.documents[2]!.editions[0]!.passages[4]!.id)).toBeGreaterThan(0);
    back.squeezedText(10);
    expect(passageObjectsCreated()).toBe(before);
    back.passage(10);
    back.passage(10);
    expect(passageObjectsCreated()).toBe(before + 1);
    const n = docs[1]!.editions[0]!.passages.length;
    expect(passageObjectsCreated()).toBe(before + 1 + n);
  });

  it("refuses tables that disagree with each other", async () => {
    const seg = await build(corpus);
    const parts = seg.parts();
    expect(() => new Segment({ ...parts, seq: parts.seq.subarray(1) })).toThrow(/seq/);
    expect(() => new Segment({ ...parts, editionFirst: parts.editionFirst.subarray(1) })).toThrow(/editions/);
    expect(() => new Segment({ ...parts, sqUnits: parts.sqUnits.subarray(1) })).toThrow(/text blocks/);
    expect(() => new Segment({ ...parts, meta: { ...parts.meta, format: 0 } }).toSections("x")).not.toThrow();
    const sections = viaFile(seg.toSections("s."));
    expect(() => Segment.fromSections({ ...sections, "s.meta": Buffer.from(JSON.stringify({ ...parts.meta, format: 99 })) }, "s.")).toThrow(/format/);
    const { "s.grams.ids": _drop, ...missing } = sections;
    expect(() => Segment.fromSections(missing, "s.")).toThrow(/missing/);
  });
});
