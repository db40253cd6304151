/**
 * Tables compared cell by cell. A table passage is rows joined by " | " (ingest's
 * TABLE_ROW_SEPARATOR), cells separated by spaces as the source printed them. A row is read as
 * `[序号] <label words…> <figure> <figure> …`: figures are the trailing cells that are numbers
 * (1.30, >2.00, ２４９５, 15%); the label is what precedes them. A header row (指标名称 2020年
 * 2025年) names the figure columns; a row with no figures and no header words is the caption.
 *
 * Rows of two tables are matched by label (folded, place words and brackets ignored, character
 * bigrams): a matched row whose figures all agree is "same", one whose figures changed is
 * "adapted" with each change as `column a → b`; an unmatched row is "local".
 */
import type { DocumentRecord, Passage } from "../model.ts";
import { foldText } from "../analysis/fold.ts";
import { primaryEdition } from "./builder.ts";
import type { IndicatorComparison, TableDiff, TableRowDiff } from "./types.ts";

const ROW_SEPARATOR = " | ";
/** A figure cell: optional comparison sign, digits with . or , and an optional unit sign. */
const FIGURE = /^[<>≤≥~约]?[+-]?[0-9][0-9.,]*[%‰]?$|^[—–-]+$/
const YEAR = /^(19|20)\d\d年?(目标|预期)?$/;
/** Words of a header row. */
const HEADER_WORDS = /指标|序号|名称|属性|单位|目标值|基期|年份/;
/** Place and level words that differ between a province's table and a prefecture's copy of it. */
const PLACE_WORDS = /全省|全州|全市|全县|全区|全国|我省|我州|我市|我县|本省|本州|本市|本县|省级|州级|市级|县级/g;
/** Rows whose labels share at least this Dice coefficient of character bigrams are the same indicator. */
export const ROW_MATCH = 0.5;

export interface TableRow {
  label: string;
  figures: string[];
}

export interface ParsedTable {
  caption: string | null;
  columns: string[];
  rows: TableRow[];
}

/** The row's cells as printed, with the space between a year and 年 closed (PDF text prints "2020 年"). */
function cellsOf(row: string): string[] {
  return row.replace(/([0-9０-９])\s+(年)/g, "$1$2").trim().split(/\s+/).filter(Boolean);
}

/** A figure as compared: width-folded, no thousands separators; a number by its value (15 = 15.00). */
export function figureKey(f: string): string {
  const k = foldText(f).replace(/[,\s]/g, "");
  const m = /^([<>≤≥~约]?[+-]?)([0-9]+(?:\.[0-9]+)?)([%‰]?)$/.exec(k);
  return m ? `${m[1]}${Number(m[2])}${m[3]}` : k;
}

