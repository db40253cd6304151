/**
 * Proof of one literal of 2+ word characters from bigram positions (GramPostings.literal): the
 * rarest of the needle's bigrams drives, the others are galloped to its passages, and in each
 * passage the needle stands at s when its bigram i stands at s + i for every i.
 */
import type { GramPostings } from "./gram-postings.ts";
import { BIGRAM, EMPTY, POSITION_LIMIT, gallopIn, type LiteralHits } from "./gram-layout.ts";

/** Proof of one literal of 2+ word characters from bigram positions (GramPostings.literal). */
export class LiteralProof {
  private readonly g: ReturnType<GramPostings["internals"]>;
  /** Per bigram of the needle (by offset): its rank. */
  private readonly ranks: number[] = [];
  private readonly L: number;

  constructor(
    grams: GramPostings,
    private readonly needle: string,
    private readonly textOf: ((ord: number) => string) | undefined,
  ) {
    this.g = grams.internals();
    this.L = needle.length;
    for (let i = 0; i + 1 < this.L; i++) this.ranks.push(this.g.rank(needle.charCodeAt(i) * BIGRAM + needle.charCodeAt(i + 1)));
  }

  run(): LiteralHits {
    const { ids, offsets } = this.g;
    if (this.ranks.some((r) => r < 0)) return { ords: EMPTY, tf: EMPTY };
    // Distinct bigrams, rarest first: the rarest drives, the others are galloped to its ordinals.
    const distinct = [...new Set(this.ranks)].sort((a, b) => offsets[a + 1]! - offsets[a]! - (offsets[b + 1]! - offsets[b]!));
    const driver = distinct[0]!;
    const from = offsets[driver]!;
    const to = offsets[driver + 1]!;
    const cursor = distinct.map((r) => offsets[r]!);
    // Per distinct bigram, the posting index in the passage being checked.
    const at = new Int32Array(distinct.length);
    this.prepare(distinct);
    const ords = new Uint32Array(to - from);
    const tf = new Uint32Array(to - from);
    const first = new Int32Array(to - from);
    let n = 0;
    next: for (let k = from; k < to; k++) {
      const ord = ids[k]!;
      at[0] = k;
      for (let d = 1; d < distinct.length; d++) {
        const r = distinct[d]!;
        const j = (cursor[d] = gallopIn(ids, ord, cursor[d]!, offsets[r + 1]!));
        if (j === offsets[r + 1]! || ids[j] !== ord) continue next;
        at[d] = j;
      }
      const c = this.isLong(ord) ? this.countInText(ord) : this.countByPositions(at);
      if (c === 0) continue;
      ords[n] = ord;
      first[n] = this.firstAt;
      tf[n++] = c;
    }
    return { ords: ords.slice(0, n), tf: tf.slice(0, n), first: first.slice(0, n) };
  }

  private isLong(ord: number): boolean {
    const long = this.g.long;
    if (long.length === 0) return false;
    const i = gallopIn(long, ord, 0, long.length);
    return i < long.length && long[i] === ord;
  }

  private countInText(ord: number): number {
    if (!this.textOf) throw new Error("gram postings: a passage too long for positions needs its text to prove a literal");
    const text = this.textOf(ord);
    let n = 0;
    let i = text.indexOf(this.needle);
    this.firstAt = i;
    while (i >= 0) {
      n++;
      i = text.indexOf(this.needle, i + this.L);
    }
    return n;
  }

  /** Where the last passage counted holds the needle first. */
  private firstAt = -1;
  /** Per distinct bigram: its positions in the passage being checked (reused; a passage holds ≤ its length). */
  private lists: Int32Array[] = [];
  private lens = new Int32Array(0);
  /** Per bigram of the needle: its index among the distinct ones. */
  private which = new Int32Array(0);
  private ptr = new Int32Array(0);

  private prepare(distinct: number[]): void {
    this.lists = distinct.map(() => new Int32Array(64));
    this.lens = new Int32Array(distinct.length);
    this.which = Int32Array.from(this.ranks, (r) => distinct.indexOf(r));
    this.ptr = new Int32Array(this.ranks.length);
  }

  /**
   * Non-overlapping starts s where every bigram i of the needle stands at s + i. Walks the starts
   * the first bigram allows, ascending; each bigram's list is walked once (starts only grow).
   */
  private countByPositions(at: Int32Array): number {
    const { lists, lens, which, ptr } = this;
    for (let d = 0; d < lists.length; d++) {
      let n = this.g.positionsAt(at[d]!, lists[d]!);
      if (n >= lists[d]!.length) {
        // Writes past the end were dropped: take a list long enough for any passage and read again.
        lists[d] = new Int32Array(POSITION_LIMIT);
        n = this.g.positionsAt(at[d]!, lists[d]!);
      }
      lens[d] = n;
    }
    ptr.fill(0);
    const first = lists[which[0]!]!;
    const firstLen = lens[which[0]!]!;
    let count = 0;
    let lastEnd = -1;
    starts: for (let a = 0; a < firstLen; a++) {
      const s = first[a]!;
      for (let i = 1; i < which.length; i++) {
        const d = which[i]!;
        const list = lists[d]!;
        const len = lens[d]!;
        const want = s + i;
        let p = ptr[i]!;
        while (p < len && list[p]! < want) p++;
        ptr[i] = p;
        if (p === len || list[p] !== want) continue starts;
      }
      if (s >= lastEnd) {
        if (count++ === 0) this.firstAt = s;
        lastEnd = s + this.L;
      }
    }
    return count;
  }
}

