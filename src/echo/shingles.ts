/**
 * Integer-hashed character shingles (k-grams) and winnowing (Schleimer, Wilkerson & Aiken 2003).
 * Winnowing keeps the minimum hash of every window of `w` consecutive shingles, so any shared
 * run of at least w + k − 1 characters is guaranteed to share a kept fingerprint, while only
 * about 2/(w+1) of the shingles are kept: the inverted index stays small at ×1000 scale.
 */

const BASE = 0x01000193; // FNV prime: odd, spreads UTF-16 code units well

/** Hash of every k-gram of `codes`: out[i] is the hash of codes[i, i+k). Empty when codes.length < k. */
export function shingleHashes(codes: Uint16Array, k: number): Int32Array {
  const n = codes.length - k + 1;
  if (n <= 0) return new Int32Array(0);
  const out = new Int32Array(n);
  let pow = 1; // BASE^(k-1) mod 2^32
  for (let i = 1; i < k; i++) pow = Math.imul(pow, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + codes[i]!) | 0;
  out[0] = mix(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul(h - Math.imul(codes[i - 1]!, pow), BASE) + codes[i + k - 1]!) | 0;
    out[i] = mix(h);
  }
  return out;
}

/** Final avalanche so that winnowing's "minimum" is not biased towards low code points. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Positions of the winnowed fingerprints of `hashes` (window w, rightmost minimum, each position
 * once, ascending). A sequence shorter than one window keeps its single minimum.
 */
export function winnow(hashes: Int32Array, w: number): number[] {
  const n = hashes.length;
  const out: number[] = [];
  if (n === 0) return out;
  const win = Math.min(w, n);
  let last = -1;
  for (let start = 0; start + win <= n; start++) {
    let m = start;
    for (let i = start + 1; i < start + win; i++) if (hashes[i]! <= hashes[m]!) m = i;
    if (m !== last) {
      out.push(m);
      last = m;
    }
  }
  return out;
}

