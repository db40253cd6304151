/**
 * The character side of a build, on the thread that calls it: every passage's squeezed text
 * (analysis/squeeze.ts) into one block, and the gram postings of the block in two passes — the
 * arrays allocated once, at their size. (Built in chunks on a worker and joined, the chunks would
 * wait beside the segment; and memory freed from a worker's allocations is not given back to the
 * system: at ×1000 the seeds that kept ~1 GB for nothing.)
 */
import { squeezeCodes } from "../analysis/squeeze.ts";
import { GramPostings } from "./gram-postings.ts";

export interface CharIndex {
  /** Squeezed passage texts back to back; passage o's ends at sqEnds[o]. */
  sqUnits: Uint16Array;
  sqEnds: Uint32Array;
  grams: GramPostings;
}

export function indexCharacters(texts: readonly string[]): CharIndex {
  let total = 0;
  for (const t of texts) total += t.length; // squeezing only drops code units
  const units = new Uint16Array(total);
  const sqEnds = new Uint32Array(texts.length);
  let at = 0;
  texts.forEach((t, o) => {
    const { codes } = squeezeCodes(t);
    units.set(codes, at);
    sqEnds[o] = at += codes.length;
  });
  const sqUnits = units.slice(0, at);
  return { sqUnits, sqEnds, grams: GramPostings.fromBlock(sqUnits, sqEnds) };
}
