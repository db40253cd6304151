/**
 * The searcher: parses a query, finds every passage that matches it literally (gram postings +
 * verification), collapses editions, counts facets, ranks (score.ts) and shapes one page of hits.
 * Similarity mode (similar.ts) answers pasted texts and queries without an AND match.
 *
 * Cost model: matching works on sorted posting lists (postings.ts: merge/galloping intersection,
 * union, difference), facets and edition collapsing on integer ordinals precomputed here, ranking
 * keeps only the best offset+limit in a heap (top-k.ts), and highlights, citations and echoes are
 * computed for the returned page only. A query costs its posting lists plus a few additions per
 * matching passage, not a sort and a handful of objects per match.
 */
import { ZhangjieError } from "../errors.ts";
import type { DocumentRecord } from "../model.ts";
import type { EchoRef } from "../echo/types.ts";
import { squeeze, unsqueezeRange, type Squeezed } from "../analysis/squeeze.ts";
import { COUNT_CAP } from "../index/gram-postings.ts";
import type { GramIndex, WordLookup } from "../index/segment-set.ts";
import type { PassageEntry } from "../index/passage-table.ts";
import type { SearcherTables } from "../index/search-tables.ts";
import { parseQuery, type Clause, type Filter, type ParsedQuery } from "./parse.ts";
import { candidates, countOccurrences, occurrencesIn, provenByGrams, verify, type LiteralMatch } from "./literal.ts";
import { difference, gallop, intersect, intersectAll, unionAll, type Ordinals } from "./postings.ts";
import { TopK } from "./top-k.ts";
import {
  bm25,
  WORD_MATCH_BOOST,
  HEADING_WEIGHT,
  idf,
  minWindowOfEvents,
  PHRASE_BOOST,
  PROXIMITY_WEIGHT,
  roundScore,
  TERM_SLOTS,
  WINDOW_OCCURRENCES,
} from "./score.ts";
import { gramWeight, similarHighlights, similarScores, SimilarScratch, type SimilarQuery } from "./similar.ts";
import { citation, mergeRanges, passageUrl } from "./present.ts";
import type { SearchHit, SearchOptions, SearchResponse } from "./types.ts";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export interface SearchData {
  documents: readonly DocumentRecord[];
  /** Per-ordinal tables (index/search-tables.ts), read from the store without an object per passage. */
  tables: SearcherTables;
  /** A passage with its document and edition, made when asked (the page's hits). */
  entry(ord: number): PassageEntry;
  ordinalOf(passageId: string): number | undefined;
  /** squeeze() of the passage's text: what literal checks and ranking read. */
  squeezedText(ord: number): string;
  grams: GramIndex;
  words: WordLookup;
  echoesOf?: (passageId: string, limit?: number) => EchoRef[];
}

/** One alternative of a positive clause, as the ranking walk needs it. */
interface Term {
  needle: string;
  /** Passages holding every gram of the needle; their number is the term's df. */
  cands: Ordinals;
  /** The verified passages among the query's candidates (set by matchTerms). */
  match: LiteralMatch;
  idf: number;
  /** Passages where the needle is also a whole analyzer word (ascending), or null when none. */
  asWords: Uint32Array | null;
  /**
   * A needle of one or two word characters: its gram's posting list and occurrence counts (its tf
   * per passage, exact below COUNT_CAP), so ranking needs no text; null for longer needles.
   */
  gramOrds: Uint32Array | null;
  gramCounts: Uint8Array | null;
  /** Walk cursors into match.ords, asWords and gramOrds (survivors are visited in ascending order). */
  at: number;
  wordAt: number;
  gramAt: number;
  /** Per heading path: 0 unknown, 1 the needle is in the path's headings, 2 it is not. */
  inPath: Int8Array | null;
  /** Several clauses: the first occurrences of the needle in the passage being scored (proximity). */
  pos: Int32Array | null;
  /** The passage `pos` holds occurrences of (-1: none yet). */
  posOrd: number;
  npos: number;
}

