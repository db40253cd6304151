/**
 * What a government policy page says about its document, outside the text:
 * - `<meta>` tags: ArticleTitle, PubDate, ContentSource (the conventions of gov.cn sites), and the
 *   page <title> as a last resort for the title;
 * - the information table (政府信息公开 box) above the text: 索引号, 主题分类, 发文机关, 成文日期,
 *   标题, 发文字号, 发布日期, 生效日期… — a table, a list or a row of spans, found as the smallest
 *   element whose text holds three or more of these labels, read label by label. It is metadata:
 *   the reader keeps it out of the passages.
 */
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { MetaHints } from "./types.ts";

/** Information-table labels → the hint they fill. */
const LABELS: [string[], keyof Fields][] = [
  [["标题", "名称", "文件名称"], "title"],
  [["发文字号", "文号", "发文号"], "docNumber"],
  [["发文机关", "发布机构", "发布单位", "制发机关", "发文单位", "成文机关"], "issuer"],
  [["成文日期", "成文时间", "印发日期"], "issued"],
  [["发布日期", "发布时间", "公开日期", "公开时间"], "published"],
  [["生效日期", "施行日期", "实施日期"], "effective"],
  [["主题分类", "主题词"], "subject"],
  [["索引号"], "indexNumber"],
  [["公文种类", "文种", "体裁分类"], "type"],
  [["有效性", "时效性"], "validity"],
];

/** A label as sites print it, spaces for alignment allowed between its characters (索　引　号). */
const spaced = (label: string) => [...label].join("[\\s\\u3000]*");
const ALL = LABELS.flatMap(([names]) => names).sort((a, b) => b.length - a.length);
/** A label at the start of a cell, or anywhere when a colon follows it. */
const LABEL_AT = new RegExp(`(?:^|\\n)[\\s\\u3000]*(${ALL.map(spaced).join("|")})[\\s\\u3000]*(?:[：:]|(?=\\n))|(${ALL.map(spaced).join("|")})[\\s\\u3000]*[：:]`, "g");
const fieldOf = (label: string): keyof Fields | undefined => LABELS.find(([names]) => names.includes(label.replace(/[\s\u3000]/g, "")))?.[1];

interface Fields {
  title?: string;
  docNumber?: string;
  issuer?: string;
  issued?: string;
  published?: string;
  effective?: string;
  subject?: string;
  indexNumber?: string;
  type?: string;
  validity?: string;
}

