/**
 * Builds a Segment from what ingest read (the corpus) and what the per-passage work made of its
 * passages, in ordinal order (their words, cut in chunks by word-cut.ts; their squeezed texts and
 * gram postings, char-index.ts): the passage and edition tables, the text and id blocks, the
 * documents' JSON, and the word index.
 */
import type { Corpus, DocumentRecord, Edition, HeadingRef, Passage } from "../model.ts";
import { squeeze } from "../analysis/squeeze.ts";
import { WordIndex } from "./word-index.ts";
import type { ChunkWords } from "./word-cut.ts";
import type { CharIndex } from "./char-index.ts";
import { packTexts } from "./text-block.ts";
import { firstCopies, hashTexts } from "./text-hash.ts";
import { SEGMENT_FORMAT, Segment, type ChapterRef, type SegmentParts } from "./segment.ts";

/** The passage fields in the order ingest creates them (passages.ts); a passage with others is kept whole. */
const PASSAGE_KEYS = "id,docId,editionId,seq,kind,path,text,start,end,counterparts";

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), "utf8");

/** What the per-passage work made: each chunk's words, and the character side of every passage. */
export interface PassageIndex extends CharIndex {
  words: readonly ChunkWords[];
}

export function buildSegment(corpus: Corpus, index: PassageIndex): Segment {
  const editions: { doc: number; e: Edition; docRecord: DocumentRecord }[] = [];
  corpus.documents.forEach((d, doc) => d.editions.forEach((e) => editions.push({ doc, e, docRecord: d })));
  const passages: Passage[] = [];
  for (const { e } of editions) for (const p of e.passages) passages.push(p);
  const n = passages.length;
  const cut = index.words.reduce((s, c) => s + c.lengths.length, 0);
  if (cut !== n || index.sqEnds.length !== n) throw new Error(`segment build: ${cut} passages cut and ${index.sqEnds.length} squeezed for ${n} in the corpus`);

  const t = passageTables(editions, passages);
  const ids = packTexts(passages.map((p) => p.id));
  const idOrder = Uint32Array.from(passages.keys()).sort((a, b) => (passages[a]!.id < passages[b]!.id ? -1 : passages[a]!.id > passages[b]!.id ? 1 : a - b));
  const texts = packTexts(editions.map(({ e }) => e.text));
  const outlines = editions.map(({ e }) => json(e.outline));
  const outlineEnds = new Uint32Array(editions.length);
  outlines.reduce((at, b, i) => (outlineEnds[i] = at + b.length), 0);

  const parts: SegmentParts = {
    meta: { format: SEGMENT_FORMAT, documents: corpus.documents.length, editions: editions.length, passages: n, kinds: t.kinds },
    docs: json({ documents: corpus.documents.map(documentShell), reports: corpus.reports }),
    outlines: Buffer.concat(outlines),
    outlineEnds,
    editionText: texts.codes,
    editionTextEnds: texts.ends,
    editionDoc: Uint32Array.from(editions, (x) => x.doc),
    editionFirst: t.editionFirst,
    edition: t.edition,
    seq: t.seq,
    kind: t.kind,
    start: t.start,
    end: t.end,
    path: t.path,
    chapter: t.chapter,
    primary: t.primary,
    cpStart: t.cpStart,
    cpOrds: t.cpOrds,
    idUnits: ids.codes,
    idEnds: ids.ends,
    idOrder,
    ...pathKeys(t.paths),
    ...headingForms(t.paths),
    chapters: json(t.chapters),
    irregular: json(t.irregular),
    sqUnits: index.sqUnits,
    sqEnds: index.sqEnds,
    ...textHashes(index.sqUnits, index.sqEnds),
    grams: index.grams,
    words: WordIndex.build(index.words),
  };
  return new Segment(parts);
}

/** The squeezed texts' hashes and hash order (what identical passages are found by at open). */
export function textHashes(units: Uint16Array, ends: Uint32Array): Pick<SegmentParts, "sqHash" | "hashOrder" | "sqCopyOf"> {
  const { hash, order } = hashTexts(units, ends);
  return { sqHash: hash, hashOrder: order, sqCopyOf: firstCopies(units, ends, hash, order) };
}

/** What `in:` filters and the heading boost search in a heading path: each heading's squeezed label+title, joined by U+0001. */
export function headingKey(path: readonly HeadingRef[]): string {
  return path.map((h) => squeeze(h.label + h.title).text).join("\u0001");
}

/**
 * The paths as forms over distinct headings (SegmentParts.headingRefs): paths are numbered per
 * document, but most documents repeat the same headings, so the forms are few and search builds
 * its heading tables from them without parsing every path.
 */
