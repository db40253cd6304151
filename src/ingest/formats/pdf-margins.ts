/**
 * Running headers, footers and page numbers are not text of the document: they are found by their
 * place (the first or last lines of a page) and by what they are —
 * - a page number: `— 3 —`, `-3-`, `3`, `第3页`, `第3页 共10页`, `3/10`, `Page 3` (OCR reads the dashes as 一);
 * - a line repeated at the same height on many pages (the document's title, the issuer's name);
 * - a line set much smaller than the body text in the page's outer band.
 */
import type { Line, PageLines } from "./pdf-lines.ts";

const DASH = "[-—–－―一_~·•\\s]";
const PAGE_NUMBER = [
  new RegExp(`^${DASH}*[0-9０-９]{1,4}${DASH}*$`),
  /^第\s*[0-9０-９]{1,4}\s*页(?:\s*[,，/／]?\s*共\s*[0-9０-９]{1,4}\s*页)?$/,
  /^共\s*[0-9０-９]{1,4}\s*页\s*[,，]?\s*第\s*[0-9０-９]{1,4}\s*页$/,
  /^[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}$/,
  /^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
  /^[-—–]?\s*[ivxlcdm]{1,7}\s*[-—–]?$/i,
];

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return t.length <= 24 && PAGE_NUMBER.some((re) => re.test(t));
}

/** How many lines at each end of a page may be a header or footer. */
const EDGE_LINES = 2;

function edgeLines(p: PageLines): Line[] {
  const n = p.lines.length;
  return p.lines.filter((l) => l.index < EDGE_LINES || l.index >= n - EDGE_LINES);
}

function repeatKey(l: Line): string {
  // Digits vary (chapter and page numbers in a header); the height is kept to 4 pt.
  return `${Math.round(l.y / 4)}|${l.text.replace(/\s+/g, "").replace(/[0-9０-９]+/g, "#")}`;
}

/**
 * Remove the running lines of every page; returns the pages without them and how many lines went.
 * A page is peeled from the top and from the bottom while its outermost line is running: a page
 * number, a line repeated at that height on a quarter of the pages or more, or a line set much
 * smaller than the body text (`bodySize`) in the page's outer band.
 */
export function removeRunningLines(pages: readonly PageLines[], bodySize: number): { pages: PageLines[]; removed: number } {
  const counts = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    for (const l of edgeLines(p)) seen.add(repeatKey(l));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const repeatedOn = Math.max(2, Math.ceil(pages.length * 0.25));
  const running = (p: PageLines, l: Line): boolean =>
    isPageNumber(l.text) ||
    (pages.length >= 2 && (counts.get(repeatKey(l)) ?? 0) >= repeatedOn) ||
    ((l.y > p.height * 0.88 || l.y < p.height * 0.12) && l.size < bodySize * 0.8);
  let removed = 0;
  const out = pages.map((p) => {
    let top = 0;
    let bottom = p.lines.length;
    // At most EDGE_LINES lines at each end: a header and a page number, say.
    while (top < Math.min(EDGE_LINES, bottom) && running(p, p.lines[top]!)) top++;
    while (bottom > top && p.lines.length - bottom < EDGE_LINES && running(p, p.lines[bottom - 1]!)) bottom--;
    removed += p.lines.length - (bottom - top);
    return { ...p, lines: p.lines.slice(top, bottom) };
  });
  return { pages: out, removed };
}
