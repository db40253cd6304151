/**
 * A Segment: the immutable index of a set of documents, every part of it a typed array or a block
 * of bytes, so that a restart views them in the cache file instead of parsing records.
 *
 * Ordinals: passage o of a segment is its o-th passage in corpus order (document, edition — the
 * primary first —, reading order). Per passage (typed arrays indexed by ordinal): edition, seq,
 * kind (index into meta.kinds), start/end into the edition's text, heading path id, top-level
 * chapter id (-1: none), primary flag, counterparts as CSR (ordinals), id (UTF-16 block; `idOrder`
 * sorts ordinals by id for lookups). Per edition: document, first passage, text (one UTF-16
 * block for all editions), outline (JSON, parsed when asked). The documents' other fields and the
 * file reports are a small JSON. Squeezed passage texts (what literal checks and ranking read) are
 * a second UTF-16 block. Postings: character grams with positions (gram-postings.ts) and words
 * (word-index.ts, which also holds each passage's length in words).
 *
 * Nothing per passage is created until asked: `documents()` builds the DocumentRecords (one object
 * per document and edition), whose `text`, `outline` and `passages` are getters that decode on
 * first access; `passage(o)` materialises one Passage. A passage that does not fit the compact
 * form (an unknown field, a text that is not its slice, a counterpart not in the segment) is kept
 * whole as JSON, so the segment never changes what it gives back.
 */
import type { DocumentRecord, Edition, FileReport, HeadingRef, OutlineNode, Passage } from "../model.ts";
import { viewAs, type SectionData } from "./cache-file.ts";
import { GramPostings } from "./gram-postings.ts";
import { WordIndex } from "./word-index.ts";
import { unitsToString } from "./text-block.ts";

export const SEGMENT_FORMAT = 2;

export interface SegmentMeta {
  format: number;
  documents: number;
  editions: number;
  passages: number;
  /** PassageKind by code (the `kind` table). */
  kinds: string[];
}

/** A top-level heading of a document: what the chapter facet counts. */
export interface ChapterRef {
  /** Index of the document in the segment. */
  doc: number;
  label: string;
  title: string;
}

/** Heading paths as forms over distinct headings: path p is the form pathForm[p], whose headings are refs[formHeads[formStart[f] … formStart[f+1])]. */
export interface HeadingForms {
  refs: HeadingRef[];
  pathForm: Uint32Array;
  formStart: Uint32Array;
  formHeads: Uint32Array;
}

/** The documents' JSON: DocumentRecords whose editions' text, outline and passages are left out. */
export interface DocsJson {
  documents: DocumentRecord[];
  reports: FileReport[];
}

export interface SegmentParts {
  meta: SegmentMeta;
  docs: Uint8Array;
  /** Per edition: its outline as UTF-8 JSON, back to back; edition e's ends at outlineEnds[e]. */
  outlines: Uint8Array;
  outlineEnds: Uint32Array;
  editionText: Uint16Array;
  /** Per edition: end of its text in editionText (code units). */
  editionTextEnds: Uint32Array;
  editionDoc: Uint32Array;
  /** Edition e's passages are ordinals editionFirst[e] … editionFirst[e+1]. */
  editionFirst: Uint32Array;
  edition: Uint32Array;
  seq: Uint32Array;
  kind: Uint8Array;
  start: Uint32Array;
  end: Uint32Array;
  path: Uint32Array;
  chapter: Int32Array;
  primary: Uint8Array;
  cpStart: Uint32Array;
  cpOrds: Uint32Array;
  idUnits: Uint16Array;
  idEnds: Uint32Array;
  idOrder: Uint32Array;
  /**
   * Per heading path, what `in:` filters and the heading boost search: its headings' squeezed
   * label+title joined by U+0001 (segment-build.ts `headingKey`), back to back; path i's ends at pathKeyEnds[i].
   */
  pathKeyUnits: Uint16Array;
  pathKeyEnds: Uint32Array;
  /**
   * The heading paths' forms, what search reads instead of parsing `paths`: the distinct headings
   * (HeadingRef[] as JSON, small), the distinct paths as lists of them (CSR: form f's headings are
   * formHeads[formStart[f] … formStart[f+1])), and each path's form (`pathForm`). See headingForms().
   */
  headingRefs: Uint8Array;
  pathForm: Uint32Array;
  formStart: Uint32Array;
  formHeads: Uint32Array;
  /** ChapterRef[] as JSON. */
  chapters: Uint8Array;
  /** Passages kept whole: JSON `[[ordinal, Passage], …]`. */
  irregular: Uint8Array;
  sqUnits: Uint16Array;
  sqEnds: Uint32Array;
  /** Per passage: a hash of its squeezed text; and the ordinals sorted by (hash, ordinal) (text-hash.ts: identical passages). */
  sqHash: Uint32Array;
  hashOrder: Uint32Array;
  /** Per passage: the first passage of the segment with the same squeezed text (itself when none comes before). */
  sqCopyOf: Int32Array;
  grams: GramPostings;
  words: WordIndex;
}

