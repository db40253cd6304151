/**
 * corpus/catalog.json: what the text of a file cannot tell (region, level, edition name, source
 * form, whether the source is authoritative), and corrections of anything ingest reads from the
 * text (title, 文号, issuer, dates, type, status). Keys are corpus-relative paths of files
 * (`jilin/2022/plan.pdf`) or of folders (a key ending in "/": `jilin/`), whose entry applies to
 * every file below it; a file's own entry is applied last. The catalog is the last and strongest
 * source of every field. A file without an entry is still ingested, with a warning; a broken
 * catalog is reported, never fatal.
 */
import fs from "node:fs";
import path from "node:path";
import type { DocDates, DocStatus, Level } from "../model.ts";

export type SourceForm = "pdf-text" | "gazette-markdown" | "markdown" | "plain";

export interface CatalogEntry {
  region?: string;
  level?: Level;
  /** Human name of the edition, e.g. 《吉林省人民政府公报》2022年第21期. */
  edition?: string;
  form?: SourceForm;
  /** The source is the authoritative text (a gazette states its texts have official force). */
  authoritative?: boolean;
  title?: string;
  docNumber?: string;
  issuer?: string;
  /** ISO dates by kind; merged over the dates read from the text. */
  dates?: DocDates;
  type?: string;
  status?: DocStatus;
}

export interface Catalog {
  entries: Record<string, CatalogEntry>;
  warnings: string[];
}

const LEVELS: readonly Level[] = ["national", "province", "prefecture", "county", "unknown"];
const FORMS: readonly SourceForm[] = ["pdf-text", "gazette-markdown", "markdown", "plain"];
/** Status as the catalog may write it, English or Chinese. */
const STATUSES: Record<string, DocStatus> = {
  "in-force": "in-force", amended: "amended", repealed: "repealed", unknown: "unknown",
  现行有效: "in-force", 有效: "in-force", 已修改: "amended", 已被修改: "amended", 已废止: "repealed", 失效: "repealed", 已失效: "repealed",
};
const DATE_KINDS = ["issued", "adopted", "promulgated", "effective", "published"] as const;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const CATALOG_FILE = "catalog.json";

export function loadCatalog(corpusDir: string): Catalog {
  const file = path.join(corpusDir, CATALOG_FILE);
  if (!fs.existsSync(file)) return { entries: {}, warnings: [`no ${CATALOG_FILE} in ${corpusDir}: metadata only as the texts give it`] };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { entries: {}, warnings: [`${CATALOG_FILE} is not valid JSON (${(e as Error).message}); ignored`] };
  }
  return parseCatalog(raw);
}

/** Is this catalog key a folder's (applies to every file below it)? */
export function isFolderKey(key: string): boolean {
  return key.endsWith("/");
}

/**
 * The entry that applies to a corpus-relative path: the entries of the folders above it, outermost
 * first, then the file's own; later ones override earlier ones field by field (dates key by key).
 * Undefined when no entry applies.
 */
export function lookupCatalog(catalog: Catalog, relPath: string): CatalogEntry | undefined {
  const file = relPath.split(path.sep).join("/");
  const folders = Object.keys(catalog.entries)
    .filter((k) => isFolderKey(k) && file.startsWith(k === "/" ? "" : k))
    .sort((a, b) => a.length - b.length);
  const keys = catalog.entries[file] ? [...folders, file] : folders;
  if (!keys.length) return undefined;
  const merged: CatalogEntry = {};
  for (const k of keys) {
    const e = catalog.entries[k]!;
    const dates = e.dates ? { ...merged.dates, ...e.dates } : merged.dates;
    Object.assign(merged, e);
    if (dates) merged.dates = dates;
  }
  return merged;
}

export function parseCatalog(raw: unknown): Catalog {
  const warnings: string[] = [];
  const entries: Record<string, CatalogEntry> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { entries, warnings: [`${CATALOG_FILE} must be an object keyed by file name; ignored`] };
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name.startsWith("$")) continue; // $comment etc.
    if (!v || typeof v !== "object") { warnings.push(`${CATALOG_FILE}: entry for ${name} is not an object; ignored`); continue; }
    entries[name] = parseEntry(name, v as Record<string, unknown>, warnings);
  }
  return { entries, warnings };
}

function parseEntry(name: string, o: Record<string, unknown>, warnings: string[]): CatalogEntry {
  const e: CatalogEntry = {};
  const warn = (msg: string): void => { warnings.push(`${CATALOG_FILE}: ${name}: ${msg}`); };
  for (const key of ["region", "edition", "title", "docNumber", "issuer", "type"] as const) {
    if (typeof o[key] === "string" && o[key].trim()) e[key] = o[key].trim();
    else if (o[key] !== undefined) warn(`${key} must be a non-empty string; ignored`);
  }
  if (typeof o.level === "string") {
    if ((LEVELS as readonly string[]).includes(o.level)) e.level = o.level as Level;
    else warn(`unknown level "${o.level}" (expected ${LEVELS.join("/")})`);
  }
  if (typeof o.form === "string") {
    if ((FORMS as readonly string[]).includes(o.form)) e.form = o.form as SourceForm;
    else warn(`unknown form "${o.form}" (expected ${FORMS.join("/")}); guessing from the text`);
  }
  if (typeof o.status === "string") {
    const s = STATUSES[o.status];
    if (s) e.status = s;
    else warn(`unknown status "${o.status}" (expected in-force/amended/repealed/unknown or 现行有效/已修改/已废止)`);
  }
  if (o.authoritative === true) e.authoritative = true;
  if (o.dates !== undefined) e.dates = parseDates(o.dates, warn);
  return e;
}

function parseDates(v: unknown, warn: (msg: string) => void): DocDates {
  const out: DocDates = {};
  if (!v || typeof v !== "object" || Array.isArray(v)) { warn("dates must be an object like {\"issued\": \"2022-05-27\"}; ignored"); return out; }
  const o = v as Record<string, unknown>;
  for (const [k, d] of Object.entries(o)) {
    if ((DATE_KINDS as readonly string[]).includes(k) && typeof d === "string" && ISO.test(d)) out[k as (typeof DATE_KINDS)[number]] = d;
    else if (k === "amended" && Array.isArray(d) && d.every((x) => typeof x === "string" && ISO.test(x))) out.amended = [...(d as string[])].sort();
    else warn(`dates.${k} is not a known kind with an ISO date (YYYY-MM-DD); ignored`);
  }
  return out;
}
