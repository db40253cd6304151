/**
 * PDF text runs (PDF.js getTextContent items, or OCR words) → printed lines, from geometry only:
 * runs on one baseline form a line, read left to right; a wide horizontal gap (a table column, a
 * tab stop) splits a line into segments. Coordinates are PDF points, y growing upwards.
 */
import { isCjk } from "../chars.ts";

/** A piece of text as the PDF (or OCR) places it. */
export interface TextRun {
  text: string;
  /** Left end of the baseline. */
  x: number;
  /** Baseline. */
  y: number;
  /** Advance width. */
  w: number;
  /** Font size (em, points). */
  size: number;
  /** Base font name (subset tag removed), "" when unknown. */
  font: string;
}

export interface Segment {
  x0: number;
  x1: number;
  text: string;
}

export interface Line {
  page: number;
  /** Index of the line on its page, top to bottom. */
  index: number;
  y: number;
  x0: number;
  x1: number;
  /** Size and font of most of its characters. */
  size: number;
  font: string;
  /** Pieces separated by wide gaps (≥ SEGMENT_GAP em): table cells, tab stops. */
  segments: Segment[];
  /** The line's text, segments joined by a space. */
  text: string;
}

export interface PageLines {
  page: number;
  width: number;
  height: number;
  lines: Line[];
}

/** A gap this wide (in em of the text) separates segments: wider than any justification or word space. */
export const SEGMENT_GAP = 1.5;

/** Subset prefix and writing-mode suffixes off a PDF font name: BAAAAA+NotoSansCJKjp-Bold-VKana → NotoSansCJKjp-Bold. */
export function baseFontName(name: string | undefined): string {
  if (!name) return "";
  return name.replace(/^[A-Z]{6}\+/, "").replace(/-(VKana|Identity-[HV]|UniGB-UCS2-[HV])$/i, "");
}

/**
 * Join two runs of a segment. A space the PDF holds (a space run between them, or at their ends)
 * is kept; so is a visible gap between two Latin/digit characters (a word space) or a wide gap
 * anywhere (第一章　总则). Next to Chinese a small gap is layout (justification, Latin–CJK spacing).
 * Spaces next to Chinese go later, except after a heading's number (removeStraySpaces, tidyHeadingText).
 */
function joinRuns(a: string, b: string, gap: number, size: number, typedSpace: boolean): string {
  if (!a) return b;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (typedSpace || (gap > 0.15 * size && !isCjk(last) && !isCjk(first))) return `${a} ${b}`;
  if (gap > 0.6 * size) return `${a}\u3000${b}`;
  return a + b;
}

/**
 * Group runs into lines: baselines within a third of the font size are one line. Runs that are only
 * spaces mark a typed space where they fall; they take no part in the geometry (PDF.js makes such
 * runs as wide as the gap they fill, across table columns too).
 */
export function runsToLines(runs: readonly TextRun[], page: number): Line[] {
  const usable = runs.filter((r) => r.size > 0 && r.text !== "");
  usable.sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const r of usable) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0]!.y - r.y) <= 0.35 * Math.min(g[0]!.size, r.size)) g.push(r);
    else groups.push([r]);
  }
  return groups.map((g, index) => lineOf(g, page, index));
}

function lineOf(all: TextRun[], page: number, index: number): Line {
  all.sort((a, b) => a.x - b.x);
  const spaces = all.filter((r) => r.text.trim() === "");
  const runs = all.filter((r) => r.text.trim() !== "");
  if (!runs.length) runs.push({ ...all[0]!, text: "" });
  const sizes = new Map<number, number>();
  const fonts = new Map<string, number>();
  for (const r of runs) {
    const n = r.text.length;
    const s = Math.round(r.size * 2) / 2;
    sizes.set(s, (sizes.get(s) ?? 0) + n);
    fonts.set(r.font, (fonts.get(r.font) ?? 0) + n);
  }
  const size = argmax(sizes);
  const segments: Segment[] = [];
  let cur: Segment | null = null;
  let prevRaw = "";
  for (const r of runs) {
    const gap = cur ? r.x - cur.x1 : 0;
    if (!cur || gap > SEGMENT_GAP * size) {
      cur = { x0: r.x, x1: r.x + r.w, text: r.text.trim() };
      segments.push(cur);
      prevRaw = r.text;
      continue;
    }
    const x1 = cur.x1;
    const typed = /\s$/.test(prevRaw) || /^\s/.test(r.text) || spaces.some((s) => s.x >= x1 - 0.1 * size && s.x < r.x);
    cur.text = joinRuns(cur.text, r.text.trim(), gap, size, typed);
    cur.x1 = Math.max(cur.x1, r.x + r.w);
    prevRaw = r.text;
  }
  // Spaces stay until the block is assembled: a heading keeps the gap after its number there.
  for (const s of segments) s.text = s.text.trim();
  const kept = segments.filter((s) => s.text);
  return {
    page,
    index,
    y: runs.reduce((m, r) => m + r.y, 0) / runs.length,
    x0: kept[0]?.x0 ?? runs[0]!.x,
    x1: kept.length ? kept[kept.length - 1]!.x1 : runs[0]!.x,
    size,
    font: argmax(fonts),
    segments: kept,
    text: kept.map((s) => s.text).join(" "),
  };
}

function argmax<K>(m: Map<K, number>): K {
  let best: K | undefined;
  let n = -1;
  for (const [k, v] of m) if (v > n) { best = k; n = v; }
  return best!;
}

/** The value most often seen (numbers rounded to `step`), weighted. */
export function mode(values: readonly number[], step = 1, weights?: readonly number[]): number {
  const counts = new Map<number, number>();
  values.forEach((v, i) => {
    const k = Math.round(v / step) * step;
    counts.set(k, (counts.get(k) ?? 0) + (weights?.[i] ?? 1));
  });
  return counts.size ? argmax(counts) : 0;
}

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
