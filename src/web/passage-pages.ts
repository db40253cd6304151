/**
 * Pages of a long edition's passages (issue 14: bounded responses). A page starts at any passage and
 * holds at most `limit` passages and about MAX_PAGE_CHARS characters of text (at least one passage),
 * so that no reader page or `/api/docs/:id` answer grows with the document: a document of 1,000,000
 * short lines is read a page at a time. The outline is always sent whole.
 */
import type { Passage } from "../model.ts";

/** The largest passage index a request may name (`from`, `offset`). */
export const MAX_PASSAGE_INDEX = 9_999_999;

/** Passages on one page at most (the reader's and the API's default). */
export const PAGE_PASSAGES = 1000;
/** Characters of passage text on one page at most (~1.2 MB of UTF-8 for Chinese text); a longer passage is a page alone. */
export const MAX_PAGE_CHARS = 400_000;

export interface PassagePage {
  /** Index of the first passage shown. */
  from: number;
  /** Index after the last passage shown. */
  to: number;
  total: number;
  /** Where the previous page starts (undefined on the first page). */
  prevFrom: number | undefined;
  /** Where the next page starts (undefined on the last page). */
  nextFrom: number | undefined;
}

/** The page that starts at `from` (clamped into the edition). */
export function pageAt(passages: readonly Passage[], from: number, limit = PAGE_PASSAGES): PassagePage {
  const total = passages.length;
  const start = Math.max(0, Math.min(from, Math.max(0, total - 1)));
  let to = start;
  let chars = 0;
  while (to < total && to - start < limit) {
    const len = passages[to]!.text.length;
    if (to > start && chars + len > MAX_PAGE_CHARS) break;
    chars += len;
    to++;
  }
  // The previous page: as many passages before `start` as one page holds.
  let prev = start;
  chars = 0;
  while (prev > 0 && start - prev < limit) {
    const len = passages[prev - 1]!.text.length;
    if (prev < start && chars + len > MAX_PAGE_CHARS) break;
    chars += len;
    prev--;
  }
  return { from: total ? start : 0, to, total, prevFrom: start > 0 ? prev : undefined, nextFrom: to < total ? to : undefined };
}

/** The page a passage is on when pages start at the passage a link names: the passage's index, or 0. */
export function indexOf(passages: readonly Passage[], passageId: string | undefined): number {
  if (!passageId) return 0;
  const i = passages.findIndex((p) => p.id === passageId);
  return i < 0 ? 0 : i;
}
