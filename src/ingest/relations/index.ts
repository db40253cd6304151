/**
 * Relations between the documents read from all files, decided from their texts and dates, never
 * from file names. Files whose documents share a title (after width folding) are
 *   - editions when they hold the same text: one document, the authoritative edition primary;
 *   - versions when they hold mostly the same clauses under different dates (an amendment): one
 *     document whose editions carry their version, the latest version in force primary, and whose
 *     older versions' clauses link to the identical clauses of the current one;
 *   - parts when their texts do not overlap (books of a code, 附件, 上篇/下篇): separate documents
 *     titled `<work>·<part>`.
 * In: ParsedDocs (placed blocks, text facts, container hints, catalog entry). Out: DocumentRecords
 * with metadata, editions, passages and counterparts.
 */
import type { DocumentRecord, Edition, VersionInfo } from "../../model.ts";
import { titleKey } from "../gazette-split.ts";
import { documentId, editionId } from "../ids.ts";
import { documentMeta, type DocMeta, type TextFacts } from "../metadata/index.ts";
import { buildEdition } from "../passages.ts";
import type { ParsedDoc } from "../editions.ts";
import { linkCounterparts, linkIdentical } from "./counterparts.ts";
import { clauseKeys, overlap, sameClauses, type ClauseKeys } from "./overlap.ts";
import { fallbackPartName, partName } from "./parts.ts";
import { versionName, type VersionName } from "./versions.ts";

/** Texts sharing at least this share of clauses belong to one work (editions or versions); less: parts. */
export const SAME_WORK = 0.3;

interface Item {
  p: ParsedDoc;
  meta: DocMeta;
  /** Clause keys, computed only for documents that share their title with another. */
  readonly keys: ClauseKeys;
  version: VersionName | null;
}

function item(p: ParsedDoc, meta: DocMeta, version: VersionName | null): Item {
  let keys: ClauseKeys | undefined;
  return { p, meta, version, get keys() { return (keys ??= clauseKeys(p.placed)); } };
}

export function relateDocuments(parsed: readonly ParsedDoc[]): DocumentRecord[] {
  const groups = new Map<string, Item[]>();
  for (const p of parsed) {
    const meta = documentMeta({ facts: p.facts ?? factsOf(p), hints: p.hints, catalog: p.meta, source: p.file, shared: p.shared });
    const version = versionName(p.facts?.acts ?? [], meta.dates.issued ?? null);
    const it = item(p, meta, version);
    const key = titleKey(meta.title);
    const g = groups.get(key);
    if (g) g.push(it);
    else groups.set(key, [it]);
  }
  const docs: DocumentRecord[] = [];
  for (const group of groups.values()) {
    const works = clusters(group, sameWork);
    if (works.length === 1) { docs.push(buildDocument(works[0]!, null)); continue; }
    // Texts that share nothing are parts of one work only when they come from one act (same issuer
    // and 文号, where known); otherwise they are different documents that happen to share a title.
    const acts = clusters(works, (a, b) => sameAct(a[0]!.meta, b[0]!.meta));
    for (const [n, act] of acts.entries()) {
      const homonym = acts.length > 1 ? `${n}` : null;
      if (act.length === 1) { docs.push(buildDocument(act[0]!, null, homonym)); continue; }
      const title = act[0]![0]!.meta.title;
      const names = uniqueNames(act.map((w) => partName(w[0]!.p.placed)));
      act.forEach((w, k) => docs.push(buildDocument(w, { work: title, name: names[k]! }, homonym)));
    }
  }
  return docs;
}

const agree = (x: string | null, y: string | null): boolean => x === null || y === null || x === y;

/** Could two documents be from one act: the same issuer and 文号 wherever both are known? */
function sameAct(a: DocMeta, b: DocMeta): boolean {
  return agree(a.issuer, b.issuer) && agree(a.docNumber, b.docNumber);
}

/**
 * Editions or versions of one work: texts sharing many clauses, from the same issuer where known,
 * under the same 文号 — unless they are versions of different dates (each amendment has its own 令).
 */
function sameWork(a: Item, b: Item): boolean {
  if (!agree(a.meta.issuer, b.meta.issuer)) return false;
  const versions = !!a.version && !!b.version && a.version.date !== b.version.date;
  if (!versions && !agree(a.meta.docNumber, b.meta.docNumber)) return false;
  return overlap(a.keys, b.keys) >= SAME_WORK;
}

/** What the text says when the reader gave only a segment (no facts): title, 文号, issuer, date. */
function factsOf(p: ParsedDoc): TextFacts {
  const s = p.segment;
  return { title: s.title, titleFromText: s.titleFromText ?? true, docNumber: s.docNumber, issuer: s.issuer, signed: s.date, acts: [], printed: null };
}

/** Connected groups under `related`, each in reading order, groups by their first member. */
function clusters<T>(items: readonly T[], related: (a: T, b: T) => boolean): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (find(i) !== find(j) && related(items[i]!, items[j]!)) parent[find(j)] = find(i);
  }
  const out = new Map<number, T[]>();
  items.forEach((x, i) => {
    const r = find(i);
    const l = out.get(r);
    if (l) l.push(x);
    else out.set(r, [x]);
  });
  return [...out.values()];
}