const NO_MATCH: LiteralMatch = { ords: new Uint32Array(0), tf: null };

/** A scored (or unscored) set of matching passages, before ranking. */
interface Matches {
  /** Ascending ordinals. */
  ords: Uint32Array;
  /** Similarity mode: scores by ordinal (this.similarScore, valid for `ords`). */
  similar?: Float64Array;
}

export class Searcher {
  private readonly n: number;
  /** Distinct squeezed "label+title" paths; pathOf[ord] indexes them (for in: and the heading boost). */
  private readonly pathKeys: string[];
  private readonly pathOf: Int32Array;
  private readonly ownWeight: Float64Array;
  /** Per ordinal: its document's index in data.documents. */
  private readonly docOf: Int32Array;
  /** Per ordinal: its top-level heading's index in `chapters` (one per document + label + title), -1 when the path is empty. */
  private readonly chapterOf: Int32Array;
  private readonly chapters: { doc: number; label: string; title: string }[];
  /** Per ordinal: 1 when its edition is the document's primary one. */
  private readonly primary: Uint8Array;
  /** Per secondary-edition ordinal: its counterparts in a primary edition, as CSR (start[ord]…start[ord+1] in `cpOrds`). */
  private readonly cpStart: Int32Array;
  private readonly cpOrds: Int32Array;
  /** Per document, what a doc: filter matches against (folded once, not per query). */
  private readonly docKeys: { doc: DocumentRecord; id: string; title: string; docNumber: string | null }[];
  // Scratch space reused by every query (search is synchronous): marks stamped with a query epoch,
  // facet counters reset after use, window events for the proximity boost.
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private readonly docCount: Int32Array;
  private readonly chapterCount: Int32Array;
  private readonly similarScratch: SimilarScratch;
  private readonly similarScore: Float64Array;
  private events: Float64Array = new Float64Array(256);
  private windowEnds = new Int32Array(256);
  private windowCounts = new Int32Array(16);

  constructor(private readonly data: SearchData) {
    const t = data.tables;
    const n = (this.n = t.passages);
    this.ownWeight = data.grams.bigramWeightSums(n, (df) => gramWeight(df, n));
    this.docKeys = data.documents.map((doc) => ({
      doc,
      id: doc.id.toLowerCase(),
      title: squeeze(doc.title).text,
      docNumber: doc.docNumber === null ? null : squeeze(doc.docNumber).text,
    }));
    ({ pathKeys: this.pathKeys, pathOf: this.pathOf, docOf: this.docOf, chapterOf: this.chapterOf, chapters: this.chapters, primary: this.primary, cpStart: this.cpStart, cpOrds: this.cpOrds } = t);
    this.stamp = new Uint32Array(n);
    this.docCount = new Int32Array(data.documents.length);
    this.chapterCount = new Int32Array(this.chapters.length);
    this.similarScratch = new SimilarScratch(n);
    this.similarScore = new Float64Array(n);
  }

  ordinalOf(passageId: string): number | undefined {
    return this.data.ordinalOf(passageId);
  }