/** 2022年05月27日, 2022-05-27 16:12, 2022/5/27, 2022.05.27 → 2022-05-27. */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const CELL = new Set(["td", "th", "dt", "dd", "li", "p", "div", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6"]);

/** An element's text with a line break at every cell or block boundary. */
function cellText(node: AnyNode): string {
  if (node.type === "text") return (node as unknown as { data: string }).data.replace(/[ \t\r\n\f]+/g, " ");
  if (node.type !== "tag") return "";
  const el = node as Element;
  if (el.name === "script" || el.name === "style") return "";
  const inner = el.children.map(cellText).join("");
  return CELL.has(el.name.toLowerCase()) ? `\n${inner}\n` : inner;
}

function labelCount(text: string): number {
  const found = new Set<string>();
  for (const m of text.matchAll(LABEL_AT)) found.add(fieldOf(m[1] ?? m[2] ?? "") ?? "");
  found.delete("");
  return found.size;
}

/** Longest text an information table holds. */
const MAX_INFO_TEXT = 1500;

/**
 * The smallest element holding three or more information-table labels, each with a value (a table
 * listing documents, whose header row names 名称 | 文号 | 发布日期, is not one), and not much else.
 * Elements are visited children first, with their texts built once and only up to MAX_INFO_TEXT, so
 * the search is linear in the page even when it is nested ten thousand deep.
 */
export function findInfoTable($: CheerioAPI): Element | null {
  const body = $("body")[0];
  if (!body) return null;
  let best: Element | null = null;
  let bestLen = Infinity;
  const text = new Map<AnyNode, string | null>();
  // Iterative post-order: a node is finished after its children.
  const stack: { node: AnyNode; done: boolean }[] = [{ node: body, done: false }];
  while (stack.length) {
    const top = stack.pop()!;
    const node = top.node;
    if (node.type === "text") { text.set(node, (node as unknown as { data: string }).data); continue; }
    if (node.type !== "tag") { text.set(node, ""); continue; }
    const el = node as Element;
    if (!top.done) {
      stack.push({ node, done: true });
      for (let i = el.children.length - 1; i >= 0; i--) stack.push({ node: el.children[i]!, done: false });
      continue;
    }
    let t: string | null = "";
    for (const c of el.children) {
      const ct = text.get(c);
      t = ct === null || ct === undefined || t === null || t.length + ct.length > MAX_INFO_TEXT ? null : t + ct;
      text.delete(c);
    }
    text.set(el, t);
    if (t === null || t.length >= bestLen || el === body) continue;
    if (labelCount(t) < 3 || Object.keys(readInfoTable(el)).length < 3) continue;
    best = el;
    bestLen = t.length;
  }
  return best;
}

/**
 * Label → value pairs of an information table: each label's value is the text up to the next label,
 * whether it follows in the same cell after a colon or fills the next cell.
 */
export function readInfoTable(el: Element): Fields {
  const text = cellText(el).replace(/[ \t\r\f]+/g, " ").replace(/\n\s*/g, "\n");
  const fields: Fields = {};
  const hits = [...text.matchAll(LABEL_AT)];
  hits.forEach((m, i) => {
    const field = fieldOf(m[1] ?? m[2] ?? "");
    const end = i + 1 < hits.length ? hits[i + 1]!.index! : text.length;
    const value = text.slice(m.index! + m[0].length, end).replace(/\s+/g, " ").trim();
    if (field && value && fields[field] === undefined) fields[field] = value;
  });
  return fields;
}

function metaContent($: CheerioAPI, name: string): string | undefined {
  let out: string | undefined;
  $("meta").each((_, el) => {
    const n = (el.attribs.name ?? el.attribs.property ?? "").toLowerCase();
    if (out === undefined && n === name.toLowerCase()) out = (el.attribs.content ?? "").trim() || undefined;
  });
  return out;
}

/** The page's <title> without the site and column names appended to it. */
export function pageTitle($: CheerioAPI): string | undefined {
  const t = $("title").first().text().replace(/\s+/g, " ").trim();
  return t.split(/\s*(?:_|\||｜| - | — )\s*/)[0]?.trim() || undefined;
}

export function readPageMeta($: CheerioAPI): { hints: MetaHints | undefined; infoTable: Element | null } {
  const infoTable = findInfoTable($);
  const f = infoTable ? readInfoTable(infoTable) : {};
  const hints: MetaHints = { source: "html-meta" };
  const title = f.title ?? metaContent($, "ArticleTitle") ?? metaContent($, "dc.title");
  if (title) hints.title = title;
  if (f.docNumber && /\d/.test(f.docNumber)) hints.docNumber = f.docNumber.replace(/\s/g, "");
  const issuer = f.issuer ?? metaContent($, "ContentSource");
  if (issuer) hints.issuer = issuer;
  const dates: NonNullable<MetaHints["dates"]> = {};
  const issued = isoDate(f.issued);
  const published = isoDate(f.published) ?? isoDate(metaContent($, "PubDate") ?? metaContent($, "firstpublishedtime"));
  const effective = isoDate(f.effective);
  if (issued) dates.issued = issued;
  if (published) dates.published = published;
  if (effective) dates.effective = effective;
  if (Object.keys(dates).length) hints.dates = dates;
  if (f.subject) hints.subject = f.subject;
  if (f.indexNumber) hints.indexNumber = f.indexNumber;
  if (f.type) hints.type = f.type;
  return { hints: Object.keys(hints).length > 1 ? hints : undefined, infoTable };
}
