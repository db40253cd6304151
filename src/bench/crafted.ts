/**
 * Crafted expensive queries (issue 14): valid queries, under the 1,000-character limit, whose cost
 * grows with the collection — OR chains and many-term ANDs of the most frequent characters. The
 * family is seeded and drawn from character frequencies of the given documents (the seed documents),
 * so it is the same at every scale; it opens with the query of the issue itself.
 */
import type { DocumentRecord } from "../model.ts";
import { Rng } from "./prng.ts";

export type CraftedShape = "issue-or" | "or-chain" | "and-chain";

export interface CraftedQuery {
  shape: CraftedShape;
  q: string;
}

/** The issue's query: `技|新` 250 times (技 OR 新技 OR … OR 新), 750 characters. */
export const ISSUE_OR_QUERY = "技|新".repeat(250);

/** The query language's limit on a query's length (errors.ts QUERY_TOO_LONG). */
export const MAX_QUERY_CHARS = 1000;

/** Han characters by the number of paragraphs they occur in, most frequent first. */
export function frequentCharacters(docs: readonly DocumentRecord[], top = 64): string[] {
  const df = new Map<string, number>();
  for (const doc of docs) {
    for (const p of doc.editions[0]?.passages ?? []) {
      for (const ch of new Set(p.text)) if (/[\u4e00-\u9fff]/.test(ch)) df.set(ch, (df.get(ch) ?? 0) + 1);
    }
  }
  return [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top).map(([ch]) => ch);
}

/** Join drawn characters with `sep` until the next one would pass `maxChars`. */
function chain(rng: Rng, chars: readonly string[], sep: string, maxChars: number): string {
  let q = rng.pick(chars);
  for (;;) {
    const next = `${sep}${rng.pick(chars)}`;
    if (q.length + next.length > maxChars) return q;
    q += next;
  }
}

/**
 * `count` queries: the issue's OR query, then OR chains (`|` and ` OR `) and AND chains of frequent
 * characters of several lengths (a third, two thirds and all of the length limit).
 */
export function craftedQueries(docs: readonly DocumentRecord[], seed = "zhangjie-crafted", count = 12): CraftedQuery[] {
  const rng = new Rng(seed);
  const chars = frequentCharacters(docs);
  if (chars.length < 8) throw new Error("too few distinct characters to craft expensive queries from");
  const out: CraftedQuery[] = [{ shape: "issue-or", q: ISSUE_OR_QUERY }];
  const lengths = [MAX_QUERY_CHARS / 3, (2 * MAX_QUERY_CHARS) / 3, MAX_QUERY_CHARS - 1].map(Math.floor);
  for (let i = 1; out.length < count; i++) {
    const max = lengths[i % lengths.length]!;
    if (i % 2) out.push({ shape: "or-chain", q: chain(rng, chars, rng.chance(0.5) ? "|" : " OR ", max) });
    else out.push({ shape: "and-chain", q: chain(rng, chars, " ", max) });
  }
  return out;
}
