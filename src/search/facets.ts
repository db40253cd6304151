/**
 * The Facets collector: counts the matches (after editions and versions are collapsed, before
 * identical passages are) by document, top-level chapter, region, level, type, year and status,
 * through the ordinal tables — one array read and one increment per match and field. Each value
 * comes with the filter that selects exactly the passages it counted and the query narrowed by it,
 * so following a facet link gives as many matches as the facet said.
 */
import type { DocumentRecord } from "../model.ts";
import { squeeze } from "../analysis/squeeze.ts";
import type { FilterField, ParsedQuery } from "./parse.ts";
import type { SearchTables } from "./tables.ts";
import { LEVEL_LABELS, LEVEL_ORDER, STATUS_LABELS, STATUS_ORDER, UNKNOWN_LABEL } from "./filter-values.ts";
import { filterToken, narrowedQuery, plainFilterToken } from "./query-text.ts";
import { PATH_SEPARATOR } from "./filters.ts";
import { headingName } from "./present.ts";
import type { SearchFacets } from "./types.ts";

/** Values listed per facet at most (most frequent first); the API says how many there were in `facetTotals`. */
export const FACET_LIMIT = 50;
export const CHAPTER_FACET_LIMIT = 100;

const YEAR_BASE = 1900;
const YEARS = 300;

export class FacetCounter {
  private readonly docCount: Int32Array;
  private readonly chapterCount: Int32Array;
  private readonly regionCount: Int32Array;
  private readonly typeCount: Int32Array;
  private readonly levelCount = new Int32Array(LEVEL_ORDER.length);
  private readonly statusCount = new Int32Array(STATUS_ORDER.length);
  private readonly yearCount = new Int32Array(YEARS + 1); // last slot: unknown
  /** How each document is written in a doc: filter (文号 or title; read back exactly, see filters.ts). */
  private readonly docValue: string[];
  /** How each chapter is written in an in: filter (its full name, or a › path when the name is not unique in its document). */
  private readonly chapterValue: string[];

  constructor(private readonly t: SearchTables) {
    this.docCount = new Int32Array(t.documents.length);
    this.chapterCount = new Int32Array(t.chapters.length);
    this.regionCount = new Int32Array(t.regions.length + 1);
    this.typeCount = new Int32Array(t.types.length + 1);
    this.docValue = docValues(t.documents);
    this.chapterValue = this.chapterValues();
  }

  collect(ords: Uint32Array, q: string, parsed: ParsedQuery): { facets: SearchFacets; totals: Record<keyof SearchFacets, number> } {
    const t = this.t;
    for (let i = 0; i < ords.length; i++) {
      const ord = ords[i]!;
      this.docCount[t.docOf[ord]!]!++;
      const c = t.chapterOf[ord]!;
      if (c >= 0) this.chapterCount[c]!++;
      this.regionCount[t.regionOf[ord]! + 1]!++;
      this.typeCount[t.typeOf[ord]! + 1]!++;
      this.levelCount[t.levelOf[ord]!]!++;
      this.statusCount[t.statusOf[ord]!]!++;
      const y = Math.floor(t.dateOf[ord]! / 10000) - YEAR_BASE;
      this.yearCount[y >= 0 && y < YEARS ? y : YEARS]!++;
    }
    const link = (field: FilterField, token: string, value: string, replace: FilterField[] = [field]) => ({
      filter: token,
      query: narrowedQuery(q, parsed, token, replace),
      active: parsed.filters.some((f) => !f.negated && f.field === field && f.needle === squeeze(value).text),
    });
    const docs = take(this.docCount, FACET_LIMIT, (d, count) => {
      const doc = t.documents[d]!;
      return { docId: doc.id, title: doc.title, count, ...link("doc", plainFilterToken("doc", this.docValue[d]!), this.docValue[d]!) };
    });
    const chapters = take(
      this.chapterCount,
      CHAPTER_FACET_LIMIT,
      (c, count) => {
        const ch = t.chapters[c]!;
        const h = t.headings[ch.heading]!.ref;
        const doc = t.documents[ch.doc]!;
        const docToken = plainFilterToken("doc", this.docValue[ch.doc]!);
        const inToken = filterToken("in", this.chapterValue[c]!);
        const token = `${docToken} ${inToken}`;
        const active = parsed.filters.some((f) => !f.negated && f.field === "in" && f.needle === squeeze(this.chapterValue[c]!).text);
        return { docId: doc.id, label: h.label, title: h.title, count, filter: token, query: narrowedQuery(q, parsed, token, ["doc"]), active };
      },
      (a, b) => t.chapters[a]!.doc - t.chapters[b]!.doc || a - b,
    );
    const valueFacet = (field: FilterField, value: string, text: string, count: number) => ({ value, text, count, ...link(field, plainFilterToken(field, text), text) });
    const regions = take(this.regionCount, FACET_LIMIT, (r, count) => {
      const name = r === 0 ? UNKNOWN_LABEL : t.regions[r - 1]!;
      return valueFacet("region", r === 0 ? "unknown" : name, name, count);
    });
    const types = take(this.typeCount, FACET_LIMIT, (k, count) => {
      const name = k === 0 ? UNKNOWN_LABEL : t.types[k - 1]!;
      return valueFacet("type", k === 0 ? "unknown" : name, name, count);
    });
    const levels = inOrder(this.levelCount, (l, count) => valueFacet("level", LEVEL_ORDER[l]!, LEVEL_LABELS[LEVEL_ORDER[l]!], count));
    const statuses = inOrder(this.statusCount, (s, count) => valueFacet("status", STATUS_ORDER[s]!, STATUS_LABELS[STATUS_ORDER[s]!], count));
    // Years newest first, unknown last.
    const years: SearchFacets["years"] = [];
    for (let y = YEARS - 1; y >= 0; y--) {
      if (this.yearCount[y]) years.push(valueFacet("date", String(YEAR_BASE + y), String(YEAR_BASE + y), this.yearCount[y]!));
    }
    if (this.yearCount[YEARS]) years.push(valueFacet("date", "unknown", UNKNOWN_LABEL, this.yearCount[YEARS]!));
    const totals = {
      docs: countNonZero(this.docCount),
      chapters: countNonZero(this.chapterCount),
      regions: countNonZero(this.regionCount),
      levels: countNonZero(this.levelCount),
      types: countNonZero(this.typeCount),
      years: countNonZero(this.yearCount),
      statuses: countNonZero(this.statusCount),
    };
    for (const a of [this.docCount, this.chapterCount, this.regionCount, this.typeCount, this.levelCount, this.statusCount, this.yearCount]) a.fill(0);
    return { facets: { docs, chapters, regions, levels, types, years, statuses }, totals };
  }

