/**
 * The per-passage work of a build, as pure functions over a run ("chunk") of passage texts so that
 * it can be farmed out to worker threads (word-cut-pool.ts): jieba words, squeezed text and the
 * character-gram postings of each passage. A chunk's result is typed arrays only — handed to the
 * main thread by transfer, not copied, and never one string or JS array per word.
 */
import { analyzeTerms } from "../analysis/analyzer.ts";
import { squeeze } from "../analysis/squeeze.ts";
import { GramPostings, type GramParts } from "./gram-postings.ts";

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

/** Squeezed passage texts (analysis/squeeze.ts) back to back; passage p ends at ends[p]. */
export interface ChunkTexts {
  codes: Uint16Array;
  ends: Uint32Array;
}

export interface ChunkIndex {
  passages: number;
  words: ChunkWords;
  squeezed: ChunkTexts;
  /** Ordinals local to the chunk (0 = its first passage). */
  grams: GramParts;
}

/** The character side of a chunk: squeezed texts and gram postings (no jieba needed). */
export type ChunkGrams = Pick<ChunkIndex, "squeezed" | "grams">;

export function indexChunk(texts: readonly string[]): ChunkIndex {
  return { passages: texts.length, words: chunkWords(texts), ...chunkGrams(texts) };
}

export function chunkGrams(texts: readonly string[]): ChunkGrams {
  const squeezed = texts.map((t) => squeeze(t).text);
  return { squeezed: packTexts(squeezed), grams: GramPostings.build(squeezed).parts() };
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

export function packTexts(texts: readonly string[]): ChunkTexts {
  let total = 0;
  for (const t of texts) total += t.length;
  const codes = new Uint16Array(total);
  const ends = new Uint32Array(texts.length);
  let at = 0;
  texts.forEach((t, i) => {
    for (let j = 0; j < t.length; j++) codes[at + j] = t.charCodeAt(j);
    ends[i] = at += t.length;
  });
  return { codes, ends };
}

/**
 * UTF-16 code units as a string. Buffer's decoder copies code units as they are (lone surrogates
 * survive; TextDecoder would replace them with U+FFFD) and is the fastest here (~2 ns per unit).
 */
export function unitsToString(units: Uint16Array): string {
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString("utf16le");
}

/**
 * A chunk as a worker hands it back: its words always; its squeezed texts and grams unless the
 * main thread claimed that part (see word-cut-pool.ts `startIndexing`).
 */
export interface ChunkResult {
  passages: number;
  words: ChunkWords;
  chars?: ChunkGrams;
}

/** Every buffer of a chunk result, for postMessage's transfer list. */
export function chunkBuffers(c: ChunkResult): ArrayBuffer[] {
  const views: ArrayBufferView[] = [...Object.values(c.words), ...(c.chars ? [...Object.values(c.chars.squeezed), ...Object.values(c.chars.grams)] : [])];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))].filter((b) => b.byteLength > 0);
}

export type CutTask = "words" | "chunk";

/** The task for a chunk: its words, and its squeezed texts and grams too unless they are left for later. */
export function runCutTask(task: CutTask, texts: readonly string[], withChars = true): string[][] | ChunkResult {
  if (task === "words") return segmentTexts(texts);
  return { passages: texts.length, words: chunkWords(texts), chars: withChars ? chunkGrams(texts) : undefined };
}
