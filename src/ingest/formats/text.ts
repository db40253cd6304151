/**
 * Text files: UTF-8 (UTF-16 with a byte-order mark, GB18030 with a warning), laid out as
 * pre-extracted PDF text (hard-wrapped lines: repaired by repair-pdf-text), Markdown, or plain
 * paragraphs. The catalog's `form` says which; otherwise the text is measured (guessForm).
 *
 * This is also the registry's reader of last resort: bytes no other reader claims come here and are
 * refused as binary when they are not text.
 */
import { MAX_PASSAGE_CHARS, plainTextToBlocks, type Block } from "../blocks.ts";
import type { SourceForm } from "../catalog.ts";
import { visualWidth } from "../chars.ts";
import { bodyMeasure, calibrateWidths, pdfTextToBlocks } from "../repair-pdf-text.ts";
import { decodeBytes } from "./decode-text.ts";
import { markdownTextToBlocks } from "./markdown.ts";
import type { FormatReader, ReadResult, SourceFile } from "./types.ts";

/** Guess the source form when the catalog does not say. */
export function guessForm(name: string, text: string): SourceForm {
  if (/\.(md|markdown)$/i.test(name) || /^#{1,6}\s+\S/m.test(text)) return "markdown";
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 20) {
    const model = calibrateWidths(lines);
    const widths = lines.map((l) => visualWidth(l, model));
    const m = bodyMeasure(widths);
    const atMeasure = widths.filter((w) => Math.abs(w - m) <= 1.5).length;
    // Hard-wrapped PDF text: most lines share one width.
    if (m >= 10 && atMeasure / lines.length >= 0.4) return "pdf-text";
  }
  return "plain";
}

/** A warning for text with endless lines (no layout to repair; cut at sentence ends later). */
export function longLineWarnings(text: string): string[] {
  let longest = 0;
  for (const l of text.split("\n")) if (l.length > longest) longest = l.length;
  return longest > MAX_PASSAGE_CHARS * 4
    ? [`a line of ${longest} characters: no layout to repair there; it is cut at sentence ends into passages / 超长行（${longest} 字）已按句切分`]
    : [];
}

export function textToBlocks(text: string, form: SourceForm): Block[] {
  if (form === "pdf-text") return pdfTextToBlocks(text).blocks;
  if (form === "markdown" || form === "gazette-markdown") return markdownTextToBlocks(text);
  return plainTextToBlocks(text);
}

/** Read a text file of any form (also used by the Markdown reader). */
export function readTextFile(file: SourceFile, defaultForm?: SourceForm): ReadResult {
  const decoded = decodeBytes(file.bytes);
  if (!decoded.ok) return { ok: false, error: decoded.error, code: decoded.code };
  const form = file.form ?? defaultForm ?? guessForm(file.path, decoded.text);
  const blocks = textToBlocks(decoded.text, form);
  return {
    ok: true,
    blocks,
    format: form === "markdown" || form === "gazette-markdown" ? "markdown" : "text",
    warnings: [...decoded.warnings, ...longLineWarnings(decoded.text)],
  };
}

/** Share of the first bytes that look like text (no NUL, few control bytes), or a UTF-16 BOM. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control <= head.length * 0.05;
}

export const textReader: FormatReader = {
  name: "text",
  isolated: false,
  extensions: [".txt", ".text"],
  // The reader of last resort: anything unclaimed comes here and is refused as binary if it is not text.
  sniff: (head) => (looksLikeText(head) ? 0.2 : 0.01),
  read: async (file) => readTextFile(file),
};
