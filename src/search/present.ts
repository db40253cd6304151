/** Turning a matched passage into what the API shows: citation, URL, merged highlights, facets. */
import type { DocumentRecord, Edition, HeadingRef } from "../model.ts";
import type { PassageEntry } from "../index/passage-table.ts";

const CN_NUMERAL = /^[一二三四五六七八九十百零〇]+$/;
const ARABIC = /^[0-9０-９]+$/;

/** A heading label as printed in running text: 一 → 一、, 1 → 1., 第四章 and （一） as they are. */
export function printedLabel(label: string): string {
  if (CN_NUMERAL.test(label)) return `${label}、`;
  if (ARABIC.test(label)) return `${label}.`;
  return label;
}

/** A heading as printed and as an in: filter names it: 一、总体要求, 第四章 推进关键核心技术攻关, （一）指导思想. */
export function headingName(h: HeadingRef): string {
  const label = printedLabel(h.label);
  const sep = !label || !h.title || /[、.）)]$/.test(label) ? "" : " ";
  return label + sep + h.title;
}

/**
 * 《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）第四章第二节“攻关关键技术支撑产业发展”.
 * A passage from a non-primary edition names its edition in ［］ after the 文号.
 */
export function citation(doc: DocumentRecord, edition: Edition, path: readonly HeadingRef[]): string {
  let s = `《${doc.title}》`;
  if (doc.docNumber) s += `（${doc.docNumber}）`;
  if (!edition.primary) s += `［${edition.name}］`;
  if (path.length) {
    let labels = "";
    for (const h of path) {
      const printed = printedLabel(h.label);
      // 专栏3 followed by 1. would read as 专栏31.: keep the two numbers apart
      if (/[0-9]$/.test(labels) && /^[0-9]/.test(printed)) labels += " ";
      labels += printed;
    }
    s += labels;
    const last = path[path.length - 1]!;
    if (last.title) s += `“${last.title}”`;
  }
  return s;
}

/** `/doc/:docId#p-<passageId>`; a passage of a non-primary edition opens that edition (`?edition=`). */
export function passageUrl(entry: PassageEntry): string {
  const enc = encodeURIComponent;
  let url = `/doc/${enc(entry.doc.id)}`;
  if (!entry.edition.primary) url += `?edition=${enc(entry.edition.id)}`;
  return `${url}#p-${enc(entry.passage.id)}`;
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
