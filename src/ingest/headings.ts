/**
 * Recognise Chinese numbering at the start of a block: 第X章, 第X节, 一、, （一）, 1., （1）,
 * 专栏N and the dash items "——坚持融合发展。". Markdown `#` levels are never used: in the
 * gazette they contradict the document's structure.
 *
 * A heading is either standalone (the whole block is the heading: "第四章　推进关键核心技术攻关",
 * "（二）工作原则。") or inline (a clause head: "（一）科技创新环境不断优化。一是……" — the label
 * and its first short sentence name the clause, the block stays a paragraph).
 */
import type { HeadingRef } from "../model.ts";

export type OrdinalKind =
  | "part" // 第X部分 / 第X编
  | "chapter" // 第X章
  | "section" // 第X节
  | "article" // 第X条
  | "cn" // 一、
  | "paren-cn" // （一）
  | "num" // 1.  1、  １．
  | "paren-num" // （1）
  | "box" // 专栏N
  | "dash"; // ——item

export interface HeadingMatch {
  kind: OrdinalKind;
  /** Canonical label (see HeadingRef): 第四章, 一, （一）, 1, （1）, 专栏3, ——. */
  label: string;
  /** Words after the numbering, without the closing 。; "" for a bare label. */
  title: string;
  /** True when the block goes on after the title (a labelled clause, kept as a paragraph). */
  inline: boolean;
  /** Value of the ordinal (第四章 → 4), 0 when it has none (dash). */
  value: number;
  /** Length of the label as printed, including the gap before the title. */
  labelLength: number;
}

const CN_DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十一 → 11, 二十三 → 23, 一百零五 → 105; ASCII or full-width digits too. NaN when not a number. */
export function ordinalValue(s: string): number {
  const ascii = toAsciiDigits(s);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) current = CN_DIGITS[ch]!;
    else if (ch === "十") { total += (current || 1) * 10; current = 0; }
    else if (ch === "百") { total += (current || 1) * 100; current = 0; }
    else return NaN;
  }
  return total + current;
}

export function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const CN_NUM = "[一二三四五六七八九十百零〇两]+";
const ANY_NUM = "(?:[一二三四五六七八九十百零〇两]+|[0-9０-９]+)";
const GAP = "[\\s\\u3000]*";

interface Pattern {
  kind: OrdinalKind;
  re: RegExp;
  label: (m: RegExpExecArray) => string;
}

const PATTERNS: Pattern[] = [
  { kind: "part", re: new RegExp(`^第(${ANY_NUM})(?:部分|编)${GAP}`), label: (m) => m[0].trim() },
  { kind: "chapter", re: new RegExp(`^第(${ANY_NUM})章${GAP}`), label: (m) => m[0].replace(/[\s\u3000]/g, "") },
  { kind: "section", re: new RegExp(`^第(${ANY_NUM})节${GAP}`), label: (m) => m[0].replace(/[\s\u3000]/g, "") },
  { kind: "article", re: new RegExp(`^第(${ANY_NUM})条${GAP}`), label: (m) => m[0].replace(/[\s\u3000]/g, "") },
  { kind: "box", re: new RegExp(`^专栏${GAP}(${ANY_NUM})${GAP}[：:．.、]?${GAP}`), label: (m) => `专栏${toAsciiDigits(m[1]!)}` },
  { kind: "cn", re: new RegExp(`^(${CN_NUM})${GAP}、${GAP}`), label: (m) => m[1]! },
  { kind: "paren-cn", re: new RegExp(`^[（(]${GAP}(${CN_NUM})${GAP}[）)]${GAP}`), label: (m) => `（${m[1]}）` },
  { kind: "paren-num", re: new RegExp(`^[（(]${GAP}([0-9０-９]{1,3})${GAP}[）)]${GAP}`), label: (m) => `（${toAsciiDigits(m[1]!)}）` },
  // "1." but not a decimal ("1.5亿元") and not a year ("2025年").
  { kind: "num", re: /^([0-9０-９]{1,2})[\s\u3000]*[.．、](?![0-9０-９])[\s\u3000]*/, label: (m) => toAsciiDigits(m[1]!) },
  { kind: "dash", re: /^[—―－-]{2,}[\s\u3000]*/, label: () => "——" },
];

/** Longest title a standalone heading or a clause head can have. */
const MAX_TITLE = 40;
const INNER_SENTENCE = /[。！？；!?;]/;

export interface ParseOptions {
  /**
   * Accept a bare number directly followed by Chinese ("１汽车产业技术。…") as a "num" label:
   * PDF extraction drops the dot of numbered items inside 专栏 boxes. Callers enable it only
   * where such items are expected, because "４２６家企业" also starts a wrapped line.
   */
  bareNumber?: boolean;
}

export function parseHeading(block: string, opts: ParseOptions = {}): HeadingMatch | null {
  const text = block.trim();
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const value = p.kind === "dash" ? 0 : ordinalValue(m[1]!);
    if (Number.isNaN(value)) continue;
    return finish(p.kind, p.label(m), value, m[0].length, text);
  }
  if (opts.bareNumber) {
    const m = /^([0-9０-９]{1,2})(?=[\u4e00-\u9fff])/.exec(text);
    if (m) return finish("num", toAsciiDigits(m[1]!), Number(toAsciiDigits(m[1]!)), m[0].length, text);
  }
  return null;
}

function finish(kind: OrdinalKind, label: string, value: number, labelLength: number, text: string): HeadingMatch | null {
  const rest = text.slice(labelLength).trim();
  // Standalone: the rest is a short title with no sentence inside it (a final 。 is allowed).
  const bare = rest.replace(/[。.]$/, "");
  // Headings have no comma: "第三章规定的……，……" is running text that cites a chapter.
  if (!INNER_SENTENCE.test(bare) && !/[，,]/.test(bare) && bare.length <= MAX_TITLE) {
    // A long unpunctuated rest under a dash or number is a one-sentence clause, still a heading-sized title.
    return { kind, label, title: bare, inline: false, value, labelLength };
  }
  // Inline clause head: the first sentence, when short, is the clause's title.
  const cut = /[。！？!?；;]/.exec(rest);
  const first = cut ? rest.slice(0, cut.index) : rest;
  const title = first.length <= MAX_TITLE && !/[，,]/.test(first) ? first : "";
  if (kind === "chapter" || kind === "section" || kind === "part" || kind === "box") {
    // A 第X章 followed by running text is a cross-reference sentence ("第三章规定的……"), not a heading.
    if (!title) return null;
  }
  return { kind, label, title, inline: true, value, labelLength };
}

export function headingRef(h: HeadingMatch): HeadingRef {
  return { label: h.label, title: h.title };
}

/**
 * Clean a standalone heading line for display: stray spaces go, but one space between the
 * numbering and the title stays as printed ("第一章　发展基础", "第一章 发展基础").
 * Other text is returned with stray spaces removed.
 */
export function tidyHeadingText(raw: string, clean: (s: string) => string): string {
  const text = raw.trim();
  const h = parseHeading(text);
  if (!h || h.inline || !h.title) return clean(text).trim();
  const labelPart = text.slice(0, h.labelLength);
  const gap = /([\s\u3000])[\s\u3000]*$/.exec(labelPart)?.[1] ?? "";
  return clean(labelPart).trim() + gap + clean(text.slice(h.labelLength)).trim();
}
