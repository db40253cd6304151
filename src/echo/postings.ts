/**
 * The candidate index of the echo builder: for each fingerprint (a shingle table slot), the group
 * representatives that hold it, and voting through it. Postings are linked lists while the group
 * pass appends representatives one by one, then laid out contiguously (freeze) for the link pass,
 * which only reads them. Per-slot heads and counts live in columns of the builder's shingle table,
 * so they move with it when it grows.
 */
import type { ShingleTable } from "./table.ts";

/** Which columns of the shingle table this index owns. */
export interface PostingColumns {
  /** First entry + 1 (0: none). */
  head: number;
  /** Last entry + 1. */
  tail: number;
  /** Representatives holding the fingerprint. */
  count: number;
  /** Passage + 1 that last added it (one entry per passage). */
  last: number;
}

export interface VoteLimits {
  /** A fingerprint held by more representatives than this does not vote (unless all do: fallback). */
  maxDf: number;
  /** Rarest fingerprints that still vote, capped at maxDf, when all of a passage's are over it. */
  fallbackAnchors: number;
  /** A fingerprint weighing less than this and held by more than stockPostings representatives does not vote. */
  stockWeight: number;
  stockPostings: number;
}

export interface VoteStats {
  votes: number;
  overFrequentSkips: number;
}

export class Postings {
  private readonly val: Int32Array[] = [new Int32Array(1 << 14)];
  private readonly next: Int32Array[] = [new Int32Array(1 << 14)];
  private length = 0;
  private csr: { start: Int32Array; list: Int32Array } | null = null;
  /** Votes per passage (count and weight); only `touched` entries are non-zero between votes. */
  acc = new Int32Array(0);
  wacc = new Float64Array(0);
  private perDoc = new Int32Array(0);
  private perDocStamp = new Int32Array(0);
  readonly stats: VoteStats = { votes: 0, overFrequentSkips: 0 };

  constructor(
    private readonly table: ShingleTable,
    private readonly cols: PostingColumns,
  ) {}

  /** Room for `passages` passages and `docs` documents in the vote arrays. */
  reserve(passages: number, docs: number): void {
    if (this.acc.length < passages) {
      this.acc = new Int32Array(passages + (passages >> 1));
      this.wacc = new Float64Array(this.acc.length);
    }
    if (this.perDoc.length < docs) {
      this.perDoc = new Int32Array(docs * 2);
      this.perDocStamp = new Int32Array(docs * 2);
    }
  }

  private get vals(): Int32Array {
    return this.val[0]!;
  }
  private get nexts(): Int32Array {
    return this.next[0]!;
  }

  /** Passage i (a representative) holds these fingerprint slots. */
  add(i: number, slots: readonly number[]): void {
    if (this.csr) throw new Error("postings are frozen");
    const c = this.table.columns;
    for (const s of slots) {
      if (c[this.cols.last]![s] === i + 1) continue;
      c[this.cols.last]![s] = i + 1;
      if (this.length === this.vals.length) this.grow();
      const e = this.length++;
      this.vals[e] = i;
      this.nexts[e] = 0;
      const tail = c[this.cols.tail]![s]!;
      if (tail > 0) this.nexts[tail - 1] = e + 1;
      else c[this.cols.head]![s] = e + 1;
      c[this.cols.tail]![s] = e + 1;
      c[this.cols.count]![s]!++;
    }
  }

  private grow(): void {
    for (const arr of [this.val, this.next]) {
      const bigger = new Int32Array(arr[0]!.length * 2);
      bigger.set(arr[0]!);
      arr[0] = bigger;
    }
  }

  /** How many representatives hold slot s. */
  count(s: number): number {
    return this.table.columns[this.cols.count]![s]!;
  }

