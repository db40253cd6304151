/**
 * Quirks of real collections that must not change a document's structure, repaired on the blocks
 * every reader produces, before units are placed:
 * - zero-width characters (copied from web pages) are dropped;
 * - `<…>` or `＜…＞` and nested 《…》 inside 《…》 are printed 〈…〉 (《关于修改〈中华人民共和国农业技术推广法〉的决定》);
 * - a heading whose title is on the next line (第一章 / 总则) and an article label on a line of its
 *   own (第十条 / its text) are put back together;
 * - several articles printed on one line (第一章 总则 第一条 …。第二条 …。) are split at each
 *   第X条 that carries the next article number and starts a sentence (or follows a heading).
 * Each step is linear in the text.
 */
import type { Block } from "../blocks.ts";
import { parseHeading, ZERO_WIDTH, type HeadingMatch } from "../headings.ts";
import { chineseNumeral, ordinalValue } from "./numerals.ts";

export function repairQuirks(blocks: readonly Block[]): Block[] {
  const clean = blocks.map((b) => {
    const text = bookTitleMarks(b.text.replace(ZERO_WIDTH, ""));
    return text === b.text ? b : { ...b, text };
  });
  return splitArticles(joinBareLabels(clean.filter((b) => b.text.trim() !== "")));
}

/** Longest 《…》 span looked at (a 》 further away is not this mark's partner). */
const MAX_TITLE_SPAN = 300;

/** Inside 《…》: <…>, ＜…＞ and a nested 《…》 become 〈…〉. Marks without a partner are left alone. */
export function bookTitleMarks(text: string): string {
  if (!text.includes("《")) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("《", i);
    if (open < 0) break;
    const close = matchingClose(text, open);
    if (close < 0) { out += text.slice(i, open + 1); i = open + 1; continue; }
    out += text.slice(i, open + 1) + nestedMarks(text.slice(open + 1, close)) + "》";
    i = close + 1;
  }
  return out + text.slice(i);
}

function matchingClose(text: string, open: number): number {
  let depth = 0;
  const end = Math.min(text.length, open + MAX_TITLE_SPAN);
  for (let k = open; k < end; k++) {
    const c = text[k];
    if (c === "《") depth++;
    else if (c === "》" && --depth === 0) return k;
  }
  return -1;
}

function nestedMarks(inner: string): string {
  return inner.replace(/[<＜《]/g, "〈").replace(/[>＞》]/g, "〉");
}

const HEADING_WITH_TITLE: ReadonlySet<string> = new Set(["part", "sub-part", "chapter", "section"]);

/** 第一章 + 总则 → 第一章　总则; 第十条 + its text → 第十条　text. */
function joinBareLabels(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const next = blocks[i + 1];
    const h = b.kind === "text" ? parseHeading(b.text) : null;
    if (h && next && next.kind === "text" && isBareLabel(h) && fitsUnder(h, next.text)) {
      out.push({ ...next, text: `${b.text.trim()}\u3000${next.text.trim()}`, headingHint: b.headingHint || next.headingHint });
      i++;
      continue;
    }
    out.push(b);
  }
  return out;
}

function isBareLabel(h: HeadingMatch): boolean {
  return !h.inline && !h.title && h.value > 0 && (HEADING_WITH_TITLE.has(h.kind) || h.kind === "article");
}

function fitsUnder(h: HeadingMatch, next: string): boolean {
  const n = parseHeading(next);
  // 第一章 / 总则: a division word is a title here, not a chapter of its own.
  if (n) return h.kind !== "article" && n.kind === "chapter" && n.value === 0;
  if (h.kind === "article") return true;
  // A title: short, and no sentence in it.
  return next.trim().length <= 40 && !/[。！？；，,;!?]/.test(next);
}

