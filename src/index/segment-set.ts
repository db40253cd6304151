/**
 * Several segments searched as one collection, with deletion marks — how documents added to a
 * running server (the live collection) live beside the main index until a merge folds them in.
 *
 * Ordinals of segment k are offset by the passages of the segments before it (`bases[k]`), so
 * corpus order is segment order. A gram's or word's postings are the concatenation of the
 * segments' lists, each shifted by its base, less the deleted ordinals. Deleting a document marks
 * its passages in a bitmap: they stop matching at once and leave at the next `merge()`, which
 * rewrites the live passages into one segment without segmenting any text again.
 *
 * One segment without deletions (every build today) is served straight from the segment's arrays.
 */
import type { DocumentRecord, HeadingRef, Passage } from "../model.ts";
import { gramKey, type LiteralHits } from "./gram-postings.ts";
import { OrdinalBitmap } from "./ordinal-bitmap.ts";
import type { ChapterRef, HeadingForms, Segment } from "./segment.ts";
import { mergeSegments } from "./segment-merge.ts";
import { classesByCopy, identicalGroups, orderByHash, sameUnits, type IdenticalGroups } from "./text-hash.ts";

/** Character-gram postings as search reads them (GramPostings for one segment). */
export interface GramIndex {
  get(gram: string): Uint32Array;
  getKey(key: number): Uint32Array;
  counts(gram: string): Uint8Array;
  countsByKey(key: number): Uint8Array;
  df(gram: string): number;
  /** See GramPostings.literal. */
  literal(needle: string): LiteralHits | null;
  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array;
}

/** Word postings and BM25 statistics as search reads them (WordIndex for one segment). */
export interface WordLookup {
  readonly lengths: Uint32Array;
  readonly avgLength: number;
  readonly passages: number;
  df(word: string): number;
  get(word: string): Uint32Array;
  all(words: readonly string[]): number[];
}

/** The per-passage tables over the whole set (typed arrays indexed by ordinal). */
export interface SetTables {
  /** Document of each passage: index into `documents`. */
  doc: Uint32Array;
  /** Heading path of each passage: index into `headingPaths`. */
  path: Uint32Array;
  /** Top-level heading: index into `chapters` (whose `doc` indexes `documents`), -1 when none. */
  chapter: Int32Array;
  kind: Uint8Array;
  /** 1 when the passage belongs to its document's primary edition. */
  primary: Uint8Array;
  /** Counterparts (the same clause in the document's other editions) as CSR of ordinals. */
  cpStart: Uint32Array;
  cpOrds: Uint32Array;
  /** Edition of each passage: index into the editions of `documents`, taken in order (document by document). */
  edition: Uint32Array;
  /** Passages with the same squeezed text in two or more documents (text-hash.ts). */
  identical: IdenticalGroups;
  /** Deletion marks (the set's own bitmap, so later marks show): a marked passage is never a hit. */
  deleted: OrdinalBitmap;
}

export class SegmentSet {
  readonly bases: Uint32Array;
  readonly passages: number;
  readonly deleted: OrdinalBitmap;
  private readonly direct: { grams: GramIndex; words: WordLookup } | null;
  private readonly joined: { grams: GramIndex; words: SetWords };
  private readonly docBases: number[] = [];
  private tablesCache: SetTables | null = null;
  private formsCache: HeadingForms | null = null;
  /**
   * The set this one extends (its segments a prefix of these: the live collection's previous
   * snapshot), so that tables() and headingForms() copy its rows and build only the new segments'.
   * Dropped once both are built (no chain of old sets is kept alive).
   */
  private base: SegmentSet | null;
  /** Rows of tables() copied from the base set and rows built from segments (build counters). */
  readonly tableRows = { copied: 0, built: 0 };

  constructor(
    readonly segments: readonly Segment[],
    deleted?: OrdinalBitmap,
    base?: SegmentSet,
  ) {
    this.bases = new Uint32Array(segments.length + 1);
    segments.forEach((s, k) => (this.bases[k + 1] = this.bases[k]! + s.passages));
    this.passages = this.bases[segments.length]!;
    this.deleted = deleted ?? new OrdinalBitmap(this.passages);
    if (this.deleted.size !== this.passages) throw new Error("segment set: deletion marks do not match the passages");
    let d = 0;
    for (const s of segments) {
      this.docBases.push(d);
      d += s.meta.documents;
    }
    this.direct = segments.length === 1 ? { grams: new SegmentGrams(segments[0]!), words: segments[0]!.words } : null;
    this.joined = { grams: new SetGrams(this), words: new SetWords(this) };
    const prefix = base !== undefined && base.segments.length <= segments.length && base.segments.every((x, k) => segments[k] === x);
    // One segment serves its own arrays: nothing to extend (and no base kept alive).
    this.base = prefix && segments.length > 1 ? base : null;
  }

