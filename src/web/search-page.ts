/**
 * The search page's view model: ranked cards (highlights, breadcrumb, citations, "also in", echoes),
 * facets and active filters, the sort, exports and pagination. The engine's response carries every
 * query a link needs (a facet's narrowed query, a filter's removal), so this module never reads the
 * query language: it renders. Everything the template prints is plain text or pre-cut pieces; the
 * template escapes it.
 */
import type { Engine } from "../engine.contract.ts";
import type { SearchHit, SearchResponse, SearchSort, ValueFacet } from "../search/types.ts";
import type { EchoRef } from "../echo/types.ts";
import { compareUrl, crumbs, docUrl, exportUrl, headingText, passagePageUrl, passageReaderUrl, pathLabel, readerUrlWithQuery, searchUrl, type Crumb } from "./links.ts";
import { markRanges, percent, type Piece } from "./text-marks.ts";
import { MAX_OFFSET, MAX_QUERY_LENGTH } from "./params.ts";

export const PAGE_SIZE = 10;
export const MAX_PAGE = Math.floor(MAX_OFFSET / PAGE_SIZE) + 1;
/** Echoes shown under a card before the rest fold into a <details>. */
const ECHOES_OPEN = 2;

export const SORT_NAMES: Record<SearchSort, string> = { relevance: "相关度", newest: "日期（新→旧）", oldest: "日期（旧→新）", document: "文件顺序" };

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
  /** 2012年修正（已被修改） for a passage of an older version; the version label for the current one. */
  version: { label: string; current: boolean } | undefined;
  crumbs: Crumb[];
  pieces: Piece[];
  /** The quoted text alone, for "copy with citation". */
  text: string;
  citation: string;
  citationGbt: string;
  /** Where the card's title and text lead: the reader at the passage, marking the search's terms. */
  href: string;
  /** The passage's own address (no search attached): what a copied citation carries. */
  permalink: string;
  passageHref: string;
  score: number;
  alsoIn: { docTitle: string; pathLabel: string; href: string }[];
  /** How many other documents the identical passages are in, and how many of them are not listed. */
  alsoInDocs: number;
  alsoInMore: number;
  echoes: EchoView[];
  moreEchoes: EchoView[];
}

export async function echoView(engine: Engine, hit: { id: string; docId: string }, e: EchoRef): Promise<EchoView> {
  return {
    id: e.id,
    docTitle: e.docTitle,
    pathLabel: pathLabel(e.path),
    similarity: percent(e.similarity),
    pieces: markRanges(e.text, e.spans.map((s) => s.b)),
    href: await passageReaderUrl(engine, e.id),
    compareHref: compareUrl(hit.docId, e.docId, hit.id),
  };
}

/** A card. `q` (the search) travels into the reader links, which then mark its terms. */
export async function hitView(engine: Engine, hit: SearchHit, rank: number, q = ""): Promise<HitView> {
  const echoes = await Promise.all(hit.echoes.map((e) => echoView(engine, hit, e)));
  return {
    id: hit.id,
    rank,
    docTitle: hit.docTitle,
    edition: hit.edition,
    otherEditions: hit.otherEditions.map((o) => ({
      edition: o.edition,
      href: readerUrlWithQuery(docUrl(hit.docId, { editionId: o.editionId, passageId: o.passageId }), q),
    })),
    version: hit.version ? { label: hit.version.label, current: hit.version.current } : undefined,
    crumbs: (await crumbs(engine, hit.id, hit.path)).map((c) => ({ ...c, href: readerUrlWithQuery(c.href, q) })),
    pieces: markRanges(hit.text, hit.highlights),
    text: hit.text,
    citation: hit.citation,
    citationGbt: hit.citationGbt,
    href: readerUrlWithQuery(hit.url, q),
    permalink: hit.url,
    passageHref: passagePageUrl(hit.id),
    score: hit.score,
    alsoIn: hit.alsoIn.map((a) => ({ docTitle: a.docTitle, pathLabel: pathLabel(a.path), href: readerUrlWithQuery(a.url, q) })),
    alsoInDocs: hit.alsoInDocs,
    alsoInMore: hit.alsoInTotal - hit.alsoIn.length,
    echoes: echoes.slice(0, ECHOES_OPEN),
    moreEchoes: echoes.slice(ECHOES_OPEN),
  };
}

export interface FacetView {
  label: string;
  count: number;
  /** Undefined when adding the filter would push the query past its length limit (the link could only fail). */
  href: string | undefined;
  active: boolean;
}

export interface FacetGroupView {
  id: string;
  heading: string;
  items: FacetView[];
  /** Chapters, grouped under their document (a 第四章 means nothing without it). */
  groups?: { docTitle: string; items: FacetView[] }[];
  /** Values left out of the list (the API lists at most 50 per facet). */
  more: number;
}

