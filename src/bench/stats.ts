/** Small numeric helpers for the benchmark. */
import fs from "node:fs";
import path from "node:path";

/** Nearest-rank percentile (p in 0–100) of a sample; 0 for an empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** Total bytes of the regular files under a directory (0 when it does not exist). */
export function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) n += dirBytes(full);
    else if (e.isFile()) n += fs.statSync(full).size;
  }
  return n;
}

/** Round to a few significant decimals for reports. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
