/**
 * Merging segments: the live passages of several segments rewritten into one, in the same order,
 * without reading or segmenting any text again — tables copied with their ordinals renumbered,
 * text and id blocks copied by ranges, postings concatenated with deleted passages dropped
 * (gram-postings.ts / word-index.ts `concat`). Heading paths, chapters and kinds are renumbered in
 * order of first use, so the result is byte for byte the segment a fresh build of the kept
 * documents makes (the test holds it to that).
 *
 * Deletion is by document: a document is dropped when all of its passages are marked; one with
 * only some marked is an error (a passage cannot leave its edition's text).
 */
import type { DocumentRecord, HeadingRef } from "../model.ts";
import { GramPostings } from "./gram-postings.ts";
import { WordIndex } from "./word-index.ts";
import type { OrdinalBitmap } from "./ordinal-bitmap.ts";
import { SEGMENT_FORMAT, Segment, type ChapterRef, type DocsJson, type SegmentParts } from "./segment.ts";
import { unitsToString } from "./text-block.ts";
import { headingForms, textHashes } from "./segment-build.ts";

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), "utf8");
const parse = <T>(b: Uint8Array): T => JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8")) as T;

/** Growable typed-array builder (the merged sizes are known only after the deletions are applied). */
class Column<T extends Uint32Array | Int32Array | Uint8Array | Uint16Array> {
  private a: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.a = make(1024);
  }
  push(x: number): void {
    if (this.length === this.a.length) this.grow(this.length + 1);
    this.a[this.length++] = x;
  }
  append(xs: ArrayLike<number>): void {
    if (this.length + xs.length > this.a.length) this.grow(this.length + xs.length);
    (this.a as unknown as { set(a: ArrayLike<number>, at: number): void }).set(xs, this.length);
    this.length += xs.length;
  }
  private grow(min: number): void {
    const b = this.make(Math.max(min, this.a.length * 2));
    (b as unknown as { set(a: ArrayLike<number>): void }).set(this.a);
    this.a = b;
  }
  done(): T {
    return this.a.slice(0, this.length) as T;
  }
}

const u32 = () => new Column((n) => new Uint32Array(n));

/**
 * `order` (optional) lists the documents of the result as [segment, document index] pairs — every
 * document of every segment once — when they are to come in another order than segment by segment
 * (the live collection puts added documents back in corpus order). Postings are concatenated run by
 * run: each run of consecutive documents of one segment is one input whose ordinals follow the previous run's.
 */
