/**
 * The character sequence that echo detection compares: the passage text width-folded
 * (foldText keeps offsets 1:1) with whitespace dropped, because PDF extraction leaves stray
 * layout spaces ("投入 10 亿元" vs "投入10亿元") that are not edits anyone made.
 * `pos[i]` maps a sequence index back to its offset in the displayed text.
 */
import { foldChar } from "../analysis/fold.ts";

export interface Squeezed {
  /** UTF-16 code units of the folded text without whitespace. */
  codes: Uint16Array;
  /** codes[i] came from display offset pos[i]. */
  pos: Int32Array;
}

/** Whitespace as it appears in extracted text (after folding the ideographic space to " "). */
export function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfeff;
}

/**
 * foldChar for every UTF-16 code unit, tabulated once: squeezing runs over every character of
 * the corpus several times, and a table lookup is far cheaper than building folded strings.
 * Same mapping as foldText by construction.
 */
let FOLD: Uint16Array | null = null;
function foldTable(): Uint16Array {
  if (!FOLD) {
    FOLD = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) FOLD[c] = foldChar(String.fromCharCode(c)).charCodeAt(0);
  }
  return FOLD;
}

export function squeeze(text: string): Squeezed {
  const fold = foldTable();
  const codes = new Uint16Array(text.length);
  const pos = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = fold[text.charCodeAt(i)]!;
    if (isSpaceCode(c)) continue;
    codes[n] = c;
    pos[n] = i;
    n++;
  }
  return { codes: codes.subarray(0, n), pos: pos.subarray(0, n) };
}

/** Number of non-whitespace characters: the unit in which similarity and shares are counted. */
export function contentLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) n++;
  return n;
}

/** Display offsets [start, end) of the squeezed range [si, ei) (ei > si). */
export function displayRange(sq: Squeezed, si: number, ei: number): [number, number] {
  return [sq.pos[si]!, sq.pos[ei - 1]! + 1];
}
