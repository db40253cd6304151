/**
 * The word side of a build, as pure functions over a run ("chunk") of passage texts so that it can
 * be farmed out to worker threads (word-cut-pool.ts): each passage's jieba words. A chunk's result is
 * typed arrays only — handed to the main thread by transfer, not copied — and never one string or JS
 * array per word: the chunk's distinct words once, and per passage the ids of its words.
 */
import { analyzeTerms } from "../analysis/analyzer.ts";
import { packTexts } from "./text-block.ts";

export function segmentTexts(texts: readonly string[]): string[][] {
  return texts.map((t) => analyzeTerms(t));
}

/** The chunk's words: its distinct words once, and per passage its distinct words as local ids. */
export interface ChunkWords {
  /** Words in the passage (with repeats): BM25's length. */
  lengths: Uint32Array;
  /** The chunk's distinct words, their UTF-16 code units back to back; word i ends at vocabEnds[i]. */
  vocab: Uint16Array;
  vocabEnds: Uint32Array;
  /** Passage p's distinct words are termIds[termStart[p] … termStart[p+1]) (indexes into the vocabulary). */
  termStart: Uint32Array;
  termIds: Uint32Array;
}

export function chunkWords(texts: readonly string[]): ChunkWords {
  const local = new Map<string, number>();
  const lengths = new Uint32Array(texts.length);
  const termStart = new Uint32Array(texts.length + 1);
  const ids: number[] = [];
  texts.forEach((t, p) => {
    const words = analyzeTerms(t);
    lengths[p] = words.length;
    const seen = new Set<number>();
    for (const w of words) {
      let id = local.get(w);
      if (id === undefined) local.set(w, (id = local.size));
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
    termStart[p + 1] = ids.length;
  });
  const vocab = packTexts([...local.keys()]);
  return { lengths, vocab: vocab.codes, vocabEnds: vocab.ends, termStart, termIds: Uint32Array.from(ids) };
}

/** Every buffer of a chunk's words, for postMessage's transfer list. */
export function chunkBuffers(c: ChunkWords): ArrayBuffer[] {
  return [...new Set(Object.values(c).map((v) => (v as ArrayBufferView).buffer as ArrayBuffer))].filter((b) => b.byteLength > 0);
}

/** "words": each passage's words as strings; "chunk": the chunk's words as typed arrays (ChunkWords). */
export type CutTask = "words" | "chunk";

export function runCutTask(task: CutTask, texts: readonly string[]): string[][] | ChunkWords {
  return task === "words" ? segmentTexts(texts) : chunkWords(texts);
}
