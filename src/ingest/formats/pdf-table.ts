/**
 * Tables in PDF text, from geometry: a table is a run of lines split into segments by wide gaps
 * (two or more such lines), with the single-segment lines that sit inside one of its columns
 * (a cell's text wrapped onto a second line). Columns are the x-intervals the segments occupy,
 * merged where they overlap; a row starts at a line with text in the first column (cells are set
 * top-aligned), other lines add to the cells of the row above.
 */
import { joinWrapped, removeStraySpaces } from "../chars.ts";
import type { Line } from "./pdf-lines.ts";

export interface TableRegion {
  /** Index of the first and one past the last line of the table (in the array given). */
  from: number;
  to: number;
  rows: string[][];
}

interface Column { x0: number; x1: number }

function columnsOf(lines: readonly Line[], slack: number): Column[] {
  const spans = lines.flatMap((l) => l.segments.map((s) => ({ x0: s.x0, x1: s.x1 }))).sort((a, b) => a.x0 - b.x0);
  const cols: Column[] = [];
  for (const s of spans) {
    const c = cols[cols.length - 1];
    if (c && s.x0 <= c.x1 + slack) c.x1 = Math.max(c.x1, s.x1);
    else cols.push({ ...s });
  }
  return cols;
}

function columnIndex(cols: readonly Column[], x0: number, x1: number, slack: number): number {
  return cols.findIndex((c) => x0 >= c.x0 - slack && x1 <= c.x1 + slack);
}

/** The lines from `i` on that can belong to a table starting at line i (a multi-segment line). */
function extent(lines: readonly Line[], i: number, pitch: (size: number) => number): number {
  const start = lines[i]!;
  let j = i + 1;
  const multi = [start];
  let cols = columnsOf(multi, 0.5 * start.size);
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    const prev = lines[j - 1]!;
    if (Math.abs(l.size - start.size) > start.size * 0.2) break;
    const samePage = l.page === prev.page;
    if (samePage && prev.y - l.y > 2.6 * pitch(l.size)) break;
    if (l.segments.length >= 2) {
      // A new page must go on with the same columns.
      if (!samePage && l.segments.some((s) => columnIndex(cols, s.x0, s.x1, start.size) < 0)) break;
      multi.push(l);
      // Columns only change when a row brings a segment outside them (kept linear in the rows).
      if (l.segments.some((s) => columnIndex(cols, s.x0, s.x1, 0) < 0)) cols = columnsOf(multi, 0.5 * start.size);
      continue;
    }
    const s = l.segments[0];
    if (!s || columnIndex(cols, s.x0, s.x1, 0.5 * start.size) < 0 || !samePage) break;
  }
  return j;
}

export function findTables(lines: readonly Line[], pitch: (size: number) => number): TableRegion[] {
  const out: TableRegion[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.segments.length < 2) continue;
    const to = extent(lines, i, pitch);
    const region = lines.slice(i, to);
    if (region.filter((l) => l.segments.length >= 2).length < 2) continue;
    out.push({ from: i, to, rows: rowsOf(region) });
    i = to - 1;
  }
  return out;
}

function rowsOf(region: readonly Line[]): string[][] {
  const size = region[0]!.size;
  const cols = columnsOf(region.filter((l) => l.segments.length >= 2), 0.5 * size);
  const rows: string[][] = [];
  for (const l of region) {
    const placed = l.segments.map((s) => ({ s, c: Math.max(0, nearestColumn(cols, s.x0, s.x1)) }));
    const startsRow = !rows.length || placed.some((p) => p.c === 0);
    if (startsRow) rows.push(cols.map(() => ""));
    const row = rows[rows.length - 1]!;
    for (const { s, c } of placed) row[c] = joinWrapped(row[c]!, s.text);
  }
  return rows.map((r) => r.map((c) => removeStraySpaces(c).trim()));
}

function nearestColumn(cols: readonly Column[], x0: number, x1: number): number {
  let best = -1;
  let overlap = -Infinity;
  cols.forEach((c, k) => {
    const o = Math.min(c.x1, x1) - Math.max(c.x0, x0);
    if (o > overlap) { overlap = o; best = k; }
  });
  return best;
}