export interface SearchPageModel {
  q: string;
  page: number;
  sort: SearchSort;
  response?: SearchResponse;
  hits: HitView[];
  /** A terms query without a match: what it looked for (没有找到包含“…”的段落) and similar passages offered apart. */
  noMatch: { terms: string; similar: HitView[]; similarTotal: number } | undefined;
  facetGroups: FacetGroupView[];
  activeFilters: { label: string; removeHref: string; negated: boolean }[];
  sorts: { value: SearchSort; label: string; href: string; current: boolean }[];
  exports: { csv: string; xlsx: string } | undefined;
  pages: { n: number; href: string; current: boolean }[];
  /** Always present (possibly undefined): EJS throws on an undeclared name. */
  prevHref: string | undefined;
  nextHref: string | undefined;
  totalPages: number;
  firstRank: number;
  /** For the printed page: when the search was made. */
  printedAt: string;
}

function facetUrl(query: string, sort: SearchSort): string | undefined {
  return query.length <= MAX_QUERY_LENGTH ? searchUrl(query, 1, sort) : undefined;
}

/** How many result pages a response has (at least 1; deep pages are capped like the API's offset). */
export function pageCount(total: number): number {
  const reachable = Math.min(total, MAX_OFFSET + PAGE_SIZE);
  return Math.max(1, Math.ceil(reachable / PAGE_SIZE));
}

export async function searchPageModel(engine: Engine, q: string, page: number, sort: SearchSort, response: SearchResponse | undefined, now = new Date()): Promise<SearchPageModel> {
  const model: SearchPageModel = {
    q,
    page,
    sort,
    response,
    hits: [],
    noMatch: undefined,
    facetGroups: [],
    activeFilters: [],
    sorts: [],
    exports: undefined,
    pages: [],
    prevHref: undefined,
    nextHref: undefined,
    totalPages: 0,
    firstRank: (page - 1) * PAGE_SIZE + 1,
    printedAt: printedDate(now),
  };
  if (!response) return model;

  model.hits = await Promise.all(response.hits.map((h, i) => hitView(engine, h, model.firstRank + i, q)));
  model.activeFilters = response.filters.map((f) => ({ label: f.negated ? `排除${f.text}` : f.text, removeHref: searchUrl(f.removeQuery, 1, sort), negated: f.negated }));
  if (response.reason === "no-match") {
    // 碳达峰 梅花鹿 → “碳达峰”和“梅花鹿”; 梅花鹿 OR 人参 → “梅花鹿”或“人参”
    const terms = response.terms.map((alts) => alts.map((a) => `“${a}”`).join("或")).join("和");
    model.noMatch = { terms, similar: await Promise.all((response.similar?.hits ?? []).map((h, i) => hitView(engine, h, i + 1, q))), similarTotal: response.similar?.total ?? 0 };
  }
  model.facetGroups = facetGroups(engine, response, sort);
  model.sorts = (Object.keys(SORT_NAMES) as SearchSort[]).map((s) => ({ value: s, label: SORT_NAMES[s], href: searchUrl(q, 1, s), current: s === sort }));
  if (response.total > 0) model.exports = { csv: exportUrl(q, sort, "csv"), xlsx: exportUrl(q, sort, "xlsx") };

  model.totalPages = pageCount(response.total);
  const from = Math.max(1, Math.min(page - 3, model.totalPages - 6));
  const to = Math.min(model.totalPages, from + 6);
  for (let n = from; n <= to; n++) model.pages.push({ n, href: searchUrl(q, n, sort), current: n === page });
  if (page > 1) model.prevHref = searchUrl(q, page - 1, sort);
  if (page < model.totalPages) model.nextHref = searchUrl(q, page + 1, sort);
  return model;
}

function facetGroups(engine: Engine, response: SearchResponse, sort: SearchSort): FacetGroupView[] {
  const f = response.facets;
  const view = (label: string, x: { count: number; query: string; active: boolean }): FacetView => ({ label, count: x.count, href: facetUrl(x.query, sort), active: x.active });
  const values = (id: string, heading: string, list: ValueFacet[], label: (v: ValueFacet) => string = (v) => v.text) => ({
    id,
    heading,
    items: list.map((v) => view(label(v), v)),
    more: Math.max(0, response.facetTotals[id as keyof typeof response.facetTotals] - list.length),
  });
  // Chapters grouped under their document, documents in facet order.
  const groups = new Map<string, { docTitle: string; items: FacetView[] }>();
  for (const d of f.docs) groups.set(d.docId, { docTitle: d.title, items: [] });
  for (const c of f.chapters) {
    let group = groups.get(c.docId);
    if (!group) groups.set(c.docId, (group = { docTitle: engine.documents.find((d) => d.id === c.docId)?.title ?? c.docId, items: [] }));
    group.items.push(view(headingText(c), c));
  }
  const out: FacetGroupView[] = [
    { id: "docs", heading: "按文件", items: f.docs.map((d) => view(d.title, d)), more: Math.max(0, response.facetTotals.docs - f.docs.length) },
    { id: "chapters", heading: "按章节", items: [], groups: [...groups.values()].filter((g) => g.items.length > 0), more: Math.max(0, response.facetTotals.chapters - f.chapters.length) },
    values("levels", "按层级", f.levels),
    values("regions", "按地区", f.regions),
    values("types", "按类型", f.types),
    values("years", "按年份", f.years, (v) => (v.value === "unknown" ? v.text : `${v.text}年`)),
    values("statuses", "按效力", f.statuses),
  ];
  return out.filter((g) => g.items.length > 0 || (g.groups?.length ?? 0) > 0);
}

function printedDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
