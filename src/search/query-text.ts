/**
 * Query text for links: a filter printed so that the parser reads it back as the same value
 * (`in:"一、总体要求"`, `doc:吉政办发〔2022〕14号`), a query narrowed by a facet, a query with one filter
 * removed. Filters are cut out of the query at the spans the parser recorded, so the rest of the
 * query stays exactly as the user typed it.
 */
import type { Filter, FilterField, ParsedQuery } from "./parse.ts";

const QUOTE = /["＂“”]/;

/**
 * `field:value` as the parser reads it back: quoted when the value has no quote character of its own
 * (`in:"第四章 推进关键核心技术攻关"`), else plain with its spaces dropped (matching ignores spaces),
 * which the parser reads up to the next space, quotes included (`in:（一）“十四五”时期发展成就`).
 */
export function filterToken(field: FilterField, value: string): string {
  if (!QUOTE.test(value)) return `${field}:"${value}"`;
  return `${field}:${value.replace(/\s+/g, "")}`;
}

/** A filter token without quotes where none are needed (for values that are words: level:省, date:2022). */
export function plainFilterToken(field: FilterField, value: string): string {
  return /\s/.test(value) || QUOTE.test(value) ? filterToken(field, value) : `${field}:${value}`;
}

/** The query without the given filters (cut at their spans), spaces tidied. */
export function withoutFilters(q: string, remove: readonly Filter[]): string {
  const spans = remove.map((f) => f.span).sort((a, b) => b[0] - a[0]);
  let out = q;
  for (const [s, e] of spans) out = `${out.slice(0, s)} ${out.slice(e)}`;
  return out.replace(/\s+/g, " ").trim();
}

/**
 * The query narrowed by one more filter: positive filters of the `replace` fields are taken out first
 * (a facet of a field whose filters are alternatives — doc:a doc:b — must replace them, or the link
 * would widen the query instead of narrowing it).
 */
export function narrowedQuery(q: string, parsed: ParsedQuery, token: string, replace: readonly FilterField[]): string {
  const drop = parsed.filters.filter((f) => !f.negated && replace.includes(f.field));
  // (the common case, nothing to take out, without a rewrite: facets build dozens of these per query)
  return drop.length ? `${withoutFilters(q, drop)} ${token}`.trim() : `${q.trim()} ${token}`;
}
