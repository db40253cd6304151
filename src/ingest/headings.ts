/**
 * The grammar of numbered units: recognise Chinese numbering at the start of a block —
 * 第X编, 第X分编, 第X章, 第X节, 第X条 (and 总则 / 分则 / 附则 standing alone), 一、, （一）, 1., （1）,
 * 专栏N and the dash items "——坚持融合发展。". Plans and regulations share it; what a label
 * means inside an article (（一） is a 项, 1. a 目) is decided where blocks are placed
 * (section-tree.ts). Markdown `#` levels are never used: in the gazette they contradict the
 * document's structure.
 *
 * A heading is either standalone (the whole block is the heading: "第四章　推进关键核心技术攻关",
 * "（二）工作原则。") or inline (a clause head: "（一）科技创新环境不断优化。一是……" — the label
 * and its first short sentence name the clause, the block stays a paragraph). An article is
 * always a clause: its text is its first 款, and it has a title only when it prints a caption
 * (第一条【立法目的】).
 */
import type { HeadingRef } from "../model.ts";
import { ordinalValue, toAsciiDigits } from "./structure/numerals.ts";

export { ordinalValue, toAsciiDigits } from "./structure/numerals.ts";

export type OrdinalKind =
  | "part" // 第X部分 / 第X编
  | "sub-part" // 第X分编
  | "chapter" // 第X章, and 总则 / 分则 / 附则 standing alone
  | "section" // 第X节
  | "article" // 第X条, 第X条之一
  | "cn" // 一、
  | "paren-cn" // （一）
  | "num" // 1.  1、  １．
  | "paren-num" // （1）
  | "box" // 专栏N
  | "dash"; // ——item

export interface HeadingMatch {
  kind: OrdinalKind;
  /** Canonical label (see HeadingRef): 第四章, 一, （一）, 1, （1）, 专栏3, ——, 第二十条之一, 附则. */
  label: string;
  /** Words after the numbering, without the closing 。; "" for a bare label (and an article without a caption). */
  title: string;
  /** True when the block goes on after the title (a labelled clause, kept as a paragraph). */
  inline: boolean;
  /** Value of the ordinal (第四章 → 4), 0 when it has none (dash, 附则). */
  value: number;
  /** Length of the label as printed, including the gap before the title. */
  labelLength: number;
}

const CN_NUM = "[一二三四五六七八九十百千零〇两]+";
const ANY_NUM = "(?:[一二三四五六七八九十百千零〇两]+|[0-9０-９]+)";
/** Zero-width characters that arrive with copied text (ZWSP, ZWNJ, ZWJ, word joiner, BOM). */
export const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** Gaps printed inside and after labels: spaces, tabs, no-break and ideographic spaces, zero-width characters. */
const GAP = "[\\s\\u3000\\u200b-\\u200d\\u2060\\ufeff]*";
const GAP_CHARS = /[\s\u3000\u200b-\u200d\u2060\ufeff]/g;

interface Pattern {
  kind: OrdinalKind;
  re: RegExp;
  label: (m: RegExpExecArray) => string;
}

/** The label as printed without its gaps: "第 一 章 " → 第一章. */
const compact = (m: RegExpExecArray): string => m[0].replace(GAP_CHARS, "");

const PATTERNS: Pattern[] = [
  { kind: "sub-part", re: new RegExp(`^第${GAP}(${ANY_NUM})${GAP}分编${GAP}`), label: compact },
  { kind: "part", re: new RegExp(`^第${GAP}(${ANY_NUM})${GAP}(?:部分|编)${GAP}`), label: compact },
  { kind: "chapter", re: new RegExp(`^第${GAP}(${ANY_NUM})${GAP}章${GAP}`), label: compact },
  { kind: "section", re: new RegExp(`^第${GAP}(${ANY_NUM})${GAP}节${GAP}`), label: compact },
  { kind: "article", re: new RegExp(`^第${GAP}(${ANY_NUM})${GAP}条(?:${GAP}之${GAP}[一二三四五六七八九十]+)?${GAP}`), label: compact },
  { kind: "box", re: new RegExp(`^专栏${GAP}(${ANY_NUM})${GAP}[：:．.、]?${GAP}`), label: (m) => `专栏${toAsciiDigits(m[1]!)}` },
  { kind: "cn", re: new RegExp(`^(${CN_NUM})${GAP}、${GAP}`), label: (m) => m[1]! },
  { kind: "paren-cn", re: new RegExp(`^[（(]${GAP}(${CN_NUM})${GAP}[）)]${GAP}`), label: (m) => `（${m[1]}）` },
  { kind: "paren-num", re: new RegExp(`^[（(]${GAP}([0-9０-９]{1,3})${GAP}[）)]${GAP}`), label: (m) => `（${toAsciiDigits(m[1]!)}）` },
  // "1." but not a decimal ("1.5亿元") and not a year ("2025年").
  { kind: "num", re: /^([0-9０-９]{1,2})[\s\u3000]*[.．、](?![0-9０-９])[\s\u3000]*/, label: (m) => toAsciiDigits(m[1]!) },
  { kind: "dash", re: /^[—―－-]{2,}[\s\u3000]*/, label: () => "——" },
];

