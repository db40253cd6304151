/**
 * corpus/catalog.json: what the text of a file cannot tell (region, level, edition name,
 * source form, whether the source is authoritative). Keyed by corpus-relative path
 * (`jilin/2022/plan.pdf`). A file without an entry is still ingested, with a warning; a broken
 * catalog is reported, never fatal.
 */
import fs from "node:fs";
import path from "node:path";
import type { Level } from "../model.ts";

export type SourceForm = "pdf-text" | "gazette-markdown" | "markdown" | "plain";

export interface CatalogEntry {
  region?: string;
  level?: Level;
  /** Human name of the edition, e.g. 《吉林省人民政府公报》2022年第21期. */
  edition?: string;
  form?: SourceForm;
  /** The source is the authoritative text (a gazette states its texts have official force). */
  authoritative?: boolean;
}

export interface Catalog {
  entries: Record<string, CatalogEntry>;
  warnings: string[];
}

const LEVELS: readonly Level[] = ["national", "province", "prefecture", "county", "unknown"];
const FORMS: readonly SourceForm[] = ["pdf-text", "gazette-markdown", "markdown", "plain"];

export const CATALOG_FILE = "catalog.json";

export function loadCatalog(corpusDir: string): Catalog {
  const file = path.join(corpusDir, CATALOG_FILE);
  if (!fs.existsSync(file)) return { entries: {}, warnings: [`no ${CATALOG_FILE} in ${corpusDir}: region and level unknown for every file`] };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { entries: {}, warnings: [`${CATALOG_FILE} is not valid JSON (${(e as Error).message}); ignored`] };
  }
  return parseCatalog(raw);
}

/** The catalog entry of a corpus file, by its corpus-relative path ("/"-separated). */
export function lookupCatalog(catalog: Catalog, relPath: string): CatalogEntry | undefined {
  return Object.hasOwn(catalog.entries, relPath) ? catalog.entries[relPath] : undefined;
}

export function parseCatalog(raw: unknown): Catalog {
  const warnings: string[] = [];
  const entries: Record<string, CatalogEntry> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { entries, warnings: [`${CATALOG_FILE} must be an object keyed by file name; ignored`] };
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name.startsWith("$")) continue; // $comment etc.
    if (!v || typeof v !== "object") { warnings.push(`${CATALOG_FILE}: entry for ${name} is not an object; ignored`); continue; }
    const o = v as Record<string, unknown>;
    const e: CatalogEntry = {};
    if (typeof o.region === "string") e.region = o.region;
    if (typeof o.level === "string") {
      if ((LEVELS as readonly string[]).includes(o.level)) e.level = o.level as Level;
      else warnings.push(`${CATALOG_FILE}: ${name}: unknown level "${o.level}" (expected ${LEVELS.join("/")})`);
    }
    if (typeof o.edition === "string") e.edition = o.edition;
    if (typeof o.form === "string") {
      if ((FORMS as readonly string[]).includes(o.form)) e.form = o.form as SourceForm;
      else warnings.push(`${CATALOG_FILE}: ${name}: unknown form "${o.form}" (expected ${FORMS.join("/")}); guessing from the text`);
    }
    if (o.authoritative === true) e.authoritative = true;
    entries[name] = e;
  }
  return { entries, warnings };
}
