/**
 * Per-sentence sources: a paragraph built from several clauses of other documents (a prefecture
 * paragraph assembled from seven provincial clauses) gets, for each of its sentences, the echo that
 * covers most of that sentence — the right source for that sentence, whatever the echo's rank for
 * the paragraph as a whole.
 */
import { contentLength, isIgnorableCode } from "../analysis/squeeze.ts";
import { sentenceRanges } from "./clauses.ts";
import { coveredChars } from "./echo-graph.ts";
import type { EchoRef, SentenceSource, SpanPair } from "./types.ts";

/** A source must cover at least this share of a sentence… */
export const MIN_SENTENCE_SHARE = 0.3;
/** …or this many of its characters (a long sentence keeping one long phrase of its source). */
export const MIN_SENTENCE_CHARS = 12;
/** Other sources are listed beside the best when they cover at least this share of what it covers. */
const RUNNER_UP = 0.8;

/** Characters of `text` in [from, to) that squeezing keeps. */
function kept(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!isIgnorableCode(text.charCodeAt(i))) n++;
  return n;
}

/** The offset in `text` after skipping `n` kept characters from `from`. */
function skipKept(text: string, from: number, n: number): number {
  let i = from;
  for (; n > 0 && i < text.length; i++) if (!isIgnorableCode(text.charCodeAt(i))) n--;
  return i;
}

/**
 * The spans clipped to `[start, end)` on the `a` side. Inside a span both sides agree character
 * for character once squeezed, so the `b` side is cut after the same number of kept characters.
 */
function clip(a: string, b: string, spans: readonly SpanPair[], start: number, end: number): SpanPair[] {
  const out: SpanPair[] = [];
  for (const s of spans) {
    const a0 = Math.max(s.a[0], start);
    const a1 = Math.min(s.a[1], end);
    if (a1 <= a0 || kept(a, a0, a1) === 0) continue;
    const b0 = skipKept(b, s.b[0], kept(a, s.a[0], a0));
    const b1 = skipKept(b, b0, kept(a, a0, a1));
    out.push({ a: [a0, a1], b: [b0, b1] });
  }
  return out;
}

export function sentenceSources(text: string, echoes: readonly EchoRef[]): SentenceSource[] {
  return sentenceRanges(text).map((range): SentenceSource => {
    const [start, end] = range;
    const len = contentLength(text.slice(start, end));
    const scored = echoes
      .map((e, rank) => {
        const spans = clip(text, e.text, e.spans, start, end);
        return { e, rank, spans, covered: coveredChars(text, spans.map((s) => s.a)) };
      })
      .filter((s) => len > 0 && s.covered > 0 && (s.covered / len >= MIN_SENTENCE_SHARE || s.covered >= MIN_SENTENCE_CHARS))
      // Most of the sentence first; among equals, the echo that covers more of the passage.
      .sort((x, y) => y.covered - x.covered || x.rank - y.rank);
    const best = scored[0]?.covered ?? 0;
    return {
      range,
      sources: scored
        .filter((s) => s.covered >= RUNNER_UP * best)
        .map((s) => ({ id: s.e.id, docId: s.e.docId, share: Math.round((s.covered / len) * 1000) / 1000, spans: s.spans })),
    };
  });
}
