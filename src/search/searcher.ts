/**
 * The searcher: parse → plan → match → score → collect, each stage its own module.
 *   parse.ts     query text → clauses and filters (with their spans in the text)
 *   filters.ts   filters → one mask over passage ordinals (per document, edition, heading path)
 *   match.ts     clauses → the passages holding them literally (gram postings + verification)
 *   scorer.ts    the named signals of signals.ts, with their bounds for top-k pruning
 *   collect.ts   editions/versions collapsed, identical passages folded, the top k
 *   facets.ts    counts by document, chapter, region, level, type, year, status
 *   hits.ts      the returned page shaped for the API (the only per-hit object work)
 * Similarity mode (similar.ts) answers pasted texts, and offers similar passages apart when a terms
 * query matches nothing.
 *
 * Data access, one implementation for every store: from the parse, the searcher names the postings a
 * query needs (`postingNeeds`: the grams of every needle, the positive needles as words, a pasted
 * text's bigrams), gets them in one batched call (`SearchData.postings`: the embedded store answers at
 * once, the PostgreSQL store in one round trip — `searchAsync`), then matches, scores and collects
 * synchronously over what it got; a terms query that matched nothing fetches once more for the
 * similar passages it offers. Tables and texts are in memory with either store.
 *
 * Cost model: matching works on sorted posting lists, filters and facets on per-passage typed arrays
 * built once (tables.ts), ranking keeps only the best offset+limit in a heap, and highlights,
 * citations and echoes are computed for the returned page only.
 */
