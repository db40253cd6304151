/**
 * The word index built from chunks (words cut where the chunk is indexed, typed arrays only) holds
 * exactly what segmenting every passage says: each word's passages, its document frequency, each
 * passage's length in words — the same in worker threads as on this thread, after a cache file,
 * and after joining with ordinals renumbered.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { WordIndex } from "../../src/index/word-index.ts";
import { chunkWords, segmentTexts } from "../../src/index/word-cut.ts";
import { packTexts } from "../../src/index/text-block.ts";
import { chunksDoneInWorkers, indexWords, segmentAll } from "../../src/index/word-cut-pool.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { bytesOf, viaFile } from "../support/sections.ts";

let corpus: Corpus;
let texts: string[];
beforeAll(async () => {
  corpus = await ingestCorpus(CORPUS_DIR);
  texts = corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));
});

/** word → ascending passages, from the analyzer's words of each passage. */
function reference(words: string[][]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  words.forEach((ws, o) => {
    for (const w of new Set(ws)) (m.get(w) ?? m.set(w, []).get(w)!).push(o);
  });
  return m;
}

function expectMatches(index: WordIndex, words: string[][]): void {
  const ref = reference(words);
  expect(index.size).toBe(ref.size);
  expect(Array.from(index.lengths)).toEqual(words.map((w) => w.length));
  const bad: string[] = [];
  for (const [w, ords] of ref) if (JSON.stringify(Array.from(index.get(w))) !== JSON.stringify(ords) || index.df(w) !== ords.length) bad.push(w);
  expect(bad).toEqual([]);
  expect(index.df("没有这个词")).toBe(0);
  expect(index.get("")).toHaveLength(0);
}

describe("word index", () => {
  it("holds each word's passages and each passage's length, built from chunks of any size", () => {
    const words = segmentTexts(texts);
    const chunks = [0, 1, 250, 600].map((from, i, a) => chunkWords(texts.slice(from, a[i + 1] ?? texts.length)));
    const index = WordIndex.build(chunks);
    expectMatches(index, words);
    expect(index.get("梅花鹿").length).toBeGreaterThan(10);
    expect(index.all(["科技", "创新"]).every((o) => words[o]!.includes("科技") && words[o]!.includes("创新"))).toBe(true);
    expect(index.avgLength).toBeCloseTo(words.reduce((s, w) => s + w.length, 0) / words.length, 9);
  });

  it("finds words by binary search in code-unit order, astral characters and lone surrogates included", () => {
    const odd = ["𠀀村", "\ud800", "a", "ab", "b", "中", "中国", "\uffff"];
    const vocab = packTexts(odd);
    const index = WordIndex.build([{ lengths: Uint32Array.of(2, 6), vocab: vocab.codes, vocabEnds: vocab.ends, termStart: Uint32Array.of(0, 2, 8), termIds: Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7) }]);
    for (const w of odd) expect(index.df(w), JSON.stringify(w)).toBeGreaterThan(0);
    expect(Array.from(index.get("𠀀村"))).toEqual([0]);
    expect(Array.from(index.get("中国"))).toEqual([1]);
    expect(index.df("中国人")).toBe(0);
    expect(index.df("\ud801")).toBe(0);
  });

  it("is the same cut in a worker thread, and read back from a cache file", async () => {
    const many = [...texts, ...texts, ...texts, ...texts]; // several chunks
    const here = await indexWords(many, { workers: 0 });
    expect(here.length).toBeGreaterThan(1);
    const inWorkers = chunksDoneInWorkers();
    const there = await indexWords(many, { workers: 1 });
    expect(chunksDoneInWorkers() - inWorkers).toBe(here.length); // done in a thread, not by the fallback
    expect(there.length).toBe(here.length);
    here.forEach((c, k) => {
      for (const [name, a] of Object.entries(c)) expect(bytesOf((there[k] as unknown as Record<string, ArrayBufferView>)[name]!).equals(bytesOf(a)), `chunk ${k} ${name}`).toBe(true);
    });
    expect(await segmentAll(texts.slice(0, 50), { workers: 2 })).toEqual(segmentTexts(texts.slice(0, 50)));
    const index = WordIndex.build(here);
    const sections = viaFile(index.toSections("w"));
    const words = segmentTexts(texts);
    expectMatches(WordIndex.fromSections((n) => sections[n]!, "w"), [...words, ...words, ...words, ...words]);
  });

  it("joins indexes of consecutive passages, dropping deleted ones and words left with none", () => {
    const words = segmentTexts(texts);
    const a = WordIndex.build([chunkWords(texts.slice(0, 300))]);
    const b = WordIndex.build([chunkWords(texts.slice(300))]);
    expectMatches(WordIndex.concat([{ words: a }, { words: b, base: 300 }]), words);
    // Delete passages 0–299: the join is the second half's index alone, renumbered from 0.
    const gone = new Int32Array(300).fill(-1);
    const keep = Int32Array.from({ length: texts.length - 300 }, (_, i) => i);
    expectMatches(WordIndex.concat([{ words: a, remap: gone }, { words: b, remap: keep }]), words.slice(300));
  });
});