/** 总则 / 分则 / 附则 on a line of their own: chapters without a number. */
const DIVISION = new RegExp(`^([总分附])${GAP}(则)$`);

/**
 * What follows 第X条 when it is a cross-reference opening a sentence ("第二十条规定的情形……"),
 * not an article. Only checked when no gap separates the label from the text.
 */
const ARTICLE_REFERENCE = /^(?:规定|所称|所列|所述|之规定|的|中|至|和|或者|及|、|第[一二三四五六七八九十0-9０-９]+[款项])/;

/** An article's caption printed after its label: 第一条【立法目的】, 第一条（立法目的）. */
const CAPTION = /^[【\[（(]([^】\]）)。，；]{1,20})[】\]）)]/;

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
  const division = DIVISION.exec(text);
  if (division) return { kind: "chapter", label: division[1]! + division[2]!, title: "", inline: false, value: 0, labelLength: text.length };
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const value = p.kind === "dash" ? 0 : ordinalValue(m[1]!);
    if (Number.isNaN(value)) continue;
    if (p.kind === "article") return article(p.label(m), value, m[0], text);
    return finish(p.kind, p.label(m), value, m[0].length, text);
  }
  if (opts.bareNumber) {
    const m = /^([0-9０-９]{1,2})(?=[\u4e00-\u9fff])/.exec(text);
    if (m) return finish("num", toAsciiDigits(m[1]!), Number(toAsciiDigits(m[1]!)), m[0].length, text);
  }
  return null;
}

/** 第X条 starts an article whatever follows it, unless it opens a sentence that cites an article. */
function article(label: string, value: number, printed: string, text: string): HeadingMatch | null {
  const rest = text.slice(printed.length);
  const gap = /[\s\u3000]$/.test(printed);
  if (!gap && ARTICLE_REFERENCE.test(rest)) return null;
  const caption = CAPTION.exec(rest);
  return { kind: "article", label, title: caption ? caption[1]!.trim() : "", inline: rest.trim().length > 0, value, labelLength: printed.length };
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
  if (kind === "chapter" || kind === "section" || kind === "part" || kind === "sub-part" || kind === "box") {
    // A 第X章 followed by running text is a cross-reference sentence ("第三章规定的……"), not a heading.
    if (!title) return null;
  }
  return { kind, label, title, inline: true, value, labelLength };
}

export function headingRef(h: HeadingMatch): HeadingRef {
  return { label: h.label, title: h.title };
}

/**
 * Clean a standalone heading line (or an article) for display: stray spaces and zero-width
 * characters go, but one space between the numbering and the title (or the article's text) stays as printed ("第一章　发展基础", "第一章 发展基础";
 * a tab or no-break space there becomes a plain space).
 * Other text is returned with stray spaces removed.
 */
export function tidyHeadingText(raw: string, clean: (s: string) => string): string {
  const text = raw.trim().replace(ZERO_WIDTH, "");
  const h = parseHeading(text);
  // An article keeps the gap after its label too (第一条　为了……).
  if (!h || (h.kind !== "article" && (h.inline || !h.title))) return clean(text).trim();
  const labelPart = text.slice(0, h.labelLength);
  const printedGap = /([\s\u3000])[\s\u3000]*$/.exec(labelPart)?.[1];
  const gap = printedGap === undefined ? "" : printedGap === "\u3000" ? "\u3000" : " ";
  return clean(labelPart).trim() + gap + clean(text.slice(h.labelLength)).trim();
}

/** Clean a paragraph for display: like any text, except that an article keeps the gap after its label. */
export function tidyParagraphText(raw: string, clean: (s: string) => string): string {
  return parseHeading(raw.replace(ZERO_WIDTH, ""))?.kind === "article" ? tidyHeadingText(raw, clean) : clean(raw.replace(ZERO_WIDTH, "")).trim();
}
