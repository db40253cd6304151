/**
 * The literal-heavy query mix (issue 15) on which zhangjie is measured against its peers: literal
 * strings of 2, 3, 4 and 5–8 characters and keyword pairs (two literals of 2–4 characters, AND),
 * drawn with a seeded PRNG from the primary-edition paragraphs of the given documents — the seed
 * documents, present at every scale, so every scale answers the same queries. A literal keeps only
 * characters a reader types (Han, Latin, digits) and is never longer than the text it came from.
 */
import type { DocumentRecord } from "../model.ts";
import { Rng } from "./prng.ts";
import { isTypable, type BenchQuery } from "./queries.ts";

export const LITERAL_KINDS = ["lit2", "lit3", "lit4", "lit5-8", "pair"] as const;
export type LiteralKind = (typeof LITERAL_KINDS)[number];

export interface LiteralMixOptions {
  /** Queries per kind (default 40 literals of each length class and 60 pairs: 220 in all). */
  perLength?: number;
  pairs?: number;
}

/** A run of `len` typable characters starting somewhere in `text`, or null after a few misses. */
export function typableSlice(rng: Rng, text: string, len: number): string | null {
  if (text.length < len) return null;
  for (let attempt = 0; attempt < 40; attempt++) {
    const start = rng.int(0, text.length - len);
    const s = text.slice(start, start + len);
    if ([...s].length === len && [...s].every(isTypable)) return s;
  }
  return null;
}

export function buildLiteralMix(seedDocs: readonly DocumentRecord[], seed = "zhangjie-literals", opts: LiteralMixOptions = {}): BenchQuery[] {
  const rng = new Rng(seed);
  const paras: string[] = [];
  const byDoc: string[][] = [];
  for (const doc of seedDocs) {
    const ed = doc.editions[0];
    if (!ed) continue;
    const own = ed.passages.filter((p) => p.kind !== "heading" && p.text.length >= 12).map((p) => p.text);
    if (own.length) byDoc.push(own);
    paras.push(...own);
  }
  if (paras.length === 0) throw new Error("no paragraphs to draw literal queries from");
  const perLength = opts.perLength ?? 40;
  const pairs = opts.pairs ?? 60;
  const out: BenchQuery[] = [];
  const seen = new Set<string>();
  const draw = (kind: LiteralKind, count: number, make: () => string | null) => {
    for (let k = 0, tries = 0; k < count && tries < count * 100; tries++) {
      const q = make();
      if (q && !seen.has(q)) {
        seen.add(q);
        out.push({ kind, q });
        k++;
      }
    }
  };
  draw("lit2", perLength, () => typableSlice(rng, rng.pick(paras), 2));
  draw("lit3", perLength, () => typableSlice(rng, rng.pick(paras), 3));
  draw("lit4", perLength, () => typableSlice(rng, rng.pick(paras), 4));
  draw("lit5-8", perLength, () => typableSlice(rng, rng.pick(paras), rng.int(5, 8)));
  // Two keywords a reader would combine: mostly from one paragraph (they co-occur), a third of them
  // from two paragraphs of one document (they may or may not meet in a passage).
  draw("pair", pairs, () => {
    const doc = rng.pick(byDoc);
    const first = rng.pick(doc);
    const second = rng.chance(2 / 3) ? first : rng.pick(doc);
    const a = typableSlice(rng, first, rng.int(2, 4));
    const b = typableSlice(rng, second, rng.int(2, 4));
    return a && b && !a.includes(b) && !b.includes(a) ? `${a} ${b}` : null;
  });
  return out;
}