import { ZhangjieError } from "../errors.ts";
import type { DocumentRecord } from "../model.ts";
import type { EchoRef } from "../echo/types.ts";
import { isIgnorableCode, squeeze, unsqueezeRange, type Squeezed } from "../analysis/squeeze.ts";
import type { GramIndex, WordLookup } from "../index/segment-set.ts";
import type { PostingNeeds, PostingView } from "../index/store.ts";
import { bigramSet, literalGrams } from "../analysis/analyzer.ts";
import { parseQuery, type ParsedQuery } from "./parse.ts";
import { candidates, occurrencesIn, provenByGrams, verify } from "./literal.ts";
import type { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { gallop, intersect, unionAll, type Ordinals } from "./postings.ts";
import { SearchTables, type TableSource } from "./tables.ts";
import { FilterPlanner, type FilterPlan } from "./filters.ts";
import { DEFINITION_MARKERS, Matcher, type Term } from "./match.ts";
import { emptyDetail, Scorer, PRUNED, type ScoreDetail } from "./scorer.ts";
import { alsoIn, collapseEditions, collectTop, GroupScratch, Marks, relevanceKeys, type Collected } from "./collect.ts";
import { FacetCounter } from "./facets.ts";
import { HitMaker, type HitSource } from "./hits.ts";
import { withoutFilters } from "./query-text.ts";
import { gramWeight, similarHighlights, similarScores, SimilarScratch, type SimilarQuery } from "./similar.ts";
import { mergeRanges } from "./present.ts";
import { LEVEL_LABELS, STATUS_LABELS } from "./filter-values.ts";
import { Deadline, DeadlineExceeded } from "./budget.ts";
import { SORTS, type SearchHit, type SearchOptions, type SearchResponse, type SearchSort } from "./types.ts";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;
/** Rows an export may hold (`rows: true`). */
export const MAX_EXPORT_ROWS = 10_000;
/** Identical passages of other documents listed under a hit (the rest are counted: `alsoInTotal`). */
export const ALSO_IN_LISTED = 3;
/** Passages to rank above which a query of several terms looks up which may hold its phrase (scorer.ts). */
const PHRASE_PROOF_MIN = 64;
/** Similar passages offered beside a terms query without a match. */
export const SIMILAR_OFFERED = 5;

/**
 * What the searcher reads: the store's tables (built into SearchTables at open), its postings, the
 * squeezed texts ranking reads, and the page's passages (src/index/store.ts).
 */
export interface SearchData extends TableSource, HitSource {
  /** Postings without a fetch (the embedded store's); a remote store's hold only passage lengths in words. */
  grams: GramIndex;
  words: WordLookup;
  /** A query's postings in one batched call (absent: `grams` and `words` serve every query). */
  postings?: (needs: PostingNeeds) => PostingView | Promise<PostingView>;
}

/** What a mode found, before it is shaped: ascending ordinals and, per mode, how to score and mark them. */
interface Found {
  ords: Uint32Array;
  terms: Term[][];
  /** Similarity mode: scores by ordinal (valid for `ords`) and the pasted text's grams. */
  similar: { scores: Float64Array; q: SimilarQuery } | null;
}

export class Searcher {
  readonly tables: SearchTables;
  private readonly n: number;
  private readonly planner: FilterPlanner;
  private readonly scorer: Scorer;
  private readonly facetCounter: FacetCounter;
  private readonly hits: HitMaker;
  // Scratch space reused by every query (search is synchronous).
  private readonly marks: Marks;
  private readonly groups: GroupScratch;
  /** Groups of identical passages already counted in the ranking threshold (relevanceKeys). */
  private readonly groupMarks: Marks;
  private readonly similarScratch: SimilarScratch;
  private readonly similarScore: Float64Array;
  /** Passages that hold a definition marker: the definition signal looks for a term's definitions only there (found at the first query). */
  private definitionPassages: Uint32Array | null = null;
  private ownWeights: Float64Array | null = null;

  constructor(
    private readonly data: SearchData,
    echoesOf?: (passageId: string, limit?: number) => EchoRef[],
    /** Tables this searcher's extend (a live snapshot's predecessor: see SearchTables). */
    baseTables?: SearchTables,
  ) {
    const n = (this.n = data.passageCount);
    this.tables = new SearchTables(data, baseTables);
    this.planner = new FilterPlanner(this.tables);
    this.scorer = new Scorer(this.tables, data.words);
    this.facetCounter = new FacetCounter(this.tables);
    this.hits = new HitMaker(this.tables, data, echoesOf);
    this.marks = new Marks(n);
    this.groups = new GroupScratch(this.tables.groupStart.length - 1);
    this.groupMarks = new Marks(this.tables.groupStart.length - 1);
    this.similarScratch = new SimilarScratch(n);
    this.similarScore = new Float64Array(n);
  }

  /** Passages not deleted: the collection size that idf and gram weights are relative to. */
  private live(): number {
    return this.n - this.tables.deleted.cardinality;
  }

  /** Per passage, the summed weight of its bigrams (similarity mode): one pass over all postings, at the first pasted text. */
  private ownWeight(view: PostingView): Float64Array {
    const live = this.live();
    return (this.ownWeights ??= view.grams.bigramWeightSums(this.n, (df) => gramWeight(df, live)));
  }

  /** A query over a store that answers at once (the embedded store). */
  search(q: string, opts?: SearchOptions): SearchResponse {
    const t0 = performance.now();
    const o = searchOptions(opts ?? {}); // null from a JavaScript caller too
    const deadline = deadlineOf(opts);
    return timedOut(q, () => {
      const parsed = parseQuery(q);
      const a = this.answer(q, o, parsed, this.syncView(parsed, false), deadline);
      if (a.offer) a.res.similar = this.offerSimilar(parsed, a.plan, this.syncView(parsed, true));
      return this.took(a.res, t0);
    });
  }

  /** A query over any store: its postings fetched in one call (a second only for the similar passages of a query without a match). */
  async searchAsync(q: string, opts?: SearchOptions): Promise<SearchResponse> {
    const t0 = performance.now();
    const o = searchOptions(opts ?? {});
    const deadline = deadlineOf(opts);
    const parsed = timedOut(q, () => parseQuery(q));
    const view = await this.fetch(this.postingNeeds(parsed, false));
    const a = timedOut(q, () => this.answer(q, o, parsed, view, deadline));
    if (a.offer) {
      const more = await this.fetch(this.postingNeeds(parsed, true));
      a.res.similar = this.offerSimilar(parsed, a.plan, more);
    }
    return this.took(a.res, t0);
  }

  /**
   * The postings a parsed query reads: the grams of every needle (candidates, counts, exclusions),
   * the positive needles as words (ranking), and — for a pasted text, or the similar passages offered
   * beside a terms query — the text's bigrams; the definition markers' grams at the first query.
   */
  postingNeeds(parsed: ParsedQuery, offer: boolean): PostingNeeds {
    const grams = new Set<string>();
    const words = new Set<string>();
    for (const c of parsed.clauses) {
      for (const a of c.alternatives) {
        for (const g of literalGrams(a.needle)) grams.add(g);
        if (!c.negated) words.add(a.needle);
      }
    }
    if (!this.definitionPassages) for (const m of DEFINITION_MARKERS) for (const g of literalGrams(m)) grams.add(g);
    const similar = parsed.similar || offer;
    if (similar) for (const g of bigramSet(squeeze(parsed.text).text)) grams.add(g);
    const live = this.live();
    return { grams: [...grams], words: [...words], ...(similar && !this.ownWeights ? { ownWeight: (df: number) => gramWeight(df, live) } : {}) };
  }

  private fetch(needs: PostingNeeds): PostingView | Promise<PostingView> {
    return this.data.postings ? this.data.postings(needs) : { grams: this.data.grams, words: this.data.words };
  }

  private syncView(parsed: ParsedQuery, offer: boolean): PostingView {
    if (!this.data.postings) return { grams: this.data.grams, words: this.data.words }; // nothing to name
    const v = this.fetch(this.postingNeeds(parsed, offer));
    if (v instanceof Promise) throw new Error("this store answers asynchronously: use searchAsync");
    return v;
  }

  private took(res: SearchResponse, t0: number): SearchResponse {
    res.tookMs = Math.round((performance.now() - t0) * 1000) / 1000;
    return res;
  }

  /** Match, score, collect and shape a page over the fetched postings (synchronous: the scratch space is the searcher's). */
  private answer(q: string, o: ReturnType<typeof searchOptions>, parsed: ParsedQuery, view: PostingView, deadline: Deadline): { res: SearchResponse; plan: FilterPlan; offer: boolean } {
    const plan = this.planner.plan(parsed);
    const matcher = this.matcher(view, deadline);
    const positives = parsed.clauses.filter((c) => !c.negated);
    const { found, mode, reason } = this.find(parsed, plan, matcher, view);

    // Filters never decide which copy of a clause stands for it: a counterpart they hide still counts when its text matches.
    const deleted = this.tables.deleted;
    const hidden = found.similar ? null : (ord: number) => !deleted.has(ord) && matcher.matchesAt(ord, parsed.clauses);
    const survivors = collapseEditions(found.ords, this.tables, this.marks, plan.versions, plan.mask, hidden);
    // ranks by relevance, or scores the page of another sort; with many passages to rank, the phrase's
    // holders among them (gram candidates verified) tighten the bound of every other passage
    const phraseHolders = o.sort === "relevance" && survivors.length > PHRASE_PROOF_MIN ? (p: string) => this.holders(p, survivors, view.grams) : undefined;
    if (found.terms.length) this.scorer.prepare(found.terms, view.words, phraseHolders);
    const { facets, totals } = this.facetCounter.collect(survivors, q, parsed);
    const collected = this.collect(survivors, found, o.sort, o.offset + o.limit, deadline);
    this.marks.mark(survivors); // for "also in": the group members that matched
    const hits = collected.top.slice(o.offset, o.offset + o.limit).map((r) => this.pageHit(r.ord, r.score, found, o));

    const res: SearchResponse = {
      query: q,
      total: collected.results,
      matched: survivors.length,
      tookMs: 0,
      mode,
      reason,
      terms: positives.map((c) => c.alternatives.map((a) => a.raw)),
      sort: o.sort,
      hits,
      facets,
      facetTotals: totals,
      filters: parsed.filters.map((f) => ({ field: f.field, value: f.value, negated: f.negated, text: filterText(f.field, f.value), removeQuery: searchableOrBlank(withoutFilters(q, [f])) })),
    };
    if (collected.partial) res.partial = true;
    return { res, plan, offer: !collected.partial && reason === "no-match" && o.similar && o.offset === 0 && parsed.text.trim() !== "" };
  }

  /** The match stage, by mode: a pasted text by similarity, filters alone, or the terms. */
  private find(parsed: ParsedQuery, plan: FilterPlan, matcher: Matcher, view: PostingView): { found: Found; mode: SearchResponse["mode"]; reason: SearchResponse["reason"] } {
    if (parsed.similar) return { found: this.findSimilar(parsed, plan, matcher, view), mode: "similar", reason: "pasted-text" };
    const positives = parsed.clauses.filter((c) => !c.negated);
    if (positives.length === 0) {
      const ords = matcher.exclude(admit(null, plan.mask, this.n, this.tables.deleted), negatedNeedles(parsed));
      return { found: { ords, terms: [], similar: null }, mode: "terms", reason: "filters-only" };
    }
    const terms = positives.map((c) => c.alternatives.map((a) => matcher.term(a.needle)));
    const ords = matcher.exclude(matcher.matchClauses(terms, (cands) => admit(cands, plan.mask, this.n, this.tables.deleted)), negatedNeedles(parsed));
    return { found: { ords, terms, similar: null }, mode: "terms", reason: ords.length ? "matched" : "no-match" };
  }

  /** A passage shaped as a hit: no highlights, score 0, `echoLimit` echoes (all when undefined). */
  hit(ord: number, score: number, highlights: [number, number][], echoLimit?: number): SearchHit {
    return this.hits.hit(ord, score, highlights, echoLimit);
  }

  /**
   * Marks the query's positive terms in any text (the reader, opened from a result): [start, end)
   * offsets into the text as displayed. Null when the query cannot be read (the reader then marks nothing).
   */
  highlighter(q: string): ((text: string) => [number, number][]) | null {
    let parsed: ParsedQuery;
    try {
      parsed = parseQuery(q);
    } catch (err) {
      if (err instanceof ZhangjieError) return null;
      throw err;
    }
    if (parsed.similar) return null;
    const needles = [...new Set(parsed.clauses.filter((c) => !c.negated).flatMap((c) => c.alternatives.map((a) => a.needle)))];
    if (!needles.length) return null;
    return (text) => {
      const sq = squeeze(text);
      const out: [number, number][] = [];
      for (const needle of needles) for (const s of occurrencesIn(sq.text, needle)) out.push(unsqueezeRange(sq, s, s + needle.length));
      return mergeRanges(out);
    };
  }

  /** Every page hit's relevance score and each signal's share (explain), for any ordinal. */
  private scoreOf(ord: number, found: Found, detail?: ScoreDetail): number {
    if (found.similar) return found.similar.scores[ord]!;
    if (!found.terms.length) return 0;
    return this.scorer.scoreAt(ord, detail);
  }

  /**
   * Which of `among` (ascending) may hold the phrase: its gram candidates among them — a superset of
   * its holders, which is all a bound needs (the phrase signal itself reads the text). Not verified:
   * for two frequent terms (科技 创新 at ×100: 17,000 passages to rank) reading every candidate's text
   * cost a fifth of the query. A store that fetches postings per query has fetched the terms' grams,
   * not those across their boundary: there the phrase is verified in every passage of `among` (which
   * all hold the terms).
   */
  private holders(needle: string, among: Uint32Array, grams: GramIndex): Uint32Array {
    if (this.data.postings) return verify(needle, among, this.tables.text, false).ords;
    return intersect(among, candidates(needle, grams));
  }

  private matcher(view: PostingView, deadline?: Deadline): Matcher {
    const t = this.tables;
    // Proven from the gram postings (with positions) where the store keeps them, so no text is read.
    this.definitionPassages ??= unionAll(DEFINITION_MARKERS.map((m) => literalOrdinals(m, view.grams, t.text)));
    return new Matcher({
      deadline,
      grams: view.grams,
      words: view.words,
      passages: this.live(),
      textOf: this.tables.text,
      unitOpeners: t.unitOpeners,
      definitionPassages: this.definitionPassages,
    });
  }

  /** The sort's key per survivor, into the top k: relevance (the scorer, pruned by the threshold), date, or document order. */
  private collect(survivors: Uint32Array, found: Found, sort: SearchSort, capacity: number, deadline = Deadline.none()): Collected & { partial?: boolean } {
    const t = this.tables;
    const cap = Math.min(capacity, survivors.length);
    if (sort === "newest" || sort === "oldest") {
      const sign = sort === "newest" ? 1 : -1;
      // unknown dates (0) last either way
      return collectTop(survivors, t, cap, t.tieRank, this.groups, (ord) => (t.dateOf[ord] ? sign * t.dateOf[ord]! : -1e9));
    }
    if (sort === "document" || (!found.similar && found.terms.length === 0)) return collectTop(survivors, t, cap, null, this.groups, () => 0);
    if (found.similar) {
      const scores = found.similar.scores;
      return collectTop(survivors, t, cap, t.tieRank, this.groups, (ord) => scores[ord]!);
    }
    // Past the deadline the rest are counted but not scored: the page is the best of those ranked in time.
    const { keys, partial } = relevanceKeys(survivors, t, cap, this.scorer, this.groupMarks, deadline);
    const collected = collectTop(survivors, t, cap, t.tieRank, this.groups, (_ord, _threshold, i) => keys[i]!);
    return { ...collected, partial };
  }

  private pageHit(ord: number, key: number, found: Found, o: Required<Pick<SearchOptions, "sort" | "rows" | "explain">>): SearchHit {
    const detail = o.explain ? emptyDetail() : undefined;
    const relevance = o.sort === "relevance" && !detail && key !== PRUNED ? key : this.scoreOf(ord, found, detail);
    const highlights = o.rows ? [] : this.highlights(ord, found, this.hits.fixed(ord).text);
    const hit = this.hits.hit(ord, relevance, highlights, o.rows ? 0 : 3, alsoIn(ord, this.tables, this.marks, o.rows ? MAX_EXPORT_ROWS : ALSO_IN_LISTED), o.rows);
    if (detail) hit.explain = detail;
    return hit;
  }

  private highlights(ord: number, found: Found, displayed: string): [number, number][] {
    const sq = displayMap(displayed, this.tables.text(ord));
    if (found.similar) return similarHighlights(sq, found.similar.q);
    const out: [number, number][] = [];
    for (const alts of found.terms) {
      for (const a of alts) {
        const ords = a.match.ords;
        const k = gallop(ords, ord, 0);
        if (k === ords.length || ords[k] !== ord) continue;
        for (const s of occurrencesIn(sq.text, a.needle)) out.push(unsqueezeRange(sq, s, s + a.needle.length));
      }
    }
    return mergeRanges(out);
  }

  private findSimilar(parsed: ParsedQuery, plan: FilterPlan, matcher: Matcher, view: PostingView): Found {
    const { q, ords } = similarScores(
      parsed.text,
      { grams: view.grams, ownWeight: this.ownWeight(view), allowed: plan.mask, passages: this.n, live: this.live(), scratch: this.similarScratch },
      this.similarScore,
    );
    return { ords: matcher.exclude(ords, negatedNeedles(parsed)), terms: [], similar: { scores: this.similarScore, q } };
  }

  /** Similar passages for a terms query that matched nothing: offered apart, never as results. */
  private offerSimilar(parsed: ParsedQuery, plan: FilterPlan, view: PostingView): NonNullable<SearchResponse["similar"]> {
    const found = this.findSimilar(parsed, plan, this.matcher(view), view);
    const survivors = collapseEditions(found.ords, this.tables, this.marks, plan.versions, plan.mask, null);
    const collected = this.collect(survivors, found, "relevance", SIMILAR_OFFERED);
    this.marks.mark(survivors);
    const hits = collected.top.map((r) => this.hits.hit(r.ord, r.score, this.highlights(r.ord, found, this.hits.fixed(r.ord).text), 0, alsoIn(r.ord, this.tables, this.marks, ALSO_IN_LISTED), false));
    return { total: collected.results, hits };
  }
}

/** The query, or "" (the blank search page) when nothing searchable is left in it (`OR OR` once its only filter is removed). */
function searchableOrBlank(q: string): string {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof ZhangjieError && (err.code === "QUERY_EMPTY" || err.code === "QUERY_NO_TERMS")) return "";
  }
  return q;
}

