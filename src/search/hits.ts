/**
 * Shaping one passage into what the API shows (page hits only: this is the only per-hit object
 * work of a query): its document's metadata, editions, version, citations, URL, echoes, and the
 * documents it is also in. Only the hit's own passage is materialised; its counterparts and the
 * passages it is also in are named through the ordinal tables and their ids.
 */
import type { EchoRef } from "../echo/types.ts";
import type { PassageEntry } from "../index/passage-table.ts";
import { citation, editionUrl } from "./present.ts";
import { citationGbt } from "./citation-gbt.ts";
import type { SearchTables } from "./tables.ts";
import type { AlsoIn, SearchHit } from "./types.ts";

const NONE = { ords: [], total: 0, docs: 0 };

/** What a hit is made from beyond the tables: the page's passages and other passages' ids. */
export interface HitSource {
  /** The passage (with its document and edition) of an ordinal: made for the page's hits only. */
  entry(ord: number): PassageEntry;
  passageId(ord: number): string;
}

export class HitMaker {
  private readonly prefixes: (string | undefined)[] = [];
  private readonly references: (string | undefined)[] = [];

  constructor(
    private readonly t: SearchTables,
    private readonly src: HitSource,
    private readonly echoesOf?: (passageId: string, limit?: number) => EchoRef[],
  ) {}

  /** A passage shaped as a hit; `echoLimit` echoes (all when undefined, none when 0); `citeAlso`: the folded passages' citations too; `entry`: the passage when the caller has it already. */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit: number | undefined, also: { ords: number[]; total: number; docs: number } = NONE, citeAlso = false, entry?: PassageEntry): SearchHit {
    const t = this.t;
    const e = entry ?? this.src.entry(ord);
    const p = e.passage;
    const otherEditions: SearchHit["otherEditions"] = [];
    for (let k = t.cpStart[ord]!; k < t.cpStart[ord + 1]!; k++) {
      const c = t.cpOrds[k]!;
      const row = t.editions[t.editionOf[c]!]!;
      otherEditions.push({ editionId: row.id, edition: row.edition.name, passageId: this.src.passageId(c) });
    }
    const v = e.edition.version;
    return {
      id: p.id,
      docId: e.doc.id,
      docTitle: e.doc.title,
      docNumber: e.doc.docNumber,
      issuer: e.doc.issuer,
      date: v?.date ?? e.doc.date,
      region: e.doc.region,
      level: e.doc.level,
      edition: e.edition.name,
      editionId: e.edition.id,
      otherEditions,
      ...(v ? { version: { label: v.label, date: v.date, current: v.current } } : {}),
      path: p.path,
      text: p.text,
      highlights,
      score,
      citation: citation(e.doc, e.edition, p.path),
      citationGbt: this.gbt(ord),
      url: this.url(ord, p.id),
      alsoIn: also.ords.map((o) => this.alsoIn(o, citeAlso)),
      alsoInTotal: also.total,
      alsoInDocs: also.docs,
      echoes: this.echoesOf && echoLimit !== 0 ? this.echoesOf(p.id, echoLimit) : [],
    };
  }

  /** The edition's GB/T 7714 reference, written once per edition. */
  private gbt(ord: number): string {
    const ed = this.t.editionOf[ord]!;
    const row = this.t.editions[ed]!;
    return (this.references[ed] ??= citationGbt(this.t.documents[row.doc]!, row.edition));
  }

  /** The passage's URL, with the edition's part written once per edition. */
  private url(ord: number, id: string): string {
    const ed = this.t.editionOf[ord]!;
    let prefix = this.prefixes[ed];
    if (prefix === undefined) {
      const row = this.t.editions[ed]!;
      this.prefixes[ed] = prefix = editionUrl(this.t.documents[row.doc]!, row.edition);
    }
    return `${prefix}#p-${encodeURIComponent(id)}`;
  }

  /** Another passage the hit is also in: named from the tables and its id (no passage object). */
  private alsoIn(ord: number, cite: boolean): AlsoIn {
    const t = this.t;
    const row = t.editions[t.editionOf[ord]!]!;
    const doc = t.documents[row.doc]!;
    const path = t.pathRefs(ord) as AlsoIn["path"];
    const a: AlsoIn = { id: this.src.passageId(ord), docId: doc.id, docTitle: doc.title, path, url: this.url(ord, this.src.passageId(ord)) };
    if (cite) {
      a.citation = citation(doc, row.edition, path);
      a.citationGbt = this.gbt(ord);
    }
    return a;
  }
}
