/**
 * The plan stage: a query's filters become one mask over passage ordinals (1 = admitted), decided
 * once per document, per edition and per distinct heading path, then spread over the passages
 * through the ordinal tables. Several filters of one field are alternatives (doc:a doc:b = either),
 * except in:, where each must hold (in:第四章 in:专栏 = a 专栏 inside 第四章); -field:value excludes.
 *
 * What each filter matches:
 *   doc:     a document's id, its 文号 (exactly, brackets folded) or its whole title; failing those,
 *            the documents whose title or 文号 contains the value (doc:延边)
 *   in:      a heading named in full (in:"一、总体要求" — label and title), else a heading label
 *            exactly (in:一 is the headings labelled 一、, in:第四章, in:专栏3), else the headings whose
 *            title contains the value or whose label is the value plus a number (in:攻关, in:专栏).
 *            `in:"›一、总体要求"` (a leading ›) names a top-level heading exactly, `in:"第四章›第二节"`
 *            a path from the top
 *   region:  a part of the region's name, in its full or short form (region:延边 → 延边朝鲜族自治州)
 *   level:   国家 / 省 / 市州 / 县 / 未知      type: the document type exactly (规划, 意见, 条例, …)
 *   date:    2022, 2022-06, 2022-06-15, 2021..2022, ..2020, 2021.. (a version's own date for a versioned document)
 *   status:  现行 / 已修改 / 已废止 / 未知 (an older version of a document counts as 已修改)
 *   version: all (every version apart, none collapsed into the current one), current, or a version
 *            by year or label (version:2012)
 * A name that matches nothing (doc:, in:, region:, type:) is a 400, as it is almost always a typo;
 * a valid level, status or date range that holds no document simply leaves nothing.
 */
import { ZhangjieError } from "../errors.ts";
import type { ParsedQuery, Filter, FilterField } from "./parse.ts";
import type { SearchTables } from "./tables.ts";
import { squeeze } from "../analysis/squeeze.ts";
import { inRange, isUnknownValue, LEVEL_ORDER, parseDateRange, parseLevel, parseStatus, regionMatches, STATUS_ORDER, type DateRange } from "./filter-values.ts";

/** How the editions of different versions are shown: collapsed into the current one (default) or each apart. */
export type VersionMode = "collapse" | "all";

export interface FilterPlan {
  /** Admitted ordinals (1), or null when nothing is filtered. */
  mask: Uint8Array | null;
  versions: VersionMode;
}

export const PATH_SEPARATOR = "›";
const UNIT_NUMBER = /^[0-9一二三四五六七八九十百零〇]+$/;

interface DocKey {
  id: string;
  title: string;
  docNumber: string | null;
}

export class FilterPlanner {
  private readonly docKeys: DocKey[];

  constructor(private readonly t: SearchTables) {
    this.docKeys = t.documents.map((d) => ({ id: d.id.toLowerCase(), title: squeeze(d.title).text, docNumber: d.docNumber ? squeeze(d.docNumber).text : null }));
  }

  plan(parsed: ParsedQuery): FilterPlan {
    const filters = parsed.filters;
    let versions: VersionMode = "collapse";
    if (filters.length === 0) return { mask: null, versions };
    const t = this.t;
    const docOk = this.documentMask(filters);
    const pathOk = this.pathMask(filters.filter((f) => f.field === "in"));
    const byField = (field: FilterField) => filters.filter((f) => f.field === field);
    const dates = byField("date").map((f) => ({ f, range: parseDateRange(f.needle) }));
    const statuses = byField("status").map((f) => ({ f, status: STATUS_ORDER.indexOf(parseStatus(f.needle)) }));
    const versionOk = this.versionMask(byField("version"));
    if (byField("version").some((f) => !f.negated)) versions = "all";
    // Passages of an edition are consecutive ordinals: admit whole editions, then take out the paths in: refuses.
    const mask = new Uint8Array(t.n);
    t.editions.forEach((e, i) => {
      if (e.end === e.start) return;
      if (docOk && docOk[e.doc] === 0) return;
      if (versionOk && versionOk[i] === 0) return;
      if (!admits(dates, (d) => inRange(e.date, d.range))) return;
      if (!admits(statuses, (s) => e.status === s.status)) return;
      mask.fill(1, e.start, e.end);
      if (pathOk) for (let ord = e.start; ord < e.end; ord++) if (pathOk[t.pathOf[ord]!] === 0) mask[ord] = 0;
    });
    return { mask, versions };
  }

  /** Per document: admitted by doc:, region:, level: and type: (null when none of them is given). */
  private documentMask(filters: Filter[]): Uint8Array | null {
    const t = this.t;
    const docs = t.documents.length;
    let out: Uint8Array | null = null;
    const fields: FilterField[] = ["doc", "region", "level", "type"];
    for (const field of fields) {
      const fs = filters.filter((f) => f.field === field);
      if (!fs.length) continue;
      const matches = fs.map((f) => ({ f, docs: this.documentsMatching(f) }));
      out ??= new Uint8Array(docs).fill(1);
      const positives = matches.filter((m) => !m.f.negated);
      for (let d = 0; d < docs; d++) {
        if (positives.length && !positives.some((m) => m.docs[d] === 1)) out[d] = 0;
        if (matches.some((m) => m.f.negated && m.docs[d] === 1)) out[d] = 0;
      }
    }
    return out;
  }

