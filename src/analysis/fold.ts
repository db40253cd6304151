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

/**
 * foldChar for every UTF-16 code unit, computed once (128 KB). foldText runs over every passage
 * several times per build (analysis, grams, echo shingles, alignment); per-character string
 * building made it the build's hottest function (~30% of a ×100 build, see BENCHMARKS.md).
 */
const FOLD_TABLE = (() => {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = foldChar(String.fromCharCode(c)).charCodeAt(0);
  return t;
})();

/** foldChar of one UTF-16 code unit, as a code unit (a table lookup). */
export function foldCode(c: number): number {
  return FOLD_TABLE[c]!;
}

/** Fold a whole string; `foldText(s).length === s.length` always holds (one code unit → one code unit). */
export function foldText(s: string): string {
  const n = s.length;
  let i = 0;
  // Most text folds to itself: copy only from the first code unit that changes.
  while (i < n && FOLD_TABLE[s.charCodeAt(i)] === s.charCodeAt(i)) i++;
  if (i === n) return s;
  const buf = new Uint16Array(n - i);
  for (let j = i; j < n; j++) buf[j - i] = FOLD_TABLE[s.charCodeAt(j)]!;
  return s.slice(0, i) + codesToString(buf);
}

const UTF16 = new TextDecoder("utf-16le");

/** The string of these UTF-16 code units, lone surrogates kept as they are. */
export function codesToString(codes: Uint16Array): string {
  // The native decoder is fastest but would replace a lone surrogate with U+FFFD; fromCharCode keeps it.
  let surrogates = false;
  for (let j = 0; j < codes.length && !surrogates; j++) surrogates = codes[j]! >= 0xd800 && codes[j]! <= 0xdfff;
  if (!surrogates) return UTF16.decode(codes);
  let out = "";
  for (let j = 0; j < codes.length; j += 8192) out += String.fromCharCode.apply(null, codes.subarray(j, j + 8192) as unknown as number[]);
  return out;
}
