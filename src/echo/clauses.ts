/**
 * What takes part in echoes, and how a clause is cut into sentences.
 *
 * A clause echoes a clause: body paragraphs and table rows. Headings, header lines (title, 文号,
 * signature, date), promulgation lines and the cover notice (印发通知) are context — they still place a passage in its
 * document and pair sections in the mirror map, but they are never an echo's source or target.
 */
import type { Passage, UnitKind } from "../model.ts";
import { NOTICE_LABEL } from "../ingest/section-tree.ts";

/**
 * Whether a passage is a clause. One repair for data the structure rules have not split yet: a
 * "heading" that is a whole sentence (第三条本办法适用于…。, （六）讲求…效益。) is an article or
 * item whose text sits on its label's line — a clause, not a title. Titles never end a sentence.
 */
export function isClause(p: Pick<Passage, "kind" | "text"> & { path?: Passage["path"] }): boolean {
  if (p.kind === "header") return false;
  // The cover notice that promulgates a document (印发通知: addressee, 现将…印发给你们, signature)
  // is context around the document, not one of its clauses.
  const unit = p.path?.[0];
  if (unit && (unit.label === NOTICE_LABEL || (unit.kind !== undefined && CONTEXT_UNITS.has(unit.kind)))) return false;
  if (p.kind === "paragraph" || p.kind === "table") return true;
  return SENTENCE_END.test(p.text) && p.text.replace(/\s/g, "").length >= MIN_SENTENCE_HEADING;
}

/** Unit kinds that are context (typed ingest); untyped data marks the notice by its label. */
const CONTEXT_UNITS = new Set<UnitKind>(["notice", "addressee", "title"]);

/** A heading line ending like a sentence (closing quotes and brackets allowed after the mark). */
const SENTENCE_END = /[。；！？][”’」』）)]*\s*$/;
/** Shorter "sentences" are labels with a full stop (一、总则。). */
const MIN_SENTENCE_HEADING = 12;

/** Marks that end a sentence or a clause of one (the unit: text between 。；). */
const STOPS = new Set(["。", "；", "！", "？", ";", "!", "?"]);
/** Closing marks that belong to the sentence before them. */
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", "】", "》"]);
/** Table rows are joined with this separator by ingest (blocks.ts TABLE_ROW_SEPARATOR). */
const ROW_SEPARATOR = " | ";

/**
 * `[start, end)` ranges of the sentences of a text, covering it without gaps: each ends after its
 * stop mark (and any closing quote or bracket right after it); a table row is a sentence of its
 * own. Whitespace between sentences goes to the sentence before it, so the ranges tile the text.
 */
export function sentenceRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  const cut = (end: number): void => {
    // Trailing whitespace stays with this sentence: ranges tile the text.
    while (end < text.length && /\s/.test(text[end]!)) end++;
    if (end > start) out.push([start, end]);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(ROW_SEPARATOR, i)) {
      // The separator goes with the row before it.
      cut(i + ROW_SEPARATOR.length);
      i = start - 1;
      continue;
    }
    if (!STOPS.has(text[i]!)) continue;
    let end = i + 1;
    while (end < text.length && CLOSERS.has(text[end]!)) end++;
    cut(end);
    i = start - 1;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}
