/**
 * URLs between pages, and the 章节 breadcrumb whose crumbs point at headings in the reader.
 * Every id is percent-encoded when it goes into a URL.
 */
import type { Engine, PassageLookup } from "../engine.contract.ts";
import type { Edition, HeadingRef, Level, OutlineNode } from "../model.ts";
import { printedLabel } from "../search/present.ts";
import type { SearchSort } from "../search/types.ts";

export { printedLabel };

const enc = encodeURIComponent;

/** What a reader link needs of a document: its id and its editions' ids (primary first). */
export interface DocRef {
  id: string;
  editions: readonly { id: string }[];
}

/** Reader URL of a document (optionally a non-primary edition), optionally at a passage anchor. */
export function docUrl(docId: string, opts: { editionId?: string; primaryEditionId?: string; passageId?: string } = {}): string {
  let url = `/doc/${enc(docId)}`;
  if (opts.editionId && opts.editionId !== opts.primaryEditionId) url += `?edition=${enc(opts.editionId)}`;
  if (opts.passageId) url += `#p-${enc(opts.passageId)}`;
  return url;
}

/** Reader URL of any passage, in the edition it belongs to. */
export async function passageReaderUrl(engine: Engine, passageId: string): Promise<string> {
  return readerUrlOf(passageId, await engine.passage(passageId));
}

/** Reader URL of a passage already looked up (its passage page when it was not found). */
export function readerUrlOf(passageId: string, found: { doc: DocRef; edition: { id: string } } | undefined): string {
  if (!found) return `/passage/${enc(passageId)}`;
  const primary = found.doc.editions[0];
  return docUrl(found.doc.id, { editionId: found.edition.id, primaryEditionId: primary?.id, passageId });
}

/** The reader URLs of several passages, looked up at once: a lookup function for a view model's loops. */
export async function readerUrls(engine: Engine, passageIds: Iterable<string>): Promise<(passageId: string) => string> {
  const ids = [...new Set(passageIds)];
  const urls = new Map(await Promise.all(ids.map(async (id) => [id, await passageReaderUrl(engine, id)] as const)));
  return (id) => urls.get(id) ?? readerUrlOf(id, undefined);
}

/** Several passages looked up at once (ids not found are left out). */
export async function lookupPassages(engine: Engine, passageIds: Iterable<string>): Promise<Map<string, PassageLookup>> {
  const ids = [...new Set(passageIds)];
  const found = await Promise.all(ids.map(async (id) => [id, await engine.passage(id)] as const));
  return new Map(found.filter((x): x is readonly [string, PassageLookup] => x[1] !== undefined));
}

export function passagePageUrl(passageId: string): string {
  return `/passage/${enc(passageId)}`;
}

export function searchUrl(q: string, page = 1, sort: SearchSort = "relevance"): string {
  const params = new URLSearchParams({ q });
  if (sort !== "relevance") params.set("sort", sort);
  if (page > 1) params.set("page", String(page));
  return `/search?${params.toString()}`;
}

/** The whole result set of a search as a file (`GET /api/search?…&format=csv|xlsx`). */
export function exportUrl(q: string, sort: SearchSort, format: "csv" | "xlsx"): string {
  const params = new URLSearchParams({ q });
  if (sort !== "relevance") params.set("sort", sort);
  params.set("format", format);
  return `/api/search?${params.toString()}`;
}

/** A reader URL that carries the search (`?q=`), so the reader marks its terms; the #anchor stays last. */
export function readerUrlWithQuery(url: string, q: string): string {
  if (!q || !url.startsWith("/doc/")) return url;
  const hash = url.indexOf("#");
  const [base, anchor] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ""];
  return `${base}${base.includes("?") ? "&" : "?"}q=${encodeURIComponent(q)}${anchor}`;
}

export function compareUrl(a: string, b: string, passageId?: string): string {
  const params = new URLSearchParams({ a, b });
  if (passageId) params.set("p", passageId);
  return `/compare?${params.toString()}${passageId ? "#pair" : ""}`;
}

/** The indicator tables (指标) of several documents side by side. */
export function indicatorsUrl(docIds: readonly string[]): string {
  const params = new URLSearchParams();
  for (const id of docIds) params.append("doc", id);
  return `/indicators?${params.toString()}`;
}

/** JSON of the trail of a passage (where its clause travelled). */
export function trailApiUrl(passageId: string): string {
  return `/api/passages/${enc(passageId)}/trail`;
}

export interface Crumb extends HeadingRef {
  href: string;
}

function sameHeading(x: HeadingRef, y: HeadingRef): boolean {
  return x.label === y.label && x.title === y.title;
}

/**
 * The breadcrumb of a passage: one crumb per heading in its path, each linking to that heading in the
 * reader. Headings come from the outline; an inline clause label (（一）科技创新环境不断优化。…) has no
 * heading passage of its own, so its crumb links to the first passage carrying that label.
 */
export async function crumbs(engine: Engine, passageId: string, path: readonly HeadingRef[]): Promise<Crumb[]> {
  const found = await engine.passage(passageId);
  if (!found) return path.map((h) => ({ ...h, href: passagePageUrl(passageId) }));
  return crumbsIn(found.doc, found.edition, passageId, path);
}

/** The breadcrumb of a passage of an edition at hand. */
export function crumbsIn(doc: DocRef, edition: Edition, passageId: string, path: readonly HeadingRef[]): Crumb[] {
  const link = (pid: string) => docUrl(doc.id, { editionId: edition.id, primaryEditionId: doc.editions[0]?.id, passageId: pid });
  const out: Crumb[] = [];
  let level: readonly OutlineNode[] | undefined = edition.outline;
  for (let i = 0; i < path.length; i++) {
    const h = path[i]!;
    const node: OutlineNode | undefined = level?.find((n) => sameHeading(n, h));
    level = node?.children;
    const target = node?.passageId ?? firstPassageUnder(edition, path.slice(0, i + 1)) ?? passageId;
    out.push({ ...h, href: link(target) });
  }
  return out;
}

function firstPassageUnder(edition: Edition, prefix: readonly HeadingRef[]): string | undefined {
  return edition.passages.find((p) => p.path.length >= prefix.length && prefix.every((h, i) => sameHeading(h, p.path[i]!)))?.id;
}

/** One heading as printed: 第四章 推进关键核心技术攻关, 一、发展成就, （一）指导思想. */
export function headingText(h: HeadingRef): string {
  const label = printedLabel(h.label);
  const sep = !label || !h.title || /[、.）)]$/.test(label) ? "" : " ";
  return label + sep + h.title;
}

/** A path for a compact line: its labels as printed (第四章 › 第二节 › （一）), titles for unnumbered headings. */
export function pathLabel(path: readonly HeadingRef[]): string {
  return path.map((h) => (h.label ? printedLabel(h.label) : h.title)).join(" › ");
}

export const LEVEL_NAMES: Record<Level, string> = {
  national: "国家级",
  province: "省级",
  prefecture: "市（州）级",
  county: "县级",
  unknown: "级别未知",
};
