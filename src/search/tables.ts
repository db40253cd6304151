/**
 * Per-passage ordinal tables, built once when the searcher opens: for every passage ordinal its
 * document, heading path, top-level chapter, metadata values (region, level, type, date, status),
 * version, identical-text group, counterparts and its place in the "among equals" order. Filters
 * become masks over these arrays and facets count through them, so a query never walks a passage's
 * objects — a match costs a few array reads.
 */
import type { DocumentRecord, HeadingRef } from "../model.ts";
import type { PassageEntry } from "../index/passage-table.ts";
import { squeeze, type Squeezed } from "../analysis/squeeze.ts";
import { dateNumber, LEVEL_ORDER, STATUS_ORDER } from "./filter-values.ts";
import { printedLabel } from "./present.ts";

/** A distinct heading (label + title) with the keys the in: filter and the ranking compare. */
export interface HeadingKey {
  ref: HeadingRef;
  /** Squeezed label as stored (一, （一）, 第四章) and as printed (一、, 1.). */
  label: string;
  printedLabel: string;
  /** Squeezed title. */
  title: string;
  /** Squeezed printed label + title (一、总体要求), the heading's full name. */
  full: string;
  /** An enumerated item of an article (项/目): its words are the item, not a heading above it. */
  item: boolean;
}

export interface EditionRow {
  doc: number;
  id: string;
  versionDate: string | null;
  versionLabel: string | null;
  current: boolean;
  /** 0 for the version in force (or an unversioned document), k for the k-th older one. */
  age: number;
  /** Its passages' ordinals: [start, end). */
  start: number;
  end: number;
  /** yyyymmdd of its version (or document) date, 0 when unknown; its status as an index into STATUS_ORDER. */
  date: number;
  status: number;
}

/** A unit a query can name: 第四章, 第二节, 第三十二条, 第二款, 专栏3, 附件1. */
const UNIT_NAME = /^(?:第.+[编章节条款项目]|专栏\s*\S+|附件\s*\S*)$/;
const ARTICLE = /^第.+[条款]$/;
const ENUMERATED = /^(?:[（(][一二三四五六七八九十百零〇0-9]+[）)]|[0-9]+)$/;

export class SearchTables {
  readonly n: number;
  readonly byId = new Map<string, number>();
  /** Per ordinal: its document's index in `documents`. */
  readonly docOf: Int32Array;
  /** Per ordinal: index into `paths` (distinct heading paths, each a list of `headings` indices). */
  readonly pathOf: Int32Array;
  readonly paths: Int32Array[] = [];
  readonly headings: HeadingKey[] = [];
  /** Per distinct path: its non-item headings' words, squeezed (what the heading signal looks in). */
  readonly pathWords: string[] = [];
  /** Per ordinal: index into `chapters` (its top-level heading in its document), -1 without headings. */
  readonly chapterOf: Int32Array;
  readonly chapters: { doc: number; heading: number }[] = [];
  /** Per ordinal: 1 when its edition is primary. */
  readonly primary: Uint8Array;
  /** Per ordinal: 0 for the current version (or an unversioned document), k for the k-th older version. */
  readonly versionAge: Uint8Array;
  /** Per ordinal: its edition's index in `editions` (for version: filters). */
  readonly editionOf: Int32Array;
  /** Editions in ordinal order; each one's passages are the ordinals [start, end) (listPassages keeps them together). */
  readonly editions: EditionRow[] = [];
  /** Per ordinal: metadata ordinals. regionOf/typeOf index `regions`/`types` (-1 unknown), levelOf LEVEL_ORDER, statusOf STATUS_ORDER. */
  readonly regionOf: Int32Array;
  readonly regions: string[] = [];
  readonly typeOf: Int32Array;
  readonly types: string[] = [];
  readonly levelOf: Uint8Array;
  readonly statusOf: Uint8Array;
  /** Per ordinal: yyyymmdd of its version (or document) date, 0 when unknown. */
  readonly dateOf: Int32Array;
  /** Per ordinal: its place in the order that settles equal scores (higher level, newer version, document order). */
  readonly tieRank: Int32Array;
  /** Per ordinal: its group of identical passages (same squeezed text in several documents), -1 when none. */
  readonly groupOf: Int32Array;
  /** Members of group g: groupOrds[groupStart[g] … groupStart[g+1]). */
  readonly groupStart: Int32Array;
  readonly groupOrds: Int32Array;
  /** Counterparts of ordinal k (editions and versions): cpOrds[cpStart[k] … cpStart[k+1]); cpSameVersion marks those in the same version. */
  readonly cpStart: Int32Array;
  readonly cpOrds: Int32Array;
  readonly cpSameVersion: Uint8Array;
  /** Per ordinal: 1 when it is a heading passage, not an enumerated item (exempt from the short-passage prior). */
  readonly isHeading: Uint8Array;
  /** Per ordinal: 1 when it is the first passage of its unit (its heading path), the unit not being an enumerated item. */
  readonly opensUnit: Uint8Array;
  /** Squeezed offset where the passage's first sentence ends (the opening-sentence signal). */
  readonly leadEnd: Int32Array;
  /** Heading indices by their full name, by label (as stored and as printed): the exact tiers of in:. */
  readonly headingsByFull = new Map<string, number[]>();
  readonly headingsByLabel = new Map<string, number[]>();
  /** The distinct paths holding heading h, at any depth: pathsOfHeading[h]. */
  readonly pathsOfHeading: number[][] = [];
  /** Squeezed unit name (第三十二条) → the passages that open that unit, ascending. */
  readonly unitOpeners = new Map<string, Uint32Array>();

