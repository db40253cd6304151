/**
 * The character backstop: for every unigram and bigram of word characters, the ordinals of the
 * passages whose squeezed folded text contains it. Kept in one flat Uint32Array (4 bytes per
 * posting, written to and read from the cache as raw bytes) rather than in FlexSearch: this list
 * is ~150 postings per passage, and as JS arrays + JSON export it would dominate memory and
 * cold-start time at 100× the seed corpus.
 */
import { passageGrams } from "../analysis/analyzer.ts";

export class GramPostings {
  private constructor(
    private readonly slots: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly ids: Uint32Array,
  ) {}

  static build(squeezedTexts: readonly string[]): GramPostings {
    const lists = new Map<string, number[]>();
    squeezedTexts.forEach((text, ord) => {
      for (const g of passageGrams(text)) {
        let l = lists.get(g);
        if (!l) lists.set(g, (l = []));
        l.push(ord);
      }
    });
    const keys = [...lists.keys()];
    const offsets = new Uint32Array(keys.length + 1);
    let total = 0;
    keys.forEach((k, i) => {
      offsets[i] = total;
      total += lists.get(k)!.length;
    });
    offsets[keys.length] = total;
    const ids = new Uint32Array(total);
    const slots = new Map<string, number>();
    keys.forEach((k, i) => {
      ids.set(lists.get(k)!, offsets[i]!);
      slots.set(k, i);
    });
    return new GramPostings(slots, offsets, ids);
  }

  /** Ordinals (ascending) of the passages holding the gram; empty when none. */
  get(gram: string): Uint32Array {
    const i = this.slots.get(gram);
    if (i === undefined) return EMPTY;
    return this.ids.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  df(gram: string): number {
    const i = this.slots.get(gram);
    return i === undefined ? 0 : this.offsets[i + 1]! - this.offsets[i]!;
  }

  /**
   * For each passage, the summed weight of its distinct bigrams, where weight(g) is given by
   * its document frequency (similarity mode normalizes by it). One pass over all postings.
   */
  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array {
    const sums = new Float64Array(passages);
    for (const [g, i] of this.slots) {
      if (g.length !== 2) continue;
      const from = this.offsets[i]!;
      const to = this.offsets[i + 1]!;
      const w = weight(to - from);
      for (let k = from; k < to; k++) sums[this.ids[k]!] += w;
    }
    return sums;
  }

  get size(): number {
    return this.slots.size;
  }

  /**
   * Layout: u32 keyBytes, keys (UTF-16LE, "\n"-joined, in slot order), u32 offsets[keys+1], u32 ids[].
   * UTF-16, not UTF-8: a gram may hold half of a surrogate pair (an astral character such as 𠀀 or
   * an emoji next to another character), which UTF-8 cannot carry — it would come back as U+FFFD
   * and the cached index would miss what a fresh build finds.
   */
  serialize(): Buffer {
    const keys = Buffer.from([...this.slots.keys()].join("\n"), "utf16le");
    const head = Buffer.alloc(8);
    head.writeUInt32LE(keys.length, 0);
    head.writeUInt32LE(this.slots.size, 4);
    const pad = Buffer.alloc((4 - (keys.length % 4)) % 4);
    return Buffer.concat([head, keys, pad, bytesOf(this.offsets), bytesOf(this.ids)]);
  }

  static deserialize(buf: Buffer): GramPostings {
    const keyBytes = buf.readUInt32LE(0);
    const count = buf.readUInt32LE(4);
    const keys = count === 0 ? [] : buf.toString("utf16le", 8, 8 + keyBytes).split("\n");
    if (keys.length !== count) throw new Error("gram postings: key count mismatch");
    let pos = 8 + keyBytes;
    pos += (4 - (keyBytes % 4)) % 4;
    const offsets = u32At(buf, pos, count + 1);
    pos += (count + 1) * 4;
    const total = offsets[count]!;
    if (pos + total * 4 !== buf.length) throw new Error("gram postings: truncated");
    const ids = u32At(buf, pos, total);
    const slots = new Map<string, number>();
    keys.forEach((k, i) => slots.set(k, i));
    return new GramPostings(slots, offsets, ids);
  }
}

const EMPTY = new Uint32Array(0);

function bytesOf(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A Uint32Array over buf[pos…]: copied, because Buffer slices need not be 4-byte aligned. */
function u32At(buf: Buffer, pos: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  Buffer.from(out.buffer).set(buf.subarray(pos, pos + n * 4));
  return out;
}
