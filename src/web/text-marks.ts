/**
 * Turning offsets into displayable pieces. Views never build HTML from strings: they get arrays of
 * `{text, mark}` pieces and print each piece with EJS's escaping `<%= %>`, so corpus text and queries
 * cannot inject markup whatever they contain.
 */
import { diffChars } from "diff";

export interface Piece {
  text: string;
  /** True for a highlighted (matched / shared) piece. */
  mark: boolean;
}

/**
 * Cut `text` into alternating plain and marked pieces at `ranges` (`[start, end)` offsets).
 * Ranges may come unsorted, overlapping or out of bounds (defensive: a stale offset must not throw
 * or duplicate text); they are clamped, sorted and merged first.
 */
export function markRanges(text: string, ranges: readonly (readonly [number, number])[]): Piece[] {
  const clean = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const r of clean) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const pieces: Piece[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) pieces.push({ text: text.slice(at, s), mark: false });
    pieces.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), mark: false });
  return pieces;
}

/** Share of `text` covered by `ranges` (after merging), 0–1. */
export function coverage(text: string, ranges: readonly (readonly [number, number])[]): number {
  if (text.length === 0) return 0;
  const covered = markRanges(text, ranges).reduce((n, p) => n + (p.mark ? p.text.length : 0), 0);
  return covered / text.length;
}

export interface DiffPiece {
  text: string;
  kind: "same" | "removed" | "added";
}

/**
 * Character diff of two aligned passages for display: what `a` has that `b` dropped, what `b` added.
 * Single shared characters stranded between changes are folded into the change on both sides, so that
 * a rewritten phrase reads as one replacement rather than confetti.
 */
export function diffPieces(a: string, b: string): DiffPiece[] {
  const raw: DiffPiece[] = diffChars(a, b).map((c) => ({
    text: c.value,
    kind: c.added ? "added" : c.removed ? "removed" : "same",
  }));
  const out: DiffPiece[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i]!;
    const prev = raw[i - 1];
    const next = raw[i + 1];
    if (p.kind === "same" && p.text.length <= 1 && prev && next && prev.kind !== "same" && next.kind !== "same") {
      // Absorb: the char is both removed from a and added in b.
      pushPiece(out, { text: p.text, kind: "removed" });
      pushPiece(out, { text: p.text, kind: "added" });
      continue;
    }
    pushPiece(out, p);
  }
  // Group each run of changes as all removals then all additions, the way a reader compares them.
  const grouped: DiffPiece[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) grouped.push({ text: removed, kind: "removed" });
    if (added) grouped.push({ text: added, kind: "added" });
    removed = added = "";
  };
  for (const p of out) {
    if (p.kind === "removed") removed += p.text;
    else if (p.kind === "added") added += p.text;
    else {
      flush();
      grouped.push(p);
    }
  }
  flush();
  return grouped;
}

function pushPiece(out: DiffPiece[], p: DiffPiece): void {
  const last = out[out.length - 1];
  if (last && last.kind === p.kind) last.text += p.text;
  else out.push({ ...p });
}

/** 0.8734 → "87%"; values in (0, 1%) show as "<1%" so that a real echo never reads as 0. */
export function percent(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return "0%";
  if (x < 0.01) return "<1%";
  return `${Math.round(Math.min(1, x) * 100)}%`;
}

/** A short excerpt for chips and titles: the first `n` characters, with an ellipsis when cut. */
export function excerpt(text: string, n = 36): string {
  const chars = Array.from(text);
  return chars.length <= n ? text : chars.slice(0, n).join("") + "…";
}
