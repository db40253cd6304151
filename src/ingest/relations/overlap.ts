/**
 * How much text two documents read from different files share: the share of the smaller one's
 * clauses (paragraphs and tables, not headings or context lines) that the other holds — the same
 * comparison key, the same first or last words (a clause split, joined or reworded at one end), or
 * most of its character pairs (a word changed in a short clause, too short for the edges to tell).
 * Editions and versions share most clauses; the parts of a work (books of a code, 附件) almost none.
 */
import type { PlacedBlock } from "../section-tree.ts";
import { compareKey } from "./counterparts.ts";

const EDGE = 8;
/** A clause sharing this share (Dice) of its character pairs with one clause of the other text is held. */
const NEAR = 0.6;

export interface ClauseKeys {
  exact: Set<string>;
  heads: Set<string>;
  tails: Set<string>;
  count: number;
  /** Per character pair, the clauses (indexes into `exact`'s order) holding it; built on first use. */
  pairs?: Map<string, number[]>;
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
  return other.exact.has(k) || (k.length >= EDGE * 2 && (other.heads.has(k.slice(0, EDGE)) || other.tails.has(k.slice(-EDGE)))) || nearlyHeld(k, other);
}

function bigrams(k: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < k.length; i++) out.add(k.slice(i, i + 2));
  return out;
}

/** Does the other text hold a clause sharing most of k's character pairs (Dice ≥ NEAR)? */
function nearlyHeld(k: string, other: ClauseKeys): boolean {
  const mine = bigrams(k);
  if (mine.size === 0) return false;
  const keys = [...other.exact];
  if (!other.pairs) {
    other.pairs = new Map();
    keys.forEach((o, i) => {
      for (const g of bigrams(o)) {
        const l = other.pairs!.get(g);
        if (l) l.push(i);
        else other.pairs!.set(g, [i]);
      }
    });
  }
  const shared = new Map<number, number>();
  for (const g of mine) for (const i of other.pairs.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
  for (const [i, n] of shared) if ((2 * n) / (mine.size + Math.max(1, keys[i]!.length - 1)) >= NEAR) return true;
  return false;
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