  search(q: string, opts?: SearchOptions): SearchResponse {
    const t0 = performance.now();
    const { limit, offset } = pageOptions(opts ?? {}); // null from a JavaScript caller too
    const parsed = parseQuery(q);
    const allowed = this.resolveFilters(parsed.filters);

    // Gram candidates once per distinct needle: a query may repeat a term (的 的 的 …, a|a, a -a).
    const seen = new Map<string, Ordinals>();
    const candidatesOf = (needle: string): Ordinals => {
      let c = seen.get(needle);
      if (!c) seen.set(needle, (c = candidates(needle, this.data.grams)));
      return c;
    };
    const positives = parsed.clauses.filter((c) => !c.negated);
    const terms = parsed.similar ? [] : positives.map((c) => c.alternatives.map((a) => this.term(a.needle, candidatesOf(a.needle))));
    // Exclusions are verified only among the passages they would remove.
    const negated = [...new Set(parsed.clauses.filter((c) => c.negated).flatMap((c) => c.alternatives.map((a) => a.needle)))];
    const exclude = (ords: Uint32Array): Uint32Array => {
      if (negated.length === 0 || ords.length === 0) return ords;
      const hits = negated.map((needle) => verify(needle, intersect(ords, candidatesOf(needle)), this.textOf, false).ords);
      return difference(ords, unionAll(hits));
    };

    let mode: "terms" | "similar" = "terms";
    let matches: Matches;
    let simQuery: SimilarQuery | null = null;
    if (parsed.similar) {
      mode = "similar";
      ({ matches, simQuery } = this.similar(parsed, allowed, exclude));
    } else if (positives.length === 0) {
      // filters only: every passage they admit, in document order
      matches = { ords: exclude(this.admit(null, allowed)) };
    } else {
      matches = { ords: exclude(this.matchTerms(terms, allowed)) };
      if (matches.ords.length === 0 && parsed.text.trim()) {
        mode = "similar";
        ({ matches, simQuery } = this.similar(parsed, allowed, exclude));
      }
    }

    const survivors = this.collapseEditions(matches.ords);
    const top = new TopK(Math.min(survivors.length, offset + limit));
    if (matches.similar) {
      const scores = matches.similar;
      for (let i = 0; i < survivors.length; i++) top.push(survivors[i]!, scores[survivors[i]!]!);
    } else if (positives.length === 0) {
      for (let i = 0; i < top.capacity; i++) top.push(survivors[i]!, 0);
    } else this.rankTerms(survivors, terms, top);

    const hits = top
      .sorted()
      .slice(offset, offset + limit)
      .map((r) => {
        const sq = squeeze(this.data.entry(r.ord).passage.text);
        let highlights: [number, number][] = [];
        if (simQuery) highlights = similarHighlights(sq, simQuery);
        else {
          for (const alts of terms) {
            for (const a of alts) {
              const ords = a.match.ords;
              const k = gallop(ords, r.ord, 0);
              if (k === ords.length || ords[k] !== r.ord) continue;
              for (const s of occurrencesIn(sq.text, a.needle)) highlights.push(unsqueezeRange(sq, s, s + a.needle.length));
            }
          }
        }
        return this.hit(r.ord, r.score, mergeRanges(highlights), 3);
      });
    return {
      query: q,
      total: survivors.length,
      tookMs: Math.round((performance.now() - t0) * 1000) / 1000,
      mode,
      hits,
      facets: this.facets(survivors),
    };
  }