export function mergeSegments(segments: readonly Segment[], bases: Uint32Array, deleted: OrdinalBitmap, order?: readonly (readonly [number, number])[]): Segment {
  const checked = segments.map((s, k) => passageRemap(s, bases[k]!, deleted));
  const docOrder = order ?? segments.flatMap((s, k) => Array.from({ length: s.meta.documents }, (_, d) => [k, d] as const));
  const { remaps, runs } = order ? orderedRemaps(segments, checked, docOrder) : { remaps: checked, runs: segments.map((_, k) => ({ k, remap: checked[k]! })) };
  const documents: DocumentRecord[] = [];
  const reports: DocsJson["reports"] = [];
  const kinds: string[] = [];
  const out = {
    outlines: [] as Uint8Array[],
    outlineEnds: u32(),
    editionText: new Column((n) => new Uint16Array(n)),
    editionTextEnds: u32(),
    editionDoc: u32(),
    editionFirst: u32(),
    edition: u32(),
    seq: u32(),
    kind: new Column((n) => new Uint8Array(n)),
    start: u32(),
    end: u32(),
    path: u32(),
    chapter: new Column((n) => new Int32Array(n)),
    primary: new Column((n) => new Uint8Array(n)),
    cpStart: u32(),
    cpOrds: u32(),
    idUnits: new Column((n) => new Uint16Array(n)),
    idEnds: u32(),
    sqUnits: new Column((n) => new Uint16Array(n)),
    sqEnds: u32(),
    pathKeyUnits: new Column((n) => new Uint16Array(n)),
    pathKeyEnds: u32(),
  };
  const paths: HeadingRef[][] = [];
  const chapters: ChapterRef[] = [];
  const irregular: [number, unknown][] = [];
  let outlineBytes = 0;
  let ord = 0;

  const ctx = segments.map((s, k) => {
    const p = s.parts();
    const docsJson = parse<DocsJson>(p.docs);
    reports.push(...docsJson.reports);
    const editionStart: number[] = [];
    let e = 0;
    for (const doc of docsJson.documents) {
      editionStart.push(e);
      e += doc.editions.length;
    }
    return {
      p,
      remap: remaps[k]!,
      docsJson,
      editionStart,
      oldPaths: s.headingPaths(),
      oldChapters: s.chapters(),
      oldIrregular: new Map(parse<[number, unknown][]>(p.irregular)),
      newPath: new Map<number, number>(),
      newChapter: new Map<number, number>(),
      kindMap: s.meta.kinds.map((kind) => {
        let c = kinds.indexOf(kind);
        if (c < 0) c = kinds.push(kind) - 1;
        return c;
      }),
    };
  });

  for (const [k, d] of docOrder) {
    const { p, remap, docsJson, editionStart, oldPaths, oldChapters, oldIrregular, newPath, newChapter, kindMap } = ctx[k]!;
    const doc = docsJson.documents[d]!;
    {
      const firstEdition = editionStart[d]!;
      const e = firstEdition + doc.editions.length;
      const from = p.editionFirst[firstEdition]!;
      if (from < p.editionFirst[e]! && remap[from] === -1) continue; // deleted (a document without passages stays)
      const newDoc = documents.push(doc) - 1;
      for (let ed = firstEdition; ed < e; ed++) {
        const newEdition = out.editionDoc.length;
        out.editionDoc.push(newDoc);
        out.editionFirst.push(ord);
        const oFrom = ed === 0 ? 0 : p.outlineEnds[ed - 1]!;
        out.outlines.push(p.outlines.subarray(oFrom, p.outlineEnds[ed]!));
        out.outlineEnds.push((outlineBytes += p.outlineEnds[ed]! - oFrom));
        const tFrom = ed === 0 ? 0 : p.editionTextEnds[ed - 1]!;
        out.editionText.append(p.editionText.subarray(tFrom, p.editionTextEnds[ed]!));
        out.editionTextEnds.push(out.editionText.length);
        for (let o = p.editionFirst[ed]!; o < p.editionFirst[ed + 1]!; o++, ord++) {
          out.edition.push(newEdition);
          out.seq.push(p.seq[o]!);
          const kc = kindMap[p.kind[o]!]!;
          out.kind.push(kc);
          out.start.push(p.start[o]!);
          out.end.push(p.end[o]!);
          out.path.push(
            renumber(newPath, p.path[o]!, () => {
              const old = p.path[o]!;
              out.pathKeyUnits.append(p.pathKeyUnits.subarray(old === 0 ? 0 : p.pathKeyEnds[old - 1]!, p.pathKeyEnds[old]!));
              out.pathKeyEnds.push(out.pathKeyUnits.length);
              return paths.push(oldPaths[old]!) - 1;
            }),
          );
          const c = p.chapter[o]!;
          out.chapter.push(c < 0 ? -1 : renumber(newChapter, c, () => chapters.push({ ...oldChapters[c]!, doc: newDoc }) - 1));
          out.primary.push(p.primary[o]!);
          out.cpStart.push(out.cpOrds.length);
          for (let x = p.cpStart[o]!; x < p.cpStart[o + 1]!; x++) out.cpOrds.push(remap[p.cpOrds[x]!]!);
          const iFrom = o === 0 ? 0 : p.idEnds[o - 1]!;
          out.idUnits.append(p.idUnits.subarray(iFrom, p.idEnds[o]!));
          out.idEnds.push(out.idUnits.length);
          const sFrom = o === 0 ? 0 : p.sqEnds[o - 1]!;
          out.sqUnits.append(p.sqUnits.subarray(sFrom, p.sqEnds[o]!));
          out.sqEnds.push(out.sqUnits.length);
          const whole = oldIrregular.get(o);
          if (whole !== undefined) irregular.push([ord, whole]);
        }
      }
    }
  }
  out.editionFirst.push(ord);
  out.cpStart.push(out.cpOrds.length);
  // Kinds numbered by first use among the kept passages, as a fresh build numbers them.
  const kindCol = out.kind.done();
  const used: number[] = [];
  const recode = new Int32Array(kinds.length).fill(-1);
  for (const c of kindCol) if (recode[c]! < 0) recode[c] = used.push(c) - 1;
  for (let i = 0; i < kindCol.length; i++) kindCol[i] = recode[kindCol[i]!]!;

  const idUnits = out.idUnits.done();
  const idEnds = out.idEnds.done();
  const ids = unitsToString(idUnits);
  const idOf = (o: number) => ids.slice(o === 0 ? 0 : idEnds[o - 1]!, idEnds[o]!);
  const idList = Array.from({ length: ord }, (_, o) => idOf(o));
  const idOrder = Uint32Array.from(idList.keys()).sort((a, b) => (idList[a]! < idList[b]! ? -1 : idList[a]! > idList[b]! ? 1 : a - b));

  const sqUnits = out.sqUnits.done();
  const sqEnds = out.sqEnds.done();
  const parts: SegmentParts = {
    meta: { format: SEGMENT_FORMAT, documents: documents.length, editions: out.editionDoc.length, passages: ord, kinds: used.map((c) => kinds[c]!) },
    docs: json({ documents, reports }),
    outlines: Buffer.concat(out.outlines),
    outlineEnds: out.outlineEnds.done(),
    editionText: out.editionText.done(),
    editionTextEnds: out.editionTextEnds.done(),
    editionDoc: out.editionDoc.done(),
    editionFirst: out.editionFirst.done(),
    edition: out.edition.done(),
    seq: out.seq.done(),
    kind: kindCol,
    start: out.start.done(),
    end: out.end.done(),
    path: out.path.done(),
    chapter: out.chapter.done(),
    primary: out.primary.done(),
    cpStart: out.cpStart.done(),
    cpOrds: out.cpOrds.done(),
    idUnits,
    idEnds,
    idOrder,
    pathKeyUnits: out.pathKeyUnits.done(),
    pathKeyEnds: out.pathKeyEnds.done(),
    ...headingForms(paths),
    chapters: json(chapters),
    irregular: json(irregular),
    sqUnits,
    sqEnds,
    ...textHashes(sqUnits, sqEnds),
    grams: GramPostings.concat(runs.map(({ k, remap }) => ({ grams: segments[k]!.grams, remap }))),
    words: WordIndex.concat(runs.map(({ k, remap }) => ({ words: segments[k]!.words, remap }))),
  };
  return new Segment(parts);
}

