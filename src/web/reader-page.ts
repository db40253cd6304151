/**
 * The reader's view model: one edition of a document with its outline as a table of contents and
 * every passage carrying its anchor, citation and echo count. Also the JSON shapes of `/api/docs`.
 */
import type { DocumentSummary, EditionSummary, Engine } from "../engine.contract.ts";

/** A document's metadata and its editions' names (a summary, or a whole document). */
type DocMeta = Omit<DocumentSummary, "editions"> & { editions: readonly Omit<EditionSummary, "passageCount">[] };
import type { DocumentRecord, Edition, HeadingRef, OutlineNode, PassageKind } from "../model.ts";
import { citation } from "../search/present.ts";
import { compareUrl, docUrl, LEVEL_NAMES, passagePageUrl, readerUrlWithQuery, searchUrl } from "./links.ts";
import { markRanges, type Piece } from "./text-marks.ts";
import { pageAt, PAGE_PASSAGES, type PassagePage } from "./passage-pages.ts";

/** `GET /api/docs` entry. */
export function docSummary(doc: DocMeta) {
  return {
    id: doc.id,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    date: doc.date,
    dates: doc.dates,
    type: doc.type,
    region: doc.region,
    level: doc.level,
    status: doc.status,
    provenance: doc.provenance,
    ...(doc.part ? { part: doc.part } : {}),
    editions: doc.editions.map((e) => ({ id: e.id, name: e.name, source: e.source, format: e.format ?? null, primary: e.primary, ...(e.version ? { version: e.version } : {}) })),
    passageCount: doc.passageCount,
  };
}

/**
 * `GET /api/docs/:id` body: the summary plus one edition's whole outline and a page of its passages in
 * reading order (`offset`, at most `limit` passages and MAX_PAGE_CHARS characters; `nextOffset` for the rest).
 */
export function docDetail(doc: DocumentRecord, edition: Edition, offset = 0, limit = PAGE_PASSAGES) {
  const page = pageAt(edition.passages, offset, limit);
  return {
    ...docSummary({ ...doc, passageCount: doc.editions[0]?.passages.length ?? 0 }),
    edition: { id: edition.id, name: edition.name, source: edition.source, format: edition.format ?? null, primary: edition.primary },
    outline: edition.outline.map(outlineJson),
    offset: page.from,
    limit,
    passagesTotal: page.total,
    nextOffset: page.nextFrom ?? null,
    passages: edition.passages.slice(page.from, page.to).map((p) => ({ id: p.id, kind: p.kind, path: p.path, text: p.text, start: p.start, end: p.end })),
  };
}

interface OutlineJson extends HeadingRef {
  passageId: string;
  children: OutlineJson[];
}
function outlineJson(n: OutlineNode): OutlineJson {
  return { label: n.label, title: n.title, passageId: n.passageId, children: n.children.map(outlineJson) };
}

export interface ReaderPassage {
  id: string;
  kind: PassageKind;
  /** h2…h6 for headings by depth; undefined for body passages. */
  headingTag?: string;
  depth: number;
  text: string;
  /** The text cut at the search's terms when the reader was opened from a result (one plain piece otherwise). */
  pieces: Piece[];
  marked: boolean;
  citation: string;
  echoCount: number;
  citeHref: string;
}

export interface ReaderModel {
  doc: DocumentRecord;
  levelName: string;
  edition: Edition;
  editions: { name: string; href: string; current: boolean; primary: boolean }[];
  outline: OutlineNode[];
  passages: ReaderPassage[];
  /** A versioned document's versions, newest first, each linked to its comparison with the shown one. */
  versions: { label: string; date: string; current: boolean; shown: boolean; href: string; compareHref: string | null }[];
  /** The search the reader was opened from, whose terms are marked: the query, how many passages hold them, links back. */
  search: { q: string; marked: number; backHref: string; clearHref: string } | undefined;
  /**
   * A long edition is read a page at a time (passage-pages.ts): which passages are shown, and links to
   * the pages before and after. Undefined when the whole edition fits on one page.
   */
  paging: { from: number; to: number; total: number; prevHref: string | undefined; nextHref: string | undefined } | undefined;
  /** Where the outline's headings lead: this page's anchor, or the page that starts at the heading. */
  headingHref: (passageId: string) => string;
}