  /** The base set, while this set still has something to build from it. */
  private baseFor(): SegmentSet | null {
    const b = this.base;
    if (b && this.tablesCache && this.formsCache) this.base = null;
    return b;
  }

  /** Gram postings of the live passages (one segment without deletions: its own arrays). */
  get grams(): GramIndex {
    return this.direct && this.deleted.cardinality === 0 ? this.direct.grams : this.joined.grams;
  }

  /** Word postings and statistics of the live passages. */
  get words(): WordLookup {
    return this.direct && this.deleted.cardinality === 0 ? this.direct.words : this.joined.words;
  }

  /** The segment holding an ordinal and the ordinal within it. */
  locate(ord: number): [number, number] {
    if (ord < 0 || ord >= this.passages) throw new RangeError(`no passage ${ord}`);
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.bases[mid]! <= ord) lo = mid;
      else hi = mid - 1;
    }
    return [lo, ord - this.bases[lo]!];
  }

  /** Every document of every segment, deleted ones included (table indexes refer to this list). */
  private allDocs: DocumentRecord[] | null = null;
  allDocuments(): DocumentRecord[] {
    return (this.allDocs ??= this.segments.flatMap((s) => s.documents()));
  }

  /** The documents that are not deleted. */
  documents(): DocumentRecord[] {
    const all = this.allDocuments();
    if (this.deleted.cardinality === 0) return all;
    const dead = new Set<number>();
    const t = this.tables();
    for (let o = 0; o < this.passages; o++) if (this.deleted.has(o)) dead.add(t.doc[o]!);
    return all.filter((_, d) => !dead.has(d));
  }

  /** Marks every passage of the document deleted; returns how many were marked. */
  deleteDocument(docId: string): number {
    let marked = 0;
    this.segments.forEach((s, k) => {
      const docs = s.documents();
      const d = docs.findIndex((x) => x.id === docId);
      if (d < 0) return;
      for (let o = 0; o < s.passages; o++) {
        if (s.doc[o] !== d) continue;
        const ord = this.bases[k]! + o;
        if (!this.deleted.has(ord)) marked++;
        this.deleted.add(ord);
      }
    });
    return marked;
  }

  passage(ord: number): Passage {
    const [k, o] = this.locate(ord);
    return this.segments[k]!.passage(o);
  }

  passageId(ord: number): string {
    const [k, o] = this.locate(ord);
    return this.segments[k]!.passageId(o);
  }

  /** The live ordinal of a passage id (a deleted passage is not found). */
  ordinalOf(id: string): number | undefined {
    for (let k = this.segments.length - 1; k >= 0; k--) {
      const o = this.segments[k]!.ordinalOf(id);
      if (o !== undefined && !this.deleted.has(this.bases[k]! + o)) return this.bases[k]! + o;
    }
    return undefined;
  }

  squeezedText(ord: number): string {
    if (this.segments.length === 1) return this.segments[0]!.squeezedText(ord);
    const [k, o] = this.locate(ord);
    return this.segments[k]!.squeezedText(o);
  }

  /** Heading paths of all segments, numbered as `tables().path` numbers them. */
  headingPaths(): HeadingRef[][] {
    return this.segments.flatMap((s) => s.headingPaths());
  }

  /** The heading paths (numbered as headingPaths()) as forms over distinct headings, without parsing the paths. */
  headingForms(): HeadingForms {
    if (this.segments.length === 1) return this.segments[0]!.headingForms();
    if (this.formsCache) return this.formsCache;
    const base = this.baseFor();
    const from = base ? base.segments.length : 0;
    const b = base?.headingForms();
    const refs: HeadingRef[] = b ? b.refs.slice() : [];
    const pathForm: number[] = b ? Array.from(b.pathForm) : [];
    const formStart: number[] = b ? Array.from(b.formStart) : [0];
    const formHeads: number[] = b ? Array.from(b.formHeads) : [];
    for (const s of this.segments.slice(from)) {
      const f = s.headingForms();
      const refBase = refs.length;
      const formBase = formStart.length - 1;
      refs.push(...f.refs);
      for (const x of f.pathForm) pathForm.push(x + formBase);
      for (let k = 0; k + 1 < f.formStart.length; k++) {
        for (let i = f.formStart[k]!; i < f.formStart[k + 1]!; i++) formHeads.push(f.formHeads[i]! + refBase);
        formStart.push(formHeads.length);
      }
    }
    this.formsCache = { refs, pathForm: Uint32Array.from(pathForm), formStart: Uint32Array.from(formStart), formHeads: Uint32Array.from(formHeads) };
    this.baseFor();
    return this.formsCache;
  }

  /** Per heading path (numbered as headingPaths()), its searchable key. */
  pathKeys(): string[] {
    return this.segments.flatMap((s) => s.pathKeys());
  }

  chapters(): ChapterRef[] {
    return this.segments.flatMap((s, k) => s.chapters().map((c) => ({ ...c, doc: c.doc + this.docBases[k]! })));
  }

  /** The per-passage tables over the set (the segment's own arrays when there is one). */
  tables(): SetTables {
    if (this.tablesCache) return this.tablesCache;
    const base = this.baseFor();
    if (base && this.segments.length > 1) {
      this.tablesCache = this.extendTables(base);
      this.baseFor();
      return this.tablesCache;
    }
    if (this.segments.length === 1) {
      const s = this.segments[0]!;
      const t = s.table;
      const { sqHash, hashOrder, sqCopyOf } = s.parts();
      // one segment: its first copies are exact, so no text is compared
      const identical = identicalGroups(s.passages, hashOrder, sqHash, sqCopyOf, s.doc, () => false);
      this.tableRows.built += s.passages;
      return (this.tablesCache = { doc: s.doc, path: t.path, chapter: t.chapter, kind: kindCodes(this.segments)[0]!, primary: t.primary, cpStart: t.cpStart, cpOrds: t.cpOrds, edition: t.edition, identical, deleted: this.deleted });
    }
    const n = this.passages;
    const out = {
      doc: new Uint32Array(n),
      path: new Uint32Array(n),
      chapter: new Int32Array(n),
      kind: new Uint8Array(n),
      primary: new Uint8Array(n),
      cpStart: new Uint32Array(n + 1),
      cpOrds: new Uint32Array(0),
      edition: new Uint32Array(n),
    };
    const hash = new Uint32Array(n);
    const copyOf = new Int32Array(n);
    const kinds = kindCodes(this.segments);
    let pathBase = 0;
    let chapterBase = 0;
    let editionBase = 0;
    const cps: number[] = [];
    this.segments.forEach((s, k) => {
      const b = this.bases[k]!;
      hash.set(s.parts().sqHash, b);
      const cp = s.parts().sqCopyOf;
      for (let o = 0; o < s.passages; o++) copyOf[b + o] = cp[o]! + b;
      putRows(out, s, b, { doc: this.docBases[k]!, path: pathBase, chapter: chapterBase, edition: editionBase, cp: 0 }, kinds[k]!, cps);
      pathBase += s.pathCount;
      chapterBase += s.chapters().length;
      editionBase += s.meta.editions;
    });
    out.cpStart[n] = cps.length;
    out.cpOrds = Uint32Array.from(cps);
    // first copies are exact within a segment: only those of different segments are compared
    const identical = identicalGroups(n, orderByHash(hash), hash, copyOf, out.doc, this.sameFirstCopies);
    this.tableRows.built += n;
    return (this.tablesCache = { ...out, identical, deleted: this.deleted });
  }

  /** Two first copies (sqCopyOf) hold the same text: only those of different segments can. */
  private readonly sameFirstCopies = (a: number, b: number): boolean => this.locate(a)[0] !== this.locate(b)[0] && sameUnits(this.squeezedUnits(a), this.squeezedUnits(b));

  /**
   * The tables of a set whose first segments are the base set's: the base's rows copied as they
   * are (typed-array copies, nothing looked up per passage), the new segments' rows built, and the
   * identical-text groups redone only for the hashes the new passages carry.
   */
  private extendTables(base: SegmentSet): SetTables {
    const bt = base.tables();
    const n = this.passages;
    const n0 = base.passages;
    const k0 = base.segments.length;
    const grow = <T extends Uint32Array | Int32Array | Uint8Array>(a: T, make: (len: number) => T, len = n): T => {
      const out = make(len);
      out.set(a.subarray(0, Math.min(a.length, len)) as never);
      return out;
    };
    const out = {
      doc: grow(bt.doc, (l) => new Uint32Array(l)),
      path: grow(bt.path, (l) => new Uint32Array(l)),
      chapter: grow(bt.chapter, (l) => new Int32Array(l)),
      kind: grow(bt.kind, (l) => new Uint8Array(l)),
      primary: grow(bt.primary, (l) => new Uint8Array(l)),
      cpStart: grow(bt.cpStart.subarray(0, n0), (l) => new Uint32Array(l), n + 1),
      edition: grow(bt.edition, (l) => new Uint32Array(l)),
    };
    let pathBase = 0;
    let chapterBase = 0;
    let editionBase = 0;
    for (const s of this.segments.slice(0, k0)) {
      pathBase += s.pathCount;
      chapterBase += s.chapters().length;
      editionBase += s.meta.editions;
    }
    const kinds = kindCodes(this.segments);
    const cps: number[] = [];
    const cpBase = bt.cpStart[n0]!;
    for (let k = k0; k < this.segments.length; k++) {
      const s = this.segments[k]!;
      const b = this.bases[k]!;
      putRows(out, s, b, { doc: this.docBases[k]!, path: pathBase, chapter: chapterBase, edition: editionBase, cp: cpBase }, kinds[k]!, cps);
      pathBase += s.pathCount;
      chapterBase += s.chapters().length;
      editionBase += s.meta.editions;
    }
    out.cpStart[n] = cpBase + cps.length;
    const cpOrds = new Uint32Array(cpBase + cps.length);
    cpOrds.set(bt.cpOrds.subarray(0, cpBase));
    cpOrds.set(cps, cpBase);
    this.tableRows.copied += n0;
    this.tableRows.built += n - n0;
    const identical = this.extendIdentical(bt.identical, k0, out.doc);
    return { ...out, cpOrds, identical, deleted: this.deleted };
  }

  /**
   * Identical-text groups over the set, from the base's groups: only the hashes the new segments'
   * passages carry are grouped again (their passages with the base's passages of the same hash,
   * found by binary search in each base segment's hash order); every other group is kept.
   * Numbered by first member, members ascending, as identicalGroups numbers them.
   */
  private extendIdentical(old: IdenticalGroups, k0: number, docOf: Uint32Array): IdenticalGroups {
    const n = this.passages;
    const fresh = new Map<number, number[]>();
    for (let k = k0; k < this.segments.length; k++) {
      const { sqHash, hashOrder } = this.segments[k]!.parts();
      const b = this.bases[k]!;
      for (const o of hashOrder) {
        const h = sqHash[o]!;
        (fresh.get(h) ?? fresh.set(h, []).get(h)!).push(b + o);
      }
    }
    const dropped = new Set<number>();
    const made: number[][] = [];
    const copyOf = (ord: number): number => {
      const [k, o] = this.locate(ord);
      return this.segments[k]!.parts().sqCopyOf[o]! + this.bases[k]!;
    };
    for (const [h, added] of fresh) {
      const members: number[] = [];
      for (let k = 0; k < k0; k++) {
        const { sqHash, hashOrder } = this.segments[k]!.parts();
        let lo = 0;
        let hi = hashOrder.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (sqHash[hashOrder[mid]!]! < h) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < hashOrder.length && sqHash[hashOrder[i]!] === h; i++) members.push(hashOrder[i]! + this.bases[k]!);
      }
      for (const o of members) if (old.groupOf[o]! >= 0) dropped.add(old.groupOf[o]!);
      members.push(...added);
      if (members.length < 2) continue;
      classesByCopy(members, copyOf, this.sameFirstCopies, (list) => {
        const d = docOf[list[0]!]!;
        if (!list.every((o) => docOf[o] === d)) made.push(list);
      });
    }
    const groups: { first: number; list: ArrayLike<number> }[] = made.map((list) => ({ first: list[0]!, list }));
    for (let g = 0; g + 1 < old.start.length; g++) {
      if (!dropped.has(g)) groups.push({ first: old.ords[old.start[g]!]!, list: old.ords.subarray(old.start[g]!, old.start[g + 1]!) });
    }
    groups.sort((a, b) => a.first - b.first);
    const groupOf = new Int32Array(n).fill(-1);
    const start = new Int32Array(groups.length + 1);
    const ords = new Int32Array(groups.reduce((t, x) => t + x.list.length, 0));
    let at = 0;
    groups.forEach(({ list }, g) => {
      for (let i = 0; i < list.length; i++) {
        ords[at++] = list[i]!;
        groupOf[list[i]!] = g;
      }
      start[g + 1] = at;
    });
    return { groupOf, start, ords };
  }

  /** A passage's squeezed text as code units (a view: no string made). */
  squeezedUnits(ord: number): Uint16Array {
    const [k, o] = this.locate(ord);
    return this.segments[k]!.squeezedUnits(o);
  }

  /** Passage kinds by the codes in `tables().kind`. */
  kinds(): string[] {
    return unionKinds(this.segments);
  }

  /**
   * One segment holding the live passages, without segmenting text again: in the same order, or
   * with the documents in `order` ([segment, document index] pairs, see mergeSegments).
   */
  merge(order?: readonly (readonly [number, number])[]): Segment {
    return mergeSegments(this.segments, this.bases, this.deleted, order);
  }
}

