/**
 * The searcher: parses a query, finds every passage that matches it literally (gram postings +
 * verification), ranks them (score.ts), collapses editions, counts facets and shapes one page of
 * hits. Similarity mode (similar.ts) answers pasted texts and queries without an AND match.
 */
import { ZhangjieError } from "../errors.ts";
import type { DocumentRecord } from "../model.ts";
import type { EchoRef } from "../echo/types.ts";
import { squeeze, unsqueezeRange, type Squeezed } from "../analysis/analyzer.ts";
import type { GramPostings } from "../index/gram-postings.ts";
import type { WordIndex } from "../index/word-index.ts";
import type { PassageEntry } from "../index/passage-table.ts";
import { parseQuery, type Clause, type Filter, type ParsedQuery } from "./parse.ts";
import { matchLiteral, type Occurrences } from "./literal.ts";
import { bm25, WORD_MATCH_BOOST, HEADING_WEIGHT, idf, minWindow, PHRASE_BOOST, PROXIMITY_WEIGHT, roundScore } from "./score.ts";
import { gramWeight, similarHighlights, similarScores, type SimilarQuery } from "./similar.ts";
import { citation, mergeRanges, passageUrl } from "./present.ts";
import type { SearchHit, SearchOptions, SearchResponse } from "./types.ts";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export interface SearchData {
  documents: readonly DocumentRecord[];
  entries: readonly PassageEntry[];
  /** squeeze() of each entry's text, when the caller already has it (a fresh build); computed otherwise. */
  squeezed?: Squeezed[];
  grams: GramPostings;
  words: WordIndex;
  echoesOf?: (passageId: string, limit?: number) => EchoRef[];
}

/** What a match needs for highlighting: per literal needle, its occurrences (squeezed offsets). */
type Marks = { needle: string; occ: number[] }[];

interface Ranked {
  ord: number;
  score: number;
}

export class Searcher {
  readonly squeezed: Squeezed[];
  private readonly byId = new Map<string, number>();
  /** Squeezed "label+title" of each heading in a path → ordinals under it (for in: and the heading boost). */
  private readonly pathKeys: string[];
  private readonly pathGroups = new Map<string, number[]>();
  private readonly docOrdinals = new Map<string, number[]>();
  private readonly docIndex = new Map<string, number>();
  private readonly ownWeight: Float64Array;
  /** Per ordinal: its top-level heading's facet key ("" when the path is empty). */
  private readonly chapterKeys: string[];
  /** Per document, what a doc: filter matches against (folded once, not per query). */
  private readonly docKeys: { doc: DocumentRecord; id: string; title: string; docNumber: string | null }[];

  constructor(private readonly data: SearchData) {
    this.squeezed = data.squeezed ?? data.entries.map((e) => squeeze(e.passage.text));
    const n = data.entries.length;
    this.ownWeight = data.grams.bigramWeightSums(n, (df) => gramWeight(df, n));
    this.pathKeys = new Array(data.entries.length);
    this.chapterKeys = data.entries.map((e) => {
      const top = e.passage.path[0];
      return top ? `${e.doc.id}\u0001${top.label}\u0001${top.title}` : "";
    });
    data.documents.forEach((d, i) => this.docIndex.set(d.id, i));
    this.docKeys = data.documents.map((doc) => ({
      doc,
      id: doc.id.toLowerCase(),
      title: squeeze(doc.title).text,
      docNumber: doc.docNumber === null ? null : squeeze(doc.docNumber).text,
    }));
    for (const e of data.entries) {
      this.byId.set(e.passage.id, e.ordinal);
      const key = e.passage.path.map((h) => squeeze(h.label + h.title).text).join("\u0001");
      this.pathKeys[e.ordinal] = key;
      let g = this.pathGroups.get(key);
      if (!g) this.pathGroups.set(key, (g = []));
      g.push(e.ordinal);
      let d = this.docOrdinals.get(e.doc.id);
      if (!d) this.docOrdinals.set(e.doc.id, (d = []));
      d.push(e.ordinal);
    }
  }

