/**
 * Web pages (a policy library's or a government site's page holding one document), read with
 * cheerio: decoded by their declared charset (html-charset), metadata from <meta> tags and the
 * information table (html-meta, kept out of the text), the main text found by text density
 * (html-content), then blocks by the shared HTML rules (html-blocks). A page whose text does not
 * start with the document's title gets it from its headline (<h1>, ArticleTitle), so the document
 * is titled and its 文号 found as in any other source.
 */
import * as cheerio from "cheerio";
import type { Block } from "../blocks.ts";
import { titleKey } from "../gazette-split.ts";
import { htmlToBlocks } from "./html-blocks.ts";
import { decodeHtml } from "./html-charset.ts";
import { dropNoise, mainContent } from "./html-content.ts";
import { pageTitle, readPageMeta } from "./html-meta.ts";
import { HTML_OPTIONAL_END, MAX_NESTING, nestingDepth, tooDeep } from "./markup-depth.ts";
import { refuse, type FormatReader, type MetaHints, type ReadResult, type SourceFile } from "./types.ts";
import type { Element } from "domhandler";

/** Page chrome that sometimes sits inside the content container: print/close links, font-size switches, share bars. */
const CHROME = /^(?:[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到|字号|字体|扫一扫|下载)[\s\S]{0,60})$|^(?:发布时间|发布日期|来源|浏览次数|阅读次数|点击数)\s*[：:][\s\S]{0,80}(?:字号|打印|关闭|浏览|来源)/;

function isChrome(b: Block): boolean {
  return b.kind === "text" && b.text.length <= 100 && CHROME.test(b.text);
}

async function readHtml(file: SourceFile): Promise<ReadResult> {
  const decoded = decodeHtml(file.bytes);
  if (!decoded.ok) return refuse("undecodable", "无法识别网页的字符编码，已跳过", decoded.error);
  const depth = nestingDepth(decoded.text, HTML_OPTIONAL_END);
  if (depth > MAX_NESTING) return tooDeep(depth);
  const $ = cheerio.load(decoded.text);
  let blocks: Block[];
  let hints: MetaHints | undefined;
  let infoTable: Element | null;
  let title: string | undefined;
  try {
    // Metadata and the headline first: the page chrome they may sit in is removed next.
    ({ hints, infoTable } = readPageMeta($));
    const headline = $("h1").first().text().replace(/\s+/g, " ").trim() || undefined;
    title = hints?.title ?? headline ?? pageTitle($);
    if (infoTable) $(infoTable).remove();
    dropNoise($);
    blocks = mainContent($).flatMap((el) => htmlToBlocks($, el)).filter((b) => !isChrome(b));
  } catch (e) {
    // A page nested too deeply for the walk (a hostile file, not a document).
    return refuse("hostile", `网页结构异常，无法读取（${(e as Error).message}）`, `the page cannot be read (${(e as Error).message})`);
  }
  if (title && !blocks.slice(0, 3).some((b) => titleKey(b.text) === titleKey(title))) blocks.unshift({ text: title, kind: "text", headingHint: true });
  if (!blocks.length) return refuse("empty", "网页中没有正文", "no text found in the page");
  const warnings = [...decoded.warnings];
  if (infoTable) warnings.push("the page's information table (索引号, 发文机关, 发文字号…) was read as metadata, not as text / 信息公开表已作为元数据读取");
  return { ok: true, blocks, format: "html", warnings, meta: hints ?? (title ? { title, source: "html-meta" } : undefined) };
}

/** `<!doctype html>`, `<html`, `<head` or `<body` near the start: a web page (inline tags in Markdown are not). */
export function looksLikeHtml(head: Uint8Array): number {
  const s = Buffer.from(head.subarray(0, 2048)).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "").trimStart().toLowerCase();
  if (/^<!doctype\s+html|^<html[\s>]/.test(s)) return 1;
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(html|head|body|meta)[\s>]/.test(s)) return 0.95;
  return /<(html|body)[\s>]/.test(s) ? 0.7 : 0;
}

export const htmlReader: FormatReader = {
  name: "html",
  isolated: true,
  extensions: [".html", ".htm", ".shtml", ".xhtml"],
  sniff: (head, path) => Math.max(looksLikeHtml(head), /\.(s?html?|xhtml)$/i.test(path) && !head.includes(0) ? 0.5 : 0),
  read: (file) => readHtml(file),
};
