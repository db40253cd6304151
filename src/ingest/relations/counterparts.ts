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

/** An edition's passages with their comparison keys, computed once however many editions it meets. */
interface Keyed {
  edition: Edition;
  keys: string[];
  exact: Index;
  heads: Index;
  tails: Index;
}

function add(m: Index, k: string, p: Passage): void {
  const l = m.get(k);
  if (l) l.push(p);
  else m.set(k, [p]);
}

function keyed(e: Edition): Keyed {
  const k: Keyed = { edition: e, keys: e.passages.map((p) => compareKey(p.text)), exact: new Map(), heads: new Map(), tails: new Map() };
  e.passages.forEach((p, i) => {
    const key = k.keys[i]!;
    if (!key) return;
    add(k.exact, key, p);
    if (key.length >= EDGE * 2) { add(k.heads, key.slice(0, EDGE), p); add(k.tails, key.slice(-EDGE), p); }
  });
  return k;
}

/** Link a's passages to their counterparts in b (one direction). `fuzzy`: also by shared head or tail. */
function linkInto(a: Keyed, b: Keyed, fuzzy: boolean): void {
  const seen = new Map<string, number>(); // occurrence number of each key in a
  a.edition.passages.forEach((p, i) => {
    const k = a.keys[i]!;
    if (!k) return;
    const occurrence = seen.get(k) ?? 0;
    seen.set(k, occurrence + 1);
    const same = b.exact.get(k);
    let found: Passage[] = [];
    if (same) {
      const inA = a.exact.get(k)!.length;
      found = same.length * inA <= ALL_PAIRS ? same : [same[Math.min(occurrence, same.length - 1)]!];
    } else if (fuzzy && k.length >= EDGE * 2) {
      const byHead = b.heads.get(k.slice(0, EDGE)) ?? [];
      const byTail = b.tails.get(k.slice(-EDGE)) ?? [];
      if (byHead.length + byTail.length <= MAX_FUZZY) found = [...new Set([...byHead, ...byTail])].filter((q) => q.kind === p.kind);
    }
    for (const q of found) if (!p.counterparts.includes(q.id)) p.counterparts.push(q.id);
  });
}

/** Every passage learns its counterparts in the other editions of the same version (both ways). */
export function linkCounterparts(editions: Edition[]): void {
  if (editions.length < 2) return;
  const all = editions.map(keyed);
  for (const a of all) for (const b of all) if (a !== b) linkInto(a, b, true);
}

/** Identical clauses of two versions learn each other (both ways). */
export function linkIdentical(a: Edition, b: Edition): void {
  const [ka, kb] = [keyed(a), keyed(b)];
  linkInto(ka, kb, false);
  linkInto(kb, ka, false);
}
