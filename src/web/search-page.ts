/**
 * The search page's view model: ranked cards (highlights, breadcrumb, citation, echoes), facets that
 * narrow the query by rewriting its `doc:` / `in:` filters, and pagination. Everything the template
 * prints is plain text or pre-cut pieces; the template escapes it.
 */
import type { Engine } from "../engine.contract.ts";
import type { SearchHit, SearchResponse } from "../search/types.ts";
import type { EchoRef } from "../echo/types.ts";
import { compareUrl, crumbs, docUrl, headingText, passagePageUrl, passageReaderUrl, pathLabel, searchUrl, type Crumb } from "./links.ts";
import { markRanges, percent, type Piece } from "./text-marks.ts";
import { MAX_OFFSET, MAX_QUERY_LENGTH } from "./params.ts";
import { parseQuery } from "../search/parse.ts";
import { ZhangjieError } from "../errors.ts";

export const PAGE_SIZE = 10;
export const MAX_PAGE = Math.floor(MAX_OFFSET / PAGE_SIZE) + 1;
/** Echoes shown under a card before the rest fold into a <details>. */
const ECHOES_OPEN = 2;

export interface EchoView {
  id: string;
  docTitle: string;
  pathLabel: string;
  similarity: string;
  pieces: Piece[];
  href: string;
  compareHref: string;
}

export interface HitView {
  id: string;
  rank: number;
  docTitle: string;
  edition: string;
  otherEditions: { edition: string; href: string }[];
  crumbs: Crumb[];
  pieces: Piece[];
  citation: string;
  href: string;
  passageHref: string;
  score: number;
  echoes: EchoView[];
  moreEchoes: EchoView[];
}

export function echoView(engine: Engine, hit: { id: string; docId: string }, e: EchoRef): EchoView {
  return {
    id: e.id,
    docTitle: e.docTitle,
    pathLabel: pathLabel(e.path),
    similarity: percent(e.similarity),
    pieces: markRanges(e.text, e.spans.map((s) => s.b)),
    href: passageReaderUrl(engine, e.id),
    compareHref: compareUrl(hit.docId, e.docId, hit.id),
  };
}

export function hitView(engine: Engine, hit: SearchHit, rank: number): HitView {
  const echoes = hit.echoes.map((e) => echoView(engine, hit, e));
  return {
    id: hit.id,
    rank,
    docTitle: hit.docTitle,
    edition: hit.edition,
    otherEditions: hit.otherEditions.map((o) => ({
      edition: o.edition,
      href: docUrl(hit.docId, { editionId: o.editionId, passageId: o.passageId }),
    })),
    crumbs: crumbs(engine, hit.id, hit.path),
    pieces: markRanges(hit.text, hit.highlights),
    citation: hit.citation,
    href: hit.url,
    passageHref: passagePageUrl(hit.id),
    score: hit.score,
    echoes: echoes.slice(0, ECHOES_OPEN),
    moreEchoes: echoes.slice(ECHOES_OPEN),
  };
}

// ---- filters in the query text -------------------------------------------------------------

type FilterKind = "doc" | "in";
/**
 * A positive filter as the query parser reads it (parse.ts): `doc:` or `in:` (any case, either colon)
 * at the start of a word, then a quoted value (any quote character closes it) or a run up to a space
 * or quote. Matching the parser exactly matters: cutting `in:"第四章 推进"` at its space would leave
 * a stray quote behind, and every facet link built from the rest would be a 400.
 */