/** Part names read from the texts, the missing ones by place (第二部分), repeated ones numbered. */
function uniqueNames(names: (string | null)[]): string[] {
  const used = new Set<string>();
  return names.map((n, i) => {
    let name = n ?? fallbackPartName(i);
    for (let k = 2; used.has(name); k++) name = `${n ?? fallbackPartName(i)}（${k}）`;
    used.add(name);
    return name;
  });
}

/**
 * The versions among the files of one work: one group per version date. A file that gives no date
 * joins the version whose text it shares most; versions whose texts are the same are one version
 * (the date differs between places that published the same text). Newest first.
 */
function versionsOf(items: Item[]): Item[][] {
  const dated = new Map<string, Item[]>();
  for (const it of items) if (it.version) (dated.get(it.version.date) ?? dated.set(it.version.date, []).get(it.version.date)!).push(it);
  let versions = [...dated.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([, v]) => v);
  versions = clusters(versions, (a, b) => sameClauses(a[0]!.keys, b[0]!.keys)).map((c) => c.flat());
  if (versions.length <= 1) return [items];
  for (const it of items) {
    if (it.version) continue;
    const best = versions.reduce((x, v) => (overlap(it.keys, v[0]!.keys) > overlap(it.keys, x[0]!.keys) ? v : x));
    best.push(it);
  }
  return versions;
}

/** Authoritative sources first, then those that carry a 文号, else reading order. */
function rankEditions(items: Item[]): Item[] {
  const rank = (it: Item): number => (it.p.meta?.authoritative ? 2 : 0) + (it.meta.docNumber ? 1 : 0);
  return items.map((it, i) => ({ it, i })).sort((a, b) => rank(b.it) - rank(a.it) || a.i - b.i).map((x) => x.it);
}

/**
 * One document from the files of one work (or part). `homonym` is set when other documents share its
 * title: its id then also depends on its 文号 or issuer (else its place among them), so ids stay unique.
 */
function buildDocument(items: Item[], part: { work: string; name: string } | null, homonym: string | null = null): DocumentRecord {
  const versions = versionsOf(items).map(rankEditions);
  const versioned = versions.length > 1;
  const primary = versions[0]![0]!;
  const title = part ? `${part.work}·${part.name}` : primary.meta.title;
  const id = documentId(homonym === null ? title : `${title}\u0000${primary.meta.docNumber ?? primary.meta.issuer ?? homonym}`);
  const repealed = primary.meta.status === "repealed";
  const usedIds = new Set<string>();
  const byVersion: Edition[][] = versions.map((version, v) => {
    // A file that gave no date holds the version it joined.
    const named = version.find((it) => it.version)?.version;
    const info: VersionInfo | undefined = versioned && named ? { date: named.date, label: named.label, current: v === 0 && !repealed } : undefined;
    return version.map((it, k) => {
      let eid = editionId(id, it.p.file);
      for (let n = 2; usedIds.has(eid); n++) eid = `${editionId(id, it.p.file)}-${n}`;
      usedIds.add(eid);
      const edition = buildEdition({ docId: id, editionId: eid, name: editionName(it, info, version.length), source: it.p.file, primary: v === 0 && k === 0, blocks: it.p.placed });
      if (info) edition.version = { ...info };
      if (it.p.format) edition.format = it.p.format;
      return edition;
    });
  });
  for (const editions of byVersion) linkCounterparts(editions);
  const current = byVersion[0]![0]!;
  for (const older of byVersion.slice(1)) for (const e of older) linkIdentical(e, current);

  const meta = fillGaps(primary.meta, versions[0]!.slice(1).map((it) => it.meta));
  const status = versioned ? (repealed ? "repealed" : "in-force") : meta.status;
  const doc: DocumentRecord = { id, ...meta, title, status, provenance: { ...meta.provenance, ...(versioned && !repealed ? { status: "derived" as const } : {}) }, editions: byVersion.flat() };
  if (part) doc.part = part;
  return doc;
}

function editionName(it: Item, version: VersionInfo | undefined, editionsOfVersion: number): string {
  const name = it.p.meta?.edition ?? it.p.file;
  if (!version) return name;
  return editionsOfVersion > 1 ? `${version.label}｜${name}` : version.label;
}

/** The primary edition's metadata, with fields it lacks taken from the other editions of its version. */
function fillGaps(meta: DocMeta, others: DocMeta[]): DocMeta {
  const out: DocMeta = { ...meta, provenance: { ...meta.provenance } };
  for (const o of others) {
    for (const f of ["docNumber", "issuer", "type"] as const) {
      if (out[f] === null && o[f] !== null) { out[f] = o[f]; out.provenance[f] = o.provenance[f]; }
    }
    if (out.date === null && o.date !== null) { out.date = o.date; out.dates = o.dates; out.provenance.dates = o.provenance.dates; }
    if (out.region === null && o.region !== null) {
      out.region = o.region; out.level = o.level;
      out.provenance.region = o.provenance.region; out.provenance.level = o.provenance.level;
    }
  }
  return out;
}
