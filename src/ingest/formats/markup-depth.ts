/**
 * How deep a page's or an XML part's elements nest, from its tags alone, in one linear pass before
 * any parser sees it. Parsers keep a stack of open elements and slow down quadratically with depth
 * (a file nested 200,000 deep takes minutes), while real documents nest a few dozen deep: deeper
 * files are refused as hostile.
 */
import { refuse, type ReadResult } from "./types.ts";

export const MAX_NESTING = 1000;

/** HTML elements whose end tag may be left out (their depth is not counted), and void elements. */
export const HTML_OPTIONAL_END: ReadonlySet<string> = new Set([
  "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "caption", "rt", "rp",
  "html", "head", "body", "br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "param", "source", "track",
  "wbr", "frame", "basefont", "isindex", "!doctype",
]);

/** Deepest nesting of elements; `uncounted` names elements that do not nest (void, optional end). */
export function nestingDepth(markup: string, uncounted: ReadonlySet<string> = new Set()): number {
  let depth = 0;
  let max = 0;
  for (const m of markup.matchAll(/<(\/?)([A-Za-z!?][A-Za-z0-9:_.-]*)[^>]*?(\/?)>/g)) {
    const name = m[2]!.toLowerCase();
    if (m[3] || name.startsWith("!") || name.startsWith("?") || uncounted.has(name)) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

export function tooDeep(depth: number): ReadResult {
  return refuse("hostile", `元素嵌套 ${depth} 层，超过上限（${MAX_NESTING}），不是正常文档，已跳过`, `elements nested ${depth} deep (the limit is ${MAX_NESTING}): not a real document; skipped`);
}
