/**
 * A seeded generator of hostile queries and the checks every answer must pass. Shared by the
 * engine fuzz, the API fuzz and the HTML page fuzz so all three see the same inputs.
 */
import { expect } from "vitest";
import { ZhangjieError } from "../../src/errors.ts";
import type { SearchResponse } from "../../src/search/types.ts";
import { parseQuery } from "../../src/search/parse.ts";
import { norm, rng } from "../support/text.ts";

export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Words that exist in the corpus, so that fuzzed queries also reach the ranking and highlighting code. */
export const CORPUS_WORDS = [
  "梅花鹿", "揭榜挂帅", "碳达峰", "碳中和", "科技成果转化", "长吉图", "专精特新", "创新", "科技", "延边", "吉林省",
  "第四章", "专栏", "2025", "２０２５", "5G", "R&D", "Ｒ＆Ｄ", "CHTEM-II", "V2X", "十四五", "“十四五”", "人参", "农业",
  "吉政办发", "〔2022〕", "11号", "2021—2035", "２０２１－２０３５", "%", "一、", "（一）", "产业", "的",
];
const ASCII_WORDS = ["abc", "a", "Z", "hello", "0", "123", "1e9", "NaN", "null", "undefined", "__proto__", "constructor", "toString", "<script>", "&amp;", "%00", "../..", "C++", "c#"];
const OPERATORS = ["OR", "OR OR", "|", "||", "｜", "-", "- -", "--", "－", "NOT", "NOT NOT", "AND", "or", "doc:", "in:", "doc：", "in：", "-doc:", "-in:", "doc:\"\"", "in:“”", "doc:jilin", "in:第四章", "in:专栏", "-in:专栏", "doc:吉林", "doc:\"吉林省 科学\"", "doc:nothing-like-this"];
const QUOTES = ['"', "“", "”", "＂", "「", "」", "『", "』", "'", "‘", "’"];
const SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u3000", "\u00a0", "\u2003", "\u200b", "\ufeff"];
const ODD = [
  "😀", "👨‍👩‍👧", "🇨🇳", "𠀀", "𪚥", "\ud800", "\udfff", "\udc00\ud800", "\u200f", "\u202e", "\u200e", "\u0301", "e\u0301",
  "\u0000", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u2028", "\u2029", "\ufffd", "\uffff", "İ", "ß", "ﬁ", "Ω", "ΐ",
  "２,０２５", "2,025", "2.5%", "１２．５", "½", "Ⅳ", "①", "㈠", "〇", "零", "—", "……", "·", "\\", "/", "`", "$", "^", "*", "?", "~",
  "<", ">", "&", "#", "%", "%E0%A4%A", "+", "=", ";", "{", "}", "[", "]", "(", ")", "（", "）", "【", "】", "《", "》", "〔", "〕",
];

function randomHan(r: Rand, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, 0x4e00, 0x9fa5));
  return s;
}

function randomAny(r: Rand, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) s += String.fromCharCode(int(r, 0x20, 0x7e));
    else if (k < 0.5) s += String.fromCharCode(int(r, 0xff01, 0xff5e));
    else if (k < 0.8) s += String.fromCharCode(int(r, 0x4e00, 0x9fa5));
    else if (k < 0.9) s += String.fromCharCode(int(r, 0, 0xffff)); // any code unit, surrogates included
    else s += pick(r, ODD);
  }
  return s;
}

function atom(r: Rand): string {
  const k = r();
  if (k < 0.3) return pick(r, CORPUS_WORDS);
  if (k < 0.4) return pick(r, ASCII_WORDS);
  if (k < 0.55) return pick(r, OPERATORS);
  if (k < 0.65) return pick(r, QUOTES);
  if (k < 0.75) return pick(r, ODD);
  if (k < 0.85) return randomHan(r, int(r, 1, 6));
  if (k < 0.9) return `${pick(r, QUOTES)}${pick(r, CORPUS_WORDS)} ${pick(r, CORPUS_WORDS)}${pick(r, QUOTES)}`;
  if (k < 0.95) return `${pick(r, ["doc:", "in:", "-doc:", "-in:", "doc：", "in："])}${pick(r, [...CORPUS_WORDS, ...QUOTES, "\"\"", "“第四章”", ""])}`;
  return randomAny(r, int(r, 1, 12));
}

