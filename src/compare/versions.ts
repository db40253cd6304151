/**
 * Version comparison (法规对比): two versions of one document aligned article by article —
 * unchanged, renumbered (第二十条 → 第二十三条, same text), changed (with the changed words marked),
 * added and deleted articles.
 *
 * Alignment: articles whose text (without their number) is identical pair first; those that keep
 * their reading order are anchors. Between two anchors the remaining articles pair by similarity
 * (character bigrams) in reading order — a monotone alignment maximising the summed similarity —
 * and what pairs with nothing similar enough is added or deleted. Text is compared width-folded
 * and without spaces, so a full-width colon or a stray space is no change.
 * A document without articles is compared by its passages the same way.
 */
import { diffWords } from "diff";
import { foldText } from "../analysis/fold.ts";
import type { Edition, HeadingRef } from "../model.ts";

export type ChangeKind = "unchanged" | "renumbered" | "changed" | "added" | "deleted";

/** One article (or, without articles, one passage) of a version. */
export interface Unit {
  /** 第十一条, or the passage's path label. */
  label: string;
  /** The chapters above it: 第二章 农业技术推广体系. */
  context: HeadingRef[];
  /** Its 款 (passages) joined by "\n", label included. */
  text: string;
  /** First passage: the reader's anchor. */
  passageId: string;
}

export interface DiffPiece {
  text: string;
  kind: "same" | "removed" | "added";
}

export interface UnitChange {
  kind: ChangeKind;
  a: Unit | null;
  b: Unit | null;
  /** For "changed" (and a renumbered article whose text also changed): the words removed and added. */
  diff?: DiffPiece[];
  /** 0–1 similarity of the two texts (1 for unchanged). */
  similarity?: number;
}

export interface VersionComparison {
  summary: Record<ChangeKind, number>;
  /** In B's reading order, deleted articles where they stood in A. */
  changes: UnitChange[];
}

/** Least similarity for two articles in the same gap to count as one article changed. */
export const MIN_SIMILARITY = 0.35;
/** Largest gap aligned by dynamic programming (articles × articles); beyond it, pairs go by reading order. */
const MAX_GAP_CELLS = 40_000;

export function compareVersions(a: Edition, b: Edition): VersionComparison {
  const ua = unitsOf(a);
  const ub = unitsOf(b);
  const pairs = alignUnits(ua.map(body), ub.map(body));
  const changes: UnitChange[] = [];
  const matchedA = new Map<number, number>(pairs.map(([i, j]) => [i, j]));
  const byB = new Map<number, number>(pairs.map(([i, j]) => [j, i]));
  let nextA = 0;
  const flushDeleted = (upTo: number): void => {
    for (; nextA < upTo; nextA++) if (!matchedA.has(nextA)) changes.push({ kind: "deleted", a: ua[nextA]!, b: null });
  };
  for (let j = 0; j < ub.length; j++) {
    const i = byB.get(j);
    if (i === undefined) { changes.push({ kind: "added", a: null, b: ub[j]! }); continue; }
    flushDeleted(i);
    nextA = Math.max(nextA, i + 1);
    changes.push(change(ua[i]!, ub[j]!));
  }
  flushDeleted(ua.length);
  const summary: Record<ChangeKind, number> = { unchanged: 0, renumbered: 0, changed: 0, added: 0, deleted: 0 };
  for (const c of changes) summary[c.kind]++;
  return { summary, changes };
}

function change(a: Unit, b: Unit): UnitChange {
  const same = body(a) === body(b);
  if (same) return { kind: a.label === b.label ? "unchanged" : "renumbered", a, b, similarity: 1 };
  return { kind: "changed", a, b, diff: diffText(stripLabel(a), stripLabel(b)), similarity: dice(body(a), body(b)) };
}

/** The articles of an edition (each with all its 款, 项 and 目); without articles, its clauses. */
export function unitsOf(e: Edition): Unit[] {
  const out: Unit[] = [];
  let current: { unit: Unit; ref: HeadingRef } | null = null;
  const hasArticles = e.passages.some((p) => p.path.some((h) => h.kind === "article"));
  for (const p of e.passages) {
    if (p.kind === "header") continue;
    const at = p.path.findIndex((h) => h.kind === "article");
    if (hasArticles) {
      if (at < 0) { current = null; continue; }
      const ref = p.path[at]!;
      if (current && current.ref.label === ref.label && samePrefix(current.unit.context, p.path.slice(0, at))) {
        current.unit.text += `\n${p.text}`;
        continue;
      }
      current = { ref, unit: { label: ref.label, context: p.path.slice(0, at), text: p.text, passageId: p.id } };
      out.push(current.unit);
    } else if (p.kind !== "heading") {
      out.push({ label: p.path.map((h) => h.label || h.title).join(" ") || `第${out.length + 1}段`, context: p.path.slice(0, -1), text: p.text, passageId: p.id });
    }
  }
  return out;
}

function samePrefix(x: readonly HeadingRef[], y: readonly HeadingRef[]): boolean {
  return x.length === y.length && x.every((h, i) => h.label === y[i]!.label);
}

/** An article's text without its own number (第十条　), so that a renumbered article compares equal. */
function stripLabel(u: Unit): string {
  return u.text.startsWith(u.label) ? u.text.slice(u.label.length).replace(/^[\s\u3000]+/, "") : u.text;
}