function renumber(map: Map<number, number>, old: number, add: () => number): number {
  let v = map.get(old);
  if (v === undefined) map.set(old, (v = add()));
  return v;
}

/**
 * Segment-local ordinal → merged ordinal, -1 for deleted passages. Checks that every document is
 * deleted whole or not at all.
 */
function passageRemap(s: Segment, base: number, deleted: OrdinalBitmap): Int32Array {
  const remap = new Int32Array(s.passages);
  const docState = new Int8Array(s.meta.documents); // 0 unseen, 1 live, 2 deleted
  let next = 0;
  for (let k = 0; k < base; k++) if (!deleted.has(k)) next++;
  for (let o = 0; o < s.passages; o++) {
    const dead = deleted.has(base + o);
    const d = s.doc[o]!;
    const state = dead ? 2 : 1;
    if (docState[d] !== 0 && docState[d] !== state) throw new Error(`merge: document ${s.documents()[d]?.id ?? d} is only partly deleted`);
    docState[d] = state;
    remap[o] = dead ? -1 : next++;
  }
  return remap;
}


/**
 * Merged ordinals when documents come in `order`: per segment, the remap of all its passages (for
 * counterparts); per run of consecutive documents of one segment, a remap of that run's passages
 * only (-1 elsewhere), so that each posting input is ascending and above the previous one's.
 */
function orderedRemaps(segments: readonly Segment[], checked: readonly Int32Array[], order: readonly (readonly [number, number])[]): { remaps: Int32Array[]; runs: { k: number; remap: Int32Array }[] } {
  const remaps = segments.map((s) => new Int32Array(s.passages).fill(-1));
  const firsts = segments.map((s) => docPassageStarts(s));
  const runs: { k: number; remap: Int32Array }[] = [];
  let next = 0;
  let last: readonly [number, number] | null = null;
  for (const [k, d] of order) {
    if (!last || last[0] !== k || last[1] !== d - 1) runs.push({ k, remap: new Int32Array(segments[k]!.passages).fill(-1) });
    last = [k, d];
    const run = runs.at(-1)!;
    for (let o = firsts[k]![d]!; o < firsts[k]![d + 1]!; o++) {
      if (checked[k]![o]! < 0) continue;
      remaps[k]![o] = run.remap[o] = next++;
    }
  }
  return { remaps, runs };
}

/** First passage of each document of a segment (a document's passages are consecutive), then the end. */
function docPassageStarts(s: Segment): number[] {
  const starts = new Array<number>(s.meta.documents + 1).fill(s.passages);
  for (let o = s.passages - 1; o >= 0; o--) starts[s.doc[o]!] = o;
  for (let d = s.meta.documents - 1; d >= 0; d--) if (starts[d]! > starts[d + 1]!) starts[d] = starts[d + 1]!;
  return starts;
}
