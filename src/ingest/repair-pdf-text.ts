/**
 * Repair text extracted from a PDF: every line break there is a layout break. Join wrapped
 * lines (梅花\n鹿 → 梅花鹿), recover paragraph boundaries from line lengths and closing
 * punctuation, drop page marks (—２１—, — 18 —) and stray layout spaces, keep 专栏 tables
 * together. Headings always start a new block.
 *
 * Line lengths are measured in em with character widths calibrated per document
 * (calibrateWidths): the body measure is the width most lines share, a paragraph's first line
 * is indented (about 2 em short), its last line usually short; text set wider than the body
 * is a 专栏 box, which interrupts a paragraph it is printed into (rejoin.ts mends it).
 */
import { DEFAULT_WIDTHS, endsSentence, joinLines, removeStraySpaces, isDigit, widthCounts, widthOf, type WidthCounts, type WidthModel } from "./chars.ts";
import { parseHeading, tidyHeadingText, tidyParagraphText, type HeadingMatch } from "./headings.ts";
import { TABLE_ROW_SEPARATOR, type Block } from "./blocks.ts";
import { rejoinSplitParagraphs } from "./rejoin.ts";

/** A line that only carries a page number: —２１—, — 18 —, - 3 -, 第 3 页, 3/40. */
const PAGE_MARK = /^(?:[—―－–-]+[\s\u3000]*[0-9０-９]{1,4}[\s\u3000]*[—―－–-]+|第[\s\u3000]*[0-9０-９]{1,4}[\s\u3000]*页(?:[\s\u3000]*共[\s\u3000]*[0-9０-９]{1,4}[\s\u3000]*页)?|[0-9０-９]{1,4}[\s\u3000]*[/／][\s\u3000]*[0-9０-９]{1,4})$/;

export function isPageMark(line: string): boolean {
  return PAGE_MARK.test(line.trim());
}

export interface PdfRepairResult {
  blocks: Block[];
  /** How many page-mark lines were dropped. */
  pageMarks: number;
  /** The body measure (line width in em) the paragraph detection used. */
  measure: number;
  /** The character widths calibrated for this document. */
  widths: WidthModel;
}

/** The width most full lines have: the mode of line widths (in half-em steps), long lines only. */
export function bodyMeasure(widths: number[]): number {
  return weightedBodyMeasure(widths, null);
}

/**
 * bodyMeasure over distinct widths, each standing for `weights[i]` lines (all 1 when null). Ties
 * go to the wider measure, so the order of the widths does not matter. Falls back to the widest
 * line (a loop, not Math.max(...widths), which overflows the stack on a file of 100,000+ lines).
 */
function weightedBodyMeasure(widths: ArrayLike<number>, weights: ArrayLike<number> | null): number {
  const counts = new Map<number, number>();
  let widest = 0;
  for (let i = 0; i < widths.length; i++) {
    const w = widths[i]!;
    if (w > widest) widest = w;
    if (w < MIN_BODY_WIDTH) continue;
    const k = Math.round(w);
    counts.set(k, (counts.get(k) ?? 0) + (weights ? weights[i]! : 1));
  }
  let best = 0;
  let bestN = 0;
  for (const [k, n] of counts) if (n > bestN || (n === bestN && k > best)) { best = k; bestN = n; }
  return best || widest;
}

/** Lines narrower than this (in em) are headings, captions or last lines: they say nothing about the measure. */
const MIN_BODY_WIDTH = 10;

const GRID = {
  space: [0, 0.125, 0.25, 0.375, 0.5],
  ascii: [0.375, 0.5, 0.625],
  fullAlnum: [0.5, 0.625, 0.75, 0.875, 1],
};

/**
 * Calibrate character widths to this document. Most lines of a hard-wrapped text are full,
 * so they share one printed width; the width model under which most lines agree (fall within
 * ½ em of the measure), and agree most closely, describes this document's font and spacing.
 * A grid of plausible values is searched; ties go to the model nearest the typographic default
 * (so a text without digits or spaces keeps the default).
 */
export function calibrateWidths(lines: readonly string[]): WidthModel {
  return calibrate(lines.map(widthCounts));
}

