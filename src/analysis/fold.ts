/**
 * Folding for matching: width, case, punctuation twins, bracket variants and traditional →
 * simplified characters. Display text is never folded; search and alignment compare folded text.
 * Folding maps each UTF-16 code unit to exactly one code unit, so an offset into folded text is the
 * same offset into the original — highlights and aligned spans need no translation table.
 */
import TS_CHARACTERS from "opencc-js/dict/TSCharacters";
import TS_TARGETS_CHECK from "opencc-js/dict/STCharacters";
import TW_VARIANTS from "opencc-js/dict/TWVariantsRev";
import HK_VARIANTS from "opencc-js/dict/HKVariantsRev";

/** Punctuation that has a common ASCII twin in these documents; both forms must match. */
const PUNCT_FOLD: Record<string, string> = {
  "\u3000": " ", // ideographic space
  "“": '"',
  "”": '"',
  "‘": "'",
  "’": "'",
  "「": '"', // the quotation marks of traditional-script texts
  "」": '"',
  "『": "'",
  "』": "'",
  "—": "-", // em dash (2021—2035) vs hyphen/full-width hyphen (２０２１－２０３５)
  "–": "-",
  "、": "、",
  "。": "。",
  // A 文号 prints its year in any of these brackets (吉政发〔2022〕11号, [2022], 【2022】, (2022)):
  // one form, so a query finds the document whatever bracket either side used. （） and ［］ reach
  // here as ( ) and [ ] after width folding.
  "〔": "(",
  "〕": ")",
  "[": "(",
  "]": ")",
  "【": "(",
  "】": ")",
  "﹝": "(",
  "﹞": ")",
  "〖": "(",
  "〗": ")",
  // Title marks: 〈…〉 nested in 《…》, or printed <…> by converters; one form for all of them.
  "《": "<",
  "》": ">",
  "〈": "<",
  "〉": ">",
};

/**
 * Traditional → simplified, character by character: OpenCC's TSCharacters table (taking each
 * entry's first, standard simplified form), reached also from the Taiwan and Hong Kong variant forms
 * (TWVariantsRev / HKVariantsRev map those to OpenCC's traditional forms). Only one-code-unit to
 * one-code-unit mappings are taken — OpenCC's phrase tables convert words whose length may change,
 * which would break the 1:1 offsets. A character that is itself a simplified form (a target of the
 * table, or a simplified character OpenCC converts onwards, such as 么 or 余) is never folded away.
 */
export const TRADITIONAL_FOLD: ReadonlyMap<number, number> = buildTraditionalFold();

function buildTraditionalFold(): Map<number, number> {
  const entries = (dict: string): [string, string][] =>
    dict.split("|").map((e) => {
      const [from = "", to = ""] = e.split(" ");
      return [from, to];
    });
  const single = (s: string) => s.length === 1; // one UTF-16 code unit (BMP)
  const ts = entries(TS_CHARACTERS).filter(([a, b]) => single(a) && single(b) && a !== b);
  const simplified = new Set<string>(ts.map(([, b]) => b));
  for (const [s] of entries(TS_TARGETS_CHECK)) simplified.add(s);
  const toSimplified = new Map<string, string>();
  for (const [t, s] of ts) if (!simplified.has(t)) toSimplified.set(t, s);
  const out = new Map<number, number>();
  for (const [t, s] of toSimplified) out.set(t.charCodeAt(0), s.charCodeAt(0));
  // A regional variant → OpenCC traditional → simplified; kept only when it lands somewhere new.
  for (const [variant, standard] of [...entries(TW_VARIANTS), ...entries(HK_VARIANTS)]) {
    if (!single(variant) || !single(standard) || simplified.has(variant) || out.has(variant.charCodeAt(0))) continue;
    const s = toSimplified.get(standard) ?? (simplified.has(standard) ? standard : undefined);
    if (s !== undefined && s !== variant) out.set(variant.charCodeAt(0), s.charCodeAt(0));
  }
  return out;
}

/** Fold one code unit: full-width ASCII → ASCII, upper → lower case, punctuation and bracket twins, traditional → simplified. */
export function foldChar(ch: string): string {
  let code = ch.charCodeAt(0);
  // FF01–FF5E are the full-width forms of ASCII 21–7E.
  if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode((code = code - 0xfee0));
  const p = PUNCT_FOLD[ch];
  if (p !== undefined) return p;
  const simplified = TRADITIONAL_FOLD.get(code);
  if (simplified !== undefined) return String.fromCharCode(simplified);
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

/**
 * The fold that ids are hashed over (passage ids, document ids through titleKey): width, case and the
 * first punctuation twins only — frozen as it was when ids were introduced. Search folding may grow
 * (brackets, traditional characters); ids must not move with it, or every saved link to a passage
 * or document would break.
 */
const ID_PUNCT: Record<string, string> = { "\u3000": " ", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-" };
let ID_TABLE: Uint16Array | null = null;

export function foldForIds(s: string): string {
  if (!ID_TABLE) {
    ID_TABLE = new Uint16Array(65536);
    for (let c = 0; c < 65536; c++) {
      let ch = String.fromCharCode(c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c);
      ch = ID_PUNCT[ch] ?? ch;
      const lower = ch.toLowerCase();
      ID_TABLE[c] = (lower.length === 1 ? lower : ch).charCodeAt(0);
    }
  }
  const t = ID_TABLE;
  const buf = new Uint16Array(s.length);
  for (let j = 0; j < s.length; j++) buf[j] = t[s.charCodeAt(j)]!;
  return codesToString(buf);
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
