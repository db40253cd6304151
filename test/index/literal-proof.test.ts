/**
 * GramPostings.literal proves a literal of word characters from bigram positions alone: on every
 * passage of the seeds, for hundreds of random literals (substrings of passages, near misses,
 * repeated characters), it finds exactly the passages whose text includes the literal (recall 1.0,
 * no false hit) with the occurrence count indexOf stepping gives — built in one pass, joined from
 * chunks, and read back from a cache file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { squeeze } from "../../src/analysis/squeeze.ts";
import { isWordChar } from "../../src/analysis/analyzer.ts";
import { GramPostings, POSITION_LIMIT } from "../../src/index/gram-postings.ts";
import { MAX_PASSAGE_CHARS } from "../../src/ingest/blocks.ts";
import { countOccurrences } from "../../src/search/literal.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { viaFile } from "../support/sections.ts";

/** The reference: every passage scanned with includes, counted with indexOf stepping. */
function scan(texts: readonly string[], needle: string): { ords: number[]; tf: number[] } {
  const ords: number[] = [];
  const tf: number[] = [];
  texts.forEach((t, o) => {
    if (!t.includes(needle)) return;
    ords.push(o);
    tf.push(countOccurrences(t, needle));
  });
  return { ords, tf };
}

/** A seeded generator (mulberry32), so a failure names a literal that fails again. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const wordOnly = (s: string): boolean => s.length > 0 && [...s].every((c) => [...c].every((u) => isWordChar(u)));

/** Random word-character literals: passage substrings of 2–16 characters, a fifth of them altered into near misses. */
function randomLiterals(texts: readonly string[], count: number, seed: number): string[] {
  const rand = rng(seed);
  const out = new Set<string>();
  while (out.size < count) {
    const t = texts[Math.floor(rand() * texts.length)]!;
    const len = 2 + Math.floor(rand() * 15);
    if (t.length < len) continue;
    const at = Math.floor(rand() * (t.length - len + 1));
    let s = t.slice(at, at + len);
    if (rand() < 0.2) {
      const k = Math.floor(rand() * s.length);
      s = s.slice(0, k) + "业" + s.slice(k + 1);
    }
    if (wordOnly(s)) out.add(s);
  }
  return [...out];
}

function mismatches(g: GramPostings, texts: readonly string[], needles: readonly string[]): string[] {
  const bad: string[] = [];
  for (const needle of needles) {
    const got = g.literal(needle, (o) => texts[o]!);
    const want = scan(texts, needle);
    if (!got) {
      bad.push(`${needle}: not provable`);
      continue;
    }
    const a = JSON.stringify([Array.from(got.ords), Array.from(got.tf)]);
    const b = JSON.stringify([want.ords, want.tf]);
    if (a !== b) bad.push(`${needle}: ${a} ≠ ${b}`);
  }
  return bad;
}

describe("literals proven from bigram positions, on every passage of the seeds", () => {
  let texts: string[];
  let needles: string[];
  beforeAll(async () => {
    const corpus = await ingestCorpus(CORPUS_DIR);
    texts = corpus.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => squeeze(p.text).text)));
    needles = randomLiterals(texts, 600, 20261130);
  });

  it("find exactly the passages that include each of 600 random literals, with their counts", () => {
    expect(texts.length).toBeGreaterThan(500);
    const g = GramPostings.build(texts);
    expect(mismatches(g, texts, needles)).toEqual([]);
    const found = needles.filter((n) => scan(texts, n).ords.length > 0).length;
    // Most literals are substrings (found), some near misses find nothing: both sides are tested.
    expect(found).toBeGreaterThan(400);
    expect(needles.length - found).toBeGreaterThan(20);
    // Literals long enough that their bigrams all occur somewhere without the literal being there.
    const scattered = needles.filter((n) => {
      const hits = g.literal(n)!.ords.length;
      const cands = new Set(texts.keys());
      for (let i = 0; i + 1 < n.length; i++) for (const o of cands) if (!texts[o]!.includes(n.slice(i, i + 2))) cands.delete(o);
      return cands.size > hits;
    });
    expect(scattered.length).toBeGreaterThan(10);
  });

  it("agree after the postings are joined from chunks and read back from a cache file", () => {
    const chunks = [0, 100, 333, 334, texts.length].slice(0, -1).map((from, i, a) => ({ from, to: a[i + 1] ?? texts.length }));
    const joined = GramPostings.concat(chunks.map(({ from, to }) => ({ grams: GramPostings.build(texts.slice(from, to)), base: from })));
    const sections = viaFile(joined.toSections("g"));
    const back = GramPostings.fromSections((n) => sections[n]!, "g");
    expect(mismatches(back, texts, needles)).toEqual([]);
  });

  it("count repeated characters without overlap, as indexOf stepping does", () => {
    const t = ["鹿鹿鹿鹿鹿", "鹿鹿", "梅花鹿鹿鹿花梅花鹿", "ab".repeat(40), "的的的的的的的"];
    const g = GramPostings.build(t);
    expect(mismatches(g, t, ["鹿鹿", "鹿鹿鹿", "鹿鹿鹿鹿", "梅花鹿", "花梅", "abab", "bab", "ababa", "的的的", "的的的的的的的的"])).toEqual([]);
    expect(Array.from(g.literal("鹿鹿鹿")!.tf)).toEqual([1, 1]);
  });

  it("answer null for what no gram covers, and nothing for a character never seen", () => {
    const g = GramPostings.build(["碳达峰，碳中和", "r&d经费"]);
    expect(g.literal("")).toBeNull();
    expect(g.literal("碳达峰，碳")).toBeNull(); // punctuation: verify against the text instead
    expect(g.literal("r&d")).toBeNull();
    expect(Array.from(g.literal("碳达峰碳")!.ords)).toEqual([]);
    expect(Array.from(g.literal("鹿")!.ords)).toEqual([]);
    expect(Array.from(g.literal("碳")!.tf)).toEqual([2]);
  });

  it("keep positions for any passage ingest makes, and verify an over-long one against its text", () => {
    expect(MAX_PASSAGE_CHARS).toBeLessThan(POSITION_LIMIT);
    const long = `${"农业".repeat(POSITION_LIMIT)}科技创新${"农".repeat(10)}`;
    const t = ["科技创新", long, "科技，创新科技创新"];
    const g = GramPostings.build(t);
    expect(Array.from(g.literal("科技创新", (o) => t[o]!)!.ords)).toEqual([0, 1, 2]);
    expect(mismatches(g, t, ["科技创新", "业农业农", "新农农", "农业农业农业科技"])).toEqual([]);
    expect(() => g.literal("科技创新")).toThrow(/too long/);
  });
});
