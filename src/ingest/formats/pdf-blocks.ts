/**
 * Printed lines (running headers and footers already gone) → blocks. Where a paragraph ends is
 * read from the page, as a reader sees it:
 * - the next line starts indented (the first-line indent of two characters);
 * - the line ends short of the text's right edge (the last line of a paragraph), unless the next
 *   line starts with a word too long to have fitted there;
 * - a vertical gap wider than the line spacing, or a change of font size or typeface (headings are
 *   set in 黑体, bold or larger: that also marks the block as a heading hint — the numbering still
 *   decides what is a heading);
 * - centred lines (titles, headings, captions) and lines set far right (signatures, dates) stand
 *   alone; a title wrapped over two centred lines stays one block.
 * The text's edges are measured per page (the most common left and right ends of body lines), so
 * odd and even pages may be set differently. Tables (pdf-table.ts) become table blocks.
 */
import { endsSentence, isCjk, joinWrapped, removeStraySpaces } from "../chars.ts";
import { tableText, type Block } from "../blocks.ts";
import { attachCaptions } from "../markdown-blocks.ts";
import { isCaption, rejoinSplitParagraphs } from "../rejoin.ts";
import { median, mode, type Line } from "./pdf-lines.ts";
import { findTables } from "./pdf-table.ts";
import { tidyHeadingText } from "../headings.ts";

interface Frame { left: number; right: number }

export interface BodyStyle {
  size: number;
  font: string;
}

/** The size and typeface most of the text is set in. */
export function bodyStyle(lines: readonly Line[]): BodyStyle {
  const chars = lines.map((l) => l.text.length);
  const size = mode(lines.map((l) => l.size), 0.5, chars);
  const fonts = new Map<string, number>();
  for (const l of lines) if (Math.abs(l.size - size) < 0.5) fonts.set(l.font, (fonts.get(l.font) ?? 0) + l.text.length);
  let font = "";
  let n = -1;
  for (const [f, c] of fonts) if (c > n) { font = f; n = c; }
  return { size, font };
}

/** Typical distance between baselines, per font size (lines of one size that follow each other on a page). */
function pitchBySize(lines: readonly Line[]): (size: number) => number {
  const bySize = new Map<number, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page !== b.page || Math.abs(a.size - b.size) > 0.25) continue;
    const d = a.y - b.y;
    if (d <= 0) continue;
    const k = Math.round(b.size * 2) / 2;
    const list = bySize.get(k) ?? [];
    list.push(d);
    bySize.set(k, list);
  }
  const pitches = new Map<number, number>();
  for (const [k, ds] of bySize) pitches.set(k, median(ds.sort((x, y) => x - y).slice(0, Math.max(1, Math.ceil(ds.length * 0.6)))));
  return (size) => pitches.get(Math.round(size * 2) / 2) ?? size * 1.5;
}

/**
 * Left and right ends of the body text on each page: the left margin is where most lines start
 * (all lines of a paragraph but its first); the right end is reached by most full lines (the
 * upper quartile of line ends: ragged, left-aligned text ends a little short of it, justified text
 * on it). A page with few body lines uses the document's.
 */
function framesByPage(lines: readonly Line[], body: BodyStyle): Map<number, Frame> {
  const all = lines.filter((l) => Math.abs(l.size - body.size) < 0.5 && l.segments.length === 1);
  const frameOf = (ls: readonly Line[]): Frame => ({ left: mode(ls.map((l) => l.x0), 1), right: quantile(ls.map((l) => l.x1), 0.75) });
  const global = frameOf(all);
  const byPage = new Map<number, Line[]>();
  for (const l of all) {
    const list = byPage.get(l.page);
    if (list) list.push(l);
    else byPage.set(l.page, [l]);
  }
  const frames = new Map<number, Frame>();
  for (const l of lines) if (!frames.has(l.page)) {
    const own = byPage.get(l.page) ?? [];
    frames.set(l.page, own.length >= 12 ? frameOf(own) : global);
  }
  return frames;
}

function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

type Align = "left" | "indent" | "center" | "right" | "full";

function alignment(l: Line, f: Frame): Align {
  const em = l.size;
  const left = l.x0 - f.left;
  const right = f.right - l.x1;
  if (left > 1.2 * em && right > 1.2 * em && Math.abs(left - right) <= Math.max(2 * em, 0.15 * (f.right - f.left))) return "center";
  // Set far right (a signature, a date; often with a right indent of a few characters).
  if (left > 4.5 * em && (right < 3 * em || left > 0.35 * (f.right - f.left))) return "right";
  if (left >= 1.2 * em && left <= 4.5 * em) return "indent";
  return right <= 1.5 * em ? "full" : "left";
}

