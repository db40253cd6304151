/**
 * Group the documents read from all files into DocumentRecords: the same title (after width
 * folding) in two sources is one document with two editions. The primary edition is the
 * authoritative source (catalog `authoritative`, e.g. the gazette, whose texts have the force
 * of the official documents), else the one that carries a 文号, else the first read.
 * Metadata comes from the primary edition, gaps filled from the others. Finally every
 * passage learns its counterparts in the document's other editions.
 */
import { foldText } from "../analysis/fold.ts";
import type { DocumentRecord, Edition, Level, Passage } from "../model.ts";
import type { CatalogEntry } from "./catalog.ts";
import type { MetaHints } from "./formats/types.ts";
import { titleKey, type DocSegment } from "./gazette-split.ts";
import { documentId, editionId } from "./ids.ts";
import { buildEdition } from "./passages.ts";
import type { PlacedBlock } from "./section-tree.ts";

/** One document as read from one file. */
export interface ParsedDoc {
  segment: Omit<DocSegment, "blocks">;
  placed: PlacedBlock[];
  file: string;
  meta: CatalogEntry | undefined;
  /** What the file's container says about the document (HTML <meta>, PDF info, DOCX properties). */
  hints?: MetaHints;
  /** The reader that read the file (text, markdown, pdf, pdf-ocr, docx, html). */
  format?: string;
}

export function groupEditions(parsed: ParsedDoc[]): DocumentRecord[] {
  const groups = new Map<string, ParsedDoc[]>();
  for (const p of parsed) {
    const key = titleKey(p.segment.title);
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const docs: DocumentRecord[] = [];
  for (const group of groups.values()) {
    const ordered = group
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank(b.p) - rank(a.p) || a.i - b.i)
      .map((x) => x.p);
    const primary = ordered[0]!;
    const id = documentId(primary.segment.title);
    const usedIds = new Set<string>();
    const editions: Edition[] = ordered.map((p, i) => {
      let eid = editionId(id, p.file);
      for (let n = 2; usedIds.has(eid); n++) eid = `${editionId(id, p.file)}-${n}`;
      usedIds.add(eid);
      const e = buildEdition({ docId: id, editionId: eid, name: p.meta?.edition ?? p.file, source: p.file, primary: i === 0, blocks: p.placed });
      return p.format ? { ...e, format: p.format } : e;
    });
    const pick = <T>(f: (p: ParsedDoc) => T | null | undefined): T | null => {
      for (const p of ordered) { const v = f(p); if (v !== null && v !== undefined) return v; }
      return null;
    };
    const record: DocumentRecord = {
      id,
      title: primary.segment.title,
      docNumber: pick((p) => p.segment.docNumber),
      issuer: pick((p) => p.segment.issuer),
      date: pick((p) => p.segment.date),
      dates: pick((p) => (p.segment.date ? { issued: p.segment.date } : null)) ?? {},
      type: null,
      region: pick((p) => p.meta?.region),
      level: (pick((p) => p.meta?.level) ?? "unknown") as Level,
      status: "unknown",
      provenance: {},
      editions,
    };
    record.provenance = provenanceOf(record, primary);
    fillFromHints(record, ordered);
    docs.push(record);
    linkCounterparts(editions);
  }
  return docs;
}

/**
 * Where each known field came from: the text (title line, 文号, signature), the catalog (region,
 * level); a title the text did not give comes from the container's metadata (an HTML page's title)
 * or, failing that, from the file name ("derived").
 */
function provenanceOf(d: DocumentRecord, primary: ParsedDoc): DocumentRecord["provenance"] {
  const out: DocumentRecord["provenance"] = {};
  const titleLine = primary.segment.noticeTitle !== null || primary.placed.some((b) => b.kind === "heading" && b.path.length === 1 && b.path[0]!.label === "");
  const hint = primary.hints;
  out.title = titleLine ? "text" : hint?.title && titleKey(hint.title) === titleKey(d.title) ? hint.source : "derived";
  if (d.docNumber) out.docNumber = "text";
  if (d.issuer) out.issuer = "text";
  if (d.date) out.dates = "text";
  if (d.region) out.region = "catalog";
  if (d.level !== "unknown") out.level = "catalog";
  return out;
}

/**
 * What the text does not say, the file's container may: a web page's information table gives the
 * 文号, issuer and 成文日期 of a page that shows only part of the document. Only gaps are filled;
 * the source is recorded.
 */
function fillFromHints(d: DocumentRecord, parsed: ParsedDoc[]): void {
  for (const p of parsed) {
    const h = p.hints;
    if (!h) continue;
    if (!d.docNumber && h.docNumber) { d.docNumber = h.docNumber; d.provenance.docNumber = h.source; }
    if (!d.issuer && h.issuer) { d.issuer = h.issuer; d.provenance.issuer = h.source; }
    if (!d.date && h.dates?.issued) {
      d.date = h.dates.issued;
      d.dates = { ...h.dates, ...d.dates };
      d.provenance.dates = h.source;
    }
  }
}

function rank(p: ParsedDoc): number {
  return (p.meta?.authoritative ? 2 : 0) + (p.segment.docNumber ? 1 : 0);
}

/** Comparison key of a passage: folded, letters/digits/ideographs only (PDF lost some decimal points and quotes). */
export function compareKey(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]/gu, "");
}

const EDGE = 8;

/**
 * Counterparts: same comparison key; failing that, a passage that starts or ends with the
 * same words (a paragraph one source split or joined differently, or with a changed word).
 */
export function linkCounterparts(editions: Edition[]): void {
  for (const a of editions) {
    for (const b of editions) {
      if (a === b) continue;
      const exact = new Map<string, Passage[]>();
      const heads = new Map<string, Passage[]>();
      const tails = new Map<string, Passage[]>();
      const add = (m: Map<string, Passage[]>, k: string, p: Passage): void => { const l = m.get(k); if (l) l.push(p); else m.set(k, [p]); };
      for (const p of b.passages) {
        const k = compareKey(p.text);
        if (!k) continue;
        add(exact, k, p);
        if (k.length >= EDGE * 2) { add(heads, k.slice(0, EDGE), p); add(tails, k.slice(-EDGE), p); }
      }
      for (const p of a.passages) {
        const k = compareKey(p.text);
        if (!k) continue;
        let found = exact.get(k) ?? [];
        if (!found.length && k.length >= EDGE * 2) {
          const byHead = heads.get(k.slice(0, EDGE)) ?? [];
          const byTail = tails.get(k.slice(-EDGE)) ?? [];
          found = [...new Set([...byHead, ...byTail])].filter((q) => q.kind === p.kind);
        }
        for (const q of found) if (!p.counterparts.includes(q.id)) p.counterparts.push(q.id);
      }
    }
  }
}