/** Comparison form: width-folded, no spaces. */
function body(u: Unit): string {
  return foldText(stripLabel(u)).replace(/\s+/g, "");
}

/**
 * Pairs [i, j] of aligned units: identical texts first (those in order are anchors, the others
 * moved), then by similarity between anchors.
 */
export function alignUnits(a: readonly string[], b: readonly string[]): [number, number][] {
  const exact = exactPairs(a, b);
  const anchors = longestIncreasing(exact);
  const pairs: [number, number][] = [...exact];
  const usedA = new Set(exact.map(([i]) => i));
  const usedB = new Set(exact.map(([, j]) => j));
  const bounds: [number, number][] = [[-1, -1], ...anchors, [a.length, b.length]];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const ga = range(bounds[k]![0] + 1, bounds[k + 1]![0]).filter((i) => !usedA.has(i));
    const gb = range(bounds[k]![1] + 1, bounds[k + 1]![1]).filter((j) => !usedB.has(j));
    if (ga.length && gb.length) pairs.push(...alignGap(ga, gb, a, b));
  }
  return pairs.sort((x, y) => x[1] - y[1]);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Identical texts, each used once, paired in order of occurrence. */
function exactPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const where = new Map<string, number[]>();
  b.forEach((t, j) => { const l = where.get(t); if (l) l.push(j); else where.set(t, [j]); });
  const pairs: [number, number][] = [];
  a.forEach((t, i) => {
    const l = where.get(t);
    if (l?.length) pairs.push([i, l.shift()!]);
  });
  return pairs;
}

/** The pairs (sorted by i) whose j also increase, as many as possible (patience sorting, n log n). */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const prev: number[] = new Array<number>(pairs.length).fill(-1);
  pairs.forEach(([, j], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (pairs[tails[mid]!]![1] < j) lo = mid + 1; else hi = mid; }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  });
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

/** Monotone alignment of the articles of one gap, maximising summed similarity (≥ MIN_SIMILARITY per pair). */
function alignGap(ga: number[], gb: number[], a: readonly string[], b: readonly string[]): [number, number][] {
  if (ga.length * gb.length > MAX_GAP_CELLS) return inOrder(ga, gb, a, b);
  const n = ga.length;
  const m = gb.length;
  const score: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const sim = (x: number, y: number): number => dice(a[ga[x]!]!, b[gb[y]!]!);
  const memo: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(-1));
  const s = (x: number, y: number): number => (memo[x]![y]! >= 0 ? memo[x]![y]! : (memo[x]![y] = sim(x, y)));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      const pair = s(x, y) >= MIN_SIMILARITY ? s(x, y) + score[x + 1]![y + 1]! : -1;
      score[x]![y] = Math.max(pair, score[x + 1]![y]!, score[x]![y + 1]!);
    }
  }
  const out: [number, number][] = [];
  for (let x = 0, y = 0; x < n && y < m;) {
    if (s(x, y) >= MIN_SIMILARITY && score[x]![y] === s(x, y) + score[x + 1]![y + 1]!) { out.push([ga[x]!, gb[y]!]); x++; y++; }
    else if (score[x]![y] === score[x + 1]![y]) x++;
    else y++;
  }
  return out;
}

/** A very large gap: pair in reading order where similar enough. */
function inOrder(ga: number[], gb: number[], a: readonly string[], b: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < Math.min(ga.length, gb.length); k++) if (dice(a[ga[k]!]!, b[gb[k]!]!) >= MIN_SIMILARITY) out.push([ga[k]!, gb[k]!]);
  return out;
}

/** Dice coefficient of the character bigrams of two texts (0–1). */
export function dice(x: string, y: string): number {
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i + 1 < x.length; i++) { const g = x.slice(i, i + 2); grams.set(g, (grams.get(g) ?? 0) + 1); }
  let shared = 0;
  for (let i = 0; i + 1 < y.length; i++) {
    const g = y.slice(i, i + 2);
    const n = grams.get(g);
    if (n) { shared++; grams.set(g, n - 1); }
  }
  return (2 * shared) / (x.length - 1 + y.length - 1);
}

const WORDS = new Intl.Segmenter("zh", { granularity: "word" });

/** Word diff of two texts (words by the platform's Chinese segmenter): what a removed, what b added. */
export function diffText(a: string, b: string): DiffPiece[] {
  return diffWords(a, b, { intlSegmenter: WORDS }).map((c) => ({ text: c.value, kind: c.added ? "added" : c.removed ? "removed" : "same" }));
}

/** What `GET /api/versions` answers. */
export interface VersionsResponse extends VersionComparison {
  doc: { id: string; title: string };
  a: EditionSide;
  b: EditionSide;
}

export interface EditionSide {
  editionId: string;
  name: string;
  /** The version's label and date (2024年修正, 2024-04-26); whether it is the version in force. */
  label: string | null;
  date: string | null;
  current: boolean;
}

export function editionSide(e: Edition): EditionSide {
  return { editionId: e.id, name: e.name, label: e.version?.label ?? null, date: e.version?.date ?? null, current: e.version?.current ?? e.primary };
}
