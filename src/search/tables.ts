/**
 * Per-passage ordinal tables, built once when the searcher opens: for every passage ordinal its
 * document, heading path, top-level chapter, metadata values (region, level, type, date, status),
 * version, identical-text group, counterparts and its place in the "among equals" order. Filters
 * become masks over these arrays and facets count through them, so a query never walks a passage's
 * objects — a match costs a few array reads.
 *
 * Built from the store's typed per-ordinal tables (document, edition, heading path, kind, primary,
 * counterparts, identical-text groups — views of the cache file's bytes) and the documents, never
 * from passage objects and without reading passage text: per-ordinal work is array reads, and what
 * needs strings (headings, editions, documents) is done once per distinct heading path, edition or
 * document. The opening-sentence end of a passage reads its text, so it is found when a query asks.
 */
import type { DocumentRecord, Edition, HeadingRef } from "../model.ts";
import type { SetTables } from "../index/segment-set.ts";
import type { HeadingForms } from "../index/segment.ts";
import type { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import type { IdenticalGroups } from "../index/text-hash.ts";
import { squeeze } from "../analysis/squeeze.ts";
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
  /** The edition itself (its name, version, primary flag; its text and passages are not read here). */
  edition: Edition;
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

/** What the tables are built from: a store's per-ordinal tables, documents, heading paths and kinds (src/index/store.ts). */
export interface TableSource {
  readonly passageCount: number;
  tables(): SetTables;
  tableDocuments(): readonly DocumentRecord[];
  headingPaths(): readonly (readonly HeadingRef[])[];
  /** The paths as forms over distinct headings, when kept (segment.ts): then no path is parsed. */
  headingForms?(): HeadingForms;
  kinds(): readonly string[];
  squeezedText(ord: number): string;
}

/** A typed array's bytes read as Int32 (ordinals and indexes are far below 2^31): no copy. */
const asInt32 = (a: Uint32Array | Int32Array): Int32Array => (a instanceof Int32Array ? a : new Int32Array(a.buffer, a.byteOffset, a.length));

/**
 * The hot rows (SearchTables.hotRows): per ordinal, side by side, what the collectors read of every
 * matching passage — so that one passage costs one cache line, not one miss per table (measured at
 * ×100: the first read of each per-ordinal table was the costliest line of each collector).
 */
export const HOT_STRIDE = 8;
export const HOT_CHAPTER = 0;
export const HOT_EDITION = 1;
export const HOT_PATH = 2;
/** HOT_IS_HEADING | HOT_OPENS_UNIT. */
export const HOT_FLAGS = 3;
export const HOT_CP_START = 4;
export const HOT_CP_END = 5;
/** The group of identical passages as stored (-1: none); read through groupRows(), which knows about deletions. */
export const HOT_GROUP = 6;
/** Where the passage's first sentence ends (leadEnd), -1 until first asked for. */
export const HOT_LEAD_END = 7;
export const HOT_IS_HEADING = 1;
export const HOT_OPENS_UNIT = 2;

export class SearchTables {
  readonly n: number;
  /** Documents `docOf` indexes (deleted ones included, so indexes stay put). */
  readonly documents: readonly DocumentRecord[];
  /** Per ordinal: its document's index in `documents`. */
  readonly docOf: Int32Array;
  /** Per ordinal: index into `paths` (distinct heading paths, each a list of `headings` indices). */
  readonly pathOf: Int32Array;
  readonly paths: Int32Array[] = [];
  readonly headings: HeadingKey[] = [];
  /** Per distinct path: its non-item headings' words (pathWordsOf), written when the heading signal first asks. */
  private readonly pathWords: (string | undefined)[] = [];
  /** Per ordinal: index into `chapters` (its top-level heading in its document), -1 without headings. */
  readonly chapterOf: Int32Array;
  readonly chapters: { doc: number; heading: number }[] = [];
  /** Per ordinal: 1 when its edition is primary. */
  readonly primary: Uint8Array;
  /** Per ordinal: 0 for the current version (or an unversioned document), k for the k-th older version. */
  readonly versionAge: Uint8Array;
  /** Per ordinal: its edition's index in `editions` (for version: filters). */
  readonly editionOf: Int32Array;
  /** Editions in document order; each one's passages are the ordinals [start, end) (an edition without passages: start = end). */
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
  /**
   * Groups of identical passages (same squeezed text in several documents) as stored, deleted
   * passages included: `groups()` gives them over the live passages. groupStart.length - 1 is the
   * number of groups either way.
   */
  private readonly storedGroups: IdenticalGroups;
  readonly groupStart: Int32Array;
  /** The live groups and the deletion count they were made at. */
  private liveGroups: { at: number; groups: IdenticalGroups } | null = null;
  /** Counterparts of ordinal k (editions and versions): cpOrds[cpStart[k] … cpStart[k+1]); cpSameVersion marks those in the same version. */
  readonly cpStart: Int32Array;
  readonly cpOrds: Int32Array;
  readonly cpSameVersion: Uint8Array;
  private hot: Int32Array | null = null;
  /** Per ordinal: 1 when it is a heading passage, not an enumerated item (exempt from the short-passage prior). */
  readonly isHeading: Uint8Array;
  /** Per ordinal: 1 when it is the first passage of its unit (its heading path), the unit not being an enumerated item. */
  readonly opensUnit: Uint8Array;
  /** Heading indices by their full name, by label (as stored and as printed): the exact tiers of in:. */
  readonly headingsByFull = new Map<string, number[]>();
  readonly headingsByLabel = new Map<string, number[]>();
  /** The distinct paths holding heading h, at any depth: pathsOfHeading[h]. */
  readonly pathsOfHeading: number[][] = [];
  /** Squeezed unit name (第三十二条) → the passages that open that unit, ascending. */
  readonly unitOpeners = new Map<string, Uint32Array>();
  /** Deletion marks of the store: a marked ordinal is never a hit (read at query time: later marks count). */
  readonly deleted: OrdinalBitmap;
  /** Per document: its first ordinal (-1: no passage). Documents are deleted whole, so this one says whether it is. */
  private readonly docFirst: Int32Array;
  /** A passage's squeezed text (analysis/squeeze.ts), by ordinal. */
  readonly text: (ord: number) => string;
  /** The store's heading path of each ordinal: the passage's own HeadingRefs (`pathRefs`). */
  private readonly refPathOf: Uint32Array;
  /** Stored path → its form (a distinct list of headings; null: every stored path is its own), and a form's HeadingRefs. */
  private readonly pathForm: Uint32Array | null;
  private readonly formRefs: (form: number) => readonly HeadingRef[];
  private readonly forms: number;
  /** Squeezed offset where a passage's first sentence ends, found on first request (-1: not yet). */
  private readonly leadEnds: Int32Array;
  /** What building the rows of new passages needs of the keys made so far (kept for an extension). */
  private readonly keys: TableKeys;
  /**
   * Build counters: passages whose rows were built here (the others copied from the tables this
   * one extends), forms (distinct heading lists) walked, documents whose editions were read.
   */
  readonly built = { rows: 0, forms: 0, documents: 0 };

  /**
   * `base`: the tables of a store this one extends — its passages, documents, editions and heading
   * forms the first ones of `src`'s, numbered alike (the live collection's previous snapshot:
   * segments appended, deletion marks and tombstones changed). Its rows are copied; only the new
   * passages' rows are built, and no heading of the base is keyed again.
   */
  constructor(src: TableSource, base?: SearchTables) {
    const st = src.tables();
    const n = (this.n = src.passageCount);
    if (st.doc.length !== n || st.edition.length !== n) throw new Error(`search tables: ${st.doc.length} rows for ${n} passages`);
    this.documents = src.tableDocuments();
    this.refPathOf = st.path;
    const forms = src.headingForms?.();
    if (forms) {
      const { refs, pathForm, formStart, formHeads } = forms;
      this.forms = formStart.length - 1;
      this.pathForm = pathForm;
      const made: (HeadingRef[] | undefined)[] = [];
      this.formRefs = (f) => {
        let a = made[f];
        if (!a) {
          a = made[f] = [];
          for (let i = formStart[f]!; i < formStart[f + 1]!; i++) a.push(refs[formHeads[i]!]!);
        }
        return a;
      };
    } else {
      // a store without forms: every stored path is its own form
      const paths = src.headingPaths();
      this.forms = paths.length;
      this.pathForm = null;
      this.formRefs = (f) => paths[f]!;
    }
    this.text = (ord) => src.squeezedText(ord);
    const from = base && base.n <= n && base.documents.length <= this.documents.length && base.forms <= this.forms ? base : null;
    this.keys = from ? copyKeys(from.keys) : emptyKeys();
    this.deleted = st.deleted;
    this.docOf = asInt32(st.doc);
    this.editionOf = asInt32(st.edition);
    this.primary = st.primary;
    this.pathOf = new Int32Array(n);
    this.chapterOf = new Int32Array(n).fill(-1);
    this.versionAge = new Uint8Array(n);
    this.regionOf = new Int32Array(n);
    this.typeOf = new Int32Array(n);
    this.levelOf = new Uint8Array(n);
    this.statusOf = new Uint8Array(n);
    this.dateOf = new Int32Array(n);
    this.isHeading = new Uint8Array(n);
    this.opensUnit = new Uint8Array(n);
    this.leadEnds = new Int32Array(n).fill(-1);
    this.docFirst = new Int32Array(this.documents.length).fill(-1);
    if (from) this.copyRows(from);
    this.fillEditions(from);
    this.fillPaths(st.kind, src.kinds().indexOf("heading"), from);
    this.tieRank = this.rankTies();
    ({ start: this.cpStart, ords: this.cpOrds, same: this.cpSameVersion } = this.counterparts(st.cpStart, st.cpOrds, from?.n ?? 0, from));
    this.built.rows = n - (from?.n ?? 0);
    this.storedGroups = st.identical;
    this.groupStart = st.identical.start;
  }

  /**
   * Groups of identical passages over the live passages, numbered as stored: deleted members left
   * out, and a group whose live members sit in one document is none (as a build without the deleted
   * passages groups them). Marks only ever grow, so the count says whether they changed since.
   */
  groups(): IdenticalGroups {
    const at = this.deleted.cardinality;
    if (at === 0) return this.storedGroups;
    if (this.liveGroups?.at !== at) this.liveGroups = { at, groups: this.groupsOfLive() };
    return this.liveGroups.groups;
  }

  private groupsOfLive(): IdenticalGroups {
    const { start, ords } = this.storedGroups;
    const groupOf = new Int32Array(this.n).fill(-1);
    const liveStart = new Int32Array(start.length);
    const liveOrds = new Int32Array(ords.length);
    let at = 0;
    for (let g = 0; g + 1 < start.length; g++) {
      const from = at;
      let docs = 0;
      let firstDoc = -1;
      for (let k = start[g]!; k < start[g + 1]!; k++) {
        const o = ords[k]!;
        if (this.deleted.has(o)) continue;
        liveOrds[at++] = o;
        const d = this.docOf[o]!;
        if (firstDoc < 0) firstDoc = d;
        else if (d !== firstDoc) docs = 2;
      }
      if (docs < 2) at = from;
      else for (let k = from; k < at; k++) groupOf[liveOrds[k]!] = g;
      liveStart[g + 1] = at;
    }
    return { groupOf, start: liveStart, ords: liveOrds };
  }

  /** The hot rows (HOT_*: chapter, edition, path, flags, counterparts), made at the first query that reads them. */
  hotRows(): Int32Array {
    if (this.hot) return this.hot;
    const hot = new Int32Array(this.n * HOT_STRIDE);
    for (let ord = 0, r = 0; ord < this.n; ord++, r += HOT_STRIDE) {
      hot[r + HOT_CHAPTER] = this.chapterOf[ord]!;
      hot[r + HOT_EDITION] = this.editionOf[ord]!;
      hot[r + HOT_PATH] = this.pathOf[ord]!;
      hot[r + HOT_FLAGS] = (this.isHeading[ord] ? HOT_IS_HEADING : 0) | (this.opensUnit[ord] ? HOT_OPENS_UNIT : 0);
      hot[r + HOT_CP_START] = this.cpStart[ord]!;
      hot[r + HOT_CP_END] = this.cpStart[ord + 1]!;
      hot[r + HOT_GROUP] = this.storedGroups.groupOf[ord]!;
      hot[r + HOT_LEAD_END] = this.leadEnds[ord]!;
    }
    return (this.hot = hot);
  }

  /**
   * Where the collectors read a passage's group of identical passages: `rows[ord * stride + at]` —
   * the hot rows while nothing is deleted, else the live groups (groups()).
   */
  groupRows(): { rows: Int32Array; stride: number; at: number } {
    if (this.deleted.cardinality === 0) return { rows: this.hotRows(), stride: HOT_STRIDE, at: HOT_GROUP };
    return { rows: this.groups().groupOf, stride: 1, at: 0 };
  }

  /**
   * Per distinct path, whether the needle stands in its headings (1) or not (2): the headings holding
   * it (items of an article excepted) mark the paths they are on — one pass over the headings
   * instead of one look into each path a frequent term's passages are on (pathWordsOf).
   */
  pathsNaming(needle: string): Int8Array {
    const inPath = new Int8Array(this.paths.length).fill(2);
    this.headings.forEach((h, i) => {
      if (!h.item && h.full.includes(needle)) for (const p of this.pathsOfHeading[i]!) inPath[p] = 1;
    });
    return inPath;
  }

  /** The path's non-item headings' words, squeezed, \u0001 between headings: what the heading signal looks in. */
  pathWordsOf(p: number): string {
    let words = this.pathWords[p];
    if (words === undefined) {
      words = "";
      for (const h of this.paths[p]!) if (!this.headings[h]!.item) words += (words ? "\u0001" : "") + this.headings[h]!.full;
      this.pathWords[p] = words;
    }
    return words;
  }

  /** Whether a document is in the collection (not deleted; a document without passages is). */
  docAlive(d: number): boolean {
    const first = this.docFirst[d]!;
    return first < 0 || !this.deleted.has(first);
  }

  /** Squeezed offset where the passage's first sentence ends (the opening-sentence signal). */
  leadEnd(ord: number): number {
    const hot = this.hot;
    let e = hot ? hot[ord * HOT_STRIDE + HOT_LEAD_END]! : this.leadEnds[ord]!;
    if (e < 0) {
      this.leadEnds[ord] = e = leadEnd(this.text(ord));
      if (hot) hot[ord * HOT_STRIDE + HOT_LEAD_END] = e;
    }
    return e;
  }

  /** The passage's heading path as stored (its own HeadingRefs, no passage object made). */
  pathRefs(ord: number): readonly HeadingRef[] {
    const sp = this.refPathOf[ord]!;
    return this.formRefs(this.pathForm ? this.pathForm[sp]! : sp);
  }

  /** The base's rows of its passages and documents, copied (typed-array copies; shared immutable rows). */
  private copyRows(b: SearchTables): void {
    for (const a of ["pathOf", "chapterOf", "versionAge", "regionOf", "typeOf", "levelOf", "statusOf", "dateOf", "isHeading", "opensUnit", "leadEnds"] as const) {
      (this[a] as Int32Array).set(b[a] as Int32Array);
    }
    this.docFirst.set(b.docFirst);
    // By loop, not push(...list): a call's arguments are bounded (~120,000), and these lists grow with the collection.
    append(this.editions, b.editions);
    append(this.regions, b.regions);
    append(this.types, b.types);
    append(this.paths, b.paths);
    append(this.pathWords, b.pathWords);
    append(this.headings, b.headings);
    append(this.chapters, b.chapters);
    for (const [k, v] of b.headingsByFull) this.headingsByFull.set(k, v);
    for (const [k, v] of b.headingsByLabel) this.headingsByLabel.set(k, v);
    append(this.pathsOfHeading, b.pathsOfHeading);
    for (const [k, v] of b.unitOpeners) this.unitOpeners.set(k, v);
  }

  /** Editions and the per-edition values, spread over each edition's ordinals (consecutive) by fills (only the new ones' over a base). */
  private fillEditions(from: SearchTables | null): void {
    const regionIndex = new Map<string, number>(this.regions.map((r, i) => [r, i]));
    const typeIndex = new Map<string, number>(this.types.map((r, i) => [r, i]));
    const intern = (m: Map<string, number>, list: string[], v: string | null): number => {
      if (!v) return -1;
      let i = m.get(v);
      if (i === undefined) m.set(v, (i = list.push(v) - 1));
      return i;
    };
    const d0 = from ? from.documents.length : 0;
    const e0 = this.editions.length;
    const n0 = from ? from.n : 0;
    this.built.documents = this.documents.length - d0;
    this.documents.forEach((doc, d) => {
      if (d < d0) return;
      for (const ed of doc.editions) {
        const v = ed.version;
        const superseded = v !== undefined && !v.current;
        this.editions.push({
          doc: d,
          id: ed.id,
          edition: ed,
          versionDate: v?.date ?? null,
          versionLabel: v?.label ?? null,
          current: v ? v.current : true,
          age: versionAge(doc, v?.date),
          start: -1,
          end: -1,
          date: dateNumber(v?.date ?? doc.date),
          status: STATUS_ORDER.indexOf(superseded ? "amended" : doc.status),
        });
      }
    });
    const E = this.editions.length;
    const editionOf = this.editionOf;
    for (let ord = n0; ord < this.n; ord++) {
      const e = editionOf[ord]!;
      if (e >= E) throw new Error(`search tables: passage ${ord} is in edition ${e} of ${E}`);
      if (e < e0) throw new Error(`search tables: new passage ${ord} is in edition ${e} of the base`);
      const row = this.editions[e]!;
      if (row.start < 0) row.start = ord;
      else if (row.end !== ord) throw new Error(`search tables: the passages of edition ${row.id} are not consecutive`);
      row.end = ord + 1;
    }
    let lastDoc = -1;
    let region = -1;
    let type = -1;
    let level = 0;
    for (let e = e0; e < E; e++) {
      const row = this.editions[e]!;
      if (row.start < 0) {
        row.start = row.end = 0;
        continue;
      }
      const { start, end } = row;
      if (this.docFirst[row.doc]! < 0) this.docFirst[row.doc] = start;
      if (row.doc !== lastDoc) {
        const doc = this.documents[(lastDoc = row.doc)]!;
        region = intern(regionIndex, this.regions, doc.region);
        type = intern(typeIndex, this.types, doc.type);
        level = Math.max(0, LEVEL_ORDER.indexOf(doc.level));
      }
      this.versionAge.fill(row.age, start, end);
      this.regionOf.fill(region, start, end);
      this.typeOf.fill(type, start, end);
      this.levelOf.fill(level, start, end);
      this.statusOf.fill(row.status, start, end);
      this.dateOf.fill(row.date, start, end);
    }
  }

  /** Heading paths, chapters, unit openers: string work once per distinct stored path, array reads per passage. */
  private fillPaths(kind: Uint8Array, headingCode: number, from: SearchTables | null): void {
    const { headingIndex, pathIndex, chapterIndex, unitNames } = this.keys;
    const openers = new Map<string, number[]>();
    const n0 = from ? from.n : 0;
    const h0 = this.headings.length;
    const p0 = this.paths.length;
    // Each form (a distinct list of headings) → its distinct path of heading ids; then each stored path's.
    const f0 = from ? from.forms : 0;
    const formPath = new Int32Array(this.forms);
    if (from) formPath.set(from.keys.formPath);
    this.keys.formPath = formPath;
    this.built.forms = this.forms - f0;
    const list: number[] = [];
    for (let f = f0; f < this.forms; f++) {
      const refs = this.formRefs(f);
      list.length = 0;
      for (let i = 0; i < refs.length; i++) list.push(this.headingId(headingIndex, refs[i]!, i > 0 ? refs[i - 1] : undefined));
      const key = list.join(",");
      let found = pathIndex.get(key);
      if (found === undefined) {
        pathIndex.set(key, (found = this.paths.length));
        this.paths.push(new Int32Array(list));
      }
      formPath[f] = found;
    }
    const pathForm = this.pathForm;
    const storedPath = this.refPathOf;
    const pathOf = this.pathOf;
    for (let ord = n0; ord < this.n; ord++) pathOf[ord] = formPath[pathForm ? pathForm[storedPath[ord]!]! : storedPath[ord]!]!;
    const lastHeading = Int32Array.from(this.paths, (ids) => (ids.length ? ids[ids.length - 1]! : -1));
    const lastItem = Uint8Array.from(lastHeading, (h) => (h >= 0 && this.headings[h]!.item ? 1 : 0));
    let prevEdition = -1;
    let prevPath = -1;
    let prevDoc = -1;
    let chapter = -1;
    let prevChapterKey = -1;
    let prevChapter = -1;
    const { docOf, editionOf, chapterOf, opensUnit, isHeading } = this;
    for (let ord = n0; ord < this.n; ord++) {
      const d = docOf[ord]!;
      const ed = editionOf[ord]!;
      const p = pathOf[ord]!;
      const last = lastHeading[p]!;
      if (p !== prevPath || d !== prevDoc) {
        chapter = -1;
        if (last >= 0) {
          const ck = d * 2 ** 24 + this.paths[p]![0]!;
          // Articles follow one another under one chapter: look its key up only when it changes.
          if (ck !== prevChapterKey) {
            let c = chapterIndex.get(ck);
            if (c === undefined) {
              chapterIndex.set(ck, (c = this.chapters.length));
              this.chapters.push({ doc: d, heading: this.paths[p]![0]! });
            }
            prevChapter = c;
            prevChapterKey = ck;
          }
          chapter = prevChapter;
        }
      }
      chapterOf[ord] = chapter;
      // A heading line names a unit; an enumerated item is never one, whatever kind it was given.
      isHeading[ord] = kind[ord] === headingCode && lastItem[p] === 0 ? 1 : 0;
      // The first passage of an edition under a new path opens the unit its last heading names.
      if (last >= 0 && (ed !== prevEdition || p !== prevPath)) {
        if (lastItem[p] === 0) opensUnit[ord] = 1;
        let name = unitNames[last];
        if (name === undefined) unitNames[last] = name = UNIT_NAME.test(this.headings[last]!.ref.label) ? squeeze(this.headings[last]!.ref.label).text : null;
        if (name !== null) (openers.get(name) ?? openers.set(name, []).get(name)!).push(ord);
      }
      prevEdition = ed;
      prevPath = p;
      prevDoc = d;
    }
    for (const [name, ords] of openers) {
      const had = this.unitOpeners.get(name);
      const all = new Uint32Array((had?.length ?? 0) + ords.length);
      if (had) all.set(had);
      all.set(ords, had?.length ?? 0);
      this.unitOpeners.set(name, all);
    }
    // Lists shared with the base are copied before they grow (the base may still be serving).
    const fresh = new Set<number[]>();
    const push = (m: Map<string, number[]>, k: string, h: number) => {
      let l = m.get(k);
      if (!l) m.set(k, [h]);
      else if (l[l.length - 1] !== h) {
        if (!fresh.has(l)) fresh.add((l = l.slice())), m.set(k, l);
        l.push(h);
      }
    };
    this.headings.forEach((h, i) => {
      if (i < h0) return;
      if (h.label && h.title) {
        push(this.headingsByFull, h.full, i);
        push(this.headingsByFull, h.label + h.title, i);
      }
      push(this.headingsByLabel, h.label, i);
      push(this.headingsByLabel, h.printedLabel, i);
      this.pathsOfHeading.push([]);
      fresh.add(this.pathsOfHeading[i]!);
    });
    this.paths.forEach((path, p) => {
      if (p < p0) return;
      for (const h of path) {
        let l = this.pathsOfHeading[h]!;
        if (l[l.length - 1] === p) continue;
        if (!fresh.has(l)) fresh.add((l = this.pathsOfHeading[h] = l.slice()));
        l.push(p);
      }
    });
  }

  /** Per HeadingRef object (shared by the paths of a form): its heading key and label tests, worked out once. */
  private readonly refInfo = new Map<HeadingRef, RefInfo>();

  private infoOf(h: HeadingRef): RefInfo {
    let i = this.refInfo.get(h);
    if (!i) this.refInfo.set(h, (i = { key: `${h.label}\u0001${h.title}\u0001`, enumerated: ENUMERATED.test(h.label), article: ARTICLE.test(h.label), unitId: -1, itemId: -1 }));
    return i;
  }

  private headingId(index: Map<string, number>, h: HeadingRef, parent: HeadingRef | undefined): number {
    const info = this.infoOf(h);
    const item = h.kind === "xiang" || h.kind === "mu" || (h.kind === undefined && info.enumerated && parent !== undefined && this.infoOf(parent).article);
    // A ref object recurs in many forms (every article under one chapter): its id is looked up once per reading.
    const known = item ? info.itemId : info.unitId;
    if (known >= 0) return known;
    const key = info.key + (item ? "1" : "0");
    let id = index.get(key);
    if (id === undefined) {
      const label = squeeze(h.label).text;
      const printed = squeeze(printedLabel(h.label)).text;
      const title = squeeze(h.title).text;
      index.set(key, (id = this.headings.length));
      this.headings.push({ ref: h, label, printedLabel: printed, title, full: printed + title, item });
    }
    if (item) info.itemId = id;
    else info.unitId = id;
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

  /** The store's counterparts (views), less any passage listed as its own; and which are in the same version. */
  private counterparts(start: Uint32Array, ords: Uint32Array, n0: number, from: SearchTables | null): { start: Int32Array; ords: Int32Array; same: Uint8Array } {
    if (from) return this.extendCounterparts(start, ords, from);
    let selfLoops = 0;
    for (let ord = 0; ord < this.n; ord++) for (let k = start[ord]!; k < start[ord + 1]!; k++) if (ords[k] === ord) selfLoops++;
    let s = asInt32(start);
    let o = asInt32(ords);
    if (selfLoops) {
      s = new Int32Array(this.n + 1);
      o = new Int32Array(ords.length - selfLoops);
      let m = 0;
      for (let ord = 0; ord < this.n; ord++) {
        s[ord] = m;
        for (let k = start[ord]!; k < start[ord + 1]!; k++) if (ords[k] !== ord) o[m++] = ords[k]!;
      }
      s[this.n] = m;
    }
    const same = new Uint8Array(o.length);
    for (let ord = 0; ord < this.n; ord++) {
      const a = this.editions[this.editionOf[ord]!]!;
      for (let k = s[ord]!; k < s[ord + 1]!; k++) same[k] = a.versionDate === this.editions[this.editionOf[o[k]!]!]!.versionDate ? 1 : 0;
    }
    return { start: s, ords: o, same };
  }

  /** Counterparts over a base: its (self-loop free) lists copied, the new passages' added less self-loops. */
  private extendCounterparts(start: Uint32Array, ords: Uint32Array, from: SearchTables): { start: Int32Array; ords: Int32Array; same: Uint8Array } {
    const n0 = from.n;
    const m0 = from.cpStart[n0]!;
    let extra = 0;
    for (let ord = n0; ord < this.n; ord++) for (let k = start[ord]!; k < start[ord + 1]!; k++) if (ords[k] !== ord) extra++;
    const s = new Int32Array(this.n + 1);
    s.set(from.cpStart.subarray(0, n0));
    const o = new Int32Array(m0 + extra);
    o.set(from.cpOrds.subarray(0, m0));
    const same = new Uint8Array(o.length);
    same.set(from.cpSameVersion.subarray(0, m0));
    let m = m0;
    for (let ord = n0; ord < this.n; ord++) {
      s[ord] = m;
      const a = this.editions[this.editionOf[ord]!]!;
      for (let k = start[ord]!; k < start[ord + 1]!; k++) {
        const c = ords[k]!;
        if (c === ord) continue;
        same[m] = a.versionDate === this.editions[this.editionOf[c]!]!.versionDate ? 1 : 0;
        o[m++] = c;
      }
    }
    s[this.n] = m;
    return { start: s, ords: o, same };
  }
}

/** Appends `from` to `to` in place (push(...from) is bounded by the argument limit). */
function append<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
}

/** A stored heading's label tests and key, and its heading id as a unit and as an item once looked up (-1 before). */
interface RefInfo {
  key: string;
  enumerated: boolean;
  article: boolean;
  unitId: number;
  itemId: number;
}

/** The keys fillPaths makes (heading, path, chapter ids; unit names; each form's path), kept so that an extension keys only new headings. */
interface TableKeys {
  headingIndex: Map<string, number>;
  pathIndex: Map<string, number>;
  chapterIndex: Map<number, number>;
  /** Per heading: the squeezed unit it names (第三十二条), null when none; worked out once. */
  unitNames: (string | null | undefined)[];
  formPath: Int32Array;
}

function emptyKeys(): TableKeys {
  return { headingIndex: new Map(), pathIndex: new Map(), chapterIndex: new Map(), unitNames: [], formPath: new Int32Array(0) };
}

/** Copies of the base's keys (the base may still be serving: its maps are not added to). */
function copyKeys(k: TableKeys): TableKeys {
  return { headingIndex: new Map(k.headingIndex), pathIndex: new Map(k.pathIndex), chapterIndex: new Map(k.chapterIndex), unitNames: k.unitNames.slice(), formPath: k.formPath };
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