  constructor(
    readonly documents: readonly DocumentRecord[],
    readonly entries: readonly PassageEntry[],
    /** A passage's squeezed text (analysis/squeeze.ts), by ordinal. */
    readonly text: (ord: number) => string,
  ) {
    const n = (this.n = entries.length);
    this.docOf = new Int32Array(n);
    this.pathOf = new Int32Array(n);
    this.chapterOf = new Int32Array(n).fill(-1);
    this.primary = new Uint8Array(n);
    this.versionAge = new Uint8Array(n);
    this.editionOf = new Int32Array(n);
    this.regionOf = new Int32Array(n);
    this.typeOf = new Int32Array(n);
    this.levelOf = new Uint8Array(n);
    this.statusOf = new Uint8Array(n);
    this.dateOf = new Int32Array(n);
    this.isHeading = new Uint8Array(n);
    this.leadEnd = new Int32Array(n);
    this.opensUnit = new Uint8Array(n);
    this.fillDocumentFields();
    this.fillPaths();
    this.tieRank = this.rankTies();
    ({ start: this.cpStart, ords: this.cpOrds, same: this.cpSameVersion } = this.counterparts());
    ({ groupOf: this.groupOf, start: this.groupStart, ords: this.groupOrds } = this.identicalGroups());
  }

  private fillDocumentFields(): void {
    const regionIndex = new Map<string, number>();
    const typeIndex = new Map<string, number>();
    const intern = (m: Map<string, number>, list: string[], v: string | null): number => {
      if (!v) return -1;
      let i = m.get(v);
      if (i === undefined) m.set(v, (i = list.push(v) - 1));
      return i;
    };
    const docIndex = new Map<DocumentRecord, number>();
    this.documents.forEach((d, i) => docIndex.set(d, i));
    // Passages come edition by edition (listPassages): what belongs to the edition is worked out once per edition.
    let edition: PassageEntry["edition"] | null = null;
    let ed = -1;
    let d = 0;
    let region = -1;
    let type = -1;
    let level = 0;
    for (const e of this.entries) {
      const ord = e.ordinal;
      if (e.edition !== edition) {
        edition = e.edition;
        d = docIndex.get(e.doc) ?? 0;
        const v = e.edition.version;
        const superseded = v !== undefined && !v.current;
        ed = this.editions.length;
        this.editions.push({
          doc: d,
          id: e.edition.id,
          versionDate: v?.date ?? null,
          versionLabel: v?.label ?? null,
          current: v ? v.current : true,
          age: versionAge(e.doc, v?.date),
          start: ord,
          end: ord,
          date: dateNumber(v?.date ?? e.doc.date),
          status: STATUS_ORDER.indexOf(superseded ? "amended" : e.doc.status),
        });
        region = intern(regionIndex, this.regions, e.doc.region);
        type = intern(typeIndex, this.types, e.doc.type);
        level = Math.max(0, LEVEL_ORDER.indexOf(e.doc.level));
      }
      const row = this.editions[ed]!;
      row.end = ord + 1;
      this.byId.set(e.passage.id, ord);
      this.docOf[ord] = d;
      this.primary[ord] = e.edition.primary ? 1 : 0;
      this.editionOf[ord] = ed;
      this.versionAge[ord] = row.age;
      this.regionOf[ord] = region;
      this.typeOf[ord] = type;
      this.levelOf[ord] = level;
      this.statusOf[ord] = row.status;
      this.dateOf[ord] = row.date;
      this.leadEnd[ord] = leadEnd(this.text(ord));
    }
  }

