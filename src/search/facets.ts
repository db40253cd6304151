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
import { HOT_CHAPTER, HOT_EDITION, HOT_STRIDE, type SearchTables } from "./tables.ts";
import { LEVEL_LABELS, LEVEL_ORDER, STATUS_LABELS, STATUS_ORDER, UNKNOWN_LABEL } from "./filter-values.ts";
import { filterToken, narrowedQuery, plainFilterToken } from "./query-text.ts";
import { PATH_SEPARATOR } from "./filters.ts";
import { headingName } from "./present.ts";
import type { SearchFacets, ValueFacet } from "./types.ts";

/** Values listed per facet at most (most frequent first); the API says how many there were in `facetTotals`. */
export const FACET_LIMIT = 20;
export const DOC_FACET_LIMIT = 20;
export const CHAPTER_FACET_LIMIT = 40;

const YEAR_BASE = 1900;
const EDITION_SLOTS = 6;
const YEARS = 300;

export class FacetCounter {
  private readonly docCount: Int32Array;
  private readonly chapterCount: Int32Array;
  private readonly regionCount: Int32Array;
  private readonly typeCount: Int32Array;
  private readonly editionCount: Int32Array;
  private readonly levelCount = new Int32Array(LEVEL_ORDER.length);
  private readonly statusCount = new Int32Array(STATUS_ORDER.length);
  private readonly yearCount = new Int32Array(YEARS + 1); // last slot: unknown
  /**
   * How each document is written in a doc: filter (文号 or title; read back exactly, see filters.ts) and
   * each chapter in `doc:… in:…` (its full name, or a › path when the name is not unique in its
   * document) — written once, when the searcher opens; with the values as a filter's needle would be.
   */
  private readonly docToken: string[];
  private readonly docNeedle: string[];
  /** Per chapter, written when first shown (a chapter's in: value needs its document's heading tree). */
  private readonly chapterToken: (string | undefined)[] = [];
  private readonly chapterNeedle: (string | undefined)[] = [];
  /** Per document: how many places of its heading tree carry each heading name (chapterValue). */
  private readonly namesOfDoc = new Map<number, Map<string, number>>();
  /** Per document: its first ordinal and the one after its last (documents' passages are consecutive). */
  private readonly docStart: Int32Array;
  private readonly docEnd: Int32Array;
  /** The values of the other facets with their filters written out (index 0 of regions and types: unknown). */
  private readonly regionValues: FacetValue[];
  private readonly typeValues: FacetValue[];
  private readonly levelValues: FacetValue[];
  private readonly statusValues: FacetValue[];
  private readonly yearValues: FacetValue[];

  /**
   * Per edition, side by side, the slots its passages are counted in: document, region + 1, type + 1,
   * level, status, year (YEARS: unknown) — read from its first passage once, not per query.
   */
  private readonly editionSlots: Int32Array;

  constructor(private readonly t: SearchTables) {
    this.editionSlots = new Int32Array(t.editions.length * EDITION_SLOTS);
    t.editions.forEach((row, e) => {
      const first = row.start;
      const y = row.end > first ? Math.floor(t.dateOf[first]! / 10000) - YEAR_BASE : -1;
      const slots = row.end > first ? [t.regionOf[first]! + 1, t.typeOf[first]! + 1, t.levelOf[first]!, t.statusOf[first]!] : [0, 0, 0, 0];
      this.editionSlots.set([row.doc, ...slots, y >= 0 && y < YEARS ? y : YEARS], e * EDITION_SLOTS);
    });
    this.docCount = new Int32Array(t.documents.length);
    this.chapterCount = new Int32Array(t.chapters.length);
    this.regionCount = new Int32Array(t.regions.length + 1);
    this.typeCount = new Int32Array(t.types.length + 1);
    this.editionCount = new Int32Array(t.editions.length);
    const docValue = docValues(t.documents);
    this.docToken = docValue.map((v) => plainFilterToken("doc", v));
    this.docNeedle = docValue.map((v) => squeeze(v).text);
    this.docStart = new Int32Array(t.documents.length).fill(-1);
    this.docEnd = new Int32Array(t.documents.length).fill(-1);
    for (const e of t.editions) {
      if (e.end === e.start) continue;
      if (this.docStart[e.doc]! < 0 || e.start < this.docStart[e.doc]!) this.docStart[e.doc] = e.start;
      if (e.end > this.docEnd[e.doc]!) this.docEnd[e.doc] = e.end;
    }
    const unknown = (field: FilterField) => facetValue(field, "unknown", UNKNOWN_LABEL);
    this.regionValues = [unknown("region"), ...t.regions.map((r) => facetValue("region", r, r))];
    this.typeValues = [unknown("type"), ...t.types.map((k) => facetValue("type", k, k))];
    this.levelValues = LEVEL_ORDER.map((l) => facetValue("level", l, LEVEL_LABELS[l]));
    this.statusValues = STATUS_ORDER.map((k) => facetValue("status", k, STATUS_LABELS[k]));
    this.yearValues = Array.from({ length: YEARS }, (_, y) => facetValue("date", String(YEAR_BASE + y), String(YEAR_BASE + y)));
    this.yearValues.push(unknown("date"));
  }

