/** A set of passage ordinals as a bitmap (one bit per ordinal): deletion marks of a SegmentSet. */
export class OrdinalBitmap {
  private readonly words: Uint32Array;
  private count = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  has(ord: number): boolean {
    return ord >= 0 && ord < this.size && (this.words[ord >>> 5]! & (1 << (ord & 31))) !== 0;
  }

  add(ord: number): void {
    if (ord < 0 || ord >= this.size) throw new RangeError(`ordinal ${ord} outside 0…${this.size - 1}`);
    const bit = 1 << (ord & 31);
    if ((this.words[ord >>> 5]! & bit) !== 0) return;
    this.words[ord >>> 5]! |= bit;
    this.count++;
  }

  /** Number of ordinals in the set. */
  get cardinality(): number {
    return this.count;
  }

  /** The ascending ordinals of `list` that are not in the set (list itself when the set is empty). */
  filter(list: Uint32Array): Uint32Array {
    if (this.count === 0) return list;
    const out = new Uint32Array(list.length);
    let n = 0;
    for (let i = 0; i < list.length; i++) if (!this.has(list[i]!)) out[n++] = list[i]!;
    return n === list.length ? list : out.subarray(0, n);
  }
}