const ARTICLE_IN_TEXT = /第[\s\u3000]*([一二三四五六七八九十百千零〇两]+|[0-9０-９]+)[\s\u3000]*条/g;
const SENTENCE_END_BEFORE = /[。；！？!?;][\s\u3000"'”’」』）)]*$/;

/** Split blocks that hold several articles, following the article numbers in reading order. */
function splitArticles(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let last = 0; // number of the last article seen
  for (const b of blocks) {
    if (b.kind !== "text") { out.push(b); continue; }
    const h = parseHeading(b.text);
    if (h?.kind === "article") last = h.value;
    let from = 0;
    ARTICLE_IN_TEXT.lastIndex = 0;
    for (let m = ARTICLE_IN_TEXT.exec(b.text); m; m = ARTICLE_IN_TEXT.exec(b.text)) {
      if (m.index === 0) continue;
      const value = ordinalValue(m[1]!.replace(/[\s\u3000]/g, ""));
      if ((value !== last + 1 && value !== 1) || !startsArticle(b.text, from, m.index)) continue;
      out.push({ ...b, text: b.text.slice(from, m.index).trim() });
      from = m.index;
      last = value;
    }
    out.push(from === 0 ? b : { ...b, text: b.text.slice(from).trim() });
  }
  return out;
}

/** Does the 第X条 at `at` start an article: after a sentence end, or right after a heading (第一章 总则 第一条)? */
function startsArticle(text: string, from: number, at: number): boolean {
  // Bounded looks on both sides, so that many cross-references in one block stay linear.
  if (parseHeading(text.slice(at, at + 80))?.kind !== "article") return false;
  if (SENTENCE_END_BEFORE.test(text.slice(Math.max(from, at - 12), at))) return true;
  if (at - from > 60) return false;
  // 第一章　总则 第一条 (the space may be gone: 第一章总则第一条): a heading with a short title before it.
  const h = parseHeading(text.slice(from, at).trim());
  return !!h && !h.inline && HEADING_WITH_TITLE.has(h.kind) && h.title.length > 0 && h.title.length <= 20;
}

const UNIT_CHAR: Partial<Record<HeadingMatch["kind"], string>> = { part: "编", chapter: "章", section: "节" };

/**
 * A heading whose number was lost in conversion: the chapters go 第一章 … 第三章 and between the
 * first and the third stands one short line without punctuation (农业技术推广体系) right before a
 * numbered unit — it is 第二章. The label is put back in front of the title (a repair, reported).
 */
export function restoreLostLabels(blocks: Block[]): { blocks: Block[]; warnings: string[] } {
  const warnings: string[] = [];
  const parsed = blocks.map((b) => (b.kind === "text" ? parseHeading(b.text) : null));
  const out = blocks.slice();
  for (const [kind, unit] of Object.entries(UNIT_CHAR) as [HeadingMatch["kind"], string][]) {
    const at = parsed.flatMap((h, i) => (h && h.kind === kind && !h.inline && h.value > 0 ? [i] : []));
    const values = new Set(at.map((i) => parsed[i]!.value));
    for (let n = 0; n + 1 < at.length; n++) {
      const [i, j] = [at[n]!, at[n + 1]!];
      const missing = parsed[i]!.value + 1;
      if (parsed[j]!.value !== missing + 1 || values.has(missing)) continue;
      const candidates: number[] = [];
      for (let k = i + 1; k < j; k++) if (looksLikeLostTitle(blocks, parsed, k)) candidates.push(k);
      if (candidates.length !== 1) continue;
      const k = candidates[0]!;
      const label = `第${chineseNumeral(missing)}${unit}`;
      out[k] = { ...blocks[k]!, text: `${label}\u3000${blocks[k]!.text.trim()}` };
      warnings.push(`a title line without its number, "${blocks[k]!.text.trim()}", stands where ${label} is missing: read as ${label} / 缺少编号的标题按${label}处理`);
    }
  }
  return { blocks: out, warnings };
}

function looksLikeLostTitle(blocks: Block[], parsed: (HeadingMatch | null)[], k: number): boolean {
  const b = blocks[k]!;
  const t = b.text.trim();
  if (b.kind !== "text" || parsed[k] || t.length < 2 || t.length > 30 || /[。，；：、,.;:！？!?“”"（）()《》0-9０-９]/.test(t)) return false;
  // Between a clause it closes and a numbered unit it opens.
  const next = parsed[k + 1];
  const prev = parsed[k - 1];
  return !!next && next.kind !== "dash" && (!prev || prev.inline);
}
