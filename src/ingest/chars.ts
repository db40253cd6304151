/**
 * Character classes shared by the repair steps. Chinese typesetting has no spaces between
 * words, so "is this a CJK character?" decides how lines are joined and which spaces are
 * layout debris.
 */

/** CJK ideographs (incl. ext. A and compatibility), CJK punctuation, full-width forms, 〇. */
export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.codePointAt(0)!;
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x3000 && c <= 0x303f) || // CJK symbols and punctuation: 、。〔〕《》「」
    (c >= 0xff00 && c <= 0xffef) || // full-width forms: （）：；，０-９Ａ-Ｚ
    (c >= 0x2010 && c <= 0x2027) || // dashes, curly quotes “” ‘’, ellipsis …
    c === 0x00b7 // middle dot
  );
}

/** Ideographs only (no punctuation): used to tell Chinese text from other scripts. */
export function isIdeograph(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.codePointAt(0)!;
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3007;
}

/**
 * How wide each kind of character prints, in em (a CJK character = 1). PDF text does not say:
 * half-width digits and Latin are narrower than a CJK character, full-width digits are often
 * set narrower than 1 em too, and the spaces extraction puts around them are gaps, not glyphs.
 * The right numbers differ per document, so repair-pdf-text calibrates them (calibrateWidths).
 */
export interface WidthModel {
  /** A space (mostly layout gaps the extractor turned into spaces). */
  space: number;
  /** ASCII digits, Latin letters and ASCII punctuation. */
  ascii: number;
  /** Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ). */
  fullAlnum: number;
}

/** The typographic default: half-width characters and spaces ½ em, full-width forms 1 em. */
export const DEFAULT_WIDTHS: Readonly<WidthModel> = Object.freeze({ space: 0.5, ascii: 0.5, fullAlnum: 1 });

/** A line's characters counted by width class (what the width models weigh). */
export interface WidthCounts { cjk: number; space: number; ascii: number; fullAlnum: number }

const FULL_ALNUM = /[０-９Ａ-Ｚａ-ｚ]/;

const W_CJK = 0;
const W_SPACE = 1;
const W_ASCII = 2;
const W_FULL = 3;
const W_NONE = 4;

/**
 * Width class of each UTF-16 code unit, from the rules below applied once per code unit (a regex
 * per character made measuring every line of a big corpus a noticeable part of ingest):
 * " " a space; other whitespace (ideographic space, tabs: indents, not text) nothing; full-width
 * alphanumerics; CJK; everything else, including characters outside the BMP, ASCII-like.
 */
const WIDTH_CLASS = (() => {
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    t[c] = ch === " " ? W_SPACE : /\s/.test(ch) ? W_NONE : FULL_ALNUM.test(ch) ? W_FULL : isCjk(ch) ? W_CJK : W_ASCII;
  }
  return t;
})();

export function widthCounts(s: string): WidthCounts {
  const k = [0, 0, 0, 0, 0];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one character (outside every class above: ASCII-like); a lone surrogate too.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    k[WIDTH_CLASS[c]!]!++;
  }
  return { cjk: k[W_CJK]!, space: k[W_SPACE]!, ascii: k[W_ASCII]!, fullAlnum: k[W_FULL]! };
}

export function widthOf(n: WidthCounts, m: Readonly<WidthModel>): number {
  return n.cjk + n.space * m.space + n.ascii * m.ascii + n.fullAlnum * m.fullAlnum;
}

/** Printed width of a line in em under a width model (default: CJK 1, ASCII and spaces ½). */
export function visualWidth(s: string, model: Readonly<WidthModel> = DEFAULT_WIDTHS): number {
  return widthOf(widthCounts(s), model);
}

/**
 * Marks that end a sentence, possibly followed by closing quotes/brackets: a line or block
 * ending like this may end a paragraph. A closing bracket also ends one when its bracketed
 * note follows a finished sentence ("……。（省能源局负责）"), but not in "各县（市）".
 */
const SENTENCE_END = /[。！？；：…!?;:]["'”’」』》）)\]】]*$/;
const OPENING: Record<string, string> = { "）": "（", ")": "(", "】": "【", "]": "[" };
export function endsSentence(s: string): boolean {
  const t = s.trimEnd();
  if (SENTENCE_END.test(t)) return true;
  const close = t[t.length - 1];
  const open = close ? OPENING[close] : undefined;
  if (!open) return false;
  // Find the matching opening bracket (both widths count as one pair kind).
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const ch = t[i]!;
    if (ch === "）" || ch === ")" || ch === "】" || ch === "]") depth++;
    else if (ch === "（" || ch === "(" || ch === "【" || ch === "[") {
      depth--;
      if (depth === 0) return i === 0 || /[。！？；!?;]["'”’」』]*$/.test(t.slice(0, i).trimEnd());
    }
  }
  return false;
}

/** Sentence-final marks inside a text (for cutting oversized blocks). */
export const SENTENCE_MARK = /[。！？；!?]["'”’」』）)]*/g;

/** Digits 0-9 in ASCII or full width. */
export function isDigit(ch: string | undefined): boolean {
  return !!ch && /[0-9０-９]/.test(ch);
}

/**
 * Remove spaces that PDF extraction or Markdown conversion put next to Chinese text
 * ("落实 《中华", "到 2025 年", "（吉政发 〔２０１８〕"). A space survives only between two
 * non-CJK characters (English words, "CHTEM II"), collapsed to one.
 */
export function removeStraySpaces(s: string): string {
  // Ideographic spaces inside a line are layout too (indents, label gaps) — treat them as spaces.
  // Built from slices, and the last kept character tracked in a variable: reading `out` back
  // (out[out.length - 1]) flattens the growing string each time, which made long blocks quadratic.
  const parts: string[] = [];
  let last: string | undefined;
  let from = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (!isLayoutSpace(c)) { i++; continue; }
    if (i > from) { parts.push(s.slice(from, i)); last = s[i - 1]; }
    let j = i;
    while (j < s.length && isLayoutSpace(s.charCodeAt(j))) j++;
    const after = s[j];
    if (last !== undefined && after !== undefined && !isCjk(last) && !isCjk(after)) { parts.push(" "); last = " "; }
    i = j;
    from = j;
  }
  if (from < s.length) parts.push(from === 0 ? s : s.slice(from));
  return parts.join("");
}

/** Space, tab, ideographic space, no-break space. */
function isLayoutSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0;
}

/** Join two pieces of wrapped text: Chinese needs no separator; two Latin words need one. */
export function joinWrapped(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return needsSpace(a[a.length - 1]!, b[0]!) ? `${a} ${b}` : a + b;
}

/**
 * Join the wrapped lines of one paragraph (joinWrapped over all of them), in time linear in their
 * length: each separator is decided from the neighbouring lines, never from the growing result.
 */
export function joinLines(lines: readonly string[]): string {
  const parts: string[] = [];
  let prev = "";
  for (const l of lines) {
    if (!l) continue;
    if (prev && needsSpace(prev[prev.length - 1]!, l[0]!)) parts.push(" ");
    parts.push(l);
    prev = l;
  }
  return parts.join("");
}

function needsSpace(last: string, first: string): boolean {
  return /[A-Za-z]/.test(last) && /[A-Za-z]/.test(first);
}
