/**
 * The reader's view model: one edition of a document with its outline as a table of contents and
 * every passage carrying its anchor, citation and echo count. Also the JSON shapes of `/api/docs`.
 */
import type { Engine } from "../engine.contract.ts";
import type { DocumentRecord, Edition, HeadingRef, OutlineNode, PassageKind } from "../model.ts";
import { citation } from "../search/present.ts";
import { docUrl, LEVEL_NAMES, passagePageUrl } from "./links.ts";

/** `GET /api/docs` entry. */
export function docSummary(doc: DocumentRecord) {
  return {
    id: doc.id,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    date: doc.date,
    region: doc.region,
    level: doc.level,
    editions: doc.editions.map((e) => ({ id: e.id, name: e.name, source: e.source, primary: e.primary })),
    passageCount: doc.editions[0]?.passages.length ?? 0,
  };
}

/** `GET /api/docs/:id` body: the summary plus one edition's outline and passages in reading order. */
export function docDetail(doc: DocumentRecord, edition: Edition) {
  return {
    ...docSummary(doc),
    edition: { id: edition.id, name: edition.name, source: edition.source, primary: edition.primary },
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
}

export function readerModel(engine: Engine, doc: DocumentRecord, edition: Edition): ReaderModel {
  const primaryId = doc.editions[0]?.id;
  return {
    doc,
    levelName: LEVEL_NAMES[doc.level],
    edition,
    editions: doc.editions.map((e) => ({
      name: e.name,
      href: docUrl(doc.id, { editionId: e.id, primaryEditionId: primaryId }),
      current: e.id === edition.id,
      primary: e.primary,
    })),
    outline: edition.outline,
    // Only the citation and the echo count: a whole hit per passage (echo texts, spans, editions) was most of the page's cost.
    passages: edition.passages.map((p) => ({
      id: p.id,
      kind: p.kind,
      headingTag: p.kind === "heading" ? `h${Math.min(6, Math.max(2, p.path.length + 1))}` : undefined,
      depth: p.path.length,
      text: p.text,
      citation: citation(doc, edition, p.path),
      echoCount: engine.echoCount(p.id),
      citeHref: passagePageUrl(p.id),
    })),
  };
}
