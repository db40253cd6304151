import type { HeadingRef } from "../model.ts";

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
  spans: SpanPair[];
}

export type PassageClass = "copied" | "adapted" | "local";

export interface CompareResponse {
  a: { id: string; title: string };
  b: { id: string; title: string };
  summary: { copied: number; adapted: number; local: number; reusedShare: number };
  sections: { a: { path: HeadingRef[] }; b: { path: HeadingRef[] } | null; share: number }[];
  passages: { id: string; path: HeadingRef[]; class: PassageClass; echo: { id: string; similarity: number } | null }[];
}
