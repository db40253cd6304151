/**
 * Small corpora for search tests: documents built row by row (each with its heading path), the
 * regulation fixtures read by ingest, and a Searcher over any of them — built the way the engine
 * builds one (gram postings, word index), without a cache.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DocStatus, DocumentRecord, Edition, HeadingRef, Level, OutlineNode, Passage, PassageKind, VersionInfo } from "../../src/model.ts";
import { embeddedStoreOf } from "../support/segments.ts";
import { searcherOver } from "../../src/engine.ts";
import { squeeze } from "../../src/analysis/squeeze.ts";
import { Searcher } from "../../src/search/searcher.ts";
import { ingestFile } from "../../src/ingest/index.ts";

export const REGULATIONS_DIR = fileURLToPath(new URL("../fixtures/regulations", import.meta.url));

export interface Meta {
  title?: string;
  docNumber?: string | null;
  issuer?: string | null;
  date?: string | null;
  type?: string | null;
  region?: string | null;
  level?: Level;
  status?: DocStatus;
}

/** One passage: its heading path as [label, title] pairs (outermost first), its text and kind. */
export interface Row {
  path: [string, string][];
  text: string;
  kind?: PassageKind;
}

/** A heading row: the path ends with the heading itself. */
export function heading(path: [string, string][]): Row {
  const [label, title] = path[path.length - 1]!;
  return { path, text: `${label}${/[、.）)]$/.test(label) ? "" : " "}${title}`.trim(), kind: "heading" };
}

export function edition(docId: string, editionId: string, rows: Row[], opts: { primary?: boolean; name?: string; version?: VersionInfo } = {}): Edition {
  let text = "";
  const seen = new Map<string, number>();
  const passages: Passage[] = rows.map((r, seq) => {
    if (text) text += "\n";
    const start = text.length;
    text += r.text;
    const n = seen.get(r.text) ?? 0;
    seen.set(r.text, n + 1);
    const path: HeadingRef[] = r.path.map(([label, title]) => ({ label, title }));
    return { id: `${editionId}:${seq}`, docId, editionId, seq, kind: r.kind ?? "paragraph", path, text: r.text, start, end: text.length, counterparts: [] };
  });
  const outline: OutlineNode[] = passages.filter((p) => p.kind === "heading" && p.path.length === 1).map((p) => ({ ...p.path[0]!, passageId: p.id, children: [] }));
  return { id: editionId, name: opts.name ?? editionId, source: `${editionId}.txt`, primary: opts.primary ?? true, version: opts.version, text, outline, passages };
}

export function doc(id: string, meta: Meta, editions: Edition[] | Row[]): DocumentRecord {
  const eds = isRows(editions) ? [edition(id, `${id}~e0`, editions)] : editions;
  return {
    id,
    title: meta.title ?? id,
    docNumber: meta.docNumber ?? null,
    issuer: meta.issuer ?? null,
    date: meta.date ?? null,
    dates: meta.date ? { issued: meta.date } : {},
    type: meta.type ?? null,
    region: meta.region ?? null,
    level: meta.level ?? "unknown",
    status: meta.status ?? "unknown",
    provenance: {},
    editions: eds,
  };
}

function isRows(x: Edition[] | Row[]): x is Row[] {
  return x.length === 0 || "text" in x[0]! && !("passages" in x[0]!);
}

/** Link passages of two editions with the same text as counterparts (as ingest does for editions and versions). */
export function linkSameText(a: Edition, b: Edition): void {
  const byText = new Map(b.passages.map((p) => [squeeze(p.text).text, p]));
  for (const p of a.passages) {
    const q = byText.get(squeeze(p.text).text);
    if (!q) continue;
    p.counterparts.push(q.id);
    q.counterparts.push(p.id);
  }
}

/** A Searcher over these documents, built as the engine builds one (a segment in an embedded store). */
export function searcherFor(documents: DocumentRecord[]): Searcher {
  return searcherOver(embeddedStoreOf({ documents, reports: [] }));
}

/** One regulation fixture as ingest reads it (one document, one edition). */
export async function regulation(file: string): Promise<DocumentRecord> {
  const corpus = await ingestFile(file, fs.readFileSync(path.join(REGULATIONS_DIR, file)));
  if (corpus.documents.length !== 1) throw new Error(`${file}: ${corpus.documents.length} documents`);
  return corpus.documents[0]!;
}

export const FIXTURES = {
  law2012: "农业技术推广法(2012-08-31).md",
  law2024: "农业技术推广法(2024-04-26).md",
  shanghai: "上海市实施《农业技术推广法》办法.md",
  patent: "专利代理条例(2018-11-06).md",
  face: "关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定.md",
} as const;

/**
 * The regulation fixtures with the metadata the structure stage reads from them (issuer, dates,
 * type, region, level, status) set here explicitly, so these tests do not depend on it; the two
 * versions of the agricultural technology law form one document, the 2024 version primary and
 * its unchanged articles linked to the 2012 version's as counterparts.
 */
export async function regulationCorpus(): Promise<DocumentRecord[]> {
  const v2024 = await regulation(FIXTURES.law2024);
  const v2012 = await regulation(FIXTURES.law2012);
  const e2024 = v2024.editions[0]!;
  const e2012 = v2012.editions[0]!;
  e2024.version = { date: "2024-04-26", label: "2024年修正", current: true };
  e2012.version = { date: "2012-08-31", label: "2012年修正", current: false };
  e2012.primary = false;
  for (const p of e2012.passages) p.docId = v2024.id;
  linkSameText(e2024, e2012);
  const law: DocumentRecord = {
    ...v2024,
    issuer: "全国人民代表大会常务委员会",
    date: "2024-04-26",
    dates: { adopted: "1993-07-02", amended: ["2012-08-31", "2024-04-26"] },
    type: "法",
    region: "中华人民共和国",
    level: "national",
    status: "in-force",
    editions: [e2024, e2012],
  };
  const set = (d: DocumentRecord, m: Meta): DocumentRecord => Object.assign(d, m, m.date ? { dates: { issued: m.date } } : {});
  return [
    law,
    set(await regulation(FIXTURES.shanghai), { issuer: "上海市人民代表大会常务委员会", date: null, type: "办法", region: "上海市", level: "province", status: "in-force" }),
    set(await regulation(FIXTURES.patent), { issuer: "国务院", docNumber: "国务院令第706号", date: "2018-11-06", type: "条例", region: "中华人民共和国", level: "national", status: "in-force" }),
    set(await regulation(FIXTURES.face), { issuer: "最高人民法院", date: "2021-06-08", type: "解释", region: null, level: "national", status: "in-force" }),
  ];
}