const FILTER_RE = /(^|\s)(doc|in)[:：](["＂“”][^"＂“”]*["＂“”]|[^\s"＂“”]+)/gi;
const QUOTE_CHARS = /["＂“”]/;

/** The `doc:` / `in:` filters written in a query (value as written, quotes included). */
export function filtersOf(q: string): { kind: FilterKind; value: string }[] {
  return [...q.matchAll(FILTER_RE)].map((m) => ({ kind: m[2]!.toLowerCase() as FilterKind, value: m[3]! }));
}

/** The query without filters of the given kinds. */
export function withoutFilters(q: string, kinds: FilterKind[]): string {
  return q
    .replace(FILTER_RE, (all, pre: string, kind: string) => (kinds.includes(kind.toLowerCase() as FilterKind) ? pre : all))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A heading or id as a filter value the parser reads back whole: no spaces, and no quote characters
 * (the query language has no escapes) — a title such as “十四五”时期发展成就 is narrowed by its
 * longest quote-free stretch, which still names that heading.
 */
export function filterValue(value: string): string {
  const v = value.replace(/\s+/g, "");
  if (!QUOTE_CHARS.test(v)) return v;
  return v.split(/["＂“”]+/).reduce((best, part) => (part.length > best.length ? part : best), "");
}

/** Narrow a query: replace its filters of the same kinds by the given ones. */
export function narrowed(q: string, add: { kind: FilterKind; value: string }[]): string {
  const base = withoutFilters(q, add.map((f) => f.kind));
  return [base, ...add.map((f) => filterValue(f.value)).map((v, i) => (v ? `${add[i]!.kind}:${v}` : ""))].filter(Boolean).join(" ");
}

export interface FacetView {
  label: string;
  count: number;
  /** Undefined when adding the filter would push the query past its length limit (the link could only fail). */
  href: string | undefined;
  active: boolean;
}

export interface SearchPageModel {
  q: string;
  page: number;
  response?: SearchResponse;
  hits: HitView[];
  facets: { docs: FacetView[]; chapters: { docTitle: string; items: FacetView[] }[] };
  activeFilters: { label: string; removeHref: string }[];
  pages: { n: number; href: string; current: boolean }[];
  /** Always present (possibly undefined): EJS throws on an undeclared name. */
  prevHref: string | undefined;
  nextHref: string | undefined;
  totalPages: number;
  firstRank: number;
}

/** The query, or "" (the blank search page) when nothing searchable is left in it (`OR OR` once its only filter is removed). */
function searchable(q: string): string {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof ZhangjieError && (err.code === "QUERY_EMPTY" || err.code === "QUERY_NO_TERMS")) return "";
  }
  return q;
}

function narrowUrl(q: string): string | undefined {
  return q.length <= MAX_QUERY_LENGTH ? searchUrl(q) : undefined;
}

export function searchPageModel(engine: Engine, q: string, page: number, response: SearchResponse | undefined): SearchPageModel {
  const filters = filtersOf(q);
  const hasFilter = (kind: FilterKind, value: string) => filters.some((f) => f.kind === kind && f.value === value);
  const activeFilters = filters.map((f) => {
    const rest = q.replace(FILTER_RE, (all, pre: string, kind: string, value: string) => (kind.toLowerCase() === f.kind && value === f.value ? pre : all));
    const label = f.kind === "doc" ? `文档：${engine.doc(f.value)?.title ?? f.value}` : `章节：${f.value}`;
    return { label, removeHref: searchUrl(searchable(rest.replace(/\s+/g, " ").trim())) };
  });
  const model: SearchPageModel = {
    q,
    page,
    response,
    hits: [],
    facets: { docs: [], chapters: [] },
    activeFilters,
    pages: [],
    prevHref: undefined,
    nextHref: undefined,
    totalPages: 0,
    firstRank: (page - 1) * PAGE_SIZE + 1,
  };
  if (!response) return model;

  model.hits = response.hits.map((h, i) => hitView(engine, h, model.firstRank + i));
  model.facets.docs = response.facets.docs.map((d) => ({
    label: d.title,
    count: d.count,
    href: narrowUrl(narrowed(q, [{ kind: "doc", value: d.docId }])),
    active: hasFilter("doc", d.docId),
  }));
  // Chapters grouped under their document (a 第四章 means nothing without it), documents in facet order.
  const groups = new Map<string, { docTitle: string; items: FacetView[] }>();
  for (const d of response.facets.docs) groups.set(d.docId, { docTitle: d.title, items: [] });
  for (const c of response.facets.chapters) {
    const heading = c.label || c.title;
    let group = groups.get(c.docId);
    if (!group) groups.set(c.docId, (group = { docTitle: engine.doc(c.docId)?.title ?? c.docId, items: [] }));
    group.items.push({
      label: headingText(c),
      count: c.count,
      href: narrowUrl(narrowed(q, [{ kind: "doc", value: c.docId }, { kind: "in", value: heading }])),
      active: hasFilter("doc", c.docId) && hasFilter("in", filterValue(heading)),
    });
  }
  model.facets.chapters = [...groups.values()].filter((g) => g.items.length > 0);

  const reachable = Math.min(response.total, MAX_OFFSET + PAGE_SIZE);
  model.totalPages = Math.max(1, Math.ceil(reachable / PAGE_SIZE));
  const from = Math.max(1, Math.min(page - 3, model.totalPages - 6));
  const to = Math.min(model.totalPages, from + 6);
  for (let n = from; n <= to; n++) model.pages.push({ n, href: searchUrl(q, n), current: n === page });
  if (page > 1) model.prevHref = searchUrl(q, page - 1);
  if (page < model.totalPages) model.nextHref = searchUrl(q, page + 1);
  return model;
}