/** The kinds of all segments in one list (first appearance order), and each segment's codes in it. */
function unionKinds(segments: readonly Segment[]): string[] {
  const all: string[] = [];
  for (const s of segments) for (const k of s.meta.kinds) if (!all.includes(k)) all.push(k);
  return all;
}

/** The typed rows a segment's passages take in a set's tables, starting at ordinal b (ids offset by `base`). */
type RowTables = Pick<SetTables, "doc" | "path" | "chapter" | "kind" | "primary" | "cpStart" | "edition">;

function putRows(out: RowTables, s: Segment, b: number, base: { doc: number; path: number; chapter: number; edition: number; cp: number }, kind: Uint8Array, cps: number[]): void {
  const t = s.table;
  for (let o = 0; o < s.passages; o++) {
    out.doc[b + o] = s.doc[o]! + base.doc;
    out.path[b + o] = t.path[o]! + base.path;
    out.chapter[b + o] = t.chapter[o]! < 0 ? -1 : t.chapter[o]! + base.chapter;
    out.kind[b + o] = kind[o]!;
    out.primary[b + o] = t.primary[o]!;
    out.edition[b + o] = t.edition[o]! + base.edition;
    out.cpStart[b + o] = base.cp + cps.length;
    for (let c = t.cpStart[o]!; c < t.cpStart[o + 1]!; c++) cps.push(t.cpOrds[c]! + b);
  }
}