function calibrate(counts: readonly WidthCounts[]): WidthModel {
  if (!counts.some((n) => n.space + n.ascii + n.fullAlnum > 0)) return { ...DEFAULT_WIDTHS };
  const kinds = distinctCounts(counts);
  const distance = (m: WidthModel): number =>
    Math.abs(m.space - DEFAULT_WIDTHS.space) + Math.abs(m.ascii - DEFAULT_WIDTHS.ascii) + Math.abs(m.fullAlnum - DEFAULT_WIDTHS.fullAlnum);
  let best: WidthModel = { ...DEFAULT_WIDTHS };
  let bestFit = fit(kinds, best);
  for (const space of GRID.space) for (const ascii of GRID.ascii) for (const fullAlnum of GRID.fullAlnum) {
    const m = { space, ascii, fullAlnum };
    const f = fit(kinds, m);
    const better = f.agree !== bestFit.agree ? f.agree > bestFit.agree
      : f.spread !== bestFit.spread ? f.spread < bestFit.spread
      : distance(m) < distance(best);
    if (better) { best = m; bestFit = f; }
  }
  return best;
}

/**
 * The distinct character counts among the lines, each with how many lines have it. A document's
 * full lines mostly share their counts, so the model search weighs a few hundred kinds of line
 * instead of every line: linear in the document, not in models × lines.
 */
function distinctCounts(counts: readonly WidthCounts[]): { kinds: WidthCounts[]; lines: number[] } {
  const index = new Map<string, number>();
  const kinds: WidthCounts[] = [];
  const lines: number[] = [];
  for (const n of counts) {
    const key = `${n.cjk},${n.space},${n.ascii},${n.fullAlnum}`;
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, kinds.length);
      kinds.push(n);
      lines.push(1);
    } else lines[i]!++;
  }
  return { kinds, lines };
}

/**
 * Under a width model: how many lines print within ½ em of the body measure, and how far off those
 * are in all. Exact whatever the summation order (every grid value is a multiple of ⅛, so widths,
 * the measure and the distances are sums of eighths, which doubles hold exactly).
 */
function fit(k: { kinds: WidthCounts[]; lines: number[] }, m: WidthModel): { agree: number; spread: number } {
  const widths = k.kinds.map((n) => widthOf(n, m));
  const measure = weightedBodyMeasure(widths, k.lines);
  let agree = 0;
  let spread = 0;
  for (let i = 0; i < widths.length; i++) {
    const d = Math.abs(widths[i]! - measure);
    if (d <= 0.5) { agree += k.lines[i]!; spread += d * k.lines[i]!; }
  }
  return { agree, spread };
}

/** A table header: 序号 followed by more cells. */
const TABLE_HEADER = /^序号[\s\u3000]+\S/;
/** A number-ish table cell: 130, ＞２００, 0.36, 15%, ≥80. */
const NUM_CELL = /^[>＞<＜≥≤]?[0-9０-９][0-9０-９.．,，]*[%％]?$/;

function trailingNumberCells(row: string): number {
  const cells = row.trim().split(/[\s\u3000]+/);
  let n = 0;
  for (let i = cells.length - 1; i >= 0 && NUM_CELL.test(cells[i]!); i--) n++;
  return n;
}

function rowNumber(line: string): number | null {
  const m = /^([0-9０-９]{1,3})(?:[\s\u3000]|$)/.exec(line);
  return m ? Number(m[1]!.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) : null;
}

/** Join the pieces of one table row: a space next to numbers (cell boundary), none inside Chinese. */
function joinRowPiece(row: string, piece: string): string {
  if (!row) return piece;
  const sep = isDigit(row[row.length - 1]) || isDigit(piece[0]) || /[%％]$/.test(row) ? " " : "";
  return row + sep + piece;
}

const normalizeRow = (r: string): string => r.replace(/[\s\u3000]+/g, " ").trim();

