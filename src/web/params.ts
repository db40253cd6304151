/**
 * Validation of everything a request carries in its path or query string. Ids only ever key
 * in-memory maps, but they are still checked (charset, length, no `..`) so that nothing odd reaches
 * the engine, the logs or a rendered page, and so that a bad id gets a clear 400 instead of a vague 404.
 */
import { ZhangjieError } from "../errors.ts";
import { MAX_QUERY_CHARS } from "../search/parse.ts";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../search/searcher.ts";
import { SORTS, type SearchSort } from "../search/types.ts";

/** Longest id accepted (document, edition or passage). */
const MAX_ID_LENGTH = 200;
/** Longest query accepted: the engine's own limit (one number, so the two can never disagree). */
export const MAX_QUERY_LENGTH = MAX_QUERY_CHARS;
export { DEFAULT_LIMIT, MAX_LIMIT };
/** Deep paging past this is not a reading use; it bounds the work one request can ask for. */
export const MAX_OFFSET = 100_000;

/** Letters and digits of any script, plus a few URL-safe separators; no slashes, no whitespace. */
const ID_CHARS = /^[\p{L}\p{N}_.~:-]+$/u;

/** A query-string value as Express 5's parser hands it over: string, array (repeated key) or object. */
type QueryValue = unknown;

/** The single string value of a query parameter, or undefined when absent; 400 when repeated or nested. */
function queryString(value: QueryValue, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ZhangjieError("BAD_PARAMETER", { zh: `${name} 只能给一次`, en: `${name} must be given once` });
  return value;
}

/** Checks an id's charset and length; returns it unchanged. */
export function validId(value: QueryValue, name = "id"): string {
  const id = queryString(value, name);
  if (id === undefined || id === "") throw new ZhangjieError("BAD_PARAMETER", { zh: `缺少 ${name}`, en: `missing ${name}` });
  if (id.length > MAX_ID_LENGTH) throw new ZhangjieError("BAD_PARAMETER", { zh: `${name} 过长（最多 ${MAX_ID_LENGTH} 个字符）`, en: `${name} longer than ${MAX_ID_LENGTH}` });
  if (!ID_CHARS.test(id) || id.includes("..") || id.startsWith(".")) {
    throw new ZhangjieError("BAD_PARAMETER", { zh: `${name} 含有不允许的字符`, en: `${name} holds characters that are not allowed` });
  }
  return id;
}

/** Optional id: undefined when absent or empty, otherwise validated. */
export function optionalId(value: QueryValue, name: string): string | undefined {
  const s = queryString(value, name);
  return s === undefined || s === "" ? undefined : validId(s, name);
}

/** A non-negative integer parameter within [min, max], or `fallback` when absent or empty. */
export function intParam(value: QueryValue, name: string, fallback: number, min: number, max: number): number {
  const s = queryString(value, name);
  if (s === undefined || s.trim() === "") return fallback;
  if (!/^\d{1,7}$/.test(s.trim())) {
    throw new ZhangjieError("BAD_PARAMETER", { zh: `${name} 必须是整数`, en: `${name} must be an integer` });
  }
  const n = Number(s.trim());
  if (n < min || n > max) {
    throw new ZhangjieError("BAD_PARAMETER", { zh: `${name} 必须在 ${min} 到 ${max} 之间`, en: `${name} must be between ${min} and ${max}` });
  }
  return n;
}

/** The `limit` and `offset` of a search request. */
export function pageParams(query: Record<string, QueryValue>): { limit: number; offset: number } {
  return {
    limit: intParam(query.limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: intParam(query.offset, "offset", 0, 0, MAX_OFFSET),
  };
}

/**
 * The search text. Absent → "". Over-long queries are refused here too, so that a huge query string
 * never reaches the analyzer. Control characters are replaced by spaces (they cannot be typed and would
 * only confuse rendering).
 */
export function searchQuery(value: QueryValue): string {
  const q = queryString(value, "q") ?? "";
  if (q.length > MAX_QUERY_LENGTH) throw new ZhangjieError("QUERY_TOO_LONG");
  // eslint-disable-next-line no-control-regex
  return q.replace(/[\u0000-\u001f\u007f]/g, " ");
}

/** `sort=relevance|newest|oldest|document` (default relevance). */
export function sortParam(value: QueryValue): SearchSort {
  const s = queryString(value, "sort");
  if (s === undefined || s === "") return "relevance";
  if (!(SORTS as readonly string[]).includes(s)) {
    throw new ZhangjieError("BAD_PARAMETER", { zh: `sort 只能是 ${SORTS.join("、")}`, en: `sort must be one of ${SORTS.join(", ")}` });
  }
  return s as SearchSort;
}

export type ResultFormat = "json" | "csv" | "xlsx";

/** `format=json|csv|xlsx` of /api/search (default json). */
export function formatParam(value: QueryValue): ResultFormat {
  const s = queryString(value, "format");
  if (s === undefined || s === "" || s === "json") return "json";
  if (s === "csv" || s === "xlsx") return s;
  throw new ZhangjieError("BAD_PARAMETER", { zh: "format 只能是 json、csv、xlsx", en: "format must be json, csv or xlsx" });
}

/** Documents a multi-document view may compare at once. */
export const MAX_DOCS = 8;

/**
 * The `doc` parameter of a multi-document view (`?doc=a&doc=b`, or `?doc=a,b`): two to MAX_DOCS
 * distinct valid ids, else 400.
 */
export function docIdsParam(value: QueryValue): string[] {
  const raw = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (raw.some((v) => typeof v !== "string")) throw new ZhangjieError("BAD_PARAMETER", { zh: "doc 参数应为文件编号", en: "doc must be document ids" });
  const ids = [...new Set((raw as string[]).flatMap((v) => v.split(",")).filter((v) => v !== "").map((v) => validId(v, "doc")))];
  if (ids.length < 2 || ids.length > MAX_DOCS) {
    throw new ZhangjieError("BAD_PARAMETER", { zh: `请给出 2 到 ${MAX_DOCS} 份不同的文件`, en: `give 2 to ${MAX_DOCS} different documents` });
  }
  return ids;
}