function kindCodes(segments: readonly Segment[]): Uint8Array[] {
  const all = unionKinds(segments);
  return segments.map((s) => {
    const map = s.meta.kinds.map((k) => all.indexOf(k));
    if (map.every((m, i) => m === i)) return s.table.kind;
    return Uint8Array.from(s.table.kind, (c) => map[c]!);
  });
}

/** One segment's grams as search reads them: literals proven with its own squeezed texts for the rare over-long passage. */
class SegmentGrams implements GramIndex {
  constructor(private readonly s: Segment) {}
  get(gram: string): Uint32Array {
    return this.s.grams.get(gram);
  }
  getKey(key: number): Uint32Array {
    return this.s.grams.getKey(key);
  }
  counts(gram: string): Uint8Array {
    return this.s.grams.counts(gram);
  }
  countsByKey(key: number): Uint8Array {
    return this.s.grams.countsByKey(key);
  }
  df(gram: string): number {
    return this.s.grams.df(gram);
  }
  literal(needle: string): LiteralHits | null {
    return this.s.grams.literal(needle, (o) => this.s.squeezedText(o));
  }
  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array {
    return this.s.grams.bigramWeightSums(passages, weight);
  }
}

/** Grams over several segments: lists concatenated with the segments' bases, deleted ordinals dropped. */
class SetGrams implements GramIndex {
  constructor(private readonly set: SegmentSet) {}

