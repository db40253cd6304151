/**
 * The peers the benchmark measures zhangjie against: other ways a user could answer the same literal
 * queries over the same passages. Each peer lives in its own module behind this interface; the
 * benchmark builds one at a time, times `query` and checks its answers against the full-language
 * scan (src/bench/scan.ts), the oracle.
 *
 * Peers see only the subset of the query language that every one of them can express: AND of
 * OR-groups of literals, minus excluded literals (no doc:/in: filters, no similarity search).
 */
import { parseQuery } from "../scan.ts";

/** A primary-edition passage as peers index it: its ordinal in the peer's list and its folded text. */
export interface PeerPassage {
  /** The passage id (the engine's), for comparing answers. */
  id: string;
  /** The text as literal matching sees it (scan.ts `literalText`: folded, whitespace dropped), prepared once. */
  folded: string;
}

/** Passages that hold every group (any literal of a group) and none of `not`; literals are folded. */
export interface LiteralQuery {
  groups: string[][];
  not: string[];
}

export interface Peer {
  readonly name: string;
  /** Index the passages; `query` answers with ordinals into this list. */
  build(passages: readonly PeerPassage[]): void | Promise<void>;
  /** Ordinals of every matching passage (any order). */
  query(q: LiteralQuery): number[];
  /** Free what the peer holds (a database, an index), so the next peer is measured alone. */
  close(): void;
}

/**
 * The literal form of a query, or null when it uses what peers cannot express (filters, similarity
 * search on a pasted clause, no positive literal).
 */
export function toLiteralQuery(q: string): LiteralQuery | null {
  if (q.trim().length > 40) return null; // the engine and the scan answer long text by similarity
  const p = parseQuery(q);
  if (p.doc.length || p.in.length || p.groups.length === 0) return null;
  // parseQuery has folded width and case, exactly as the oracle reads the query.
  return { groups: p.groups, not: p.not };
}

/** Whether a folded text satisfies the query: the definition every peer must reproduce. */
export function matchesLiteral(folded: string, q: LiteralQuery): boolean {
  for (const g of q.groups) if (!g.some((t) => folded.includes(t))) return false;
  for (const t of q.not) if (folded.includes(t)) return false;
  return true;
}
