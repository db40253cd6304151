/**
 * Passage id → the last store index holding it, as a Map would give, in one Int32Array of open
 * addressing: the echo store of a large collection holds ~500,000 ids, and a Map of them cost the
 * first answer after a restart about twice as much to build (hashes and entries allocated per id).
 */
import { hashString } from "../index/text-hash.ts";

export class IdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly ids: readonly string[]) {
    let size = 16;
    while (size < 2 * ids.length) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    // A repeated id keeps its last index (the store's rule: a later registration replaces).
    for (let x = 0; x < ids.length; x++) this.slots[this.slotOf(ids[x]!)] = x;
  }

  get(id: string): number | undefined {
    const x = this.slots[this.slotOf(id)]!;
    return x < 0 ? undefined : x;
  }

  /** The slot holding `id`, or the empty one where it would go (linear probing; the table is at most half full). */
  private slotOf(id: string): number {
    let s = hashString(id) & this.mask;
    for (;;) {
      const x = this.slots[s]!;
      if (x < 0 || this.ids[x] === id) return s;
      s = (s + 1) & this.mask;
    }
  }
}
