/**
 * The segmentation step of a build, kept pure functions over passage texts (texts in, words out)
 * so that it can be farmed out to worker threads for big corpora (segment-pool.ts).
 */
import { analyzeTerms } from "../analysis/analyzer.ts";

export function segmentTexts(texts: readonly string[]): string[][] {
  return texts.map((t) => analyzeTerms(t));
}

/**
 * What the word index needs from a run of passages, reduced where the words are cut (in a worker
 * on big corpora): per passage its distinct words joined by spaces (what FlexSearch is given) and
 * its length in words; over the run, each word's passage count. Handing back one string per
 * passage instead of one per word keeps the copy to the main thread and its work small.
 */
export interface IndexTerms {
  joined: string[];
  lengths: number[];
  dfWords: string[];
  dfCounts: number[];
}

export function indexTerms(texts: readonly string[]): IndexTerms {
  const joined: string[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const t of texts) {
    const words = analyzeTerms(t);
    const distinct = new Set(words);
    for (const w of distinct) df.set(w, (df.get(w) ?? 0) + 1);
    lengths.push(words.length);
    joined.push([...distinct].join(" "));
  }
  return { joined, lengths, dfWords: [...df.keys()], dfCounts: [...df.values()] };
}

/** Merge per-run results, in run order. */
export function mergeIndexTerms(parts: readonly IndexTerms[]): IndexTerms {
  const joined: string[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const p of parts) {
    for (const j of p.joined) joined.push(j);
    for (const l of p.lengths) lengths.push(l);
    for (let i = 0; i < p.dfWords.length; i++) df.set(p.dfWords[i]!, (df.get(p.dfWords[i]!) ?? 0) + p.dfCounts[i]!);
  }
  return { joined, lengths, dfWords: [...df.keys()], dfCounts: [...df.values()] };
}

export type SegmentTask = "words" | "index";

export function runSegmentTask(task: SegmentTask, texts: readonly string[]): string[][] | IndexTerms {
  return task === "words" ? segmentTexts(texts) : indexTerms(texts);
}
