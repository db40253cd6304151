/**
 * Counterparts: the passages of a document's other editions (or versions) that hold the same
 * clause. Within one version: the same comparison key, failing that a passage that starts or ends
 * with the same words (a paragraph one source split or joined differently, or with a changed
 * word). Across versions only identical clauses are counterparts: a changed clause is the old
 * version's own.
 */
import { foldText } from "../../analysis/fold.ts";
import type { Edition, Passage } from "../../model.ts";

/** Comparison key of a passage: folded, letters/digits/ideographs only (PDF lost some decimal points and quotes). */
export function compareKey(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]/gu, "");
}

const EDGE = 8;
/** Identical passages repeated more than this are paired by order of occurrence, not all with all. */
const ALL_PAIRS = 16;
/** A head or tail shared by more passages than this says nothing about which is the counterpart. */
const MAX_FUZZY = 8;

type Index = Map<string, Passage[]>;

function add(m: Index, k: string, p: Passage): void {
  const l = m.get(k);
  if (l) l.push(p);
  else m.set(k, [p]);
}

function indexOf(e: Edition): { exact: Index; heads: Index; tails: Index } {
  const exact: Index = new Map();
  const heads: Index = new Map();
  const tails: Index = new Map();
  for (const p of e.passages) {
    const k = compareKey(p.text);
    if (!k) continue;
    add(exact, k, p);
    if (k.length >= EDGE * 2) { add(heads, k.slice(0, EDGE), p); add(tails, k.slice(-EDGE), p); }
  }
  return { exact, heads, tails };
}

/** Link a's passages to their counterparts in b (one direction). `fuzzy`: also by shared head or tail. */
function linkInto(a: Edition, b: Edition, fuzzy: boolean): void {
  const ib = indexOf(b);
  const ia = indexOf(a).exact;
  const seen = new Map<string, number>(); // occurrence number of each key in a
  for (const p of a.passages) {
    const k = compareKey(p.text);
    if (!k) continue;
    const occurrence = seen.get(k) ?? 0;
    seen.set(k, occurrence + 1);
    const same = ib.exact.get(k);
    let found: Passage[] = [];
    if (same) {
      const inA = ia.get(k)!.length;
      found = same.length * inA <= ALL_PAIRS ? same : [same[Math.min(occurrence, same.length - 1)]!];
    } else if (fuzzy && k.length >= EDGE * 2) {
      const byHead = ib.heads.get(k.slice(0, EDGE)) ?? [];
      const byTail = ib.tails.get(k.slice(-EDGE)) ?? [];
      if (byHead.length + byTail.length <= MAX_FUZZY) found = [...new Set([...byHead, ...byTail])].filter((q) => q.kind === p.kind);
    }
    for (const q of found) if (!p.counterparts.includes(q.id)) p.counterparts.push(q.id);
  }
}

/** Every passage learns its counterparts in the other editions of the same version (both ways). */
export function linkCounterparts(editions: Edition[]): void {
  for (const a of editions) for (const b of editions) if (a !== b) linkInto(a, b, true);
}

/** Identical clauses of two versions learn each other (both ways). */
export function linkIdentical(a: Edition, b: Edition): void {
  linkInto(a, b, false);
  linkInto(b, a, false);
}
