/**
 * What a query may cost, decided before and while it runs (issue 14: bounded work per request).
 *
 *   estimateCost   from the parse and the posting lengths alone (no text read, no list combined):
 *                  the postings read, the candidates verified against text, and the passages scored
 *                  times the terms scored on each. A query over the limit is refused before it runs.
 *   Deadline       the time a query may run; the matching and scoring loops ask it every few hundred
 *                  passages. Matching past it stops the query (503); scoring past it ranks what was
 *                  scored and says so (`partial`).
 */
import { literalGrams } from "../analysis/analyzer.ts";
import { squeeze } from "../analysis/squeeze.ts";
import type { GramIndex } from "../index/segment-set.ts";
import type { ParsedQuery } from "./parse.ts";
import { provenByGrams } from "./literal.ts";

export interface CostEstimate {
  /** Work units: postings read + candidate texts verified + passages scored × terms. */
  cost: number;
  /** Distinct alternatives over the positive clauses (the terms each passage is scored on). */
  terms: number;
  /** Upper bound on the passages that match (the smallest clause's candidates). */
  matches: number;
  /** A pasted text, searched by similarity (its grams scored over every passage they reach). */
  similar: boolean;
}

/** The default refusal limit's floor; configurable with ZHANGJIE_QUERY_MAX_COST. */
export const DEFAULT_MAX_COST = 4_000_000;

/**
 * The default limit grows with the collection: a plain term may reach every passage, and on a large
 * collection (546,499 passages at the bench's ×1000) one common word then costs more than the floor.
 * 80 per passage admits scoring every passage on about four terms; what such a query costs in time
 * is the deadline's to bound. ZHANGJIE_QUERY_MAX_COST_PER_PASSAGE; 0 keeps the limit fixed.
 */
export const DEFAULT_MAX_COST_PER_PASSAGE = 80;

/** The cost past which a query over `passages` is refused: the floor, or the per-passage allowance if larger. */
export function costLimit(limits: { maxCost: number; maxCostPerPassage: number }, passages: number): number {
  return Math.max(limits.maxCost, limits.maxCostPerPassage * passages);
}

/**
 * Relative weights of the work units (measured on the ×10 bench corpus): a posting read is 1, a
 * candidate's text verified about 4, a passage scored on one term (the scorer's signals, the facets,
 * collapsing) about 16.
 */
const VERIFY_WEIGHT = 4;
const SCORE_WEIGHT = 16;

/**
 * An upper bound on a query's work from its parse and the length of each gram's posting list. A
 * needle's candidates are at most its rarest gram's passages; a clause's at most the sum over its
 * alternatives; the query's matches at most its smallest clause's.
 */
export function estimateCost(parsed: ParsedQuery, grams: Pick<GramIndex, "df">, passages: number): CostEstimate {
  if (parsed.similar) {
    // Similarity mode reads the postings of the pasted text's grams once each, and scores what they reach.
    const gs = new Set(literalGrams(squeeze(parsed.text).text));
    let read = 0;
    for (const g of gs) read += grams.df(g);
    const matches = Math.min(read, passages);
    return { cost: read + matches * SCORE_WEIGHT, terms: gs.size, matches, similar: true };
  }
  let read = 0;
  let verify = 0;
  let terms = 0;
  let matches = passages;
  for (const c of parsed.clauses) {
    let clauseBound = 0;
    for (const a of c.alternatives) {
      const gs = literalGrams(a.needle);
      let rarest = passages;
      for (const g of gs) {
        const df = grams.df(g);
        read += df;
        rarest = Math.min(rarest, df);
      }
      if (!provenByGrams(a.needle)) verify += rarest;
      clauseBound += rarest;
      if (!c.negated) terms++;
    }
    if (!c.negated) matches = Math.min(matches, clauseBound);
  }
  return { cost: read + verify * VERIFY_WEIGHT + matches * Math.max(1, terms) * SCORE_WEIGHT, terms, matches, similar: false };
}

/** Raised inside the matching loops when a query's deadline has passed. */
export class DeadlineExceeded extends Error {
  constructor() {
    super("query deadline exceeded");
    this.name = "DeadlineExceeded";
  }
}

/** A point in time (performance.now() milliseconds) a query may run until; cheap to ask in a loop. */
export class Deadline {
  private calls = 0;
  private passed = false;

  constructor(readonly at: number) {}

  static none(): Deadline {
    return new Deadline(Infinity);
  }

  /** Whether the deadline has passed; reads the clock once every 256 calls. */
  tick(): boolean {
    if (this.passed) return true;
    if ((++this.calls & 255) !== 0) return false;
    return this.check();
  }

  /** Reads the clock now. */
  check(): boolean {
    if (!this.passed && performance.now() > this.at) this.passed = true;
    return this.passed;
  }

  /** Throws DeadlineExceeded once the deadline has passed (matching: an incomplete set cannot be answered). */
  enforce(every = true): void {
    if (every ? this.tick() : this.check()) throw new DeadlineExceeded();
  }

  get expired(): boolean {
    return this.passed;
  }
}
