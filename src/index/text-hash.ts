/**
 * Identical squeezed texts, found without reading text at open: at build every passage's squeezed
 * text gets a 32-bit hash (FNV-1a over its UTF-16 code units) and the ordinals are sorted by
 * (hash, ordinal); both are segment sections. Equal texts then sit in one run of `order`, and a
 * run is split into classes of really equal texts by comparing code units (a hash collision costs
 * a comparison, never a wrong group).
 */

/** FNV-1a over code units [from, to) of `units`. */
export function hashUnits(units: Uint16Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= units[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over a string's code units (as hashUnits over the same units). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Per text of a block (ends[i] closes text i): its hash, and the texts' indices sorted by (hash, index). */
export function hashTexts(units: Uint16Array, ends: Uint32Array): { hash: Uint32Array; order: Uint32Array } {
  const n = ends.length;
  const hash = new Uint32Array(n);
  for (let i = 0; i < n; i++) hash[i] = hashUnits(units, i === 0 ? 0 : ends[i - 1]!, ends[i]!);
  return { hash, order: orderByHash(hash) };
}

/** Indices sorted by (hash, index): a stable LSD radix sort on two 16-bit digits, O(n). */
export function orderByHash(hash: Uint32Array): Uint32Array {
  const n = hash.length;
  let order = Uint32Array.from({ length: n }, (_, i) => i);
  let next = new Uint32Array(n);
  for (const shift of [0, 16]) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < n; i++) count[((hash[i]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      next[count[(hash[i]! >>> shift) & 0xffff]!++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Identical-text groups as CSR: groupOf[ord] (-1: none), members of g at ords[start[g] … start[g+1]), ascending. */
export interface IdenticalGroups {
  groupOf: Int32Array;
  start: Int32Array;
  ords: Int32Array;
}

/**
 * Per text: the first text identical to it (its own index when none comes before), found through
 * the hash order with one comparison per text of a run — what a segment keeps (`sqCopyOf`), so that
 * opening compares no text.
 */
export function firstCopies(units: Uint16Array, ends: Uint32Array, hash: Uint32Array, order: Uint32Array): Int32Array {
  const n = ends.length;
  const copyOf = Int32Array.from({ length: n }, (_, i) => i);
  const view = (i: number) => units.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const h = hash[order[i]!]!;
    while (j < n && hash[order[j]!] === h) j++;
    if (j - i > 1) classesOf(order, i, j, (a, b) => sameUnits(view(a), view(b)), (list) => {
      for (const o of list) copyOf[o] = list[0]!;
    });
    i = j;
  }
  return copyOf;
}

export function sameUnits(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Groups of passages with the same squeezed text in two or more documents. `order` lists all
 * ordinals by (hash, ordinal); `copyOf[o]` is the first passage known identical to o (exact within
 * a segment); `same(a, b)` compares the texts of two such first copies (from different segments:
 * within one, different first copies are different texts); `docOf` gives documents. A group whose
 * members all sit in one document is no group (copies within a document stay apart). Groups are
 * numbered by their first member's ordinal; members ascend.
 */
export function identicalGroups(n: number, order: Uint32Array, hash: Uint32Array, copyOf: Int32Array, docOf: ArrayLike<number>, same: (a: number, b: number) => boolean): IdenticalGroups {
  const groupOf = new Int32Array(n).fill(-1);
  const firsts: number[] = [];
  const members: number[][] = [];
  const emit = (list: number[]): void => {
    const d = docOf[list[0]!]!;
    if (list.every((o) => docOf[o] === d)) return;
    firsts.push(list[0]!);
    members.push(list);
  };
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const h = hash[order[i]!]!;
    let oneCopy = true;
    while (j < n && hash[order[j]!] === h) {
      if (copyOf[order[j]!] !== copyOf[order[i]!]) oneCopy = false;
      j++;
    }
    if (j - i > 1) {
      if (oneCopy) emit(Array.from(order.subarray(i, j)));
      else copyClasses(order, i, j, copyOf, same, emit);
    }
    i = j;
  }
  // number groups by first member, so that the numbering does not depend on hash values
  const byFirst = Array.from(firsts.keys()).sort((a, b) => firsts[a]! - firsts[b]!);
  const start = new Int32Array(members.length + 1);
  let total = 0;
  for (const list of members) total += list.length;
  const ords = new Int32Array(total);
  let at = 0;
  byFirst.forEach((m, g) => {
    for (const o of members[m]!) {
      ords[at++] = o;
      groupOf[o] = g;
    }
    start[g + 1] = at;
  });
  return { groupOf, start, ords };
}

/** A run of one hash with several first copies: members by first copy, first copies of equal texts joined. */
function copyClasses(order: Uint32Array, from: number, to: number, copyOf: Int32Array, same: (a: number, b: number) => boolean, emit: (list: number[]) => void): void {
  const members: number[] = [];
  for (let k = from; k < to; k++) members.push(order[k]!);
  classesByCopy(members, (o) => copyOf[o]!, same, emit);
}

/** Splits order[from … to) (one hash, ascending ordinals) into classes of equal texts of 2+ members. */
function classesOf(order: Uint32Array, from: number, to: number, same: (a: number, b: number) => boolean, emit: (list: number[]) => void): void {
  let left: number[] = [];
  for (let k = from; k < to; k++) left.push(order[k]!);
  while (left.length > 1) {
    const head = left[0]!;
    const list = [head];
    const rest: number[] = [];
    for (let k = 1; k < left.length; k++) (same(head, left[k]!) ? list : rest).push(left[k]!);
    if (list.length > 1) emit(list);
    left = rest;
  }
}

/**
 * The classes of equal texts among `members` (ascending ordinals of one hash): members by first
 * copy, first copies of equal texts joined (`same`); each class of two or more, ascending, is
 * emitted — what identicalGroups does for a run, for a run gathered from several places.
 */
export function classesByCopy(members: readonly number[], copyOf: (ord: number) => number, same: (a: number, b: number) => boolean, emit: (list: number[]) => void): void {
  const byCopy = new Map<number, number[]>();
  for (const o of members) {
    const c = copyOf(o);
    (byCopy.get(c) ?? byCopy.set(c, []).get(c)!).push(o);
  }
  let copies = [...byCopy.keys()];
  while (copies.length) {
    const head = copies[0]!;
    let list = byCopy.get(head)!;
    const rest: number[] = [];
    let joined = false;
    for (let k = 1; k < copies.length; k++) {
      if (same(head, copies[k]!)) {
        list = list.concat(byCopy.get(copies[k]!)!);
        joined = true;
      } else rest.push(copies[k]!);
    }
    if (joined) list.sort((a, b) => a - b);
    if (list.length > 1) emit(list);
    copies = rest;
  }
}