/** Section names of the byte and typed-array parts (grams and words add their own). */
const ARRAYS = [
  "docs", "outlines", "outlineEnds", "editionText", "editionTextEnds", "editionDoc", "editionFirst",
  "edition", "seq", "kind", "start", "end", "path", "chapter", "primary", "cpStart", "cpOrds",
  "idUnits", "idEnds", "idOrder", "pathKeyUnits", "pathKeyEnds", "headingRefs", "pathForm", "formStart", "formHeads", "chapters", "irregular", "sqUnits", "sqEnds",
  "sqHash", "hashOrder", "sqCopyOf",
] as const;

let passagesMade = 0;
/** Passage objects materialised by segments in this process (tests prove a restart makes none). */
export function passageObjectsCreated(): number {
  return passagesMade;
}

const decodeJson = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as T;

export class Segment {
  readonly meta: SegmentMeta;
  readonly passages: number;
  readonly grams: GramPostings;
  readonly words: WordIndex;
  /** Per passage: its document (index into documents()). */
  readonly doc: Uint32Array;
  private readonly p: SegmentParts;
  private docsCache: DocsJson | null = null;
  private pathsCache: HeadingRef[][] | null = null;
  private chaptersCache: ChapterRef[] | null = null;
  private irregularCache: Map<number, Passage> | null = null;
  private readonly texts: (string | undefined)[];
  private readonly made: (Passage | undefined)[];
  private idString: string | null = null;

  constructor(parts: SegmentParts) {
    this.p = parts;
    this.meta = parts.meta;
    const n = (this.passages = parts.meta.passages);
    const E = parts.meta.editions;
    for (const name of ["edition", "seq", "kind", "start", "end", "path", "chapter", "primary", "idEnds", "idOrder", "sqEnds", "sqHash", "hashOrder", "sqCopyOf"] as const) {
      if (parts[name].length !== n) throw new Error(`segment: ${name} has ${parts[name].length} rows for ${n} passages`);
    }
    for (const name of ["outlineEnds", "editionTextEnds", "editionDoc"] as const) {
      if (parts[name].length !== E) throw new Error(`segment: ${name} has ${parts[name].length} rows for ${E} editions`);
    }
    if (parts.editionFirst.length !== E + 1 || parts.editionFirst[E] !== n) throw new Error("segment: editions do not span the passages");
    if (parts.cpStart.length !== n + 1 || parts.cpStart[n] !== parts.cpOrds.length) throw new Error("segment: counterparts do not match the passages");
    if (parts.words.passages !== n) throw new Error("segment: word index does not match the passages");
    if ((E ? parts.editionTextEnds[E - 1] : 0) !== parts.editionText.length) throw new Error("segment: edition texts do not fill their block");
    if (parts.pathForm.length !== parts.pathKeyEnds.length) throw new Error("segment: path forms do not match the heading paths");
    if (parts.formStart.length === 0 || parts.formStart[parts.formStart.length - 1] !== parts.formHeads.length) throw new Error("segment: heading forms do not fill their list");
    if ((n ? parts.sqEnds[n - 1] : 0) !== parts.sqUnits.length || (n ? parts.idEnds[n - 1] : 0) !== parts.idUnits.length) throw new Error("segment: text blocks do not match their ends");
    this.grams = parts.grams;
    this.words = parts.words;
    this.doc = new Uint32Array(n);
    for (let o = 0; o < n; o++) this.doc[o] = parts.editionDoc[parts.edition[o]!]!;
    this.texts = new Array<string | undefined>(E);
    this.made = new Array<Passage | undefined>(n);
  }

