/**
 * An open-addressing hash table from 32-bit shingle hashes to a slot number, with parallel
 * Int32Array columns for per-shingle counters. Plain `Map` tops out near 2^24 entries and costs
 * ~80 bytes per entry; this costs ~4 bytes per column per slot, which matters at ×1000 scale.
 */
export class ShingleTable {
  private keys: Int32Array;
  private used: Uint8Array;
  private mask: number;
  /** 32 − log2(capacity). */
  private shift: number;
  /** Number of distinct keys. */
  size = 0;
  /** Counter columns, indexed by slot; grown together with the table. */
  readonly columns: Int32Array[];

  constructor(columnCount: number, initialCapacity = 1 << 16) {
    let cap = 16; // at least 16 so that the Fibonacci shift stays below 32
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.columns = Array.from({ length: columnCount }, () => new Int32Array(cap));
  }

  get capacity(): number {
    return this.keys.length;
  }

  /** Slot of `key`, or −1 when absent. */
  find(key: number): number {
    let s = this.hash(key);
    while (this.used[s]) {
      if (this.keys[s] === key) return s;
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  /** Slot of `key`, inserting it (with zeroed counters) when absent. Slots move when the table grows. */
  insert(key: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let s = this.hash(key);
    while (this.used[s]) {
      if (this.keys[s] === key) return s;
      s = (s + 1) & this.mask;
    }
    this.used[s] = 1;
    this.keys[s] = key;
    this.size++;
    return s;
  }

  private hash(key: number): number {
    // Fibonacci hashing: the high bits of the product are well spread even for sequential keys.
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    const oldCols = this.columns.slice();
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let c = 0; c < this.columns.length; c++) this.columns[c] = new Int32Array(cap);
    for (let s = 0; s < oldKeys.length; s++) {
      if (!oldUsed[s]) continue;
      let t = this.hash(oldKeys[s]!);
      while (this.used[t]) t = (t + 1) & this.mask;
      this.used[t] = 1;
      this.keys[t] = oldKeys[s]!;
      for (let c = 0; c < oldCols.length; c++) this.columns[c]![t] = oldCols[c]![s]!;
    }
  }
}
