/**
 * The query language (stage 1 of the searcher: text → ParsedQuery):
 *   space            all terms in the same passage (AND)
 *   OR, |            either term (binds the terms on its two sides)
 *   -term, NOT term  exclude passages with the term
 *   "…", “…”         literal: every character inside counts, punctuation included (after width
 *                    folding); only spaces count as nothing
 *   punctuation      outside quotes it separates terms, as a space does: `规定时，构成` is 规定时 AND
 *                    构成, `；构` is 构. Connectors inside Latin/number runs stay (2.5, r&d, chtem-ii),
 *                    and so do symbols that carry meaning (2.5%, c++)
 *   field:value      filters (filters.ts says what each one matches):
 *                    doc: in: region: level: type: date: status: version:
 *                    value plain (up to a space) or quoted; -field:value excludes
 * A long pasted text (over SIMILAR_CHARS characters, without operators) is searched by similarity
 * instead; see similar.ts. Every term is matched literally after folding (fold.ts) with whitespace
 * ignored, so a term never misses a passage that contains it.
 *
 * Each filter keeps its span in the query text, so that facet links and "remove this filter" links
 * are made by cutting the query where the parser found the filter (query-text.ts), never by a second
 * reading of the text that could disagree with this one.
 */
import { ZhangjieError } from "../errors.ts";
import { RecentlyUsed } from "../recently-used.ts";
import { isWordChar, joins } from "../analysis/analyzer.ts";
import { foldText } from "../analysis/fold.ts";
import { squeeze } from "../analysis/squeeze.ts";

export const MAX_QUERY_CHARS = 1000;
/** A query longer than this (search characters, filters excluded) is a pasted text: similarity mode. */
export const SIMILAR_CHARS = 40;

export interface Literal {
  /** As typed (for display). */
  raw: string;
  /** Folded, whitespace removed: what is looked for in squeezed passage text. */
  needle: string;
  phrase: boolean;
}

export interface Clause {
  /** The passage must contain one of these (OR). */
  alternatives: Literal[];
  negated: boolean;
}

