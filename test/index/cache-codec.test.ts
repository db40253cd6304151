/**
 * The cache sections give back exactly what was saved: the real corpus (texts stored once, passages
 * as rows), the shapes the compact form does not cover (stored whole), astral and lone-surrogate
 * text, the echo-store-like objects with big columns, and the word index.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { decodeCorpus, decodeLines, decodeObject, encodeCorpus, encodeLines, encodeObject } from "../../src/index/cache-codec.ts";
import { WordIndex } from "../../src/index/word-index.ts";
import { indexTerms, segmentTexts } from "../../src/index/word-cut.ts";
import { segmentAll, segmentForIndex } from "../../src/index/word-cut-pool.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await ingestCorpus(CORPUS_DIR);
});

const roundTrip = (c: Corpus): Corpus => decodeCorpus(encodeCorpus(c));

describe("corpus sections", () => {
  it("round-trip the real corpus, every field of every document, edition and passage", () => {
    const back = roundTrip(corpus);
    expect(back).toEqual(corpus);
    // Same field order too (the JSON API prints these objects).
    expect(JSON.stringify(back)).toBe(JSON.stringify(corpus));
  });

  it("store each edition's text once: the passage texts are slices of it", () => {
    const s = encodeCorpus(corpus);
    const textChars = corpus.documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.text.length, 0), 0);
    expect(s.texts.length).toBe(textChars * 2);
    const docs = s.docs.toString("utf8");
    const paragraphs = corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.filter((p) => p.kind === "paragraph" && p.text.length > 60)));
    expect(paragraphs.length).toBeGreaterThan(100);
    for (const p of paragraphs) expect(docs.includes(p.text.slice(0, 40)), p.id).toBe(false); // rows carry offsets, not text
  });

  it("keep passages the compact form does not fit as they are", () => {
    const c = structuredClone(corpus);
    const e = c.documents[0]!.editions[0]!;
    (e.passages[3] as unknown as Record<string, unknown>).note = "an extra field";
    e.passages[5]!.text = `${e.passages[5]!.text}（不是原文的切片）`;
    const back = roundTrip(c);
    expect(back).toEqual(c);
    expect((back.documents[0]!.editions[0]!.passages[3] as unknown as Record<string, unknown>).note).toBe("an extra field");
  });

  it("carry astral characters and lone surrogates in texts, titles and paths", () => {
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
    expect(roundTrip(c)).toEqual(c);
  });

  it("reject sections that disagree with each other", () => {
    const s = encodeCorpus(corpus);
    expect(() => decodeCorpus({ ...s, texts: s.texts.subarray(0, s.texts.length - 2) })).toThrow();
    const firstLine = s.docs.indexOf(0x0a) + 1;
    expect(() => decodeCorpus({ ...s, docs: s.docs.subarray(firstLine) })).toThrow();
    expect(() => decodeCorpus({ ...s, reports: Buffer.alloc(0) })).toThrow();
    expect(() => decodeCorpus({ meta: s.meta })).toThrow();
  });
});

describe("lines and objects", () => {
  it("newline-delimited JSON round-trips values with newlines and lone surrogates inside", () => {
    const values = ["a\nb", { x: "\ud800" }, [1, 2], null, "末行"];
    expect([...decodeLines(encodeLines(values))]).toEqual(values);
    expect([...decodeLines(Buffer.alloc(0))]).toEqual([]);
  });

  it("objects keep small fields as JSON and big arrays as columns, and come back the same", () => {
    const pairs = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 100_003);
    const ids = Array.from({ length: 3000 }, (_, i) => `doc~${i}#p-${i.toString(36)}\ud840\udc00`);
    const obj = {
      version: 3,
      params: { k: 5, share: 0.25 },
      ids,
      pairs,
      ratios: Array.from({ length: 300 }, (_, i) => i / 7),
      negatives: Array.from({ length: 300 }, (_, i) => -i),
      mixed: Array.from({ length: 300 }, (_, i) => (i % 2 ? i : `s${i}`)),
      typed: Float64Array.from([1.5, -2, 3e300]),
      small: [1, 2, 3],
      none: null,
    };
    const bytes = encodeObject(obj);
    expect(bytes.length).toBeLessThan(JSON.stringify(obj).length); // pairs as 4-byte columns
    const back = decodeObject(bytes) as typeof obj;
    expect(back).toEqual(obj);
    expect(Array.isArray(back.pairs)).toBe(true); // plain arrays stay plain arrays
    expect(back.typed).toBeInstanceOf(Float64Array);
    expect(Object.keys(back)).toEqual(Object.keys(obj));
    expect(decodeObject(encodeObject(null))).toBeNull();
    expect(() => decodeObject(bytes.subarray(0, bytes.length - 1))).toThrow();
  });
});

describe("word index", () => {
  const texts = () => corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));

  it("reduces segmented passages to what it needs, the same in workers as on this thread", async () => {
    const t = texts().slice(0, 600);
    const here = indexTerms(t);
    const words = segmentTexts(t);
    expect(here.lengths).toEqual(words.map((w) => w.length));
    expect(here.joined).toEqual(words.map((w) => [...new Set(w)].join(" ")));
    const df = new Map<string, number>();
    for (const w of words) for (const x of new Set(w)) df.set(x, (df.get(x) ?? 0) + 1);
    expect(new Map(here.dfWords.map((w, i) => [w, here.dfCounts[i]!]))).toEqual(df);
    expect(await segmentForIndex(t, { workers: 2 })).toEqual(here);
    expect(await segmentAll(t, { workers: 2 })).toEqual(words);
  });

  it("round-trips through its bytes: document frequencies, lengths and word retrieval", () => {
    const terms = indexTerms(texts());
    const w = WordIndex.build(terms);
    return w.serialize().then((bytes) => {
      const back = WordIndex.deserialize(bytes);
      expect(back.passages).toBe(w.passages);
      expect(Array.from(back.lengths)).toEqual(Array.from(w.lengths));
      expect(back.avgLength).toBe(w.avgLength);
      for (const q of [["梅花鹿"], ["揭榜挂帅"], ["科技", "创新"], ["碳达峰"], ["没有这个词"]]) {
        expect(back.all(q), q.join(" ")).toEqual(w.all(q));
        expect(back.df(q[0]!)).toBe(w.df(q[0]!));
      }
      expect(back.all(["梅花鹿"]).length).toBeGreaterThan(10);
      expect(() => WordIndex.deserialize(bytes.subarray(0, bytes.length - 4))).toThrow();
    });
  });
});