  parts(): SegmentParts {
    return this.p;
  }

  /** The documents' JSON, parsed once (one object per document and edition; no passages). */
  private docsJson(): DocsJson {
    return (this.docsCache ??= decodeJson<DocsJson>(this.p.docs));
  }

  get reports(): FileReport[] {
    return this.docsJson().reports;
  }

  /**
   * The documents, each edition's `text`, `outline` and `passages` decoded on first access.
   * Built once; the same objects on every call.
   */
  private documentsCache: DocumentRecord[] | null = null;
  documents(): DocumentRecord[] {
    if (this.documentsCache) return this.documentsCache;
    const docs = this.docsJson().documents;
    if (docs.length !== this.meta.documents) throw new Error("segment: document count does not match its JSON");
    let e = 0;
    for (const doc of docs) {
      for (const ed of doc.editions) this.lazyEdition(ed, e++);
    }
    if (e !== this.meta.editions) throw new Error("segment: edition count does not match its JSON");
    return (this.documentsCache = docs);
  }

  private lazyEdition(ed: Edition, e: number): void {
    const lazy = <K extends "text" | "outline" | "passages">(key: K, make: () => Edition[K]) => {
      Object.defineProperty(ed, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          const value = make();
          Object.defineProperty(ed, key, { value, enumerable: true, configurable: true, writable: true });
          return value;
        },
        set: (value: Edition[K]) => Object.defineProperty(ed, key, { value, enumerable: true, configurable: true, writable: true }),
      });
    };
    lazy("text", () => this.editionText(e));
    lazy("outline", () => this.outline(e));
    lazy("passages", () => {
      const out: Passage[] = [];
      for (let o = this.p.editionFirst[e]!; o < this.p.editionFirst[e + 1]!; o++) out.push(this.passage(o));
      return out;
    });
  }

  editionText(e: number): string {
    let t = this.texts[e];
    if (t === undefined) {
      const from = e === 0 ? 0 : this.p.editionTextEnds[e - 1]!;
      this.texts[e] = t = unitsToString(this.p.editionText.subarray(from, this.p.editionTextEnds[e]!));
    }
    return t;
  }

  outline(e: number): OutlineNode[] {
    const from = e === 0 ? 0 : this.p.outlineEnds[e - 1]!;
    return decodeJson<OutlineNode[]>(this.p.outlines.subarray(from, this.p.outlineEnds[e]!));
  }

  /** Distinct heading paths; `path[o]` indexes them. */
  headingPaths(): HeadingRef[][] {
    if (this.pathsCache) return this.pathsCache;
    const { pathForm } = this.p;
    return (this.pathsCache = Array.from(pathForm, (_, p) => this.storedPath(p)));
  }

  private formPaths: (HeadingRef[] | undefined)[] = [];
  /** Heading path p (as `path[o]` numbers them), built from its form: paths of one form share one array. */
  storedPath(p: number): HeadingRef[] {
    const f = this.p.pathForm[p]!;
    let path = this.formPaths[f];
    if (!path) {
      const { refs, formStart, formHeads } = this.headingForms();
      path = this.formPaths[f] = [];
      for (let i = formStart[f]!; i < formStart[f + 1]!; i++) path.push(refs[formHeads[i]!]!);
    }
    return path;
  }

  /** Number of distinct heading paths (`path` indexes them). */
  get pathCount(): number {
    return this.p.pathKeyEnds.length;
  }

  private formsCache: HeadingForms | null = null;
  /** The heading paths as forms over distinct headings (SegmentParts.headingRefs): a small JSON and typed arrays. */
  headingForms(): HeadingForms {
    return (this.formsCache ??= { refs: decodeJson<HeadingRef[]>(this.p.headingRefs), pathForm: this.p.pathForm, formStart: this.p.formStart, formHeads: this.p.formHeads });
  }

  /** Per heading path, its searchable key (see SegmentParts.pathKeyUnits); no JSON parsed. */
  pathKeys(): string[] {
    const all = unitsToString(this.p.pathKeyUnits);
    const ends = this.p.pathKeyEnds;
    return Array.from(ends, (end, i) => all.slice(i === 0 ? 0 : ends[i - 1]!, end));
  }

  chapters(): ChapterRef[] {
    return (this.chaptersCache ??= decodeJson<ChapterRef[]>(this.p.chapters));
  }

  /** The passage tables (typed arrays indexed by ordinal). */
  get table(): Pick<SegmentParts, "edition" | "seq" | "kind" | "start" | "end" | "path" | "chapter" | "primary" | "cpStart" | "cpOrds" | "editionFirst" | "editionDoc"> {
    return this.p;
  }

  /** Passage o's id, without materialising the passage. */
  passageId(o: number): string {
    const from = o === 0 ? 0 : this.p.idEnds[o - 1]!;
    this.idString ??= unitsToString(this.p.idUnits);
    return this.idString.slice(from, this.p.idEnds[o]!);
  }

  /** The ordinal of a passage id (binary search over the ids' sorted order), or undefined. */
  ordinalOf(id: string): number | undefined {
    const { idUnits, idEnds, idOrder } = this.p;
    let lo = 0;
    let hi = idOrder.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const o = idOrder[mid]!;
      const from = o === 0 ? 0 : idEnds[o - 1]!;
      const len = idEnds[o]! - from;
      let c = 0;
      const m = Math.min(len, id.length);
      for (let i = 0; i < m && c === 0; i++) c = idUnits[from + i]! - id.charCodeAt(i);
      if (c === 0) c = len - id.length;
      if (c === 0) return o;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Passage o's squeezed text (folded, whitespace and invisible characters removed). */
  squeezedText(o: number): string {
    return (this.sqReader ??= this.squeezedReader())(o);
  }

  private sqReader: ((o: number) => string) | null = null;

  /** Passage o's squeezed text as code units (a view of the block: no string made). */
  squeezedUnits(o: number): Uint16Array {
    return this.p.sqUnits.subarray(o === 0 ? 0 : this.p.sqEnds[o - 1]!, this.p.sqEnds[o]!);
  }

  /**
   * Ranking reads the squeezed text of every matching passage: each passage's is decoded on its
   * first read and kept. Not the whole block at once: that cost a restart's first answer ~0.1 s
   * at ×100 (8.6 M code units) for the few thousand passages it reads.
   */
  private squeezedReader(): (o: number) => string {
    const { sqUnits, sqEnds } = this.p;
    const texts = new Array<string | undefined>(this.passages);
    return (o) => (texts[o] ??= unitsToString(sqUnits.subarray(o === 0 ? 0 : sqEnds[o - 1]!, sqEnds[o]!)));
  }

  /** Passage o as the model's object (made on first request, then the same object). */
  passage(o: number): Passage {
    const made = this.made[o];
    if (made) return made;
    if (o < 0 || o >= this.passages || !Number.isInteger(o)) throw new RangeError(`segment: no passage ${o}`);
    const whole = this.irregular().get(o);
    const p = whole ?? this.compactPassage(o);
    passagesMade++;
    this.made[o] = p;
    return p;
  }

  private compactPassage(o: number): Passage {
    const t = this.p;
    const e = t.edition[o]!;
    const doc = this.documents()[t.editionDoc[e]!]!;
    const ed = doc.editions[e - this.firstEditionOf(t.editionDoc[e]!)]!;
    const counterparts: string[] = [];
    for (let k = t.cpStart[o]!; k < t.cpStart[o + 1]!; k++) counterparts.push(this.passageId(t.cpOrds[k]!));
    const start = t.start[o]!;
    const end = t.end[o]!;
    return {
      id: this.passageId(o),
      docId: doc.id,
      editionId: ed.id,
      seq: t.seq[o]!,
      kind: this.meta.kinds[t.kind[o]!] as Passage["kind"],
      path: this.storedPath(t.path[o]!),
      text: this.editionText(e).slice(start, end),
      start,
      end,
      counterparts,
    };
  }

  private editionStarts: Uint32Array | null = null;
  /** The first edition (global index) of document d. */
  private firstEditionOf(d: number): number {
    if (!this.editionStarts) {
      const starts = new Uint32Array(this.meta.documents + 1).fill(this.meta.editions);
      for (let e = this.meta.editions - 1; e >= 0; e--) starts[this.p.editionDoc[e]!] = e;
      this.editionStarts = starts;
    }
    return this.editionStarts[d]!;
  }

  private irregular(): Map<number, Passage> {
    return (this.irregularCache ??= new Map(decodeJson<[number, Passage][]>(this.p.irregular)));
  }

  /** Cache sections, each named `<prefix><part>`. */
  toSections(prefix: string): Record<string, SectionData> {
    const out: Record<string, SectionData> = { [`${prefix}meta`]: Buffer.from(JSON.stringify(this.meta), "utf8") };
    for (const name of ARRAYS) out[`${prefix}${name}`] = this.p[name];
    Object.assign(out, this.grams.toSections(`${prefix}grams`), this.words.toSections(`${prefix}words`));
    return out;
  }

  static fromSections(sections: Record<string, Uint8Array>, prefix: string): Segment {
    const get = (name: string): Uint8Array => {
      const s = sections[name];
      if (!s) throw new Error(`cache section ${name} missing`);
      return s;
    };
    const meta = decodeJson<SegmentMeta>(get(`${prefix}meta`));
    if (meta.format !== SEGMENT_FORMAT) throw new Error(`segment format ${meta.format} is not ${SEGMENT_FORMAT}`);
    const u32 = (n: string) => viewAs(Uint32Array, get(`${prefix}${n}`), n);
    return new Segment({
      meta,
      docs: get(`${prefix}docs`),
      outlines: get(`${prefix}outlines`),
      outlineEnds: u32("outlineEnds"),
      editionText: viewAs(Uint16Array, get(`${prefix}editionText`), "editionText"),
      editionTextEnds: u32("editionTextEnds"),
      editionDoc: u32("editionDoc"),
      editionFirst: u32("editionFirst"),
      edition: u32("edition"),
      seq: u32("seq"),
      kind: get(`${prefix}kind`),
      start: u32("start"),
      end: u32("end"),
      path: u32("path"),
      chapter: viewAs(Int32Array, get(`${prefix}chapter`), "chapter"),
      primary: get(`${prefix}primary`),
      cpStart: u32("cpStart"),
      cpOrds: u32("cpOrds"),
      idUnits: viewAs(Uint16Array, get(`${prefix}idUnits`), "idUnits"),
      idEnds: u32("idEnds"),
      idOrder: u32("idOrder"),
      pathKeyUnits: viewAs(Uint16Array, get(`${prefix}pathKeyUnits`), "pathKeyUnits"),
      pathKeyEnds: u32("pathKeyEnds"),
      headingRefs: get(`${prefix}headingRefs`),
      pathForm: u32("pathForm"),
      formStart: u32("formStart"),
      formHeads: u32("formHeads"),
      chapters: get(`${prefix}chapters`),
      irregular: get(`${prefix}irregular`),
      sqUnits: viewAs(Uint16Array, get(`${prefix}sqUnits`), "sqUnits"),
      sqEnds: u32("sqEnds"),
      sqHash: u32("sqHash"),
      hashOrder: u32("hashOrder"),
      sqCopyOf: viewAs(Int32Array, get(`${prefix}sqCopyOf`), "sqCopyOf"),
      grams: GramPostings.fromSections(get, `${prefix}grams`),
      words: WordIndex.fromSections(get, `${prefix}words`),
    });
  }
}
