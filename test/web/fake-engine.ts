/**
 * A tiny in-memory Engine for tests of what the real corpus cannot exercise: corpus text that holds
 * markup (escaping), and an engine that fails unexpectedly (no stack trace reaches the user).
 * Everything else is tested against the real engine on corpus/.
 */
import { documentSummary } from "../../src/engine.ts";
import type { Engine, PassageLookup } from "../../src/engine.contract.ts";
import type { DocumentRecord, Edition, HeadingRef, Passage } from "../../src/model.ts";
import type { SearchHit, SearchResponse } from "../../src/search/types.ts";
import type { CompareResponse, EchoRef, IndicatorComparison } from "../../src/echo/types.ts";
import { ZhangjieError } from "../../src/errors.ts";

function edition(docId: string, name: string, rows: { kind: Passage["kind"]; path: HeadingRef[]; text: string }[]): Edition {
  const id = `${docId}~main`;
  let text = "";
  const passages: Passage[] = rows.map((r, seq) => {
    if (text) text += "\n";
    const start = text.length;
    text += r.text;
    return { id: `${docId}-p${seq}`, docId, editionId: id, seq, kind: r.kind, path: r.path, text: r.text, start, end: text.length, counterparts: [] };
  });
  const ch = passages[0]!;
  return {
    id,
    name,
    source: `${docId}.txt`,
    primary: true,
    text,
    outline: [{ label: ch.path[0]!.label, title: ch.path[0]!.title, passageId: ch.id, children: [] }],
    passages,
  };
}

const CH: HeadingRef = { label: "第一章", title: "总则<b>" };
export const EVIL = "<script>alert(1)</script>";

export function fakeEngine(): Engine {
  const a: DocumentRecord = {
    id: "evil-doc",
    title: `标题${EVIL}`,
    docNumber: "测〔2022〕1号",
    issuer: "测试机关",
    date: "2022-01-01",
    region: "测试省",
    level: "province",
    dates: {},
    type: null,
    status: "unknown",
    provenance: {},
    editions: [
      edition("evil-doc", "测试版", [
        { kind: "heading", path: [CH], text: "第一章　总则<b>" },
        { kind: "paragraph", path: [CH], text: `梅花鹿产业${EVIL}与“双碳”目标。` },
      ]),
    ],
  };
  const docs = [a];
  const lookup = (id: string): PassageLookup | undefined => {
    for (const doc of docs) for (const edition of doc.editions) {
      const passage = edition.passages.find((p) => p.id === id);
      if (passage) return { doc, edition, passage };
    }
    return undefined;
  };
  const hitOf = (l: PassageLookup, highlights: [number, number][]): SearchHit => ({
    id: l.passage.id,
    docId: l.doc.id,
    docTitle: l.doc.title,
    docNumber: l.doc.docNumber,
    issuer: l.doc.issuer,
    date: l.doc.date,
    region: l.doc.region,
    level: l.doc.level,
    edition: l.edition.name,
    editionId: l.edition.id,
    otherEditions: [],
    path: l.passage.path,
    text: l.passage.text,
    highlights,
    score: 1,
    citation: `《${l.doc.title}》${EVIL}`,
    citationGbt: `${l.doc.issuer}. ${l.doc.title}${EVIL}[Z].`,
    url: `/doc/${l.doc.id}#p-${l.passage.id}`,
    alsoIn: [],
    alsoInTotal: 0,
    alsoInDocs: 0,
    echoes: [],
  });
  return {
    documents: docs.map((d) => documentSummary(d)),
    doc: async (id) => docs.find((d) => d.id === id),
    passage: async (id) => lookup(id),
    async search(q): Promise<SearchResponse> {
      if (!q.trim()) throw new ZhangjieError("QUERY_EMPTY");
      const l = lookup("evil-doc-p1")!;
      const i = l.passage.text.indexOf("梅花鹿");
      const hits = q.includes("梅花鹿") ? [hitOf(l, [[i, i + 3]])] : [];
      const link = (filter: string) => ({ count: 1, filter, query: `${q} ${filter}`, active: false });
      return {
        query: q,
        total: hits.length,
        matched: hits.length,
        tookMs: 0.1,
        mode: "terms",
        reason: hits.length ? "matched" : "no-match",
        terms: [[q]],
        sort: "relevance",
        hits,
        facets: {
          docs: hits.length ? [{ docId: a.id, title: a.title, ...link(`doc:${a.docNumber}`) }] : [],
          chapters: hits.length ? [{ docId: a.id, label: CH.label, title: CH.title, ...link(`doc:${a.docNumber} in:"${CH.label} ${CH.title}"`) }] : [],
          regions: hits.length ? [{ value: a.region!, text: `${a.region}${EVIL}`, ...link(`region:${a.region}`) }] : [],
          levels: [],
          types: [],
          years: [],
          statuses: [],
        },
        facetTotals: { docs: hits.length, chapters: hits.length, regions: hits.length, levels: 0, types: 0, years: 0, statuses: 0 },
        filters: [],
      };
    },
    highlighter: async (q) => (q.includes("梅花鹿") ? (text) => (text.includes("梅花鹿") ? [[text.indexOf("梅花鹿"), text.indexOf("梅花鹿") + 3]] : []) : null),
    passageHit: async (id) => {
      const l = lookup(id);
      return l ? hitOf(l, []) : undefined;
    },
    echoesOf: async (): Promise<EchoRef[]> => [],
    echoCount: () => 0,
    passageSources: async (id) => (lookup(id) ? { passageId: id, echoes: [], sentences: [{ range: [0, lookup(id)!.passage.text.length], sources: [] }] } : undefined),
    trail: async () => undefined,
    async compare(): Promise<CompareResponse> {
      throw new ZhangjieError("NOT_FOUND");
    },
    edition: async (id) => {
      for (const doc of docs) for (const edition of doc.editions) if (edition.id === id) return { doc, edition };
      return undefined;
    },
    async versions(): Promise<never> {
      throw new ZhangjieError("NOT_FOUND");
    },
    async indicators(): Promise<IndicatorComparison> {
      throw new ZhangjieError("NOT_FOUND");
    },
    reports: [],
    build: { fromCache: false, seconds: 0, key: "fake", documents: 1, passages: 2, timings: {} },
    close: async () => {},
  };
}
