/**
 * Squeezed text: the folded text (fold.ts) with ignorable code units dropped, plus the map from
 * each squeezed offset back to its display offset. Literal search and echo alignment both compare
 * squeezed text, so that "2035 年" matches "2035年" (PDF extraction leaves stray layout spaces that
 * are not edits anyone made) and an invisible character pasted into a clause neither splits a
 * term nor counts as an edit.
 *
 * This module owns the rule of which code units are ignorable; every form below applies it:
 * `squeezeCodes` (typed arrays, for echo shingles and alignment), `squeeze` (a string, for the
 * search index and queries), `contentLength` (the unit echo shares are counted in).
 */
import { codesToString, foldCode, foldText } from "./fold.ts";

/**
 * Whitespace, and the invisible control and format characters (zero-width space, soft hyphen,
 * byte-order mark, direction marks, NUL) that pasted text carries.
 */
const IGNORABLE = /[\s\p{Cc}\p{Cf}]/u;

/**
 * 1 per ignorable UTF-16 code unit, computed once. Folding never moves a code unit in or out of
 * this class (it maps the ideographic space to a space), so the table serves raw and folded text.
 */
const IGNORED = (() => {
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = IGNORABLE.test(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

/** Whether squeezing drops this code unit (raw or folded: the answer is the same). */
export function isIgnorableCode(c: number): boolean {
  return IGNORED[c] === 1;
}

/** Squeezed text as code units: `codes[i]` is the folded code unit at display offset `map[i]`. */
export interface SqueezedCodes {
  codes: Uint16Array;
  map: Int32Array;
}

export function squeezeCodes(text: string): SqueezedCodes {
  const codes = new Uint16Array(text.length);
  const map = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = foldCode(text.charCodeAt(i));
    if (IGNORED[c]) continue;
    codes[n] = c;
    map[n++] = i;
  }
  return { codes: codes.subarray(0, n), map: map.subarray(0, n) };
}

/** Squeezed text as a string; `map` is null when nothing was dropped (offsets are then the same). */
export interface Squeezed {
  text: string;
  map: Int32Array | null;
}

export function squeeze(text: string): Squeezed {
  let i = 0;
  while (i < text.length && !IGNORED[text.charCodeAt(i)]) i++;
  if (i === text.length) return { text: foldText(text), map: null };
  const sq = squeezeCodes(text);
  return { text: codesToString(sq.codes), map: sq.map.slice() };
}

/** Display offsets [start, end) of the squeezed range [start, end) (end > start), in either form. */
export function unsqueezeRange(sq: { readonly map: Int32Array | null }, start: number, end: number): [number, number] {
  if (!sq.map) return [start, end];
  return [sq.map[start]!, sq.map[end - 1]! + 1];
}

/** Characters that are not ignorable: the unit in which echo similarity and shares are counted. */
export function contentLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!IGNORED[text.charCodeAt(i)]) n++;
  return n;
}