  /** A passage shaped as a hit: no highlights, score 0, `echoLimit` echoes (all when undefined). */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit?: number): SearchHit {
    const e = this.data.entry(ord);
    const p = e.passage;
    const otherEditions: SearchHit["otherEditions"] = [];
    for (const cid of p.counterparts) {
      const c = this.data.ordinalOf(cid);
      if (c === undefined) continue;
      const ce = this.data.entry(c);
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

  private readonly textOf = (ord: number): string => this.data.squeezedText(ord);

  private term(needle: string, cands: Ordinals): Term {
    const words = this.data.words;
    // Passages where the term is also a whole analyzer word (FlexSearch word postings): 创新 as
    // a word outranks 创新 inside 科技创新型. Looked up by the term itself, so a query never
    // needs the segmenter (loading jieba costs ~1 s of cold start).
    const asWords = cands.length && words.df(needle) > 0 ? Uint32Array.from(words.all([needle])) : null;
    const proven = provenByGrams(needle);
    const gramOrds = proven ? this.data.grams.get(needle) : null;
    const gramCounts = proven ? this.data.grams.counts(needle) : null;
    return {
      needle,
      cands,
      match: NO_MATCH,
      idf: idf(cands.length, this.n),
      asWords,
      gramOrds,
      gramCounts,
      at: 0,
      wordAt: 0,
      gramAt: 0,
      inPath: null,
      pos: null,
      posOrd: -1,
      npos: 0,
    };
  }

  /**
   * The passages matching every clause (one of its alternatives) and the filters. Gram candidates
   * are combined first — intersections and filters are cheap — and only the passages left are
   * verified against their text, each alternative within its own candidates. A term of 3+
   * characters has its occurrences counted while verifying (the text is being read anyway); a
   * 1–2 character term needs no verification, and its counts come from the gram postings.
   */
  private matchTerms(clauses: Term[][], allowed: Uint8Array | null): Uint32Array {
    const clauseCands = clauses.map((alts) => (alts.length === 1 ? alts[0]!.cands : unionAll(alts.map((a) => a.cands))));
    const cand = this.admit(intersectAll(clauseCands), allowed);
    for (const alts of clauses) {
      for (const a of alts) {
        const within = cand === a.cands ? a.cands : intersect(cand, a.cands);
        a.match = verify(a.needle, within, this.textOf, !provenByGrams(a.needle));
      }
    }
    return intersectAll(clauses.map((alts) => (alts.length === 1 ? alts[0]!.match.ords : unionAll(alts.map((a) => a.match.ords)))));
  }

  /** `ords` (all passages when null) restricted to the filters' mask. */
  private admit(ords: Ordinals | null, allowed: Uint8Array | null): Uint32Array {
    if (ords === null) {
      const out = new Uint32Array(this.n);
      let m = 0;
      for (let ord = 0; ord < this.n; ord++) if (allowed === null || allowed[ord] === 1) out[m++] = ord;
      return out.subarray(0, m);
    }
    if (allowed === null) return ords instanceof Uint32Array ? ords : Uint32Array.from(ords);
    const out = new Uint32Array(ords.length);
    let m = 0;
    for (let i = 0; i < ords.length; i++) if (allowed[ords[i]!] === 1) out[m++] = ords[i]!;
    return out.subarray(0, m);
  }

  /**
   * Scores each surviving passage (ascending ordinals) and offers it to `top`. A clause scores its
   * best alternative: BM25(tf) × WORD_MATCH_BOOST when the term is a whole word there, plus the
   * heading weight. With several clauses the proximity and phrase factors (at most
   * (1 + PROXIMITY_WEIGHT) × PHRASE_BOOST) multiply the sum; the window is computed only for
   * passages whose sum times that bound can still enter the top k.
   */
  private rankTerms(survivors: Uint32Array, clauses: Term[][], top: TopK): void {
    const words = this.data.words;
    const multi = clauses.length > 1;
    const phrase = multi ? clauses.map((alts) => alts[0]!.needle).join("") : null;
    const bound = (1 + PROXIMITY_WEIGHT) * PHRASE_BOOST;
    const best: Term[] = new Array(clauses.length);
    const lens = new Int32Array(clauses.length);
    if (multi) {
      for (const alts of clauses) for (const a of alts) a.pos = new Int32Array(WINDOW_OCCURRENCES);
      if (this.windowCounts.length < clauses.length) this.windowCounts = new Int32Array(clauses.length);
    }
    for (let i = 0; i < survivors.length; i++) {
      const ord = survivors[i]!;
      const length = words.lengths[ord] ?? 1;
      const text = this.data.squeezedText(ord);
      let score = 0;
      for (let c = 0; c < clauses.length; c++) {
        const alts = clauses[c]!;
        let topScore = -1;
        for (const a of alts) {
          const ords = a.match.ords;
          a.at = gallop(ords, ord, a.at);
          if (a.at === ords.length || ords[a.at] !== ord) continue;
          let tf = COUNT_CAP;
          if (a.match.tf) tf = a.match.tf[a.at]!;
          else if (a.gramCounts) {
            // survivors ⊆ match.ords ⊆ gramOrds: the gallop lands on ord
            a.gramAt = gallop(a.gramOrds!, ord, a.gramAt);
            tf = a.gramCounts[a.gramAt]!;
          }
          // A saturated count (or no counts) is counted in the text; the proximity window reads
          // positions itself, for the passages that get that far.
          if (tf === COUNT_CAP && !a.match.tf) tf = countOccurrences(text, a.needle);
          let s = bm25(tf, a.idf, length, words.avgLength);
          if (a.asWords) {
            a.wordAt = gallop(a.asWords, ord, a.wordAt);
            if (a.asWords[a.wordAt] === ord) s *= WORD_MATCH_BOOST;
          }
          if (this.inHeadings(a, ord)) s += HEADING_WEIGHT * a.idf;
          if (s > topScore) {
            topScore = s;
            best[c] = a;
          }
        }
        score += topScore;
      }
      if (multi) {
        // + 1e-6: scores are rounded to 1e-6, and an equal score may still win on document order
        if (score * bound + 1e-6 < top.threshold) continue;
        let sum = 0;
        for (let c = 0; c < clauses.length; c++) sum += lens[c] = best[c]!.needle.length;
        const w = this.window(text, ord, best, lens);
        if (Number.isFinite(w) && w > 0) score *= 1 + PROXIMITY_WEIGHT * Math.min(1, sum / w);
        if (phrase && text.includes(phrase)) score *= PHRASE_BOOST;
      }
      top.push(ord, roundScore(score));
    }
  }

  /** Counts the term's non-overlapping occurrences in text, keeping the first ones' offsets in a.pos. */
  private occurrences(text: string, a: Term, ord: number): number {
    const pos = a.pos!;
    const needle = a.needle;
    let n = 0;
    let at = text.indexOf(needle);
    while (at >= 0) {
      if (n < pos.length) pos[n] = at;
      n++;
      at = text.indexOf(needle, at + needle.length);
    }
    a.npos = Math.min(n, pos.length);
    a.posOrd = ord;
    return n;
  }

  /** Whether the needle occurs in the passage's heading path (memoized per path for this term). */
  private inHeadings(a: Term, ord: number): boolean {
    const p = this.pathOf[ord]!;
    if (!a.inPath) a.inPath = new Int8Array(this.pathKeys.length);
    let v = a.inPath[p]!;
    if (v === 0) a.inPath[p] = v = this.pathKeys[p]!.includes(a.needle) ? 1 : 2;
    return v === 1;
  }

  /** minWindow over the kept occurrences of each clause's chosen term, without allocating. */
  private window(text: string, ord: number, best: readonly Term[], lens: Int32Array): number {
    let m = 0;
    for (let k = 0; k < best.length; k++) {
      const t = best[k]!;
      if (t.posOrd !== ord) this.occurrences(text, t, ord);
      if (this.events.length < m + t.npos) this.events = growF64(this.events, m + t.npos);
      for (let j = 0; j < t.npos; j++) this.events[m++] = t.pos![j]! * TERM_SLOTS + k;
    }
    if (this.windowEnds.length < m) this.windowEnds = new Int32Array(this.events.length);
    const events = this.events.subarray(0, m).sort();
    return minWindowOfEvents(events, m, lens, this.windowCounts, this.windowEnds);
  }

  private similar(parsed: ParsedQuery, allowed: Uint8Array | null, exclude: (ords: Uint32Array) => Uint32Array): { matches: Matches; simQuery: SimilarQuery } {
    const { q, ords } = similarScores(
      parsed.text,
      { grams: this.data.grams, ownWeight: this.ownWeight, allowed, passages: this.n, scratch: this.similarScratch },
      this.similarScore,
    );
    return { matches: { ords: exclude(ords), similar: this.similarScore }, simQuery: q };
  }

  /**
   * Allowed-ordinal mask for the query's filters, or null when there are none. Each filter is
   * decided once per document (doc:) or per distinct heading path (in:), then spread over the
   * passages through their precomputed document and path ordinals.
   */
  private resolveFilters(filters: Filter[]): Uint8Array | null {
    if (filters.length === 0) return null;
    const docs = this.docKeys.length;
    // Several positive doc: filters are alternatives (this document or that one).
    let docAllowed: Uint8Array | null = null;
    const docExcluded = new Uint8Array(docs);
    const pathAllowed = new Uint8Array(this.pathKeys.length).fill(1);
    for (const f of filters) {
      if (f.kind === "doc") {
        let any = false;
        for (let d = 0; d < docs; d++) {
          const k = this.docKeys[d]!;
          if (!(k.id === f.needle || k.title.includes(f.needle) || (k.docNumber !== null && k.docNumber.includes(f.needle)))) continue;
          any = true;
          if (f.negated) docExcluded[d] = 1;
          else (docAllowed ??= new Uint8Array(docs))[d] = 1;
        }
        if (!any) throw new ZhangjieError("QUERY_BAD_FILTER", `doc:${f.value}`);
      } else {
        let any = false;
        for (let p = 0; p < this.pathKeys.length; p++) {
          const hit = this.pathKeys[p]!.includes(f.needle);
          if (hit) any = true;
          if (hit === f.negated) pathAllowed[p] = 0;
        }
        if (!any) throw new ZhangjieError("QUERY_BAD_FILTER", `in:${f.value}`);
      }
    }
    const mask = new Uint8Array(this.n);
    for (let ord = 0; ord < this.n; ord++) {
      const d = this.docOf[ord]!;
      if (pathAllowed[this.pathOf[ord]!] === 1 && docExcluded[d] === 0 && (docAllowed === null || docAllowed[d] === 1)) mask[ord] = 1;
    }
    return mask;
  }

  /**
   * Editions of one document are one hit: a passage of a secondary edition is dropped when one of
   * its counterparts (the same clause in the primary edition) is also a match; otherwise it stays.
   */
  private collapseEditions(ords: Uint32Array): Uint32Array {
    if (this.cpOrds.length === 0) return ords;
    if (++this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    for (let i = 0; i < ords.length; i++) this.stamp[ords[i]!] = epoch;
    const out = new Uint32Array(ords.length);
    let m = 0;
    next: for (let i = 0; i < ords.length; i++) {
      const ord = ords[i]!;
      if (!this.primary[ord]) {
        for (let k = this.cpStart[ord]!; k < this.cpStart[ord + 1]!; k++) if (this.stamp[this.cpOrds[k]!] === epoch) continue next;
      }
      out[m++] = ord;
    }
    return out.subarray(0, m);
  }

  /**
   * Counts over every surviving match, by document and by chapter (top-level heading), most first;
   * equal counts in document order.
   */
  private facets(ords: Uint32Array): SearchResponse["facets"] {
    const docsTouched: number[] = [];
    const chaptersTouched: number[] = [];
    for (let i = 0; i < ords.length; i++) {
      const ord = ords[i]!;
      const d = this.docOf[ord]!;
      if (this.docCount[d]!++ === 0) docsTouched.push(d);
      const c = this.chapterOf[ord]!;
      if (c >= 0 && this.chapterCount[c]!++ === 0) chaptersTouched.push(c);
    }
    const docs = docsTouched
      .sort((a, b) => this.docCount[b]! - this.docCount[a]! || a - b)
      .map((d) => {
        const doc = this.data.documents[d]!;
        return { docId: doc.id, title: doc.title, count: this.docCount[d]! };
      });
    const chapters = chaptersTouched
      .sort((a, b) => this.chapterCount[b]! - this.chapterCount[a]! || this.chapters[a]!.doc - this.chapters[b]!.doc || a - b)
      .map((c) => {
        const ch = this.chapters[c]!;
        return { docId: this.data.documents[ch.doc]!.id, label: ch.label, title: ch.title, count: this.chapterCount[c]! };
      });
    for (const d of docsTouched) this.docCount[d] = 0;
    for (const c of chaptersTouched) this.chapterCount[c] = 0;
    return { docs, chapters };
  }
}

function growF64(a: Float64Array, min: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function pageOptions(opts: SearchOptions): { limit: number; offset: number } {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1) throw new ZhangjieError("BAD_PARAMETER", `limit=${String(opts.limit)} (1–${MAX_LIMIT})`);
  if (!Number.isInteger(offset) || offset < 0) throw new ZhangjieError("BAD_PARAMETER", `offset=${String(opts.offset)}`);
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}
