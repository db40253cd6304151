/**
 * How much text two documents read from different files share: the share of the smaller one's
 * clauses (paragraphs and tables, not headings or context lines) that the other holds — the same
 * comparison key, or the same first or last words (a clause split, joined or reworded at one end).
 * Editions and versions share most clauses; the parts of a work (books of a code, 附件) almost none.
 */
import type { PlacedBlock } from "../section-tree.ts";
import { compareKey } from "./counterparts.ts";

const EDGE = 8;

export interface ClauseKeys {
  exact: Set<string>;
  heads: Set<string>;
  tails: Set<string>;
  count: number;
}

export function clauseKeys(placed: readonly PlacedBlock[]): ClauseKeys {
  const keys: ClauseKeys = { exact: new Set(), heads: new Set(), tails: new Set(), count: 0 };
  for (const b of placed) {
    if (b.kind !== "paragraph" && b.kind !== "table") continue;
    const k = compareKey(b.text);
    if (!k) continue;
    keys.count++;
    keys.exact.add(k);
    if (k.length >= EDGE * 2) { keys.heads.add(k.slice(0, EDGE)); keys.tails.add(k.slice(-EDGE)); }
  }
  return keys;
}

function held(k: string, other: ClauseKeys): boolean {
  return other.exact.has(k) || (k.length >= EDGE * 2 && (other.heads.has(k.slice(0, EDGE)) || other.tails.has(k.slice(-EDGE))));
}

/** Share (0–1) of the smaller document's clauses held by the other. */
export function overlap(a: ClauseKeys, b: ClauseKeys): number {
  const [small, large] = a.count <= b.count ? [a, b] : [b, a];
  if (small.count === 0) return large.count === 0 ? 1 : 0;
  let n = 0;
  for (const k of small.exact) if (held(k, large)) n++;
  return n / small.exact.size;
}

/** Exactly the same clauses (the same text published twice). */
export function sameClauses(a: ClauseKeys, b: ClauseKeys): boolean {
  if (a.exact.size !== b.exact.size) return false;
  for (const k of a.exact) if (!b.exact.has(k)) return false;
  return true;
}
