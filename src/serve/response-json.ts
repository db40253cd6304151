/**
 * A search answer as JSON, with each hit's fixed part written once. A hit is mostly what does not
 * depend on the query — its document, path, text, citations, URL and echoes (at ×100 ~3.5 K
 * characters a hit, half of them the echoes) — beside a few fields that do (score, highlights, the
 * folded copies). The fixed part is serialised on a passage's first appearance and kept (a bounded,
 * least-recently-used memo, like a search engine's stored-document cache), so that a query worker
 * writing a page mostly copies strings instead of walking the same object graphs again.
 * The memo belongs to one collection state: make a new writer when the collection changes.
 */
import type { SearchHit, SearchResponse } from "../search/types.ts";
import { RecentlyUsed } from "../recently-used.ts";

/** The hit fields that are the passage's, whatever the query (the rest are written every time). */
const FIXED_FIELDS = [
  "id",
  "docId",
  "docTitle",
  "docNumber",
  "issuer",
  "date",
  "region",
  "level",
  "edition",
  "editionId",
  "otherEditions",
  "version",
  "path",
  "text",
  "citation",
  "citationGbt",
  "url",
  "echoes",
] as const satisfies readonly (keyof SearchHit)[];

type VaryingField = Exclude<keyof SearchHit, (typeof FIXED_FIELDS)[number]>;

/**
 * The fields a query decides, named one by one (no listing of each hit's entries to sort them): the
 * type check makes a new hit field land on this list or FIXED_FIELDS, never silently on neither.
 */
function varyingJson(h: SearchHit): string {
  const v = { highlights: h.highlights, score: h.score, explain: h.explain, alsoIn: h.alsoIn, alsoInTotal: h.alsoInTotal, alsoInDocs: h.alsoInDocs } satisfies Record<VaryingField, unknown>;
  return inner(JSON.stringify(v));
}

/** Passages whose fixed part is kept: a few hundred pages of results, ~14 MB of UTF-8 at ×100 (~3.5 KB a hit). */
export const DEFAULT_MEMO_HITS = 4096;

export class ResponseWriter {
  /** Each passage's fixed part as UTF-8 JSON (no braces): copied into answers, never encoded again. */
  private readonly memo: RecentlyUsed<string, Buffer>;
  /** Fixed parts written (a miss) and reused (a hit): tests check that the memo is used. */
  readonly counts = { written: 0, reused: 0 };

  constructor(maxHits = DEFAULT_MEMO_HITS) {
    this.memo = new RecentlyUsed(maxHits);
  }

  /** `JSON.stringify(r)` as UTF-8, up to the order of keys (hits last, a hit's fixed fields first): the same value when parsed. */
  bytes(r: SearchResponse): Buffer {
    const out = new Pieces();
    const { hits, similar, ...rest } = r;
    out.text(open(JSON.stringify(rest)));
    this.hits(out, hits);
    if (similar) {
      const { hits: alike, ...head } = similar;
      out.text(`,"similar":${open(JSON.stringify(head))}`);
      this.hits(out, alike);
      out.text("}");
    }
    out.text("}");
    return out.join();
  }

  /** `"hits":[…]` after an opened object's fields. */
  private hits(out: Pieces, hits: readonly SearchHit[]): void {
    out.text(`"hits":[`);
    hits.forEach((h, i) => {
      const varying = varyingJson(h);
      out.text(i === 0 ? "{" : ",{");
      out.bytes(this.fixed(h));
      out.text(`${varying ? "," : ""}${varying}}`);
    });
    out.text("]");
  }

  private fixed(h: SearchHit): Buffer {
    // A passage's echo list is cut from one ordered list: the same length is the same echoes (a
    // similar passage is listed without them, a result with its top three).
    const key = `${h.id}\u0000${h.echoes.length}`;
    let fixed = this.memo.get(key);
    if (fixed === undefined) {
      // never empty: id is always there
      fixed = Buffer.from(inner(JSON.stringify(fixedPart(h))), "utf8");
      this.counts.written++;
      this.memo.set(key, fixed);
    } else this.counts.reused++;
    return fixed;
  }
}

/** An answer assembled from JSON text and UTF-8 bytes already made, encoded once into its buffer at the end. */
class Pieces {
  private readonly parts: (string | Buffer)[] = [];
  private pending = "";

  text(s: string): void {
    this.pending += s;
  }

  bytes(b: Buffer): void {
    this.flush();
    this.parts.push(b);
  }

  /**
   * The answer in a buffer of its own: it is transferred to the serving thread, and a small Buffer
   * from Node's shared pool would take the pool's other buffers with it. Text is encoded straight
   * into it (no buffer of its own per piece, then a copy).
   */
  join(): Buffer {
    this.flush();
    let size = 0;
    for (const p of this.parts) size += typeof p === "string" ? Buffer.byteLength(p, "utf8") : p.length;
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const p of this.parts) at += typeof p === "string" ? out.write(p, at, "utf8") : p.copy(out, at);
    return out;
  }

  private flush(): void {
    if (this.pending) this.parts.push(this.pending);
    this.pending = "";
  }
}

/** The hit's fixed fields, in the order listed. */
function fixedPart(h: SearchHit): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIXED_FIELDS) out[k] = h[k];
  return out;
}

/** An object's JSON without its braces. */
function inner(objectJson: string): string {
  return objectJson.slice(1, -1);
}

/** An object's JSON opened for more fields: `{…,` (or `{` when it has none). */
function open(objectJson: string): string {
  const body = inner(objectJson);
  return body ? `{${body},` : "{";
}
