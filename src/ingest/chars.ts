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

/** Width in em: full-width / CJK = 1, everything else = 0.5; spaces count 0 (PDF extraction adds them). */
export function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (ch === " ") { w += 0.5; continue; }
    if (/\s/.test(ch)) continue;
    w += isCjk(ch) ? 1 : 0.5;
  }
  return w;
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
  let out = "";
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === " " || ch === "\t" || ch === "\u3000" || ch === "\u00a0") {
      let j = i;
      while (j < s.length && /[ \t\u3000\u00a0]/.test(s[j]!)) j++;
      const before = out[out.length - 1];
      const after = s[j];
      if (before !== undefined && after !== undefined && !isCjk(before) && !isCjk(after)) out += " ";
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Join two pieces of wrapped text: Chinese needs no separator; two Latin words need one. */
export function joinWrapped(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (/[A-Za-z]/.test(last) && /[A-Za-z]/.test(first) && !isCjk(last)) return `${a} ${b}`;
  return a + b;
}
