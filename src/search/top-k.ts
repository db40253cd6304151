/**
 * The best k (ordinal, score) pairs by score, ties by a rank per ordinal (the order among equals:
 * tables.ts `tieRank`) or, without one, by ordinal (document order), kept in a binary heap whose
 * root is the worst of them: a page of results costs O(matches · log k) and no array of every match
 * is sorted or even built. The order is total (ranks are distinct), so the result does not depend on
 * the order in which matches are offered.
 */
export class TopK {
  private readonly ords: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;
  private readonly tie: Int32Array | null;

  constructor(
    readonly capacity: number,
    tie: Int32Array | null = null,
  ) {
    this.ords = new Int32Array(Math.max(0, capacity));
    this.scores = new Float64Array(Math.max(0, capacity));
    this.tie = tie;
  }

  get size(): number {
    return this.n;
  }

  /** The score a new entry must beat to get in, once the heap is full (-Infinity before). */
  get threshold(): number {
    return this.n < this.capacity ? -Infinity : this.scores[0]!;
  }

  /** Offers one match; kept when it ranks above the current worst (or there is room). */
  push(ord: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.n < this.capacity) {
      let i = this.n++;
      // sift up: while the parent ranks better than the new entry, move the parent down
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(ord, score, this.ords[p]!, this.scores[p]!)) break;
        this.ords[i] = this.ords[p]!;
        this.scores[i] = this.scores[p]!;
        i = p;
      }
      this.ords[i] = ord;
      this.scores[i] = score;
      return;
    }
    if (!this.worse(this.ords[0]!, this.scores[0]!, ord, score)) return;
    this.siftDown(ord, score);
  }

  /** The kept entries, best first. */
  sorted(): { ord: number; score: number }[] {
    const out: { ord: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ ord: this.ords[i]!, score: this.scores[i]! });
    const tie = this.tie;
    return out.sort((a, b) => b.score - a.score || (tie ? tie[a.ord]! - tie[b.ord]! : a.ord - b.ord));
  }

  /** Replaces the root (the worst entry) with (ord, score) and restores the heap. */
  private siftDown(ord: number, score: number): void {
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      // the worse child
      let c = l;
      if (r < n && this.worse(this.ords[r]!, this.scores[r]!, this.ords[l]!, this.scores[l]!)) c = r;
      if (!this.worse(this.ords[c]!, this.scores[c]!, ord, score)) break;
      this.ords[i] = this.ords[c]!;
      this.scores[i] = this.scores[c]!;
      i = c;
    }
    this.ords[i] = ord;
    this.scores[i] = score;
  }

  /** Whether (ordA, scoreA) ranks below (ordB, scoreB): a lower score, or the same score and later among equals. */
  worse(ordA: number, scoreA: number, ordB: number, scoreB: number): boolean {
    if (scoreA !== scoreB) return scoreA < scoreB;
    return this.tie ? this.tie[ordA]! > this.tie[ordB]! : ordA > ordB;
  }
}