/** Queries built by hand for the shapes the random mix might hit only rarely. */
export const HAND_PICKED: string[] = [
  "", " ", "\u3000", "\u3000\u3000", "\t\n", "\u200b", "\ufeff", "\u200f", "\u202e梅花鹿", "梅花鹿\u200f",
  '"', '""', '" "', "“", "”", "“”", "「」", "「梅花鹿」", "『揭榜挂帅』", '"梅花鹿', '梅花鹿"', '"梅"花"鹿"', '""梅花鹿""', "“梅花鹿”“碳达峰”",
  "OR", "OR OR", "OR 梅花鹿", "梅花鹿 OR", "梅花鹿 OR OR 碳达峰", "|", "||", "|梅花鹿", "梅花鹿|", "梅花鹿||碳达峰", "|梅花鹿|",
  "-", "- -", "--", "-梅花鹿", "--梅花鹿", "- 梅花鹿", "梅花鹿 -", "NOT", "NOT NOT", "NOT 梅花鹿", "梅花鹿 NOT", "梅花鹿 NOT NOT 碳达峰",
  "doc:", "in:", "doc: 梅花鹿", "in: 梅花鹿", "doc:\"\"", "in:\"\"", 'doc:"吉林省 科学"', 'doc:"', "doc:“”", "-doc:", "-in:", "doc:in:", "in:doc:",
  "doc:jilin 梅花鹿", "in:第四章 创新", "in:专栏", "-in:专栏 创新", "doc:nothing", "in:第九十九章 创新",
  "😀", "梅花鹿😀", "😀梅花鹿", "\ud800", "梅\ud800花鹿", "\udc00", "𠀀𠀁", "🇨🇳 碳达峰",
  "\u0000", "梅花鹿\u0000", "\u001b[31m梅花鹿", "\u007f", "\u0085梅花鹿",
  "２０２５", "2025", "2,025", "２,０２５", "2.5%", "%", "%%", "100%", "5G", "Ｒ＆Ｄ", "r&d", "CHTEM-II", "chtem-ii", "V2X", "2021—2035", "２０２１－２０３５",
  "<script>alert(1)</script>", "'\"><img src=x onerror=alert(1)>", "&lt;", "${}", "{{x}}", "<%= 1 %>", "__proto__", "constructor", "hasOwnProperty",
  "梅".repeat(999), "梅".repeat(1000), "梅".repeat(1001), "a".repeat(1000), "a".repeat(1001), "😀".repeat(500), "😀".repeat(501),
  "科技成果转化".repeat(166), "x".repeat(999) + "😀", "梅花鹿 ".repeat(250),
  "ß", "İ", "ﬁ", "Ⅳ", "①", "e\u0301", "\u0301",
];

/** `count` seeded queries: hand-picked ones first, then random mixes of atoms, separators and lengths. */
export function fuzzQueries(seed: number, count: number): string[] {
  const r = rng(seed);
  const out = HAND_PICKED.slice(0, count);
  while (out.length < count) {
    const k = r();
    let q: string;
    if (k < 0.05) {
      // around the length limit
      const len = pick(r, [998, 999, 1000, 1001, 1002, 1500]);
      q = (pick(r, CORPUS_WORDS) + " ").repeat(Math.ceil(len / 2)).slice(0, len);
    } else if (k < 0.1) {
      q = randomHan(r, int(r, 40, 300)); // one long token: similarity mode
    } else if (k < 0.15) {
      q = randomAny(r, int(r, 1, 80));
    } else {
      const parts: string[] = [];
      const n = int(r, 1, 7);
      for (let i = 0; i < n; i++) {
        parts.push(atom(r));
        parts.push(r() < 0.8 ? " " : pick(r, SPACES.concat([""])));
      }
      q = parts.join("");
    }
    out.push(q);
  }
  return out;
}