export function pdfTextToBlocks(text: string): PdfRepairResult {
  const raw = text.split("\n").map((l) => l.trim());
  let pageMarks = 0;
  const lines: string[] = [];
  for (const l of raw) {
    if (!l) continue;
    if (isPageMark(l)) { pageMarks++; continue; }
    lines.push(l);
  }
  const counts = lines.map(widthCounts);
  const model = calibrate(counts);
  const widths = counts.map((n) => widthOf(n, model));
  const measure = bodyMeasure(widths);
  // Boxed 专栏 text is set wider than the body (41 vs 28 em); punctuation compression lets
  // body lines overrun the measure by a character or two, so "wide" starts well above it.
  const wideFrom = measure * 1.15;
  const blocks: Block[] = [];

  let cur: string[] = []; // lines of the paragraph being built
  let curMax = 0; // widest line of it: the measure inside a box is wider than the body's
  let curWide = false;
  let inBox = false;
  let nextItem = 1; // expected number of the next bare-numbered item inside a 专栏

  const flush = (): void => {
    if (!cur.length) return;
    blocks.push({ text: tidyParagraphText(joinLines(cur), removeStraySpaces), kind: "text", wide: curWide || undefined });
    cur = [];
    curMax = 0;
    curWide = false;
  };

  /** Did the previous line end its paragraph by itself (short line with a closing mark, or a short unpunctuated line)? */
  const prevComplete = (i: number): boolean => {
    if (i === 0 || !cur.length) return true;
    const prev = lines[i - 1]!;
    const w = widths[i - 1]!;
    const m = curWide ? Math.max(measure, curMax) : measure;
    return endsSentence(prev) || w < m - 1.5;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const w = widths[i]!;

    // --- tables: header row, then rows until a line that is neither a row nor its continuation.
    if (TABLE_HEADER.test(line) && prevComplete(i)) {
      // A short unpunctuated line right before the header is the table's caption.
      let caption: string | null = null;
      if (cur.length === 1 && !endsSentence(cur[0]!) && widths[i - 1]! < measure - 1.5) {
        caption = removeStraySpaces(cur[0]!);
        cur = [];
      } else flush();
      const prevBlock = blocks[blocks.length - 1];
      if (!caption && prevBlock && prevBlock.kind === "text" && !prevBlock.headingHint && /^专栏/.test(prevBlock.text) === false &&
        prevBlock.text.length <= 40 && !endsSentence(prevBlock.text)) {
        caption = blocks.pop()!.text;
      }
      const rows: string[] = caption ? [caption, normalizeRow(line)] : [normalizeRow(line)];
      let row = "";
      let expected = 1;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        const n = rowNumber(l);
        const rowDone = row !== "" && trailingNumberCells(row) >= 2;
        if (n === expected && (row === "" || rowDone)) {
          if (row) rows.push(normalizeRow(row));
          row = l;
          expected++;
          continue;
        }
        if (row !== "" && !rowDone) { row = joinRowPiece(row, l); continue; }
        break;
      }
      if (row) rows.push(normalizeRow(row));
      blocks.push({ text: rows.join(TABLE_ROW_SEPARATOR), kind: "table", wide: inBox || undefined });
      i = j - 1;
      continue;
    }

    // --- boxed text is set wider than the body: a wide line never continues a body-width
    // paragraph. It is a 专栏 box printed into the paragraph, which it interrupts; the rejoin
    // step puts the paragraph back together after the box.
    if (w > wideFrom && cur.length && !curWide) flush();

    // --- headings and numbered clauses start a new block.
    const complete = prevComplete(i);
    let h: HeadingMatch | null = parseHeading(line, { bareNumber: inBox && complete });
    if (h && h.kind === "num" && inBox && h.value !== nextItem && h.value !== 1) h = null;
    if (h && !complete) {
      // Mid-paragraph, only an unmistakable standalone heading breaks the paragraph.
      const strong = !h.inline && (h.kind === "chapter" || h.kind === "section" || h.kind === "part" || h.kind === "box");
      if (!strong) h = null;
    }
    if (h) {
      flush();
      if (h.kind === "box") { inBox = true; nextItem = 1; }
      else if (h.kind === "num" && inBox) nextItem = h.value + 1;
      else if (!(w > wideFrom)) inBox = inBox && h.kind === "num";
      if (!h.inline) {
        blocks.push({ text: tidyHeadingText(line, removeStraySpaces), kind: "text", wide: w > wideFrom || undefined });
        continue;
      }
      cur = [line];
      curMax = w;
      curWide = w > wideFrom;
    } else {
      if (!cur.length && inBox && w <= wideFrom && i > 0) inBox = false; // body text after a box
      cur.push(line);
      curMax = Math.max(curMax, w);
      if (w > wideFrom) curWide = true;
    }

    // --- does this line end its paragraph? Boxed text has its own, wider measure.
    const m = curWide ? Math.max(measure, curMax) : measure;
    const next = lines[i + 1];
    if (next === undefined) { flush(); continue; }
    const nw = widths[i + 1]!;
    if (endsSentence(line)) {
      // Clearly short: the paragraph's last line.
      if (w < m - 3) { flush(); continue; }
      // The next line runs to the margin: it continues this paragraph (every first line is
      // indented). Punctuation compression makes full lines vary by a character or so.
      if (nw > m - 1.5) { /* continuation */ }
      // The next line is indented (a new paragraph's first line) — unless it is itself the
      // short last line of this paragraph, which it can only be when this line is full.
      else if (!endsSentence(next) || w < m - 1) { flush(); continue; }
    }
    // A short line without a closing mark stands alone (title, caption, signature) — unless the
    // paragraph continues into a table row or the line is a mid-table fragment.
    if (cur.length === 1 && !endsSentence(line) && w < measure * 0.75 && !TABLE_HEADER.test(next)) { flush(); continue; }
  }
  flush();
  return { blocks: rejoinSplitParagraphs(blocks, (bs, k) => bs[k]!.kind === "table" || !!bs[k]!.wide), pageMarks, measure, widths: model };
}