  /** A chapter's in: value: its full name when no other heading of its document has that name, else `›name` (top level). */
  private chapterValues(): string[] {
    const t = this.t;
    // Per document and heading name: how many distinct places (path prefixes) carry it.
    const places = new Set<string>();
    const perName = new Map<string, number>();
    const seenPath = new Set<string>();
    for (let ord = 0; ord < t.n; ord++) {
      const p = t.pathOf[ord]!;
      const d = t.docOf[ord]!;
      if (seenPath.has(`${d},${p}`)) continue;
      seenPath.add(`${d},${p}`);
      const path = t.paths[p]!;
      for (let depth = 0; depth < path.length; depth++) {
        const place = `${d}:${path.subarray(0, depth + 1).join(",")}`;
        if (places.has(place)) continue;
        places.add(place);
        const nk = `${d}\u0001${t.headings[path[depth]!]!.full}`;
        perName.set(nk, (perName.get(nk) ?? 0) + 1);
      }
    }
    return t.chapters.map((ch) => {
      const h = t.headings[ch.heading]!;
      const name = headingName(h.ref);
      const unique = h.label !== "" && h.title !== "" && perName.get(`${ch.doc}\u0001${h.full}`) === 1;
      return unique ? name : `${PATH_SEPARATOR}${name}`;
    });
  }
}

/**
 * How a document is named in a doc: filter: its 文号 when no other document has it, else its title
 * when no other has that title (a whole title matches exactly), else its id.
 */
function docValues(documents: readonly DocumentRecord[]): string[] {
  const count = (key: (d: DocumentRecord) => string | null) => {
    const m = new Map<string, number>();
    for (const d of documents) {
      const k = key(d);
      if (k) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const numbers = count((d) => (d.docNumber ? squeeze(d.docNumber).text : null));
  const titles = count((d) => squeeze(d.title).text);
  return documents.map((d) => {
    if (d.docNumber && numbers.get(squeeze(d.docNumber).text) === 1) return d.docNumber;
    if (titles.get(squeeze(d.title).text) === 1) return d.title;
    return d.id;
  });
}

/** Non-zero counts, most first (ties by `order`, default index), at most `limit`, shaped by `make`. */
function take<T>(counts: Int32Array, limit: number, make: (i: number, count: number) => T, order: (a: number, b: number) => number = (a, b) => a - b): T[] {
  const idx: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]) idx.push(i);
  idx.sort((a, b) => counts[b]! - counts[a]! || order(a, b));
  return idx.slice(0, limit).map((i) => make(i, counts[i]!));
}

/** Non-zero counts in their fixed order. */
function inOrder<T>(counts: Int32Array, make: (i: number, count: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]) out.push(make(i, counts[i]!));
  return out;
}

function countNonZero(a: Int32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i]) n++;
  return n;
}