  private join(lists: (k: number) => ArrayLike<number>): Uint32Array {
    const parts = this.set.segments.map((_, k) => lists(k));
    const out = new Uint32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    parts.forEach((p, k) => {
      const b = this.set.bases[k]!;
      for (let i = 0; i < p.length; i++) out[at++] = p[i]! + b;
    });
    return out;
  }

  /** The positions (in the joined list) that survive deletion, or null when all do. */
  private alive(list: Uint32Array): Uint32Array | null {
    if (this.set.deleted.cardinality === 0) return null;
    const keep: number[] = [];
    for (let i = 0; i < list.length; i++) if (!this.set.deleted.has(list[i]!)) keep.push(i);
    return keep.length === list.length ? null : Uint32Array.from(keep);
  }

  getKey(key: number): Uint32Array {
    return this.set.deleted.filter(this.join((k) => this.set.segments[k]!.grams.getKey(key)));
  }

  countsByKey(key: number): Uint8Array {
    const ords = this.join((k) => this.set.segments[k]!.grams.getKey(key));
    const counts = new Uint8Array(ords.length);
    let at = 0;
    for (const s of this.set.segments) {
      const c = s.grams.countsByKey(key);
      counts.set(c, at);
      at += c.length;
    }
    const keep = this.alive(ords);
    return keep ? Uint8Array.from(keep, (i) => counts[i]!) : counts;
  }