/** A label as matched: folded, without place words, brackets, punctuation and spaces. */
export function labelKey(label: string): string {
  return foldText(label)
    .replace(PLACE_WORDS, "")
    .replace(/[\s()（）[\]【】《》“”"'‘’,，.。、:：;；%％]/g, "")
    .toLowerCase();
}

export function parseTable(text: string): ParsedTable {
  const out: ParsedTable = { caption: null, columns: [], rows: [] };
  for (const raw of text.split(ROW_SEPARATOR)) {
    const cells = cellsOf(raw);
    if (cells.length === 0) continue;
    const folded = cells.map((c) => foldText(c));
    const isHeader = folded.some((c) => HEADER_WORDS.test(c)) && folded.some((c) => YEAR.test(c) || HEADER_WORDS.test(c));
    if (isHeader) {
      // The figure columns are the cells after the label's header cells.
      let first = cells.length;
      while (first > 0 && !HEADER_WORDS.test(folded[first - 1]!)) first--;
      out.columns = cells.slice(first).map((c) => foldText(c));
      continue;
    }
    let f = cells.length;
    while (f > 0 && FIGURE.test(folded[f - 1]!)) f--;
    const labelCells = cells.slice(0, f);
    // A leading 序号 (1, 2, …) is numbering, not part of the label.
    if (labelCells.length > 1 && /^\d{1,3}$/.test(foldText(labelCells[0]!))) labelCells.shift();
    const figures = cells.slice(f);
    if (figures.length === 0) {
      if (out.rows.length === 0 && out.caption === null) out.caption = labelCells.join("");
      else out.rows.push({ label: labelCells.join(""), figures: [] });
      continue;
    }
    out.rows.push({ label: labelCells.join(""), figures });
  }
  return out;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const chars = Array.from(s);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice coefficient of two labels' character bigrams (after labelKey). */
export function labelSimilarity(x: string, y: string): number {
  const kx = labelKey(x);
  const ky = labelKey(y);
  if (kx === ky) return kx ? 1 : 0;
  const a = bigrams(kx);
  const b = bigrams(ky);
  let na = 0;
  let nb = 0;
  let shared = 0;
  for (const v of a.values()) na += v;
  for (const v of b.values()) nb += v;
  for (const [g, v] of a) shared += Math.min(v, b.get(g) ?? 0);
  return na + nb === 0 ? 0 : (2 * shared) / (na + nb);
}

/** Greedy one-to-one matching of rows by label similarity, best pairs first: a index → b index. */
export function matchRows(a: readonly TableRow[], b: readonly TableRow[]): Map<number, number> {
  const pairs: [number, number, number][] = [];
  a.forEach((ra, i) => b.forEach((rb, j) => {
    const s = labelSimilarity(ra.label, rb.label);
    if (s >= ROW_MATCH) pairs.push([s, i, j]);
  }));
  pairs.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  const out = new Map<number, number>();
  const usedB = new Set<number>();
  for (const [, i, j] of pairs) {
    if (out.has(i) || usedB.has(j)) continue;
    out.set(i, j);
    usedB.add(j);
  }
  return out;
}

/** Column name for figure column `i` of a table (its header cell, else its position). */
function columnName(t: ParsedTable, i: number): string {
  return t.columns[i] ?? `第${i + 1}列`;
}

/** Table passage A against table passage B (or against nothing), row by row and cell by cell. */
export function diffTables(aId: string, aText: string, bId: string | null, bText: string | null): TableDiff {
  const ta = parseTable(aText);
  const tb = bText === null ? null : parseTable(bText);
  const match = tb ? matchRows(ta.rows, tb.rows) : new Map<number, number>();
  const rows: TableRowDiff[] = ta.rows.map((ra, i) => {
    const j = match.get(i);
    const rb = j === undefined || !tb ? undefined : tb.rows[j];
    if (!rb) return { label: ra.label, status: "local", a: ra.figures, b: null, bLabel: null, changes: [] };
    const changes: TableRowDiff["changes"] = [];
    const n = Math.max(ra.figures.length, rb.figures.length);
    for (let c = 0; c < n; c++) {
      const fa = ra.figures[c] ?? "";
      const fb = rb.figures[c] ?? "";
      if (figureKey(fa) !== figureKey(fb)) changes.push({ column: columnName(ta, c), a: fa, b: fb });
    }
    return {
      label: ra.label,
      status: changes.length === 0 ? "same" : "adapted",
      a: ra.figures,
      b: rb.figures,
      bLabel: labelKey(rb.label) === labelKey(ra.label) ? null : rb.label,
      changes,
    };
  });
  // Rows only B has (an indicator the copy dropped), after A's.
  const matchedB = new Set(match.values());
  for (const [j, rb] of (tb?.rows ?? []).entries()) {
    if (!matchedB.has(j) && rb.figures.length > 0) rows.push({ label: rb.label, status: "b-only", a: [], b: rb.figures, bLabel: null, changes: [] });
  }
  return { aId, bId, columns: ta.columns.length ? ta.columns : tb?.columns ?? [], rows };
}

/** Rows of A's table matched in B's (how well B's table answers A's). */
export function matchedRows(aText: string, bText: string): number {
  return matchRows(parseTable(aText).rows, parseTable(bText).rows).size;
}

/** Whether a table is an indicator table: a 指标 header, or several rows with figures. */
function isIndicatorTable(t: ParsedTable, text: string): boolean {
  return /指标/.test(text) || t.rows.filter((r) => r.figures.length > 0).length >= 3;
}

/** The indicator tables of a document's primary edition. */
export function indicatorTables(doc: DocumentRecord): { passage: Passage; table: ParsedTable }[] {
  const ed = primaryEdition(doc);
  return (ed?.passages ?? [])
    .filter((p) => p.kind === "table")
    .map((p) => ({ passage: p, table: parseTable(p.text) }))
    .filter((t) => isIndicatorTable(t.table, t.passage.text));
}

/**
 * The indicators of several plans side by side: every indicator row of the first document's
 * tables, then rows of the others that match none of those; a row's values are each document's
 * figures (null when the document has no such indicator).
 */
export function compareIndicators(docs: readonly DocumentRecord[]): IndicatorComparison {
  const perDoc = docs.map((d) => {
    const tables = indicatorTables(d);
    return { doc: d, columns: tables[0]?.table.columns ?? [], rows: tables.flatMap((t) => t.table.rows.filter((r) => r.figures.length > 0)) };
  });
  const rows: IndicatorComparison["rows"] = [];
  perDoc.forEach((pd, k) => {
    const anchors = rows.map((r) => ({ label: r.name, figures: [] }));
    const match = matchRows(pd.rows, anchors);
    pd.rows.forEach((r, i) => {
      const j = match.get(i);
      if (j !== undefined && rows[j]!.values[k] === null) rows[j]!.values[k] = r.figures;
      else rows.push({ name: r.label, values: docs.map((_, x) => (x === k ? r.figures : null)) });
    });
  });
  return { docs: perDoc.map((pd) => ({ id: pd.doc.id, title: pd.doc.title, columns: pd.columns })), rows };
}
