/** Turning a matched passage into what the API shows: citation (citation.ts), URL, merged highlights, facets. */
import type { PassageEntry } from "../index/passage-table.ts";

import type { DocumentRecord, Edition, HeadingRef } from "../model.ts";
import { printedLabel } from "./citation.ts";

export { citation, citedTitle, printedLabel, versionCitation } from "./citation.ts";

/** A heading as printed and as an in: filter names it: 一、总体要求, 第四章 推进关键核心技术攻关, （一）指导思想. */
export function headingName(h: HeadingRef): string {
  const label = printedLabel(h.label);
  const sep = !label || !h.title || /[、.）)]$/.test(label) ? "" : " ";
  return label + sep + h.title;
}

/** `/doc/:docId#p-<passageId>`; a passage of a non-primary edition opens that edition (`?edition=`). */
export function passageUrl(entry: PassageEntry): string {
  return `${editionUrl(entry.doc, entry.edition)}#p-${encodeURIComponent(entry.passage.id)}`;
}

/** `/doc/:docId`, with `?edition=` for a non-primary edition: what a passage's URL starts with. */
export function editionUrl(doc: DocumentRecord, edition: Edition): string {
  const enc = encodeURIComponent;
  return edition.primary ? `/doc/${enc(doc.id)}` : `/doc/${enc(doc.id)}?edition=${enc(edition.id)}`;
}

/** Sort and merge overlapping [start, end) ranges. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
