/**
 * An HTML element's content → blocks, for the HTML reader (a web page's main text) and the DOCX
 * reader (mammoth's HTML). Every block-level element and every <br> ends a block; inline markup is
 * dropped and its words kept; scripts, styles, forms and media are skipped. A table with two or more
 * columns is a table block (rows of cells); a one-column table is a frame around text (a 专栏 box)
 * and its paragraphs are blocks of their own. h1–h6 and paragraphs set wholly in bold are heading
 * hints — the numbering still decides what is a heading.
 */
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { tableText, type Block } from "../blocks.ts";
import { removeStraySpaces } from "../chars.ts";
import { parseHeading, tidyHeadingText } from "../headings.ts";
import { isCaption } from "../rejoin.ts";
import { attachCaptions } from "../markdown-blocks.ts";

const SKIP = new Set(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "button", "input", "select", "option", "textarea", "img", "video", "audio", "map", "head", "link", "meta", "title"]);
const BLOCK = new Set([
  "p", "div", "section", "article", "main", "aside", "nav", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
  "ul", "ol", "li", "dl", "dd", "dt", "blockquote", "pre", "center", "address", "figure", "figcaption", "caption",
  "form", "fieldset", "hr", "body", "html", "tbody", "thead", "tfoot", "tr", "td", "th",
]);
const HEADING = /^h[1-6]$/;
const BOLD = new Set(["strong", "b"]);

export interface HtmlBlockOptions {
  /** Elements to leave out (the information table already read as metadata, and the like). */
  exclude?: ReadonlySet<AnyNode>;
}

/** Text of a node as a reader sees it: HTML whitespace collapsed, no markup. */
export function nodeText($: CheerioAPI, node: AnyNode): string {
  return $(node).text().replace(/[ \t\n\r\f]+/g, " ").trim();
}

function isElement(n: AnyNode): n is Element {
  return n.type === "tag" || n.type === "script" || n.type === "style";
}

/** The cell elements of a table's own rows (not of tables nested in its cells). */
export function tableRows($: CheerioAPI, table: Element): Element[][] {
  const rows: Element[][] = [];
  const visit = (el: Element): void => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      const name = c.name.toLowerCase();
      if (name === "tr") rows.push(c.children.filter((x): x is Element => isElement(x) && /^t[dh]$/i.test(x.name)));
      else if (name === "thead" || name === "tbody" || name === "tfoot") visit(c);
    }
  };
  visit(table);
  return rows;
}

/** A table of data (two or more columns, cells holding no tables) rather than a frame for layout. */
function isDataTable($: CheerioAPI, table: Element): boolean {
  const rows = tableRows($, table);
  const columns = Math.max(0, ...rows.map((r) => r.length));
  if (columns < 2 || rows.length < 2) return false;
  return !rows.some((r) => r.some((cell) => $(cell).find("table").length > 0 || $(cell).find("p, div, li, br").length > 3));
}

export function htmlToBlocks($: CheerioAPI, root: AnyNode, opts: HtmlBlockOptions = {}): Block[] {
  const blocks: Block[] = [];
  let buf = "";
  let bold = 0;
  let plain = 0;
  let hint = false;

  const flush = (): void => {
    const text = tidyHeadingText(buf.replace(/[ \t\n\r\f]+/g, " "), removeStraySpaces).trim();
    if (text) {
      const b: Block = { text, kind: "text" };
      // Wholly bold (no plain text beside the bold): a heading hint.
      if (hint || (bold > 0 && plain === 0 && text.length <= 80)) b.headingHint = true;
      blocks.push(b);
    }
    buf = "";
    bold = 0;
    plain = 0;
    hint = false;
  };

  const visit = (node: AnyNode, inBold: boolean): void => {
    if (opts.exclude?.has(node)) return;
    if (node.type === "text") {
      const t = (node as unknown as { data: string }).data;
      buf += t;
      if (t.trim()) {
        if (inBold) bold += t.length;
        else plain += t.length;
      }
      return;
    }
    if (!isElement(node)) return;
    const name = node.name.toLowerCase();
    if (SKIP.has(name)) return;
    if (name === "br") { flush(); return; }
    if (name === "table") {
      flush();
      if (isDataTable($, node)) {
        const rows = tableRows($, node).map((r) => r.map((cell) => removeStraySpaces(nodeText($, cell)).trim()));
        const kept = rows.filter((r) => r.some((c) => c));
        if (kept.length) blocks.push({ text: tableText(kept), kind: "table", rows: kept });
      } else {
        for (const row of tableRows($, node)) for (const cell of row) { visit(cell, inBold); flush(); }
      }
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    if (HEADING.test(name)) hint = true;
    const b = inBold || BOLD.has(name) || /font-weight\s*:\s*(bold|[6-9]00)/i.test(node.attribs?.style ?? "");
    for (const c of node.children) visit(c, b);
    if (block) flush();
  };

  visit(root, false);
  flush();
  // A short unpunctuated line right before a table is its caption (often set in bold): it travels
  // with the table. A numbered line (一、……) is a heading, not a caption.
  const captions = blocks.map((b, i) => (b.headingHint && isCaption(blocks, i) && !parseHeading(b.text) ? { ...b, headingHint: false } : b));
  return attachCaptions(captions);
}