export async function readerModel(engine: Engine, doc: DocumentRecord, edition: Edition, q = "", from = 0): Promise<ReaderModel> {
  const primaryId = doc.editions[0]?.id;
  const mark = q ? await engine.highlighter(q) : null;
  let marked = 0;
  const page = pageAt(edition.passages, from);
  const paged = page.from > 0 || page.to < page.total;
  const passages = edition.passages.slice(page.from, page.to).map((p): ReaderPassage => {
    const ranges = mark ? mark(p.text) : [];
    if (ranges.length) marked++;
    return {
      id: p.id,
      kind: p.kind,
      headingTag: p.kind === "heading" ? `h${Math.min(6, Math.max(2, p.path.length + 1))}` : undefined,
      depth: p.path.length,
      text: p.text,
      pieces: markRanges(p.text, ranges),
      marked: ranges.length > 0,
      citation: citation(doc, edition, p.path),
      echoCount: engine.echoCount(p.id),
      citeHref: passagePageUrl(p.id),
    };
  });
  const here = docUrl(doc.id, { editionId: edition.id, primaryEditionId: primaryId });
  const onPage = new Set(paged ? edition.passages.slice(page.from, page.to).map((p) => p.id) : []);
  const pageUrl = (at: number | string) => readerUrlWithQuery(withParam(here, typeof at === "number" ? "from" : "at", String(at)), mark ? q : "");
  return {
    paging: paged ? pagingLinks(page, pageUrl) : undefined,
    headingHref: (pid) => (!paged || onPage.has(pid) ? `#p-${pid}` : `${pageUrl(pid)}#p-${encodeURIComponent(pid)}`),
    doc,
    levelName: LEVEL_NAMES[doc.level],
    edition,
    editions: doc.editions.map((e) => ({
      name: e.name,
      href: readerUrlWithQuery(docUrl(doc.id, { editionId: e.id, primaryEditionId: primaryId }), mark ? q : ""),
      current: e.id === edition.id,
      primary: e.primary,
    })),
    outline: edition.outline,
    versions: versionLinks(doc, edition),
    // Only the citation and the echo count: a whole hit per passage (echo texts, spans, editions) was most of the page's cost.
    passages,
    search: mark ? { q, marked, backHref: searchUrl(q), clearHref: here } : undefined,
  };
}

function pagingLinks(page: PassagePage, url: (from: number) => string): NonNullable<ReaderModel["paging"]> {
  return {
    from: page.from,
    to: page.to,
    total: page.total,
    prevHref: page.prevFrom === undefined ? undefined : url(page.prevFrom),
    nextHref: page.nextFrom === undefined ? undefined : url(page.nextFrom),
  };
}

function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
}

/** One entry per version (its first edition); the comparison link goes from the older to the newer. */
function versionLinks(doc: DocumentRecord, shown: Edition): ReaderModel["versions"] {
  const primaryId = doc.editions[0]?.id;
  const seen = new Set<string>();
  const out: ReaderModel["versions"] = [];
  for (const e of doc.editions) {
    if (!e.version || seen.has(e.version.date)) continue;
    seen.add(e.version.date);
    const isShown = e.version.date === shown.version?.date;
    const [older, newer] = e.version.date < (shown.version?.date ?? "") ? [e, shown] : [shown, e];
    out.push({
      label: e.version.label,
      date: e.version.date,
      current: e.version.current,
      shown: isShown,
      href: docUrl(doc.id, { editionId: e.id, primaryEditionId: primaryId }),
      compareHref: isShown || !shown.version ? null : compareUrl(older.id, newer.id),
    });
  }
  return out;
}