function negatedNeedles(parsed: ParsedQuery): string[] {
  return [...new Set(parsed.clauses.filter((c) => c.negated).flatMap((c) => c.alternatives.map((a) => a.needle)))];
}

/** `ords` (every passage when null) restricted to the mask, deleted passages left out. */
function admit(ords: Ordinals | null, mask: Uint8Array | null, n: number, deleted: OrdinalBitmap): Uint32Array {
  const live = deleted.cardinality === 0 ? null : deleted;
  if (ords === null) {
    const out = new Uint32Array(n);
    let m = 0;
    for (let ord = 0; ord < n; ord++) if ((mask === null || mask[ord] === 1) && !live?.has(ord)) out[m++] = ord;
    return out.subarray(0, m);
  }
  if (mask === null && live === null) return ords instanceof Uint32Array ? ords : Uint32Array.from(ords);
  const out = new Uint32Array(ords.length);
  let m = 0;
  for (let i = 0; i < ords.length; i++) if ((mask === null || mask[ords[i]!] === 1) && !live?.has(ords[i]!)) out[m++] = ords[i]!;
  return out.subarray(0, m);
}

/** The passages holding a literal: its gram list when that is exact, else proven from positions (text only for a passage too long for them). */
function literalOrdinals(needle: string, grams: GramIndex, textOf: (ord: number) => string): Uint32Array {
  if (provenByGrams(needle)) return grams.get(needle);
  const hits = grams.literal(needle);
  return hits ? hits.ords : verify(needle, candidates(needle, grams), textOf, false).ords;
}

