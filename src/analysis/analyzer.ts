/**
 * The one analysis chain used for indexing and for queries (Lucene-style: a tokenizer plus ordered filters):
 *   1. fold width and case (fold.ts keeps length 1:1, so offsets stay valid in the original text);
 *   2. split into runs: Han text, Latin/number text, everything else (punctuation, spaces: dropped);
 *   3. Han runs → jieba words (segmenter.ts, with the policy user dictionary);
 *      Latin/number runs stay whole: 2030, 5g, r&d, chtem-ii, v2x, 2.5.
 * Every token carries [start, end) offsets into the original text.
 *
 * Alongside words, the character backstop (`literalGrams`, `passageGrams`) works on the
 * squeezed text (squeeze.ts: folded, whitespace and invisible characters removed, so 2035 年 and
 * 2035年 match), keyed by unigrams and bigrams of word characters.
 */
import { foldText } from "./fold.ts";
import { segmentHan } from "./segmenter.ts";

/** Bump when tokens or grams change: it is part of the index cache key. */
// 5: folding adds bracket variants (〔〕[]【】 → ()), title marks (《》〈〉 → <>) and traditional → simplified.
export const ANALYZER_VERSION = "zj-analyzer-5";

export interface Token {
  /** Folded form, as indexed and looked up. */
  term: string;
  /** [start, end) in the original text. */
  start: number;
  end: number;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/**
 * Character classes per UTF-16 code unit, computed once: bit 1 = word character (letters incl. Han,
 * digits, marks), bit 2 = Han. Unicode-property regexes per character were the hottest part of
 * building grams.
 */
const CLASS = (() => {
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    if (isSurrogate(c)) t[c] = 1 | 2; // astral characters: in these texts, rare Han extensions
    else {
      if (WORD.test(ch)) t[c]! |= 1;
      if (HAN.test(ch)) t[c]! |= 2;
    }
  }
  return t;
})();

/** Han ideographs (and astral characters, which in these texts are rare Han extensions). */
function isHanChar(ch: string): boolean {
  return (CLASS[ch.charCodeAt(0)]! & 2) !== 0;
}

/** A character that can be searched for: letters (incl. Han), digits. Punctuation and spaces are not. */
export function isWordChar(ch: string): boolean {
  return (CLASS[ch.charCodeAt(0)]! & 1) !== 0;
}

function isLatinWordChar(ch: string): boolean {
  return isWordChar(ch) && !isHanChar(ch);
}

const DIGIT = /[0-9]/;
const LETTER = /\p{L}/u;

/**
 * Whether a connector character at position i joins the Latin/number run around it:
 * "." between digits (2.5), and & - _ + / next to a letter (r&d, chtem-ii, b2b). 2021-2035 splits.
 */
export function joins(folded: string, i: number): boolean {
  const c = folded[i]!;
  const prev = folded[i - 1];
  const next = folded[i + 1];
  if (prev === undefined || next === undefined) return false;
  if (!isLatinWordChar(prev) || !isLatinWordChar(next)) return false;
  if (c === ".") return DIGIT.test(prev) && DIGIT.test(next);
  if (c === "&" || c === "-" || c === "_" || c === "+" || c === "/") return LETTER.test(prev) || LETTER.test(next);
  return false;
}

/** Analyze text into word tokens with offsets into `text`. */
export function analyze(text: string): Token[] {
  const folded = foldText(text);
  const out: Token[] = [];
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const ch = folded[i]!;
    if (isHanChar(ch)) {
      let j = i + 1;
      while (j < n && isHanChar(folded[j]!)) j++;
      let pos = i;
      for (const w of segmentHan(folded.slice(i, j))) {
        out.push({ term: w, start: pos, end: pos + w.length });
        pos += w.length;
      }
      i = j;
    } else if (isLatinWordChar(ch)) {
      let j = i + 1;
      while (j < n && (isLatinWordChar(folded[j]!) || joins(folded, j))) j++;
      out.push({ term: folded.slice(i, j), start: i, end: j });
      i = j;
    } else {
      i++; // punctuation, whitespace, symbols: dropped
    }
  }
  return out;
}

/** The analyzer's words only (what the word index stores for a passage). */
export function analyzeTerms(text: string): string[] {
  return analyze(text).map((t) => t.term);
}

/**
 * The grams a passage is indexed under: every word character (unigram) and every pair of
 * adjacent word characters (bigram) of its squeezed text.
 */
export function passageGrams(squeezed: string): Set<string> {
  const grams = new Set<string>();
  let prevWord = false;
  for (let i = 0; i < squeezed.length; i++) {
    const c = squeezed[i]!;
    const w = isWordChar(c);
    if (w) {
      grams.add(c);
      if (prevWord) grams.add(squeezed[i - 1]! + c);
    }
    prevWord = w;
  }
  return grams;
}

/**
 * The grams a literal needle (squeezed, folded) must have in a passage that contains it:
 * bigrams of each run of word characters, or the unigram of a one-character run.
 * Empty when the needle holds no word character (only punctuation).
 */
export function literalGrams(needle: string): string[] {
  const grams = new Set<string>();
  let runStart = -1;
  for (let i = 0; i <= needle.length; i++) {
    const w = i < needle.length && isWordChar(needle[i]!);
    if (w && runStart < 0) runStart = i;
    if (!w && runStart >= 0) {
      if (i - runStart === 1) grams.add(needle[runStart]!);
      else for (let k = runStart; k + 1 < i; k++) grams.add(needle.slice(k, k + 2));
      runStart = -1;
    }
  }
  return [...grams];
}

/** Distinct bigrams of word characters (similarity mode compares texts by these). */
export function bigramSet(squeezed: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 1 < squeezed.length; i++) {
    const a = squeezed[i]!;
    const b = squeezed[i + 1]!;
    if (isWordChar(a) && isWordChar(b)) grams.add(a + b);
  }
  return grams;
}
