/**
 * The segmentation step of a build, kept a pure function over passage texts (texts in, word
 * lists out) so that it can be farmed out to worker threads for big corpora (segment-pool.ts).
 */
import { analyzeTerms } from "../analysis/analyzer.ts";

export function segmentTexts(texts: readonly string[]): string[][] {
  return texts.map((t) => analyzeTerms(t));
}