/** Marks that may not start a line: they travel with the word before them (禁则). */
const NO_LINE_START = /[、，。；：！？）》」』”’〕】…%％]/;
/** Marks that may not end a line: they travel with the character after them. */
const NO_LINE_END = /[（《「『“‘〔【]/;

/**
 * Width, in points, of what a line starts with that could not have been set at the end of the line
 * before: an unbreakable Latin word or number (about 0.55 em a character) with the marks that may
 * not start a line, or an opening mark with its character.
 */
function unbreakableStart(l: Line): number {
  const t = l.text.replace(/^[\s\u3000]+/, "");
  let w = 0;
  let i = 0;
  while (i < t.length && NO_LINE_END.test(t[i]!)) { w += l.size; i++; }
  if (i > 0) return w + l.size;
  while (i < t.length && !isCjk(t[i]) && !/\s/.test(t[i]!)) { w += 0.55 * l.size; i++; }
  while (i < t.length && NO_LINE_START.test(t[i]!)) { w += l.size; i++; }
  return w;
}

interface Ctx {
  body: BodyStyle;
  frames: Map<number, Frame>;
  pitch: (size: number) => number;
}

/** Does `cur` start a new block after `prev`? */
function breaksBefore(prev: Line, cur: Line, ctx: Ctx): boolean {
  const f = ctx.frames.get(cur.page)!;
  const pf = ctx.frames.get(prev.page)!;
  const a = alignment(cur, f);
  const pa = alignment(prev, pf);
  const sameStyle = Math.abs(cur.size - prev.size) <= 0.1 * cur.size && cur.font === prev.font;
  if (!sameStyle) return true;
  if (cur.page === prev.page && prev.y - cur.y > 1.6 * ctx.pitch(cur.size)) return true;
  if (a === "center" || pa === "center") {
    // A title wrapped over centred lines: the first line runs (nearly) across, the next is centred.
    const wrappedTitle = a === "center" && (pa === "center" || pa === "full") && !endsSentence(prev.text) && cur.page === prev.page && prev.x1 - prev.x0 >= cur.x1 - cur.x0;
    return !wrappedTitle;
  }
  if (a === "right" || pa === "right") return true;
  if (a === "indent" && (pa !== "full" || endsSentence(prev.text))) return true;
  if (pa === "indent" || pa === "left") {
    // Short of the right edge: the paragraph ended, unless what the next line starts with could not fit.
    const room = pf.right - prev.x1;
    if (room > 1.5 * prev.size && unbreakableStart(cur) + 1.5 * prev.size < room) return true;
  }
  return false;
}

/** Set larger than the body, or in another typeface (黑体, bold) at body size: a heading hint. */
function isHeadingStyle(lines: readonly Line[], body: BodyStyle): boolean {
  const l = lines[0]!;
  if (lines.reduce((n, x) => n + x.text.length, 0) > 80) return false;
  return l.size > body.size * 1.08 || (l.font !== body.font && l.size >= body.size * 0.95);
}

function textBlock(lines: readonly Line[], body: BodyStyle): Block {
  let text = "";
  for (const l of lines) text = joinWrapped(text, l.text);
  // Stray spaces go; the gap between a heading's number and its title stays (第一章　发展基础).
  const b: Block = { text: tidyHeadingText(text, removeStraySpaces), kind: "text" };
  if (isHeadingStyle(lines, body)) b.headingHint = true;
  return b;
}

/** Lines of a document (reading order, running lines removed) → blocks. */
export function linesToBlocks(lines: readonly Line[]): Block[] {
  if (!lines.length) return [];
  const body = bodyStyle(lines);
  const ctx: Ctx = { body, frames: framesByPage(lines, body), pitch: pitchBySize(lines) };
  const tables = findTables(lines, ctx.pitch);
  const blocks: Block[] = [];
  let run: Line[] = [];
  const flush = () => {
    if (run.length) {
      const b = textBlock(run, body);
      if (b.text) blocks.push(b);
    }
    run = [];
  };
  let t = 0;
  for (let i = 0; i < lines.length; i++) {
    const table = tables[t];
    if (table && i === table.from) {
      flush();
      blocks.push({ text: tableText(table.rows), kind: "table", rows: table.rows });
      i = table.to - 1;
      t++;
      continue;
    }
    const l = lines[i]!;
    const prev = run[run.length - 1];
    if (prev && breaksBefore(prev, l, ctx)) flush();
    run.push(l);
  }
  flush();
  // A paragraph a page break or a float cut in two is put back together; a caption joins its table.
  const whole = rejoinSplitParagraphs(blocks, (bs, k) => bs[k]!.kind === "table" || isCaption(bs, k));
  return attachCaptions(whole);
}
