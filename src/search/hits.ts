/**
 * Shaping one passage into what the API shows (page hits only: this is the only per-hit object
 * work of a query): its document's metadata, editions, version, citations, URL, echoes, and the
 * documents it is also in.
 */
import type { EchoRef } from "../echo/types.ts";
import type { PassageEntry } from "../index/passage-table.ts";
import { citation, passageUrl } from "./present.ts";
import { citationGbt } from "./citation-gbt.ts";
import type { SearchTables } from "./tables.ts";
import type { AlsoIn, SearchHit } from "./types.ts";

const NONE = { ords: [], total: 0, docs: 0 };

export class HitMaker {
  private readonly prefixes: (string | undefined)[] = [];
  private readonly references: (string | undefined)[] = [];

  constructor(
    private readonly t: SearchTables,
    private readonly echoesOf?: (passageId: string, limit?: number) => EchoRef[],
  ) {}

  /** A passage shaped as a hit; `echoLimit` echoes (all when undefined, none when 0); `citeAlso`: the folded passages' citations too. */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit: number | undefined, also: { ords: number[]; total: number; docs: number } = NONE, citeAlso = false): SearchHit {
    const e = this.t.entries[ord]!;
    const p = e.passage;
    const otherEditions: SearchHit["otherEditions"] = [];
    for (let k = this.t.cpStart[ord]!; k < this.t.cpStart[ord + 1]!; k++) {
      const ce = this.t.entries[this.t.cpOrds[k]!]!;
      otherEditions.push({ editionId: ce.edition.id, edition: ce.edition.name, passageId: ce.passage.id });
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
      citationGbt: this.gbt(e),
      url: this.url(e),
      alsoIn: also.ords.map((o) => this.alsoIn(this.t.entries[o]!, citeAlso)),
      alsoInTotal: also.total,
      alsoInDocs: also.docs,
      echoes: this.echoesOf && echoLimit !== 0 ? this.echoesOf(p.id, echoLimit) : [],
    };
  }

  /** The edition's GB/T 7714 reference, written once per edition. */
  private gbt(e: PassageEntry): string {
    const ed = this.t.editionOf[e.ordinal]!;
    return (this.references[ed] ??= citationGbt(e.doc, e.edition));
  }

  /** passageUrl(e), with the edition's part written once per edition (editions are in ordinal order). */
  private url(e: PassageEntry): string {
    const ed = this.t.editionOf[e.ordinal]!;
    let prefix = this.prefixes[ed];
    if (prefix === undefined) {
      const url = passageUrl(e);
      this.prefixes[ed] = prefix = url.slice(0, url.lastIndexOf("#p-"));
    }
    return `${prefix}#p-${encodeURIComponent(e.passage.id)}`;
  }

  private alsoIn(e: PassageEntry, cite: boolean): AlsoIn {
    const a: AlsoIn = { id: e.passage.id, docId: e.doc.id, docTitle: e.doc.title, path: e.passage.path, url: this.url(e) };
    if (cite) {
      a.citation = citation(e.doc, e.edition, e.passage.path);
      a.citationGbt = this.gbt(e);
    }
    return a;
  }
}
