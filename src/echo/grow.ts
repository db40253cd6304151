/**
 * Append-only typed arrays that double when full: the echo builder keeps its per-passage data flat
 * (one buffer for all passages, offsets beside it) and grows as documents are added.
 */
type Typed = Int32Array | Uint16Array | Uint8Array | Float64Array;

abstract class Grow<T extends Typed> {
  protected buf: T;
  length = 0;
  constructor(initial: number) {
    this.buf = this.make(Math.max(16, initial));
  }
  protected abstract make(n: number): T;

  /** Make room for `n` more values. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const bigger = this.make(cap);
    bigger.set(this.buf.subarray(0, this.length) as never);
    this.buf = bigger;
  }
  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.buf.set(values as never, this.length);
    this.length += values.length;
  }
  get(i: number): number {
    return this.buf[i]!;
  }
  set(i: number, v: number): void {
    this.buf[i] = v;
  }
  /** The whole backing buffer (indexes below `length` are the values): valid until the next push. No allocation. */
  raw(): T {
    return this.buf;
  }
  /** A view of [from, to): valid until the next push. */
  view(from = 0, to = this.length): T {
    return this.buf.subarray(from, to) as T;
  }
  /** A copy of the values, exactly `length` long. */
  toArray(): T {
    return this.buf.slice(0, this.length) as T;
  }
}

export class GrowI32 extends Grow<Int32Array> {
  protected make(n: number): Int32Array {
    return new Int32Array(n);
  }
}
export class GrowU16 extends Grow<Uint16Array> {
  protected make(n: number): Uint16Array {
    return new Uint16Array(n);
  }
}
export class GrowU8 extends Grow<Uint8Array> {
  protected make(n: number): Uint8Array {
    return new Uint8Array(n);
  }
}
