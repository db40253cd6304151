/**
 * Finding the copies of a clause cheaply: locality-sensitive hashing over min-hashes of its
 * fingerprints. Each clause gets BANDS band signatures, each the hash of ROWS min-hashes (the
 * smallest of its fingerprint hashes under ROWS salted hash functions); two clauses whose
 * fingerprint sets overlap with Jaccard J share at least one band with probability
 * 1 − (1 − J^ROWS)^BANDS — 0.93 at J = 0.6, 0.99 at J = 0.8 — while clauses that only share a
 * stock phrase almost never do. A band is looked up in a table of representatives: a few short
 * lists per clause, however common its words are. The copy itself is confirmed by alignment.
 */
import { ShingleTable } from "./table.ts";

export const BANDS = 6;
export const ROWS = 2;
const SALTS = Array.from({ length: BANDS * ROWS }, (_, k) => Math.imul(0x9e3779b1, k + 1) ^ 0x5bd1e995);

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h | 0;
}

/** The BANDS band signatures of a set of fingerprint hashes (empty set: none). */
export function bandSignatures(hashes: readonly number[]): number[] {
  if (hashes.length === 0) return [];
  const mins = new Int32Array(BANDS * ROWS).fill(0x7fffffff);
  for (const h of hashes) {
    for (let k = 0; k < mins.length; k++) {
      const v = mix(h ^ SALTS[k]!);
      if (v < mins[k]!) mins[k] = v;
    }
  }
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let sig = b + 1;
    for (let r = 0; r < ROWS; r++) sig = mix(Math.imul(sig, 0x01000193) ^ mins[b * ROWS + r]!);
    out.push(sig);
  }
  return out;
}

/** Band signature → representatives, as linked lists in flat arrays. */
export class BandIndex {
  private readonly table = new ShingleTable(1, 1 << 12); // column 0: last entry + 1
  private val = new Int32Array(1 << 12);
  private next = new Int32Array(1 << 12);
  private length = 0;

  add(rep: number, signatures: readonly number[]): void {
    for (const sig of signatures) {
      const s = this.table.insert(sig);
      if (this.length === this.val.length) this.grow();
      const e = this.length++;
      this.val[e] = rep;
      this.next[e] = this.table.columns[0]![s]!;
      this.table.columns[0]![s] = e + 1;
    }
  }

  private grow(): void {
    const v = new Int32Array(this.val.length * 2);
    v.set(this.val);
    this.val = v;
    const n = new Int32Array(this.next.length * 2);
    n.set(this.next);
    this.next = n;
  }

  /** Representatives sharing at least one band, most shared bands first (then the earliest). */
  candidates(signatures: readonly number[], limit: number): number[] {
    const hits = new Map<number, number>();
    for (const sig of signatures) {
      const s = this.table.find(sig);
      if (s < 0) continue;
      for (let e = this.table.columns[0]![s]! - 1; e >= 0; e = this.next[e]! - 1) {
        const r = this.val[e]!;
        hits.set(r, (hits.get(r) ?? 0) + 1);
      }
    }
    return [...hits].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, limit).map((x) => x[0]);
  }
}