  private fillPaths(): void {
    const headingIndex = new Map<string, number>();
    const pathIndex = new Map<string, number>();
    const chapterIndex = new Map<number, number>();
    const openers = new Map<string, number[]>();
    let prevEdition = "";
    let prevPath = -1;
    let prevRefs: readonly HeadingRef[] = [];
    for (const e of this.entries) {
      const ord = e.ordinal;
      const refs = e.passage.path;
      let p: number;
      let ids: Int32Array;
      if (prevPath >= 0 && samePath(refs, prevRefs)) {
        // most passages stand under the same headings as the one before: no keys to build
        p = prevPath;
        ids = this.paths[p]!;
      } else {
        const list = refs.map((h, i) => this.headingId(headingIndex, h, refs[i - 1]));
        const key = list.join(",");
        let found = pathIndex.get(key);
        if (found === undefined) {
          pathIndex.set(key, (found = this.paths.length));
          this.paths.push(Int32Array.from(list));
          this.pathWords.push(list.filter((h) => !this.headings[h]!.item).map((h) => this.headings[h]!.full).join("\u0001"));
        }
        p = found;
        ids = this.paths[p]!;
      }
      prevRefs = refs;
      this.pathOf[ord] = p;
      if (ids.length) {
        const ck = this.docOf[ord]! * 2 ** 24 + ids[0]!;
        let c = chapterIndex.get(ck);
        if (c === undefined) {
          chapterIndex.set(ck, (c = this.chapters.length));
          this.chapters.push({ doc: this.docOf[ord]!, heading: ids[0]! });
        }
        this.chapterOf[ord] = c;
      }
      // The first passage of an edition under a new path opens the unit its last heading names.
      const opens = ids.length > 0 && (e.edition.id !== prevEdition || p !== prevPath);
      const last = ids.length ? this.headings[ids[ids.length - 1]!]! : null;
      if (opens && last && !last.item) this.opensUnit[ord] = 1;
      // A heading line names a unit; an enumerated item is never one, whatever kind it was given.
      this.isHeading[ord] = e.passage.kind === "heading" && !(last && last.item) ? 1 : 0;
      if (opens && last && UNIT_NAME.test(last.ref.label)) {
        const name = squeeze(last.ref.label).text;
        (openers.get(name) ?? openers.set(name, []).get(name)!).push(ord);
      }
      prevEdition = e.edition.id;
      prevPath = p;
    }
    for (const [name, ords] of openers) this.unitOpeners.set(name, Uint32Array.from(ords));
    const push = (m: Map<string, number[]>, k: string, h: number) => {
      const l = m.get(k);
      if (!l) m.set(k, [h]);
      else if (l[l.length - 1] !== h) l.push(h);
    };
    this.headings.forEach((h, i) => {
      if (h.label && h.title) {
        push(this.headingsByFull, h.full, i);
        push(this.headingsByFull, h.label + h.title, i);
      }
      push(this.headingsByLabel, h.label, i);
      push(this.headingsByLabel, h.printedLabel, i);
      this.pathsOfHeading.push([]);
    });
    this.paths.forEach((path, p) => {
      for (const h of path) {
        const l = this.pathsOfHeading[h]!;
        if (l[l.length - 1] !== p) l.push(p);
      }
    });
  }

  private headingId(index: Map<string, number>, h: HeadingRef, parent: HeadingRef | undefined): number {
    const item = h.kind === "xiang" || h.kind === "mu" || (h.kind === undefined && ENUMERATED.test(h.label) && parent !== undefined && ARTICLE.test(parent.label));
    const key = `${h.label}\u0001${h.title}\u0001${item ? 1 : 0}`;
    let id = index.get(key);
    if (id === undefined) {
      const label = squeeze(h.label).text;
      const printed = squeeze(printedLabel(h.label)).text;
      const title = squeeze(h.title).text;
      index.set(key, (id = this.headings.length));
      this.headings.push({ ref: h, label, printedLabel: printed, title, full: printed + title, item });
    }
    return id;
  }