  ordinalOf(passageId: string): number | undefined {
    return this.byId.get(passageId);
  }

  search(q: string, opts?: SearchOptions): SearchResponse {
    const t0 = performance.now();
    const { limit, offset } = pageOptions(opts ?? {}); // null from a JavaScript caller too
    const parsed = parseQuery(q);
    const allowed = this.resolveFilters(parsed.filters);
    const isAllowed = (ord: number) => allowed === null || allowed[ord] === 1;

    let mode: "terms" | "similar" = "terms";
    let ranked: Ranked[];
    let marks = new Map<number, Marks>();
    let simQuery: SimilarQuery | null = null;
    // One lookup per distinct needle: a query may repeat a term (的 的 的 …, a|a, a -a).
    const seen = new Map<string, Occurrences>();
    const match = (needle: string): Occurrences => {
      let occ = seen.get(needle);
      if (!occ) seen.set(needle, (occ = this.match(needle)));
      return occ;
    };
    const excluded = this.excluded(parsed.clauses, match);
    const positives = parsed.clauses.filter((c) => !c.negated);

    if (parsed.similar) {
      mode = "similar";
      ({ ranked, simQuery } = this.similar(parsed, isAllowed, excluded));
    } else if (positives.length === 0) {
      // filters only: every passage they admit, in document order
      ranked = [];
      for (let ord = 0; ord < this.data.entries.length; ord++) if (isAllowed(ord) && !excluded.has(ord)) ranked.push({ ord, score: 0 });
    } else {
      ({ ranked, marks } = this.terms(positives, isAllowed, excluded, match));
      if (ranked.length === 0 && parsed.text.trim()) {
        mode = "similar";
        ({ ranked, simQuery } = this.similar(parsed, isAllowed, excluded));
      }
    }

    ranked.sort((a, b) => b.score - a.score || a.ord - b.ord);
    const collapsed = this.collapseEditions(ranked);
    const hits = collapsed.slice(offset, offset + limit).map((r) => {
      const sq = this.squeezed[r.ord]!;
      let highlights: [number, number][] = [];
      if (simQuery) highlights = similarHighlights(sq, simQuery);
      else {
        for (const m of marks.get(r.ord) ?? []) for (const s of m.occ) highlights.push(unsqueezeRange(sq, s, s + m.needle.length));
      }
      return this.hit(r.ord, r.score, mergeRanges(highlights), 3);
    });
    return {
      query: q,
      total: collapsed.length,
      tookMs: Math.round((performance.now() - t0) * 1000) / 1000,
      mode,
      hits,
      facets: this.facets(collapsed),
    };
  }