  private documentsMatching(f: Filter): Uint8Array {
    const t = this.t;
    const docs = t.documents.length;
    const out = new Uint8Array(docs);
    const v = f.needle;
    if (f.field === "doc") {
      const lower = v.toLowerCase();
      const exact = (k: DocKey) => k.id === lower || k.docNumber === v || k.title === v;
      const anyExact = this.docKeys.some(exact);
      this.docKeys.forEach((k, d) => {
        if (anyExact ? exact(k) : k.title.includes(v) || (k.docNumber !== null && k.docNumber.includes(v))) out[d] = 1;
      });
    } else if (f.field === "region") {
      const unknown = isUnknownValue(v);
      t.documents.forEach((doc, d) => {
        if (unknown ? !doc.region : doc.region && regionMatches(squeeze(doc.region).text, v)) out[d] = 1;
      });
    } else if (f.field === "level") {
      const level = parseLevel(v);
      t.documents.forEach((doc, d) => {
        if (doc.level === level || (level === "unknown" && LEVEL_ORDER.indexOf(doc.level) < 0)) out[d] = 1;
      });
    } else if (f.field === "type") {
      const unknown = isUnknownValue(v);
      t.documents.forEach((doc, d) => {
        if (unknown ? !doc.type : doc.type !== null && squeeze(doc.type).text === v) out[d] = 1;
      });
    }
    // a deleted document is no longer there to name
    if (t.deleted.cardinality) for (let d = 0; d < docs; d++) if (out[d] === 1 && !t.docAlive(d)) out[d] = 0;
    const named = f.field === "doc" || ((f.field === "region" || f.field === "type") && !isUnknownValue(v));
    if (named && !out.includes(1)) throw new ZhangjieError("QUERY_BAD_FILTER", `${f.field}:${f.value}`);
    return out;
  }

  /** Per distinct path: admitted by every in: filter (null when there is none). */
  private pathMask(filters: Filter[]): Uint8Array | null {
    if (!filters.length) return null;
    const t = this.t;
    const out = new Uint8Array(t.paths.length).fill(1);
    for (const f of filters) {
      const hit = this.pathsMatching(f.needle);
      if (hit.indexOf(1) < 0) throw new ZhangjieError("QUERY_BAD_FILTER", `in:${f.value}`);
      for (let p = 0; p < out.length; p++) if ((hit[p] === 1) === f.negated) out[p] = 0;
    }
    return out;
  }

  /** Paths holding a heading named by `value` (or, for a › path, starting with the headings it names). */
  pathsMatching(value: string): Uint8Array {
    const t = this.t;
    const out = new Uint8Array(t.paths.length);
    if (value.includes(PATH_SEPARATOR)) {
      const segs = value.split(PATH_SEPARATOR).filter(Boolean);
      const exact = segs.map((s) => this.headingsNamed(s));
      t.paths.forEach((path, p) => {
        if (path.length >= segs.length && exact.every((m, i) => m.has(path[i]!))) out[p] = 1;
      });
      return out;
    }
    for (const h of this.headingsMatching(value)) for (const p of t.pathsOfHeading[h]!) out[p] = 1;
    return out;
  }

  /** Headings named exactly: full name (label + title), or the title of an unlabelled heading, or a bare label. */
  private headingsNamed(value: string): Set<number> {
    const out = new Set<number>(this.t.headingsByFull.get(value));
    this.t.headings.forEach((h, i) => {
      if ((!h.label && h.title === value) || (!h.title && (h.label === value || h.printedLabel === value))) out.add(i);
    });
    return out;
  }

  /** The in: tiers: full name, else label, else title part or label prefix (专栏 → 专栏3). */
  private headingsMatching(value: string): number[] {
    const t = this.t;
    const full = t.headingsByFull.get(value);
    if (full) return full;
    const label = t.headingsByLabel.get(value);
    if (label) return label;
    const out: number[] = [];
    t.headings.forEach((h, i) => {
      if (h.title.includes(value) || (h.label.startsWith(value) && UNIT_NUMBER.test(h.label.slice(value.length)))) out.push(i);
    });
    return out;
  }

  /** Per edition: admitted by version: filters (null when none, or only `all`). */
  private versionMask(filters: Filter[]): Uint8Array | null {
    const specific = filters.filter((f) => !/^(all|全部|所有)$/i.test(f.needle));
    if (!specific.length) return null;
    const eds = this.t.editions;
    const out = new Uint8Array(eds.length).fill(1);
    const positives = specific.filter((f) => !f.negated);
    const matches = (f: Filter, e: (typeof eds)[number]) => {
      if (e.end === e.start) return false; // an edition without passages is no version to name
      if (/^(current|现行|最新)$/i.test(f.needle)) return e.current;
      return (e.versionDate !== null && e.versionDate.startsWith(f.needle)) || (e.versionLabel !== null && squeeze(e.versionLabel).text.includes(f.needle));
    };
    for (const f of specific) {
      if (!eds.some((e) => matches(f, e)) && !/^(current|现行|最新)$/i.test(f.needle)) throw new ZhangjieError("QUERY_BAD_FILTER", `version:${f.value}`);
    }
    eds.forEach((e, i) => {
      if (positives.length && !positives.some((f) => matches(f, e))) out[i] = 0;
      if (specific.some((f) => f.negated && matches(f, e))) out[i] = 0;
    });
    return out;
  }
}

/** Some positive filter of the list holds (or there is none), and no negated one does. */
function admits<T extends { f: Filter }>(list: readonly T[], holds: (x: T) => boolean): boolean {
  let positive = false;
  let any = false;
  for (const x of list) {
    const h = holds(x);
    if (x.f.negated) {
      if (h) return false;
    } else {
      positive = true;
      any ||= h;
    }
  }
  return !positive || any;
}

export type { DateRange };
