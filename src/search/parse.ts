/**
 * The query language:
 *   space            all terms in the same passage (AND)
 *   OR, |            either term (binds the terms on its two sides)
 *   -term, NOT term  exclude passages with the term
 *   "…", “…”         a literal phrase (spaces and punctuation inside are part of it)
 *   doc:X            only documents whose id, title or 文号 contains X (several doc: → any of them)
 *   in:X             only passages under a heading whose label or title contains X, e.g. in:第四章, in:专栏
 *                    (several in: → all of them); -doc:X and -in:X exclude instead
 * A long pasted text (over SIMILAR_CHARS characters, without operators) is searched by
 * similarity instead; see similar.ts. Every term is matched literally after width/case folding
 * with whitespace ignored, so a term never misses a passage that contains it.
 */
import { ZhangjieError } from "../errors.ts";
import { isWordChar } from "../analysis/analyzer.ts";
import { squeeze } from "../analysis/squeeze.ts";

export const MAX_QUERY_CHARS = 1000;
/** A query longer than this (search characters, filters excluded) is a pasted text: similarity mode. */
export const SIMILAR_CHARS = 40;

export interface Literal {
  /** As typed (for display). */
  raw: string;
  /** Folded, whitespace removed, edge punctuation trimmed: what is looked for in squeezed passage text. */
  needle: string;
  phrase: boolean;
}

export interface Clause {
  /** The passage must contain one of these (OR). */
  alternatives: Literal[];
  negated: boolean;
}

export interface Filter {
  kind: "doc" | "in";
  value: string;
  /** Folded, whitespace removed. */
  needle: string;
  negated: boolean;
}

export interface ParsedQuery {
  clauses: Clause[];
  filters: Filter[];
  /** The query's search text without filters, for similarity mode. */
  text: string;
  /** True when the query should be searched by similarity (long pasted text). */
  similar: boolean;
}

const QUOTES = new Set(['"', "＂", "“", "”"]);
const MINUS = new Set(["-", "－"]);
const BAR = new Set(["|", "｜"]);
const FILTER_PREFIX = /^(doc|in)[:：]/i;
const SPACE = /\s/;

interface Tok {
  kind: "term" | "or" | "not" | "filter";
  text: string;
  phrase: boolean;
  negated: boolean;
  filter?: "doc" | "in";
}

/**
 * Sentence punctuation, brackets and quotes (after folding) trimmed from both ends of a term:
 * "碳达峰，" → "碳达峰". Inner punctuation stays (“十四五”规划), and so do symbols that carry
 * meaning at an edge (2.5%, c++).
 */
const EDGE = /[\s,.;:!?、。；：！？"'‘’“”()\[\]{}【】《》〈〉<>「」『』〔〕…—·\-_/\\|~`]/;

function trimEdges(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && EDGE.test(s[a]!)) a++;
  while (b > a && EDGE.test(s[b - 1]!)) b--;
  const t = s.slice(a, b);
  // nothing searchable left (only symbols such as %): no term
  return [...t].some((c) => isWordChar(c)) ? t : "";
}

function makeNeedle(raw: string): string {
  return trimEdges(squeeze(raw).text);
}