/** Does the error carry both a Chinese and an English reason? */
export function bilingual(message: string): boolean {
  return /\p{Script=Han}/u.test(message) && /[A-Za-z]{3,}/.test(message);
}

/** Assert that what engine.search threw is an expected, bilingual 400. */
export function expectQueryError(err: unknown, q: string): void {
  if (!(err instanceof ZhangjieError)) {
    throw new Error(`query ${JSON.stringify(q)} threw a non-ZhangjieError: ${(err as Error)?.stack ?? String(err)}`);
  }
  expect(err.status, JSON.stringify(q)).toBe(400);
  expect(bilingual(err.message), err.message).toBe(true);
}

/** The needles of the query's positive terms (what term-mode highlights mark). */
function positiveNeedles(q: string): string[] {
  return parseQuery(q).clauses.filter((c) => !c.negated).flatMap((c) => c.alternatives.map((a) => a.needle));
}

/**
 * The invariants of a well-formed search response: offsets inside the text, sorted and disjoint;
 * hits sorted by score; total ≥ hits; a term-mode highlight covers text that, folded and
 * squeezed, contains nothing but characters the query itself holds.
 */
export function checkResponse(res: SearchResponse, q: string, limit = 20): void {
  const where = JSON.stringify(q).slice(0, 200);
  expect(typeof res.query, where).toBe("string");
  expect(Number.isInteger(res.total) && res.total >= res.hits.length, where).toBe(true);
  expect(res.hits.length, where).toBeLessThanOrEqual(limit);
  expect(["terms", "similar"], where).toContain(res.mode);
  expect(Number.isFinite(res.tookMs), where).toBe(true);
  const qFolded = norm(q);
  const needles = res.mode === "terms" ? positiveNeedles(q) : [];
  for (let i = 0; i < res.hits.length; i++) {
    const h = res.hits[i]!;
    expect(Number.isFinite(h.score), where).toBe(true);
    if (i > 0) expect(res.hits[i - 1]!.score, where).toBeGreaterThanOrEqual(h.score);
    let prevEnd = 0;
    for (const [s, e] of h.highlights) {
      expect(Number.isInteger(s) && Number.isInteger(e), where).toBe(true);
      expect(s, where).toBeGreaterThanOrEqual(prevEnd);
      expect(e, where).toBeGreaterThan(s);
      expect(e, where).toBeLessThanOrEqual(h.text.length);
      prevEnd = e;
      if (res.mode === "terms") {
        // Each highlighted stretch is made of matched terms (merged when adjacent): every character
        // of it, folded, occurs in the folded query.
        const marked = norm(h.text.slice(s, e));
        expect(marked.length, where).toBeGreaterThan(0);
        for (const c of marked) expect(qFolded.includes(c), `${where}: highlight "${marked}" in ${h.id}`).toBe(true);
        // …and it begins and ends with one of the query's literal terms.
        expect(needles.some((n) => marked.startsWith(n)), `${where}: highlight "${marked}" starts with no term`).toBe(true);
        expect(needles.some((n) => marked.endsWith(n)), `${where}: highlight "${marked}" ends with no term`).toBe(true);
      }
    }
  }
  // Facets count every matching passage (identical passages of other documents included); results fold those.
  const facetTotal = res.facets.docs.reduce((n, d) => n + d.count, 0);
  if (res.facetTotals.docs === res.facets.docs.length) expect(facetTotal, where).toBe(res.matched);
  else expect(facetTotal, where).toBeLessThan(res.matched);
  expect(res.total, where).toBeLessThanOrEqual(res.matched);
  const folded = res.hits.reduce((n, h) => n + h.alsoInTotal, 0);
  for (const h of res.hits) expect(h.alsoIn.length, where).toBeLessThanOrEqual(h.alsoInTotal);
  expect(res.hits.length + folded, where).toBeLessThanOrEqual(res.matched);
  // a terms query that found nothing says so: no hits, similar passages only apart
  if (res.mode === "terms" && res.reason === "no-match") expect(res.total, where).toBe(0);
}