  /**
   * Equal scores are settled by level (国家 before 省 before 市州 before 县), then by version (the one
   * in force before older ones), then by document order. A counting sort over those two small keys,
   * stable in ordinal order: O(n).
   */
  private rankTies(): Int32Array {
    const buckets = LEVEL_ORDER.length * 256;
    const count = new Int32Array(buckets + 1);
    const key = (ord: number) => this.levelOf[ord]! * 256 + this.versionAge[ord]!;
    for (let ord = 0; ord < this.n; ord++) count[key(ord) + 1]!++;
    for (let b = 0; b < buckets; b++) count[b + 1]! += count[b]!;
    const rank = new Int32Array(this.n);
    for (let ord = 0; ord < this.n; ord++) rank[ord] = count[key(ord)]!++;
    return rank;
  }

  private counterparts(): { start: Int32Array; ords: Int32Array; same: Uint8Array } {
    const start = new Int32Array(this.n + 1);
    const ords: number[] = [];
    const same: number[] = [];
    for (const e of this.entries) {
      start[e.ordinal] = ords.length;
      for (const cid of e.passage.counterparts) {
        const c = this.byId.get(cid);
        if (c === undefined || c === e.ordinal) continue;
        ords.push(c);
        const a = this.editions[this.editionOf[e.ordinal]!]!;
        const b = this.editions[this.editionOf[c]!]!;
        same.push(a.versionDate === b.versionDate ? 1 : 0);
      }
    }
    start[this.n] = ords.length;
    return { start, ords: Int32Array.from(ords), same: Uint8Array.from(same) };
  }

  /** Passages whose squeezed text is the same in two or more documents. */
  private identicalGroups(): { groupOf: Int32Array; start: Int32Array; ords: Int32Array } {
    const first = new Map<string, number>();
    const groupOf = new Int32Array(this.n).fill(-1);
    const members: number[][] = [];
    for (let ord = 0; ord < this.n; ord++) {
      const t = this.text(ord);
      const f = first.get(t);
      if (f === undefined) {
        first.set(t, ord);
        continue;
      }
      let g = groupOf[f]!;
      if (g < 0) {
        groupOf[f] = g = members.length;
        members.push([f]);
      }
      groupOf[ord] = g;
      members[g]!.push(ord);
    }
    // A group whose members all sit in one document is no group (copies within a document stay apart).
    const start: number[] = [0];
    const ords: number[] = [];
    let kept = 0;
    const renumber = new Int32Array(members.length).fill(-1);
    members.forEach((list, g) => {
      const d = this.docOf[list[0]!]!;
      if (list.every((o) => this.docOf[o] === d)) return;
      renumber[g] = kept++;
      ords.push(...list);
      start.push(ords.length);
    });
    for (let ord = 0; ord < this.n; ord++) if (groupOf[ord]! >= 0) groupOf[ord] = renumber[groupOf[ord]!]!;
    return { groupOf, start: Int32Array.from(start), ords: Int32Array.from(ords) };
  }
}

function samePath(a: readonly HeadingRef[], b: readonly HeadingRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.label !== b[i]!.label || a[i]!.title !== b[i]!.title || a[i]!.kind !== b[i]!.kind) return false;
  return true;
}

/** Offset of the first sentence end (。；！？ and their ASCII twins) in squeezed text, or its length. */
function leadEnd(t: string): number {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x3002 || c === 0x3b || c === 0x21 || c === 0x3f) return i; // 。 ; ! ? (folded forms of ；！？)
  }
  return t.length;
}

/** 0 for the current version (or a document without versions), k for the k-th older one (capped at 255). */
function versionAge(doc: DocumentRecord, date: string | undefined): number {
  if (!date) return 0;
  let newer = 0;
  const seen = new Set<string>();
  for (const ed of doc.editions) {
    const v = ed.version;
    if (!v || seen.has(v.date)) continue;
    seen.add(v.date);
    if (v.date > date) newer++;
  }
  return Math.min(255, newer);
}