function lex(q: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = q.length;
  const readQuoted = (): string => {
    // q[i] is an opening quote; any quote character closes it.
    let j = i + 1;
    while (j < n && !QUOTES.has(q[j]!)) j++;
    if (j >= n) throw new ZhangjieError("QUERY_UNBALANCED_QUOTES");
    const inner = q.slice(i + 1, j);
    i = j + 1;
    return inner;
  };
  while (i < n) {
    if (SPACE.test(q[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (MINUS.has(q[i]!) && i + 1 < n && !SPACE.test(q[i + 1]!) && !MINUS.has(q[i + 1]!)) {
      negated = true;
      i++;
    }
    let filter: "doc" | "in" | undefined;
    const fm = FILTER_PREFIX.exec(q.slice(i, i + 4));
    if (fm) {
      filter = fm[1]!.toLowerCase() as "doc" | "in";
      i += fm[0].length;
    }
    if (i < n && QUOTES.has(q[i]!)) {
      const inner = readQuoted();
      toks.push({ kind: filter ? "filter" : "term", text: inner, phrase: true, negated, filter });
      continue;
    }
    let j = i;
    while (j < n && !SPACE.test(q[j]!) && !QUOTES.has(q[j]!)) j++;
    const word = q.slice(i, j);
    i = j;
    if (filter) {
      toks.push({ kind: "filter", text: word, phrase: false, negated, filter });
      continue;
    }
    if (!negated && word === "OR") {
      toks.push({ kind: "or", text: word, phrase: false, negated: false });
      continue;
    }
    if (!negated && word === "NOT") {
      toks.push({ kind: "not", text: word, phrase: false, negated: false });
      continue;
    }
    // a|b|c inside one word: alternatives
    const parts = [...word].some((c) => BAR.has(c)) ? word.split(/[|｜]/) : [word];
    parts.forEach((p, k) => {
      if (k > 0) toks.push({ kind: "or", text: "|", phrase: false, negated: false });
      if (p) toks.push({ kind: "term", text: p, phrase: false, negated: negated && k === 0 });
    });
  }
  return toks;
}

export function parseQuery(input: string): ParsedQuery {
  if (typeof input !== "string" || input.trim() === "") throw new ZhangjieError("QUERY_EMPTY");
  if (input.length > MAX_QUERY_CHARS) throw new ZhangjieError("QUERY_TOO_LONG", `${input.length}`);
  let quotes = 0;
  for (const c of input) if (QUOTES.has(c)) quotes++;
  if (quotes % 2 !== 0) throw new ZhangjieError("QUERY_UNBALANCED_QUOTES");

  const toks = lex(input);
  const clauses: Clause[] = [];
  const filters: Filter[] = [];
  const textParts: string[] = [];
  let pendingOr = false;
  let pendingNot = false;
  let operators = false;
  let lastWasTerm = false;
  for (const t of toks) {
    if (t.kind === "or") {
      pendingOr = lastWasTerm;
      operators = true;
      continue;
    }
    if (t.kind === "not") {
      pendingNot = true;
      operators = true;
      continue;
    }
    if (t.kind === "filter") {
      const needle = squeeze(t.text).text.trim();
      if (!needle) throw new ZhangjieError("QUERY_EMPTY_FILTER", `${t.filter}:`);
      filters.push({ kind: t.filter!, value: t.text, needle, negated: t.negated });
      lastWasTerm = false;
      pendingOr = false;
      continue;
    }
    const negated = t.negated || pendingNot;
    pendingNot = false;
    if (negated) operators = true;
    if (!negated) textParts.push(t.text);
    const needle = makeNeedle(t.text);
    if (!needle) {
      // only punctuation: nothing to look for
      pendingOr = false;
      continue;
    }
    const lit: Literal = { raw: t.text, needle, phrase: t.phrase };
    const last = clauses[clauses.length - 1];
    if (pendingOr && last && !last.negated && !negated) last.alternatives.push(lit);
    else clauses.push({ alternatives: [lit], negated });
    pendingOr = false;
    lastWasTerm = !negated;
  }

  const positives = clauses.filter((c) => !c.negated);
  if (positives.length === 0 && filters.filter((f) => !f.negated).length === 0) {
    if (clauses.length > 0 || filters.length > 0) throw new ZhangjieError("QUERY_ONLY_NEGATIVE");
    throw new ZhangjieError("QUERY_NO_TERMS");
  }
  const text = textParts.join(" ");
  const soleQuotedPhrase = toks.filter((t) => t.kind === "term").length === 1 && toks.some((t) => t.kind === "term" && t.phrase);
  const similar = !operators && !soleQuotedPhrase && squeeze(text).text.length > SIMILAR_CHARS;
  return { clauses, filters, text, similar };
}