export function headingForms(paths: readonly (readonly HeadingRef[])[]): Pick<SegmentParts, "headingRefs" | "pathForm" | "formStart" | "formHeads"> {
  const refs: HeadingRef[] = [];
  const refIndex = new Map<string, number>();
  const formIndex = new Map<string, number>();
  const pathForm = new Uint32Array(paths.length);
  const formStart: number[] = [0];
  const formHeads: number[] = [];
  paths.forEach((path, p) => {
    const heads = path.map((h) => {
      const k = JSON.stringify(h);
      let i = refIndex.get(k);
      if (i === undefined) refIndex.set(k, (i = refs.push(h) - 1));
      return i;
    });
    const key = heads.join(",");
    let f = formIndex.get(key);
    if (f === undefined) {
      formIndex.set(key, (f = formStart.length - 1));
      formHeads.push(...heads);
      formStart.push(formHeads.length);
    }
    pathForm[p] = f;
  });
  return { headingRefs: json(refs), pathForm, formStart: Uint32Array.from(formStart), formHeads: Uint32Array.from(formHeads) };
}

function pathKeys(paths: readonly HeadingRef[][]): Pick<SegmentParts, "pathKeyUnits" | "pathKeyEnds"> {
  const keys = packTexts(paths.map(headingKey));
  return { pathKeyUnits: keys.codes, pathKeyEnds: keys.ends };
}

/** A document as its JSON keeps it: every field in its order, editions' text, outline and passages left out. */
function documentShell(d: DocumentRecord): DocumentRecord {
  return { ...d, editions: d.editions.map((e) => ({ ...e, text: "", outline: [], passages: [] })) };
}

interface Tables {
  kinds: string[];
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
  paths: HeadingRef[][];
  chapters: ChapterRef[];
  irregular: [number, Passage][];
}

function passageTables(editions: { doc: number; e: Edition; docRecord: DocumentRecord }[], passages: Passage[]): Tables {
  const n = passages.length;
  const t: Tables = {
    kinds: [],
    editionFirst: new Uint32Array(editions.length + 1),
    edition: new Uint32Array(n),
    seq: new Uint32Array(n),
    kind: new Uint8Array(n),
    start: new Uint32Array(n),
    end: new Uint32Array(n),
    path: new Uint32Array(n),
    chapter: new Int32Array(n).fill(-1),
    primary: new Uint8Array(n),
    cpStart: new Uint32Array(n + 1),
    cpOrds: new Uint32Array(0),
    paths: [],
    chapters: [],
    irregular: [],
  };
  const ordOf = new Map<string, number>();
  passages.forEach((p, o) => ordOf.set(p.id, o));
  const kindCode = new Map<string, number>();
  // Heading paths and chapters are numbered per document, in order of first use.
  let pathNo = new Map<string, number>();
  let chapterNo = new Map<string, number>();
  let lastDoc = -1;
  const cps: number[] = [];
  let o = 0;
  editions.forEach(({ doc, e, docRecord }, ei) => {
    t.editionFirst[ei] = o;
    if (doc !== lastDoc) {
      pathNo = new Map();
      chapterNo = new Map();
      lastDoc = doc;
    }
    e.passages.forEach((p, seq) => {
      t.edition[o] = ei;
      t.primary[o] = e.primary ? 1 : 0;
      if (!fitsCompact(p, o, docRecord, e, seq, ordOf)) t.irregular.push([o, p]);
      t.seq[o] = p.seq;
      t.start[o] = p.start;
      t.end[o] = p.end;
      let k = kindCode.get(p.kind);
      if (k === undefined) {
        kindCode.set(p.kind, (k = t.kinds.length));
        t.kinds.push(p.kind);
        if (k > 255) throw new Error("segment build: more than 256 passage kinds");
      }
      t.kind[o] = k;
      const pk = JSON.stringify(p.path);
      let path = pathNo.get(pk);
      if (path === undefined) {
        pathNo.set(pk, (path = t.paths.length));
        t.paths.push(p.path);
      }
      t.path[o] = path;
      const top = p.path[0];
      if (top) {
        const ck = `${top.label}\u0001${top.title}`;
        let c = chapterNo.get(ck);
        if (c === undefined) {
          chapterNo.set(ck, (c = t.chapters.length));
          t.chapters.push({ doc, label: top.label, title: top.title });
        }
        t.chapter[o] = c;
      }
      t.cpStart[o] = cps.length;
      for (const id of p.counterparts) {
        const c = ordOf.get(id);
        if (c !== undefined) cps.push(c);
      }
      o++;
    });
  });
  t.editionFirst[editions.length] = o;
  t.cpStart[n] = cps.length;
  t.cpOrds = Uint32Array.from(cps);
  return t;
}

/** Whether the passage is exactly what the tables give back (else it is kept whole). */
function fitsCompact(p: Passage, o: number, doc: DocumentRecord, e: Edition, seq: number, ordOf: Map<string, number>): boolean {
  return (
    Object.keys(p).join(",") === PASSAGE_KEYS &&
    p.docId === doc.id &&
    p.editionId === e.id &&
    p.seq === seq &&
    typeof p.kind === "string" &&
    Number.isInteger(p.start) &&
    Number.isInteger(p.end) &&
    p.start >= 0 &&
    p.end >= p.start &&
    p.end <= 0xffffffff &&
    e.text.slice(p.start, p.end) === p.text &&
    Array.isArray(p.counterparts) &&
    p.counterparts.every((id) => typeof id === "string" && ordOf.has(id)) &&
    typeof p.id === "string" &&
    ordOf.get(p.id) === o
  );
}