  get(gram: string): Uint32Array {
    return this.getKey(gramKey(gram));
  }

  counts(gram: string): Uint8Array {
    return this.countsByKey(gramKey(gram));
  }

  df(gram: string): number {
    return this.get(gram).length;
  }

  literal(needle: string): LiteralHits | null {
    const parts: LiteralHits[] = [];
    for (const s of this.set.segments) {
      const hits = s.grams.literal(needle, (o) => s.squeezedText(o));
      if (!hits) return null;
      parts.push(hits);
    }
    const ords = this.join((k) => parts[k]!.ords);
    const tf = new Uint32Array(ords.length);
    let at = 0;
    for (const p of parts) {
      tf.set(p.tf, at);
      at += p.tf.length;
    }
    let first: Int32Array | undefined;
    if (parts.every((p) => p.first)) {
      first = new Int32Array(ords.length);
      at = 0;
      for (const p of parts) {
        first.set(p.first!, at);
        at += p.first!.length;
      }
    }
    const keep = this.alive(ords);
    if (!keep) return first ? { ords, tf, first } : { ords, tf };
    const out: LiteralHits = { ords: Uint32Array.from(keep, (i) => ords[i]!), tf: Uint32Array.from(keep, (i) => tf[i]!) };
    if (first) out.first = Int32Array.from(keep, (i) => first[i]!);
    return out;
  }

  bigramWeightSums(passages: number, weight: (df: number) => number): Float64Array {
    // Weights need the collection's df of each bigram: gather every segment's bigram keys once.
    const keys = new Set<number>();
    for (const s of this.set.segments) {
      const { keys: ks } = s.grams.parts();
      for (const key of ks) if (key >= 65536) keys.add(key);
    }
    const sums = new Float64Array(passages);
    for (const key of keys) {
      const ords = this.getKey(key);
      const w = weight(ords.length);
      for (const o of ords) sums[o] += w;
    }
    return sums;
  }
}

/** Words over several segments, deleted passages dropped (their length too, from the average). */
class SetWords implements WordLookup {
  readonly lengths: Uint32Array;
  readonly passages: number;
  private avg = 0;
  /** Deletions the average was computed with (-1: never computed). */
  private avgAt = -1;

  constructor(private readonly set: SegmentSet) {
    this.passages = set.passages;
    this.lengths = new Uint32Array(set.passages);
    set.segments.forEach((s, k) => this.lengths.set(s.words.lengths, set.bases[k]!));
  }

  /** Mean length of the live passages (recomputed after a deletion). */
  get avgLength(): number {
    if (this.avgAt === this.set.deleted.cardinality) return this.avg;
    let sum = 0;
    let live = 0;
    for (let o = 0; o < this.passages; o++) {
      if (this.set.deleted.has(o)) continue;
      sum += this.lengths[o]!;
      live++;
    }
    this.avgAt = this.set.deleted.cardinality;
    return (this.avg = live ? sum / live : 0);
  }

  get(word: string): Uint32Array {
    const parts = this.set.segments.map((s) => s.words.get(word));
    const out = new Uint32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    parts.forEach((p, k) => {
      for (let i = 0; i < p.length; i++) out[at++] = p[i]! + this.set.bases[k]!;
    });
    return this.set.deleted.filter(out);
  }

  df(word: string): number {
    return this.get(word).length;
  }

  all(words: readonly string[]): number[] {
    return passagesWithAll(words, (w) => this.get(w));
  }
}

/** The passages holding every one of the words (WordLookup.all), shortest list first. */
export function passagesWithAll(words: readonly string[], listOf: (word: string) => ArrayLike<number>): number[] {
  const lists = [...new Set(words)].map(listOf).sort((a, b) => a.length - b.length);
  if (lists.length === 0) return [];
  let cur = Array.from(lists[0]!);
  for (const list of lists.slice(1)) {
    const s = new Set(Array.from(list));
    cur = cur.filter((x) => s.has(x));
  }
  return cur;
}
