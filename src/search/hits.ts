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
import { RecentlyUsed } from "../recently-used.ts";

const NONE = { ords: [], total: 0, docs: 0 };

/** What a hit is made from beyond the tables: the page's passages and other passages' ids. */
export interface HitSource {
  /** The passage (with its document and edition) of an ordinal: made for the page's hits only. */
  entry(ord: number): PassageEntry;
  passageId(ord: number): string;
}

/**
 * A hit's fixed part: all but its score, highlights, echoes and the copies folded into it — the same
 * every time the passage is on a page, so it is made once per passage (see HitMaker.fixed).
 */
type FixedHit = Omit<SearchHit, "highlights" | "score" | "explain" | "alsoIn" | "alsoInTotal" | "alsoInDocs" | "echoes">;

/** A passage's fixed part, and its echo card once asked for (`cardLimit` echoes; -1: not yet). */
interface Kept {
  hit: FixedHit;
  cardLimit: number;
  card: EchoRef[] | null;
}

/** Passages whose fixed part is kept (least recently used dropped first): a few pages of many queries, a few MB. */
export const FIXED_HITS_KEPT = 16_384;

export class HitMaker {
  private readonly prefixes: (string | undefined)[] = [];
  private readonly references: (string | undefined)[] = [];
  /** Fixed parts by ordinal. */
  private readonly kept: RecentlyUsed<number, Kept>;

  constructor(
    private readonly t: SearchTables,
    private readonly src: HitSource,
    private readonly echoesOf?: (passageId: string, limit?: number) => EchoRef[],
    keep = FIXED_HITS_KEPT,
  ) {
    this.kept = new RecentlyUsed(keep);
  }

  /** A passage shaped as a hit; `echoLimit` echoes (all when undefined, none when 0); `citeAlso`: the folded passages' citations too. */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit: number | undefined, also: { ords: number[]; total: number; docs: number } = NONE, citeAlso = false): SearchHit {
    const k = this.keptOf(ord);
    const f = k.hit;
    // (key order as the API has always written it)
    return {
      id: f.id,
      docId: f.docId,
      docTitle: f.docTitle,
      docNumber: f.docNumber,
      issuer: f.issuer,
      date: f.date,
      region: f.region,
      level: f.level,
      edition: f.edition,
      editionId: f.editionId,
      otherEditions: f.otherEditions,
      ...(f.version ? { version: f.version } : {}),
      path: f.path,
      text: f.text,
      highlights,
      score,
      citation: f.citation,
      citationGbt: f.citationGbt,
      url: f.url,
      alsoIn: also.ords.map((o) => this.alsoIn(o, citeAlso)),
      alsoInTotal: also.total,
      alsoInDocs: also.docs,
      echoes: echoLimit === 0 ? [] : this.echoesFor(k, echoLimit),
    };
  }

  /**
   * The passage's echoes. A card's few (a page asks for 3) are kept with its fixed part: the echo
   * index a searcher reads is made once and then never changes, so they are the same every time.
   */
  private echoesFor(k: Kept, limit: number | undefined): EchoRef[] {
    if (!this.echoesOf) return [];
    if (limit === undefined) return this.echoesOf(k.hit.id);
    if (k.cardLimit !== limit) {
      k.card = Object.freeze(this.echoesOf(k.hit.id, limit)) as EchoRef[];
      k.cardLimit = limit;
    }
    return k.card!;
  }

  /** The passage's fixed part (its arrays frozen: every hit of the passage shares them). */
  fixed(ord: number): FixedHit {
    return this.keptOf(ord).hit;
  }

  /** What is kept of a passage: from an earlier page (now the most recently used), or made now. */
  private keptOf(ord: number): Kept {
    const known = this.kept.get(ord);
    if (known) return known;
    const made: Kept = { hit: this.make(ord), cardLimit: -1, card: null };
    this.kept.set(ord, made);
    return made;
  }

  private make(ord: number): FixedHit {
    const t = this.t;
    const e = this.src.entry(ord);
    const p = e.passage;
    const otherEditions: SearchHit["otherEditions"] = [];
    for (let k = t.cpStart[ord]!; k < t.cpStart[ord + 1]!; k++) {
      const c = t.cpOrds[k]!;
      const row = t.editions[t.editionOf[c]!]!;
      otherEditions.push(Object.freeze({ editionId: row.id, edition: row.edition.name, passageId: this.src.passageId(c) }));
    }
    const v = e.edition.version;
    return Object.freeze({
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
      otherEditions: Object.freeze(otherEditions) as SearchHit["otherEditions"],
      ...(v ? { version: Object.freeze({ label: v.label, date: v.date, current: v.current }) } : {}),
      path: p.path,
      text: p.text,
      citation: citation(e.doc, e.edition, p.path),
      citationGbt: this.gbt(ord),
      url: this.url(ord, p.id),
    });
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