  collect(ords: Uint32Array, q: string, parsed: ParsedQuery): { facets: SearchFacets; totals: Record<keyof SearchFacets, number> } {
    const t = this.t;
    // Documents and chapters are many: remember which were touched, so that listing and clearing them
    // costs what the query matched, not the corpus size.
    const docsTouched: number[] = [];
    const chaptersTouched: number[] = [];
    const editionsTouched: number[] = [];
    const hot = t.hotRows();
    const chapterCount = this.chapterCount;
    const editionCount = this.editionCount;
    for (let i = 0; i < ords.length; i++) {
      const row = ords[i]! * HOT_STRIDE;
      const c = hot[row + HOT_CHAPTER]!;
      if (c >= 0 && chapterCount[c]!++ === 0) chaptersTouched.push(c);
      const e = hot[row + HOT_EDITION]!;
      if (editionCount[e]!++ === 0) editionsTouched.push(e);
    }
    // The document, region, type and level belong to the edition's document, date and status to the
    // edition (its version): counted per edition, not per passage.
    const docCount = this.docCount;
    const ed = this.editionSlots;
    for (const e of editionsTouched) {
      const n = editionCount[e]!;
      const at = e * EDITION_SLOTS;
      const doc = ed[at]!;
      if (docCount[doc]! === 0) docsTouched.push(doc);
      docCount[doc]! += n;
      this.regionCount[ed[at + 1]!]! += n;
      this.typeCount[ed[at + 2]!]! += n;
      this.levelCount[ed[at + 3]!]! += n;
      this.statusCount[ed[at + 4]!]! += n;
      this.yearCount[ed[at + 5]!]! += n;
      editionCount[e] = 0;
    }
    const links = new FacetLinks(q, parsed);
    const docs = take(this.docCount, docsTouched, DOC_FACET_LIMIT, (d, count) => {
      const doc = t.documents[d]!;
      const token = this.docToken[d]!;
      return { docId: doc.id, title: doc.title, count, filter: token, query: links.narrowed("doc", token), active: links.has("doc", this.docNeedle[d]!) };
    });
    const chapters = take(
      this.chapterCount,
      chaptersTouched,
      CHAPTER_FACET_LIMIT,
      (c, count) => {
        const ch = t.chapters[c]!;
        const h = t.headings[ch.heading]!.ref;
        const token = this.chapterTokenOf(c);
        // a chapter replaces the doc: filters (alternatives) and adds its in: (each must hold)
        return { docId: t.documents[ch.doc]!.id, label: h.label, title: h.title, count, filter: token, query: links.narrowed("doc", token), active: links.has("in", this.chapterNeedle[c]!) };
      },
    );
    const value = (v: FacetValue, count: number): ValueFacet => ({ value: v.value, text: v.text, count, filter: v.token, query: links.narrowed(v.field, v.token), active: links.has(v.field, v.needle) });
    const regions = take(this.regionCount, null, FACET_LIMIT, (r, count) => value(this.regionValues[r]!, count));
    const types = take(this.typeCount, null, FACET_LIMIT, (k, count) => value(this.typeValues[k]!, count));
    const levels = inOrder(this.levelCount, (l, count) => value(this.levelValues[l]!, count));
    const statuses = inOrder(this.statusCount, (k, count) => value(this.statusValues[k]!, count));
    // Years newest first, unknown last.
    const years: ValueFacet[] = [];
    for (let y = YEARS - 1; y >= 0; y--) if (this.yearCount[y]) years.push(value(this.yearValues[y]!, this.yearCount[y]!));
    if (this.yearCount[YEARS]) years.push(value(this.yearValues[YEARS]!, this.yearCount[YEARS]!));
    const totals = {
      docs: docsTouched.length,
      chapters: chaptersTouched.length,
      regions: countNonZero(this.regionCount),
      levels: countNonZero(this.levelCount),
      types: countNonZero(this.typeCount),
      years: countNonZero(this.yearCount),
      statuses: countNonZero(this.statusCount),
    };
    for (const d of docsTouched) this.docCount[d] = 0;
    for (const c of chaptersTouched) this.chapterCount[c] = 0;
    for (const a of [this.regionCount, this.typeCount, this.levelCount, this.statusCount, this.yearCount]) a.fill(0);
    return { facets: { docs, chapters, regions, levels, types, years, statuses }, totals };
  }

