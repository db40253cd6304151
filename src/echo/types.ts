import type { HeadingRef, Level } from "../model.ts";

/** An aligned shared span: `a` indexes the first passage's text, `b` the echo's text. */
export interface SpanPair {
  a: [number, number];
  b: [number, number];
}

/** A passage in another document that reuses this passage's text. */
export interface EchoRef {
  id: string;
  docId: string;
  docTitle: string;
  path: HeadingRef[];
  text: string;
  /** Share (0–1) of the shorter passage's characters covered by aligned spans. */
  similarity: number;
  /** Share (0–1) of this passage's characters the echo covers: echoes are listed by it. */
  coverage: number;
  spans: SpanPair[];
}

/** Where one sentence of a passage comes from. */
export interface SentenceSource {
  /** `[start, end)` of the sentence in the passage's text (sentences tile the text). */
  range: [number, number];
  /**
   * The echoes that cover this sentence, best first: the one covering most of it, then any other
   * covering at least half as much. Empty when no other document has it.
   */
  sources: {
    /** Id of the echo passage (one of the passage's echoes). */
    id: string;
    docId: string;
    /** Share (0–1) of the sentence's characters this source covers. */
    share: number;
    /** The echo's spans that fall in this sentence (clipped to it on the `a` side). */
    spans: SpanPair[];
  }[];
}

export interface PassageSources {
  passageId: string;
  /** Echoes by coverage of the passage (the order the page numbers them in). */
  echoes: EchoRef[];
  sentences: SentenceSource[];
}

/** One document carrying a clause, for the trail of where the clause travelled. */
export interface TrailEntry {
  passageId: string;
  docId: string;
  docTitle: string;
  /** ISO date of the document, or null when it gives none. */
  date: string | null;
  level: Level;
  region: string | null;
  /** Share (0–1) of the clause (the passage asked about) this passage carries. */
  coverage: number;
  /** Similarity (0–1) to the earliest appearance; 1 for the earliest itself. */
  similarity: number;
  /** self: the passage asked about; verbatim: near-identical; adapted: substantial shared text with edits. */
  relation: "self" | "verbatim" | "adapted";
  /** True for the first dated appearance (several when they share the earliest date). */
  earliest: boolean;
}

export interface TrailResponse {
  passage: { id: string; docId: string };
  /** In date order (undated last), then higher level first, region, title. */
  entries: TrailEntry[];
  /** Entries grouped by level (national → county), then region: indexes into `entries`, each group in date order. */
  groups: { level: Level; region: string | null; entries: number[] }[];
}

/**
 * A passage of another document a pasted text most likely comes from (出处). As for an echo, the
 * spans' `a` side indexes the pasted text and `coverage` is the share of the pasted text covered.
 */
export interface SourceRef extends EchoRef {
  date: string | null;
  level: Level;
}

export type PassageClass = "copied" | "adapted" | "local";

/** One row of a table compared cell by cell. */
export interface TableRowDiff {
  /** The indicator or row label (cells that are not figures), as printed in A. */
  label: string;
  /**
   * `same`: every figure equal; `adapted`: the row is there with changed figures; `local`: no
   * counterpart row in B; `b-only`: a row of B that A does not have (listed after A's rows).
   */
  status: "same" | "adapted" | "local" | "b-only";
  /** Figures as printed, in column order (A's columns and B's). */
  a: string[];
  b: string[] | null;
  /** The row label in B when it is worded differently. */
  bLabel: string | null;
  /** Figures that differ: column name (from A's header row when there is one) and both values. */
  changes: { column: string; a: string; b: string }[];
}

export interface TableDiff {
  aId: string;
  bId: string | null;
  columns: string[];
  rows: TableRowDiff[];
}

export interface ComparePassage {
  id: string;
  path: HeadingRef[];
  /** clause (paragraph or table row block) or heading; headings are counted apart. */
  kind: "clause" | "heading" | "header";
  class: PassageClass;
  /**
   * The counterpart in B: for a clause its echo covering most of it (with the spans: `a` in this
   * passage, `b` in the counterpart), for a heading the counterpart section's heading (no spans).
   */
  echo: { id: string; similarity: number; coverage: number; spans?: SpanPair[] } | null;
}

export interface CompareResponse {
  a: { id: string; title: string };
  b: { id: string; title: string };
  /** Clauses only; `headings` counts A's heading lines, which are compared by title and reported apart. */
  summary: { copied: number; adapted: number; local: number; reusedShare: number; headings: number };
  sections: { a: { path: HeadingRef[] }; b: { path: HeadingRef[] } | null; share: number }[];
  passages: ComparePassage[];
  /** A's tables against their counterparts in B, cell by cell. */
  tables: TableDiff[];
}

/** Indicator tables (指标) of several plans, rows matched by indicator name. */
export interface IndicatorComparison {
  docs: { id: string; title: string; columns: string[] }[];
  rows: { name: string; values: (string[] | null)[] }[];
}
