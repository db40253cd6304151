/**
 * A block is one future passage before its place in the section tree is known: a heading
 * line, a paragraph, or a table. Every source form (PDF text, gazette Markdown, plain text)
 * is first turned into blocks; everything after that is form-independent.
 */
import { SENTENCE_MARK, joinLines, removeStraySpaces } from "./chars.ts";
import { parseHeading, tidyHeadingText, tidyParagraphText } from "./headings.ts";

export interface Block {
  text: string;
  kind: "text" | "table";
  /** The source marked it as a heading (Markdown `#`, bold line) — a hint, never the level. */
  headingHint?: boolean;
  /** PDF: set in boxed text (lines wider than the body measure), i.e. inside a 专栏. */
  wide?: boolean;
  /** A table read with its cells (PDF, DOCX, HTML): rows of cell texts; `text` is tableText(rows). */
  rows?: string[][];
}

/** Table rows are kept in one passage; rows are separated by this (passages hold no line breaks). */
export const TABLE_ROW_SEPARATOR = " | ";
/**
 * Cells of a table read with its cells are separated like rows: a row of an indicator table reads
 * `序号 | 指标名称 | 2020年 | 2025年`. The header row tells how many cells make a row; `Block.rows`
 * keeps the structure.
 */
export const TABLE_CELL_SEPARATOR = " | ";

/** A table's passage text: cells and rows in reading order (empty cells dropped). */
export function tableText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.filter((c) => c.trim()).join(TABLE_CELL_SEPARATOR)).filter(Boolean).join(TABLE_ROW_SEPARATOR);
}

/** Longest passage we keep whole; longer blocks are cut at sentence ends. */
export const MAX_PASSAGE_CHARS = 1500;
const TARGET_PIECE = 400;

/**
 * Cut an oversized text at sentence ends into pieces of about TARGET_PIECE characters
 * (a 100,000-character line stays searchable and citable). Text without any sentence end
 * is cut hard at MAX_PASSAGE_CHARS.
 */
export function splitLongText(text: string): string[] {
  if (text.length <= MAX_PASSAGE_CHARS) return [text];
  const pieces: string[] = [];
  let start = 0;
  let lastCut = 0;
  SENTENCE_MARK.lastIndex = 0;
  let m: RegExpExecArray | null;
  const cuts: number[] = [];
  while ((m = SENTENCE_MARK.exec(text))) cuts.push(m.index + m[0].length);
  for (const c of cuts) {
    if (c - start >= TARGET_PIECE) {
      pushHard(pieces, text.slice(start, c));
      start = c;
    }
    lastCut = c;
  }
  void lastCut;
  if (start < text.length) pushHard(pieces, text.slice(start));
  return pieces.filter((p) => p.trim().length > 0);
}

function pushHard(out: string[], piece: string): void {
  for (let i = 0; i < piece.length; i += MAX_PASSAGE_CHARS) out.push(piece.slice(i, i + MAX_PASSAGE_CHARS));
}

/**
 * Plain text of unknown layout: blank lines separate paragraphs and a numbered heading line
 * ("第一章　总则", "一、目的", "（一）……") always starts a new one; other lines of a paragraph
 * are joined (Chinese wraps anywhere). Without any blank line, every line is a paragraph.
 */
export function plainTextToBlocks(text: string): Block[] {
  const lines = text.replace(/\s+$/, "").split("\n");
  const hasBlank = lines.some((l) => l.trim() === "");
  const blocks: Block[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    const t = tidyParagraphText(joinLines(cur), removeStraySpaces);
    if (t) blocks.push({ text: t, kind: "text" });
    cur = [];
  };
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) { flush(); continue; }
    const h = parseHeading(l);
    if (h || !hasBlank) flush();
    if (h && !h.inline) {
      blocks.push({ text: tidyHeadingText(l, removeStraySpaces), kind: "text" });
      continue;
    }
    cur.push(l);
  }
  flush();
  return blocks;
}