  /** A chapter's filter (`doc:… in:…`), written once, when it is first shown; its needle beside it. */
  private chapterTokenOf(c: number): string {
    let token = this.chapterToken[c];
    if (token === undefined) {
      const ch = this.t.chapters[c]!;
      const value = this.chapterValue(c);
      this.chapterToken[c] = token = `${this.docToken[ch.doc]} ${filterToken("in", value)}`;
      this.chapterNeedle[c] = squeeze(value).text;
    }
    return token;
  }

  /** A chapter's in: value: its full name when no other heading of its document has that name, else `›name` (top level). */
  private chapterValue(c: number): string {
    const ch = this.t.chapters[c]!;
    const h = this.t.headings[ch.heading]!;
    const name = headingName(h.ref);
    const unique = h.label !== "" && h.title !== "" && this.headingNames(ch.doc).get(h.full) === 1;
    return unique ? name : `${PATH_SEPARATOR}${name}`;
  }

  /** Per heading name of a document: how many distinct places (nodes of its heading tree) carry it. */
  private headingNames(d: number): Map<string, number> {
    const known = this.namesOfDoc.get(d);
    if (known) return known;
    const t = this.t;
    // Nodes are numbered through a trie keyed by (parent node, heading), numbers only.
    const node = new Map<number, number>();
    const perName = new Map<string, number>();
    const seenPath = new Set<number>();
    const stride = t.headings.length + 1;
    let nodes = 0;
    let prev = -1;
    for (let ord = Math.max(0, this.docStart[d]!); ord < this.docEnd[d]!; ord++) {
      const p = t.pathOf[ord]!;
      if (p === prev || seenPath.has(p)) continue;
      seenPath.add((prev = p));
      let parent = -1;
      for (const h of t.paths[p]!) {
        const key = parent * stride + h;
        let n = node.get(key);
        if (n === undefined) {
          node.set(key, (n = nodes++));
          const full = t.headings[h]!.full;
          perName.set(full, (perName.get(full) ?? 0) + 1);
        }
        parent = n;
      }
    }
    this.namesOfDoc.set(d, perName);
    return perName;
  }
}

/** A facet value with its filter written once: `level:省` and the needle a parsed filter would have. */
interface FacetValue {
  field: FilterField;
  value: string;
  text: string;
  token: string;
  needle: string;
}

function facetValue(field: FilterField, value: string, text: string): FacetValue {
  return { field, value, text, token: plainFilterToken(field, text), needle: squeeze(text).text };
}

/**
 * The links of one query's facets: the query with the positive filters of a field taken out (once per
 * field), to which a facet adds its own filter.
 */
class FacetLinks {
  private readonly bases = new Map<FilterField, string>();

  constructor(
    private readonly q: string,
    private readonly parsed: ParsedQuery,
  ) {}

  /** The query narrowed by `token`, replacing the positive filters of `field` (their values are alternatives) — except in:, where each must hold. */
  narrowed(field: FilterField, token: string): string {
    let base = this.bases.get(field);
    if (base === undefined) this.bases.set(field, (base = narrowedQuery(this.q, this.parsed, "", field === "in" ? [] : [field]).trim()));
    return base ? `${base} ${token}` : token;
  }

  has(field: FilterField, needle: string): boolean {
    return this.parsed.filters.some((f) => !f.negated && f.field === field && f.needle === needle);
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

/**
 * Non-zero counts (among `touched`, or all when null), most first, equal counts by index (for documents
 * and chapters that is document order), at most `limit`, shaped by `make`. Selected, not sorted: the
 * best `limit` kept in order while the touched values pass once (a value enters only when it beats
 * the last kept), so a frequent term's thousands of chapters cost a comparison each.
 */
function take<T>(counts: Int32Array, touched: number[] | null, limit: number, make: (i: number, count: number) => T): T[] {
  const kept = new Int32Array(limit);
  let size = 0;
  const n = touched ? touched.length : counts.length;
  for (let k = 0; k < n; k++) {
    const i = touched ? touched[k]! : k;
    if (counts[i] === 0) continue;
    if (size === limit && !ranksBefore(counts, i, kept[size - 1]!)) continue;
    let p = size < limit ? size++ : size - 1;
    while (p > 0 && ranksBefore(counts, i, kept[p - 1]!)) {
      kept[p] = kept[p - 1]!;
      p--;
    }
    kept[p] = i;
  }
  const out: T[] = [];
  for (let k = 0; k < size; k++) out.push(make(kept[k]!, counts[kept[k]!]!));
  return out;
}

/** Whether value i goes before value j: a higher count, or the same count and a lower index. */
function ranksBefore(counts: Int32Array, i: number, j: number): boolean {
  return counts[i]! > counts[j]! || (counts[i] === counts[j] && i < j);
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
