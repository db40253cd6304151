/**
 * Query-time view of an echo store: echoes of any passage (of any edition), ranked, and the
 * mirror map between two documents.
 */
import type { DocumentRecord, Edition, Passage } from "../model.ts";
import { ZhangjieError } from "../errors.ts";
import type { CompareResponse, EchoRef, SpanPair } from "./types.ts";
import { readPairs, type EchoStore } from "./store.ts";
import { alignTexts } from "./align.ts";
import { primaryEdition } from "./compute.ts";
import { buildMirror } from "./mirror.ts";

export interface EchoIndex {
  /**
   * Echoes of a passage, best first: ranked by shared non-boilerplate characters, then similarity.
   * A passage of a secondary edition is answered through its primary twin (Passage.counterparts),
   * with spans re-aligned against its own text. Unknown ids give [].
   */
  echoesOf(passageId: string, limit?: number): EchoRef[];
  /** Mirror map of document a against document b. NOT_FOUND / BAD_PARAMETER as ZhangjieError. */
  compare(aDocId: string, bDocId: string): CompareResponse;
}

export interface PassageInfo {
  passage: Passage;
  doc: DocumentRecord;
  edition: Edition;
  primary: boolean;
}

/** One echo as the index keeps it, oriented from the passage asked about. */
export interface RawEcho {
  other: string;
  similarity: number;
  informative: number;
  spans: SpanPair[];
}

export function createEchoIndex(store: EchoStore, documents: readonly DocumentRecord[]): EchoIndex {
  const info = new Map<string, PassageInfo>();
  const docs = new Map<string, DocumentRecord>();
  for (const doc of documents) {
    docs.set(doc.id, doc);
    const primary = primaryEdition(doc);
    for (const ed of doc.editions) for (const p of ed.passages) info.set(p.id, { passage: p, doc, edition: ed, primary: ed === primary });
  }

  // Adjacency: passage id → its echoes in both directions. Pairs whose passages are gone
  // (a store from another corpus state) are dropped rather than served.
  const adj = new Map<string, RawEcho[]>();
  const push = (from: string, e: RawEcho): void => {
    const list = adj.get(from);
    if (list) list.push(e);
    else adj.set(from, [e]);
  };
  for (const r of readPairs(store)) {
    const aId = store.ids[r.a];
    const bId = store.ids[r.b];
    if (aId === undefined || bId === undefined || !info.has(aId) || !info.has(bId)) continue;
    const fwd: SpanPair[] = [];
    const back: SpanPair[] = [];
    for (let s = 0; s < r.nSpans; s++) {
      const o = r.spanAt + 4 * s;
      const a: [number, number] = [store.pairs[o]!, store.pairs[o + 1]!];
      const b: [number, number] = [store.pairs[o + 2]!, store.pairs[o + 3]!];
      fwd.push({ a, b });
      back.push({ a: b, b: a });
    }
    back.sort((x, y) => x.a[0] - y.a[0]);
    push(aId, { other: bId, similarity: r.similarity, informative: r.informative, spans: fwd });
    push(bId, { other: aId, similarity: r.similarity, informative: r.informative, spans: back });
  }
  const order = (x: RawEcho, y: RawEcho): number => y.informative - x.informative || y.similarity - x.similarity || (x.other < y.other ? -1 : x.other > y.other ? 1 : 0);
  for (const list of adj.values()) list.sort(order);

  /** The primary-edition passage that stands for `id` in the store. */
  const primaryTwin = (id: string): PassageInfo | undefined => {
    const pi = info.get(id);
    if (!pi) return undefined;
    if (pi.primary) return pi;
    for (const c of pi.passage.counterparts) {
      const ci = info.get(c);
      if (ci?.primary) return ci;
    }
    return undefined;
  };

  const rawEchoes = (id: string): RawEcho[] => {
    const twin = primaryTwin(id);
    return twin ? adj.get(twin.passage.id) ?? [] : [];
  };

  const toRef = (e: RawEcho, similarity: number, spans: SpanPair[]): EchoRef => {
    const o = info.get(e.other)!;
    return { id: o.passage.id, docId: o.doc.id, docTitle: o.doc.title, path: o.passage.path, text: o.passage.text, similarity, spans };
  };

  // A secondary edition's text may differ from its twin's (layout repairs): offsets must index
  // this text, so its echoes are aligned afresh — once per passage, then kept (the reader asks
  // for every passage of an edition on each visit).
  const realigned = new Map<string, EchoRef[]>();
  const secondaryEchoes = (self: PassageInfo): EchoRef[] => {
    let refs = realigned.get(self.passage.id);
    if (!refs) {
      refs = [];
      for (const e of rawEchoes(self.passage.id)) {
        const al = alignTexts(self.passage.text, info.get(e.other)!.passage.text);
        if (al.spans.length > 0) refs.push(toRef(e, Math.round(al.similarity * 1000) / 1000, al.spans));
      }
      realigned.set(self.passage.id, refs);
    }
    return refs;
  };

  return {
    echoesOf(passageId: string, limit?: number): EchoRef[] {
      const self = info.get(passageId);
      const twin = primaryTwin(passageId);
      if (!self || !twin) return [];
      const n = Math.max(0, limit ?? Infinity);
      if (self !== twin) return secondaryEchoes(self).slice(0, n);
      return rawEchoes(passageId).slice(0, n).map((e) => toRef(e, e.similarity, e.spans));
    },
    compare(aDocId: string, bDocId: string): CompareResponse {
      const a = docs.get(aDocId);
      const b = docs.get(bDocId);
      if (!a) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${aDocId}`, en: `document ${aDocId}` });
      if (!b) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${bDocId}`, en: `document ${bDocId}` });
      if (a === b) throw new ZhangjieError("BAD_PARAMETER", { zh: "a 与 b 是同一份文件", en: "a and b are the same document" });
      return buildMirror(a, b, (id) => adj.get(id) ?? []);
    },
  };
}
