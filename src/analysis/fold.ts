/**
 * Width and case folding for matching. Display text is never folded; search and alignment
 * compare folded text. Folding maps each UTF-16 code unit to exactly one code unit, so an
 * offset into folded text is the same offset into the original — highlights and aligned
 * spans need no translation table.
 */

/** Punctuation that has a common ASCII twin in these documents; both forms must match. */
const PUNCT_FOLD: Record<string, string> = {
  "\u3000": " ", // ideographic space
  "“": '"',
  "”": '"',
  "‘": "'",
  "’": "'",
  "—": "-", // em dash (2021—2035) vs hyphen/full-width hyphen (２０２１－２０３５)
  "–": "-",
  "、": "、",
  "。": "。",
};

/** Fold one code unit: full-width ASCII → ASCII, upper → lower case, a few punctuation twins. */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  // FF01–FF5E are the full-width forms of ASCII 21–7E.
  if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
  const p = PUNCT_FOLD[ch];
  if (p !== undefined) return p;
  const lower = ch.toLowerCase();
  // toLowerCase can change length for a few exotic letters (İ); keep the 1:1 promise.
  return lower.length === 1 ? lower : ch;
}

/** Fold a whole string; `foldText(s).length === s.length` always holds. */
export function foldText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += foldChar(s[i]!);
  return out;
}
