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

/** `GET /api/docs/:id` body: the summary plus one edition's outline and passages in reading order. */
export function docDetail(doc: DocumentRecord, edition: Edition) {
  return {
    ...docSummary({ ...doc, passageCount: doc.editions[0]?.passages.length ?? 0 }),
    edition: { id: edition.id, name: edition.name, source: edition.source, format: edition.format ?? null, primary: edition.primary },
    outline: edition.outline.map(outlineJson),
    passages: edition.passages.map((p) => ({ id: p.id, kind: p.kind, path: p.path, text: p.text, start: p.start, end: p.end })),
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
}

export async function readerModel(engine: Engine, doc: DocumentRecord, edition: Edition, q = ""): Promise<ReaderModel> {
  const primaryId = doc.editions[0]?.id;
  const mark = q ? await engine.highlighter(q) : null;
  let marked = 0;
  const passages = edition.passages.map((p): ReaderPassage => {
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
  return {
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