  /** Lay the lists out contiguously, each fingerprint's representatives together and ascending (read-only from then on). */
  freeze(): void {
    const c = this.table.columns;
    const cap = this.table.capacity;
    const start = new Int32Array(cap + 1);
    for (let s = 0; s < cap; s++) start[s + 1] = start[s]! + c[this.cols.count]![s]!;
    const list = new Int32Array(start[cap]!);
    for (let s = 0; s < cap; s++) {
      let at = start[s]!;
      for (let e = c[this.cols.head]![s]! - 1; e >= 0; e = this.nexts[e]! - 1) list[at++] = this.vals[e]!;
    }
    this.csr = { start, list };
  }

  /** Back to appendable lists (the next addition's group pass). */
  thaw(): void {
    this.csr = null;
  }

  /**
   * Votes of passage i (of document `docOf[i]`) through the postings of its fingerprints (weights
   * null: count only), for representatives of other documents before `before`; the passages voted
   * for are returned, their votes in acc/wacc until reset().
   */
  vote(i: number, docOf: Int32Array, fps: readonly number[], weights: readonly number[] | null, before: number, limits: VoteLimits): number[] {
    const touched: number[] = [];
    const overFrequent: number[] = [];
    for (let x = 0; x < fps.length; x++) {
      const n = this.count(fps[x]!);
      // A stock fingerprint held by many representatives adds nothing to a weighted vote and its
      // list is long: skipped (a long copy still shares enough of its other fingerprints).
      if (n > limits.maxDf || (weights && weights[x]! < limits.stockWeight && n > limits.stockPostings)) overFrequent.push(x);
      else this.cast(docOf, i, fps[x]!, weights ? weights[x]! : 1, 0x7fffffff, before, touched);
    }
    this.stats.overFrequentSkips += overFrequent.length;
    if (touched.length === 0 && overFrequent.length > 0) {
      overFrequent.sort((x, y) => this.count(fps[x]!) - this.count(fps[y]!) || x - y);
      for (const x of overFrequent.slice(0, limits.fallbackAnchors)) this.cast(docOf, i, fps[x]!, weights ? weights[x]! : 1, limits.maxDf, before, touched);
    }
    return touched;
  }

  /** One fingerprint's votes: its first `limit` representatives before `before`, of other documents. */
  private cast(docOf: Int32Array, i: number, s: number, w: number, limit: number, before: number, touched: number[]): void {
    const acc = this.acc;
    const wacc = this.wacc;
    const d = docOf[i]!;
    let n = 0;
    if (this.csr) {
      // Contiguous postings: one sequential read per fingerprint.
      const { start, list } = this.csr;
      const to = Math.min(start[s + 1]!, start[s]! + limit);
      for (let e = start[s]!; e < to; e++, n++) {
        const j = list[e]!;
        if (j >= before) break; // postings ascend
        if (docOf[j] === d) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j]!++;
        wacc[j]! += w;
      }
    } else {
      const vals = this.vals;
      const nexts = this.nexts;
      for (let e = this.table.columns[this.cols.head]![s]! - 1; e >= 0 && n < limit; n++) {
        const j = vals[e]!;
        if (j >= before) break; // postings ascend
        e = nexts[e]! - 1;
        if (docOf[j] === d) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j]!++;
        wacc[j]! += w;
      }
    }
    this.stats.votes += n;
  }

  /** Clear the votes of the touched passages. */
  reset(touched: readonly number[]): void {
    for (const j of touched) {
      this.acc[j] = 0;
      this.wacc[j] = 0;
    }
  }

  /** Candidates in rank order, at most `perDocument` from any one document and `total` in all. */
  capPerDocument(i: number, ranked: readonly number[], docOf: Int32Array, perDocument: number, total: number): number[] {
    const out: number[] = [];
    const stamp = i + 1;
    for (const j of ranked) {
      const dj = docOf[j]!;
      if (this.perDocStamp[dj] !== stamp) {
        this.perDocStamp[dj] = stamp;
        this.perDoc[dj] = 0;
      }
      if (this.perDoc[dj]! >= perDocument) continue;
      this.perDoc[dj]!++;
      out.push(j);
      if (out.length >= total) break;
    }
    return out;
  }
}
