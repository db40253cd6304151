/**
 * The tables the searcher works on, derived from a Store's per-passage tables with typed-array
 * passes only (no object per passage): ordinals' documents, heading paths as the squeezed
 * "label+title" keys that `in:` filters and the heading boost read, top-level chapters, the primary
 * flag, and — for passages of a secondary edition — their counterparts in a primary edition (how
 * editions collapse into one hit).
 */
import type { DocumentRecord } from "../model.ts";
import type { Store } from "./store.ts";

export interface SearcherTables {
  passages: number;
  /** Documents the `docOf` column indexes. */
  documents: readonly DocumentRecord[];
  docOf: Int32Array;
  pathOf: Int32Array;
  /** Per heading path: its headings' squeezed label+title, joined by U+0001. */
  pathKeys: string[];
  chapterOf: Int32Array;
  chapters: { doc: number; label: string; title: string }[];
  primary: Uint8Array;
  /** Per secondary-edition ordinal: its counterparts in a primary edition, CSR (cpStart[ord] … cpStart[ord+1] in cpOrds). */
  cpStart: Int32Array;
  cpOrds: Int32Array;
}

/** A typed array's bytes read as Int32 (ordinals and ids are far below 2^31): no copy. */
const asInt32 = (a: Uint32Array | Int32Array): Int32Array => (a instanceof Int32Array ? a : new Int32Array(a.buffer, a.byteOffset, a.length));

export function searcherTables(store: Store): SearcherTables {
  const t = store.tables();
  const n = store.passageCount;
  const cpStart = new Int32Array(n + 1);
  const cps: number[] = [];
  for (let o = 0; o < n; o++) {
    cpStart[o] = cps.length;
    if (t.primary[o]) continue;
    for (let k = t.cpStart[o]!; k < t.cpStart[o + 1]!; k++) if (t.primary[t.cpOrds[k]!]) cps.push(t.cpOrds[k]!);
  }
  cpStart[n] = cps.length;
  return {
    passages: n,
    documents: store.tableDocuments(),
    docOf: asInt32(t.doc),
    pathOf: asInt32(t.path),
    pathKeys: [...store.headingKeys()],
    chapterOf: t.chapter,
    chapters: store.chapters().map((c) => ({ doc: c.doc, label: c.label, title: c.title })),
    primary: t.primary,
    cpStart,
    cpOrds: Int32Array.from(cps),
  };
}