/**
 * The display map of a page passage: when squeezing dropped nothing (the stored squeezed text is as
 * long as the displayed one — folding maps code unit to code unit), offsets are the same and the
 * stored text serves; otherwise the map is the offsets of the code units squeezing keeps (no fold again).
 */
function displayMap(displayed: string, squeezed: string): Squeezed {
  if (squeezed.length === displayed.length) return { text: squeezed, map: null };
  // The squeezed offsets are the displayed code units squeezing keeps, in order: no need to fold again.
  const map = new Int32Array(squeezed.length);
  let n = 0;
  for (let i = 0; i < displayed.length && n < map.length; i++) if (!isIgnorableCode(displayed.charCodeAt(i))) map[n++] = i;
  return n === map.length ? { text: squeezed, map } : squeeze(displayed);
}

/** A filter as the page names it: 文件：…, 章节：…, 层级：省. */
function filterText(field: string, value: string): string {
  const names: Record<string, string> = { doc: "文件", in: "章节", region: "地区", level: "层级", type: "类型", date: "日期", status: "状态", version: "版本" };
  const shown = field === "level" ? (LEVEL_LABELS as Record<string, string>)[value] ?? value : field === "status" ? (STATUS_LABELS as Record<string, string>)[value] ?? value : value;
  return `${names[field] ?? field}：${shown}`;
}