export const FILTER_FIELDS = ["doc", "in", "region", "level", "type", "date", "status", "version"] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface Filter {
  field: FilterField;
  /** The value as written, without its quotes. */
  value: string;
  /** Folded, whitespace removed. */
  needle: string;
  negated: boolean;
  /** [start, end) of the whole filter in the query text: minus sign, field, colon, value, quotes. */
  span: [number, number];
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
const FILTER_PREFIX = new RegExp(`^(${FILTER_FIELDS.join("|")})[:：]`, "i");
const SPACE = /\s/;

/**
 * Punctuation that separates terms outside quotes (tested on folded text): sentence marks, brackets,
 * quotes, dashes, slashes. Symbols that are part of what is written (%, ‰, +, &, #, ℃) are not in it.
 */
const SEPARATOR = /[\s,.;:!?、。；：！？"'‘’“”()\[\]{}【】《》〈〉<>「」『』〔〕…—·\-_/\\~`]/;

interface Tok {
  kind: "term" | "or" | "not" | "filter";
  text: string;
  phrase: boolean;
  negated: boolean;
  field?: FilterField;
  span: [number, number];
  /** The whole word or phrase the term was cut from, as typed (for the similarity text). */
  word: string;
}

/**
 * The terms of an unquoted word: split where punctuation stands, except a connector inside a
 * Latin/number run (the analyzer's rule: 2.5, r&d, chtem-ii).
 */
export function splitTerms(word: string): string[] {
  const folded = foldText(word);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= word.length; i++) {
    const cut = i === word.length || (SEPARATOR.test(folded[i]!) && !joins(folded, i));
    if (!cut) continue;
    if (i > start) out.push(word.slice(start, i));
    start = i + 1;
  }
  return out;
}

function hasWordChar(s: string): boolean {
  for (const c of s) if (isWordChar(c)) return true;
  return false;
}

/**
 * Whether the quote at q[i] opens a quoted filter value: its closing quote is followed by a space or
 * the end. Otherwise the quote is part of a plain value (doc:“十四五”科技规划 names that title).
 */
function quotedValueEnds(q: string, i: number): boolean {
  let j = i + 1;
  while (j < q.length && !QUOTES.has(q[j]!)) j++;
  return j >= q.length || j + 1 >= q.length || SPACE.test(q[j + 1]!);
}

function lex(q: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = q.length;
  /** q[i] is an opening quote; any quote character closes it. Returns the inner text. */
  const readQuoted = (): string => {
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
    const start = i;
    let negated = false;
    if (MINUS.has(q[i]!) && i + 1 < n && !SPACE.test(q[i + 1]!) && !MINUS.has(q[i + 1]!)) {
      negated = true;
      i++;
    }
    const fm = FILTER_PREFIX.exec(q.slice(i, i + 9));
    if (fm) {
      const field = fm[1]!.toLowerCase() as FilterField;
      i += fm[0].length;
      let value: string;
      if (i < n && QUOTES.has(q[i]!) && quotedValueEnds(q, i)) value = readQuoted();
      else {
        // A plain value runs to the next space, quotes included: doc:吉林省科学技术发展“十四五”规划.
        let j = i;
        while (j < n && !SPACE.test(q[j]!)) j++;
        value = q.slice(i, j);
        i = j;
      }
      toks.push({ kind: "filter", text: value, phrase: false, negated, field, span: [start, i], word: value });
      continue;
    }
    if (i < n && QUOTES.has(q[i]!)) {
      const inner = readQuoted();
      toks.push({ kind: "term", text: inner, phrase: true, negated, span: [start, i], word: inner });
      continue;
    }
    let j = i;
    while (j < n && !SPACE.test(q[j]!) && !QUOTES.has(q[j]!)) j++;
    const word = q.slice(i, j);
    i = j;
    if (!negated && word === "OR") {
      toks.push({ kind: "or", text: word, phrase: false, negated: false, span: [start, i], word });
      continue;
    }
    if (!negated && word === "NOT") {
      toks.push({ kind: "not", text: word, phrase: false, negated: false, span: [start, i], word });
      continue;
    }
    // Punctuation acts as a space; a minus sign negates the first term only, as it would before a space.
    const span: [number, number] = [start, i];
    splitTerms(word.replace(/[|｜]/g, " | ")).forEach((piece, k) => {
      for (const [m, alt] of piece.split(/(\|)/).entries()) {
        if (alt === "|") toks.push({ kind: "or", text: "|", phrase: false, negated: false, span, word });
        else if (alt) toks.push({ kind: "term", text: alt, phrase: false, negated: negated && k === 0 && m === 0, span, word });
      }
    });
  }
  return toks;
}

/**
 * Queries parsed lately, least recently used first: serving parses a query to judge its cost and
 * the searcher on the same thread parses it again; a query asked again (a page, a refresh, a client
 * repeating a refused 1,000-character OR chain) is not parsed anew — a long one costs ~0.35 ms.
 * A parse is only read, never changed, by what it is given to, and depends on the text alone.
 */
/** Parses kept (each a few KB at most: a query is at most MAX_QUERY_CHARS long). */
export const PARSES_KEPT = 256;

const parsedLately = new RecentlyUsed<string, ParsedQuery>(PARSES_KEPT);

export function parseQuery(input: string): ParsedQuery {
  const known = parsedLately.get(input);
  if (known !== undefined) return known;
  const parsed = parseFresh(input);
  parsedLately.set(input, parsed);
  return parsed;
}

function parseFresh(input: string): ParsedQuery {
  if (typeof input !== "string" || input.trim() === "") throw new ZhangjieError("QUERY_EMPTY");
  if (input.length > MAX_QUERY_CHARS) throw new ZhangjieError("QUERY_TOO_LONG", `${input.length}`);

  const toks = lex(input);
  const clauses: Clause[] = [];
  const filters: Filter[] = [];
  const textParts: string[] = [];
  let pendingOr = false;
  let pendingNot = false;
  let operators = false;
  let lastWasTerm = false;
  let lastSpan: [number, number] | null = null;
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
      if (!needle) throw new ZhangjieError("QUERY_EMPTY_FILTER", `${t.field}:`);
      filters.push({ field: t.field!, value: t.text, needle, negated: t.negated, span: t.span });
      lastWasTerm = false;
      pendingOr = false;
      continue;
    }
    const negated = t.negated || pendingNot;
    pendingNot = false;
    if (negated) operators = true;
    // The search text keeps each word as typed, punctuation included (a pasted sentence stays one text).
    if (!negated && lastSpan !== t.span) textParts.push(t.word);
    lastSpan = t.span;
    const needle = squeeze(t.text).text;
    if (!hasWordChar(needle)) {
      // only punctuation or symbols: nothing to look for
      pendingOr = false;
      continue;
    }
    const lit: Literal = { raw: t.text, needle, phrase: t.phrase };
    const last = clauses[clauses.length - 1];
    // A repeated alternative (技|新|技|新 …) adds nothing to find: kept once, so a query costs its distinct terms.
    if (pendingOr && last && !last.negated && !negated) {
      if (!last.alternatives.some((x) => x.needle === needle)) last.alternatives.push(lit);
    } else clauses.push({ alternatives: [lit], negated });
    pendingOr = false;
    lastWasTerm = !negated;
  }

  dedupeClauses(clauses);
  const positives = clauses.filter((c) => !c.negated);
  if (positives.length === 0 && filters.filter((f) => !f.negated).length === 0) {
    if (clauses.length > 0 || filters.length > 0) throw new ZhangjieError("QUERY_ONLY_NEGATIVE");
    throw new ZhangjieError("QUERY_NO_TERMS");
  }
  const text = textParts.join(" ");
  const soleQuotedPhrase = toks.filter((t) => t.kind === "term").length === 1 && toks.some((t) => t.kind === "term" && t.phrase);
  const similar = !operators && !soleQuotedPhrase && squeeze(text).text.length > SIMILAR_CHARS;
  return Object.freeze({ clauses: Object.freeze(clauses) as Clause[], filters: Object.freeze(filters) as Filter[], text, similar });
}

/** A clause repeated (的 的 的 …, 技|新 技|新) is one condition: the later copies are dropped, in place. */
function dedupeClauses(clauses: Clause[]): void {
  const seen = new Set<string>();
  let m = 0;
  for (const c of clauses) {
    const key = `${c.negated ? "-" : "+"}${c.alternatives.map((a) => a.needle).sort().join("\u0001")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    clauses[m++] = c;
  }
  clauses.length = m;
}