  /** A passage shaped as a hit: no highlights, score 0, `echoLimit` echoes (all when undefined). */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit?: number): SearchHit {
    const e = this.data.entries[ord]!;
    const p = e.passage;
    const otherEditions: SearchHit["otherEditions"] = [];
    for (const cid of p.counterparts) {
      const c = this.byId.get(cid);
      if (c === undefined) continue;
      const ce = this.data.entries[c]!;
      otherEditions.push({ editionId: ce.edition.id, edition: ce.edition.name, passageId: ce.passage.id });
    }
    return {
      id: p.id,
      docId: e.doc.id,
      docTitle: e.doc.title,
      edition: e.edition.name,
      editionId: e.edition.id,
      otherEditions,
      path: p.path,
      text: p.text,
      highlights,
      score,
      citation: citation(e.doc, e.edition, p.path),
      url: passageUrl(e),
      echoes: this.data.echoesOf ? this.data.echoesOf(p.id, echoLimit) : [],
    };
  }

  private excluded(clauses: Clause[], match: (needle: string) => Occurrences): Set<number> {
    const out = new Set<number>();
    for (const c of clauses) {
      if (!c.negated) continue;
      for (const a of c.alternatives) for (const ord of match(a.needle).keys()) out.add(ord);
    }
    return out;
  }

  private match(needle: string): Occurrences {
    return matchLiteral(needle, this.data.grams, (ord) => this.squeezed[ord]!.text);
  }

  private terms(
    positives: Clause[],
    isAllowed: (ord: number) => boolean,
    excluded: Set<number>,
    match: (needle: string) => Occurrences,
  ): { ranked: Ranked[]; marks: Map<number, Marks> } {
    const n = this.data.entries.length;
    const words = this.data.words;
    // Per clause: per alternative its occurrences and idf (df over the whole corpus).
    const clauses = positives.map((c) =>
      c.alternatives.map((a) => {
        const occ = match(a.needle);
        // Passages where the term is also a whole analyzer word (FlexSearch word postings): 创新 as
        // a word outranks 创新 inside 科技创新型. Looked up by the term itself, so a query never
        // needs the segmenter (loading jieba costs ~1 s of cold start).
        const asWords = occ.size && words.df(a.needle) > 0 ? new Set(words.all([a.needle])) : new Set<number>();
        return { needle: a.needle, occ, idf: idf(occ.size, n), asWords };
      }),
    );
    // Candidate set: passages matching every clause (start from the rarest clause).
    const sizes = clauses.map((alts) => alts.reduce((s, a) => s + a.occ.size, 0));
    const order = clauses.map((_, i) => i).sort((a, b) => sizes[a]! - sizes[b]!);
    const first = clauses[order[0]!]!;
    const cands = new Set<number>();
    for (const a of first) for (const ord of a.occ.keys()) cands.add(ord);
    const phrase = positives.length > 1 ? positives.map((c) => c.alternatives[0]!.needle).join("") : null;

    const ranked: Ranked[] = [];
    const marks = new Map<number, Marks>();
    for (const ord of cands) {
      if (!isAllowed(ord) || excluded.has(ord)) continue;
      if (!clauses.every((alts) => alts.some((a) => a.occ.has(ord)))) continue;
      const length = words.lengths[ord] ?? 1;
      const pathKey = this.pathKeys[ord]!;
      let score = 0;
      const m: Marks = [];
      const best: number[][] = [];
      const lens: number[] = [];
      for (const alts of clauses) {
        let top = -1;
        let topOcc: number[] = [];
        let topLen = 0;
        for (const a of alts) {
          const occ = a.occ.get(ord);
          if (!occ) continue;
          m.push({ needle: a.needle, occ });
          let s = bm25(occ.length, a.idf, length, words.avgLength);
          if (a.asWords.has(ord)) s *= WORD_MATCH_BOOST;
          if (pathKey.includes(a.needle)) s += HEADING_WEIGHT * a.idf;
          if (s > top) {
            top = s;
            topOcc = occ;
            topLen = a.needle.length;
          }
        }
        score += top;
        best.push(topOcc);
        lens.push(topLen);
      }
      if (best.length > 1) {
        const w = minWindow(best, lens);
        const sum = lens.reduce((s, x) => s + x, 0);
        if (Number.isFinite(w) && w > 0) score *= 1 + PROXIMITY_WEIGHT * Math.min(1, sum / w);
        if (phrase && this.squeezed[ord]!.text.includes(phrase)) score *= PHRASE_BOOST;
      }
      ranked.push({ ord, score: roundScore(score) });
      marks.set(ord, m);
    }
    return { ranked, marks };
  }

  private similar(parsed: ParsedQuery, isAllowed: (ord: number) => boolean, excluded: Set<number>): { ranked: Ranked[]; simQuery: SimilarQuery } {
    const { q, scores } = similarScores(parsed.text, {
      grams: this.data.grams,
      ownWeight: this.ownWeight,
      allowed: (ord) => isAllowed(ord) && !excluded.has(ord),
      passages: this.data.entries.length,
    });
    return { ranked: [...scores].map(([ord, score]) => ({ ord, score })), simQuery: q };
  }

  /** Allowed-ordinal mask for the query's filters, or null when there are none. */
  private resolveFilters(filters: Filter[]): Uint8Array | null {
    if (filters.length === 0) return null;
    const n = this.data.entries.length;
    let mask: Uint8Array | null = null;
    const apply = (ords: number[], negated: boolean) => {
      const m = new Uint8Array(n);
      for (const o of ords) m[o] = 1;
      if (negated) for (let i = 0; i < n; i++) m[i] = m[i] ? 0 : 1;
      if (mask === null) mask = m;
      else for (let i = 0; i < n; i++) mask[i] = mask[i]! & m[i]!;
    };
    // Several positive doc: filters are alternatives (this document or that one).
    const docOrds: number[] = [];
    let positiveDoc = false;
    for (const f of filters) {
      if (f.kind === "doc") {
        const docs = this.docKeys
          .filter((k) => k.id === f.needle || k.title.includes(f.needle) || (k.docNumber !== null && k.docNumber.includes(f.needle)))
          .map((k) => k.doc);
        if (docs.length === 0) throw new ZhangjieError("QUERY_BAD_FILTER", `doc:${f.value}`);
        const ords = docs.flatMap((d) => this.docOrdinals.get(d.id) ?? []);
        if (f.negated) apply(ords, true);
        else {
          positiveDoc = true;
          docOrds.push(...ords);
        }
      } else {
        const ords: number[] = [];
        for (const [key, group] of this.pathGroups) if (key.includes(f.needle)) ords.push(...group);
        if (ords.length === 0) throw new ZhangjieError("QUERY_BAD_FILTER", `in:${f.value}`);
        apply(ords, f.negated);
      }
    }
    if (positiveDoc) apply(docOrds, false);
    return mask;
  }

  /**
   * Editions of one document are one hit: a passage of a secondary edition is dropped when one of
   * its counterparts (the same clause in another edition) is also a hit; otherwise it stays.
   */
  private collapseEditions(ranked: Ranked[]): Ranked[] {
    const hit = new Set<number>();
    for (const r of ranked) hit.add(r.ord);
    return ranked.filter((r) => {
      const e = this.data.entries[r.ord]!;
      if (e.edition.primary) return true;
      return !e.passage.counterparts.some((cid) => {
        const c = this.byId.get(cid);
        return c !== undefined && hit.has(c) && this.data.entries[c]!.edition.primary;
      });
    });
  }

  private facets(ranked: Ranked[]): SearchResponse["facets"] {
    const docs = new Map<string, { docId: string; title: string; count: number }>();
    const chapters = new Map<string, { docId: string; label: string; title: string; count: number }>();
    for (const r of ranked) {
      const e = this.data.entries[r.ord]!;
      let d = docs.get(e.doc.id);
      if (!d) docs.set(e.doc.id, (d = { docId: e.doc.id, title: e.doc.title, count: 0 }));
      d.count++;
      const key = this.chapterKeys[r.ord]!;
      const top = e.passage.path[0];
      if (top) {
        let c = chapters.get(key);
        if (!c) chapters.set(key, (c = { docId: e.doc.id, label: top.label, title: top.title, count: 0 }));
        c.count++;
      }
    }
    const di = (id: string) => this.docIndex.get(id) ?? 0;
    return {
      docs: [...docs.values()].sort((a, b) => b.count - a.count || di(a.docId) - di(b.docId)),
      chapters: [...chapters.values()].sort((a, b) => b.count - a.count || di(a.docId) - di(b.docId)),
    };
  }
}

function pageOptions(opts: SearchOptions): { limit: number; offset: number } {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1) throw new ZhangjieError("BAD_PARAMETER", `limit=${String(opts.limit)} (1–${MAX_LIMIT})`);
  if (!Number.isInteger(offset) || offset < 0) throw new ZhangjieError("BAD_PARAMETER", `offset=${String(opts.offset)}`);
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}