function searchOptions(opts: SearchOptions): { limit: number; offset: number; sort: SearchSort; similar: boolean; rows: boolean; explain: boolean } {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const offset = opts.offset ?? 0;
  const rows = opts.rows === true;
  if (!Number.isInteger(limit) || limit < 1) throw new ZhangjieError("BAD_PARAMETER", `limit=${String(opts.limit)} (1–${MAX_LIMIT})`);
  if (!Number.isInteger(offset) || offset < 0) throw new ZhangjieError("BAD_PARAMETER", `offset=${String(opts.offset)}`);
  const sort = opts.sort ?? "relevance";
  if (!SORTS.includes(sort)) throw new ZhangjieError("BAD_PARAMETER", { zh: `sort=${String(sort)}（可用 ${SORTS.join("、")}）`, en: `sort=${String(sort)} (use ${SORTS.join(", ")})` });
  return { limit: Math.min(limit, rows ? MAX_EXPORT_ROWS : MAX_LIMIT), offset, sort, similar: opts.similar !== false, rows, explain: opts.explain === true };
}

/** The deadline a caller set (an epoch time in ms), as a monotonic one. */
function deadlineOf(opts: SearchOptions | undefined): Deadline {
  return opts?.deadline === undefined ? Deadline.none() : new Deadline(performance.now() + (opts.deadline - Date.now()));
}

/** Runs a query's synchronous work; a deadline passed inside it becomes the 503 the API gives. */
function timedOut<T>(q: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof DeadlineExceeded)) throw err;
    const e = new ZhangjieError("QUERY_TIMEOUT", { zh: `${q.length} 个字符的查询`, en: `a query of ${q.length} characters` });
    e.retryAfter = 1;
    throw e;
  }
}
