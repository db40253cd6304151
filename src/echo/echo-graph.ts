/**
 * The echo graph at query time: which passages echo a passage, with exact spans.
 *
 * Three relations come out of the store (store.ts):
 *  - direct pairs, aligned at build time (spans stored);
 *  - group mates: other copies of the same clause (near-identical passages of one group);
 *  - inherited pairs: a copy of a clause echoes whatever another copy of it echoes, and so do the
 *    copies of the echoing clause. Their spans are aligned here, when asked for, and the pair
 *    must still share enough text.
 * Echoes are listed by how much of the passage they cover. Listing realigns at most
 * MAX_LISTED candidates (best estimated first); echoCount counts all of them without aligning.
 */
import type { DocumentRecord, Edition, Level, Passage } from "../model.ts";
import { contentLength, isIgnorableCode, squeeze } from "../analysis/squeeze.ts";
import { alignPrepared, prepareText, type PreparedText } from "./align.ts";
import { primaryEdition } from "./builder.ts";
import { IdIndex } from "./id-index.ts";
import { PAIR_HEADER, type EchoStore } from "./store.ts";
import type { EchoRef, SpanPair } from "./types.ts";

/** Echoes aligned and listed per passage at most (a clause copied into thousands of documents lists its best). */
export const MAX_LISTED = 300;
/** Cached echo lists (the reader and search pages ask again for the same passages). */
const CACHE_LIMIT = 20_000;
/**
 * Store passages kept squeezed and hashed for alignment: a copy of a widely copied clause is a
 * candidate in the cards of all its copies' echoes, so it is prepared once, not once per card.
 */
const PREPARED_LIMIT = 4_000;

export interface PassageInfo {
  passage: Passage;
  doc: DocumentRecord;
  edition: Edition;
  primary: boolean;
}

/**
 * How the graph finds passages by id. By default from the documents (every passage walked once);
 * the engine passes a lookup into its store, so that a restart makes only the passages an answer shows.
 */
export interface EchoPassages {
  /** The passage of an id with its document and edition (made when asked), or undefined when gone. */
  info(id: string): PassageInfo | undefined;
  /** Whether the id is a live passage of its document's primary edition (no passage made). */
  isPrimary(id: string): boolean;
  /** The id of the document holding a live passage (no passage made). */
  docId(id: string): string | undefined;
  /**
   * The passage's squeezed text (analysis/squeeze.ts) as the store keeps it, when it keeps one: what
   * a pasted text's sources count characters in without folding the text again.
   */
  squeezed?(id: string): string | undefined;
}

/** The lookup over documents held in memory: every passage of every edition, indexed once. */
export function documentPassages(documents: readonly DocumentRecord[]): EchoPassages {
  const info = new Map<string, PassageInfo>();
  for (const doc of documents) {
    const primary = primaryEdition(doc);
    for (const ed of doc.editions) for (const p of ed.passages) info.set(p.id, { passage: p, doc, edition: ed, primary: ed === primary });
  }
  return { info: (id) => info.get(id), isPrimary: (id) => info.get(id)?.primary === true, docId: (id) => info.get(id)?.doc.id };
}

interface Candidate {
  /** Store index of the other passage. */
  other: number;
  /** Estimated coverage of the asked passage, for ordering before alignment. */
  estimate: number;
  /** The pair record when the pair was aligned at build time (its spans are read from it when shown). */
  direct?: { at: number };
  /** A copy of the same clause (group mate). */
  mate: boolean;
}

const LEVEL_RANK: Record<Level, number> = { national: 4, province: 3, prefecture: 2, county: 1, unknown: 0 };
export const levelRank = (l: Level): number => LEVEL_RANK[l];

/** Characters of `text` (whitespace and invisible ones not counted) inside the union of the ranges. */
export function coveredChars(text: string, ranges: readonly (readonly [number, number])[]): number {
  if (ranges.length === 0) return 0;
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  let n = 0;
  let to = 0;
  for (const [s, e] of sorted) {
    for (let i = Math.max(s, to); i < Math.min(e, text.length); i++) if (!isIgnorableCode(text.charCodeAt(i))) n++;
    to = Math.max(to, e);
  }
  return n;
}

/** Share of `text` covered by the `a` side of the spans. */
export function coverageOf(text: string, spans: readonly SpanPair[]): number {
  const len = contentLength(text);
  return len === 0 ? 0 : Math.min(1, coveredChars(text, spans.map((s) => s.a)) / len);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** What the graph reads of a store, made from the store alone (read-only once made). */
interface Adjacency {
  at: IdIndex;
  pairStart: Int32Array;
  pairList: Int32Array;
  memberStart: Int32Array;
  memberList: Int32Array;
}

/** Per store: the live collection's snapshots share one echo store until its echo pass ends, so its adjacency is made once. */
const adjacencies = new WeakMap<EchoStore, Adjacency>();

function adjacencyOf(store: EchoStore): Adjacency {
  let a = adjacencies.get(store);
  if (!a) adjacencies.set(store, (a = makeAdjacency(store)));
  return a;
}

function makeAdjacency(store: EchoStore): Adjacency {
  const at = new IdIndex(store.ids);
  // Flat adjacency (counting sort): a restart builds it from the store's arrays in one pass.
  const n = store.ids.length;
  const pairs: number[] = [];
  // The flat records walked in place (readPairs' objects cost a restart's first answer ~20 ms at ×100).
  const flat = store.pairs;
  for (let at = 0; at + PAIR_HEADER <= flat.length; at += PAIR_HEADER + 4 * flat[at + 6]!) pairs.push(flat[at]!, flat[at + 1]!, at + PAIR_HEADER);
  const pairStart = new Int32Array(n + 1);
  for (let i = 0; i < pairs.length; i += 3) {
    pairStart[pairs[i]! + 1]!++;
    pairStart[pairs[i + 1]! + 1]!++;
  }
  for (let x = 0; x < n; x++) pairStart[x + 1]! += pairStart[x]!;
  const pairList = new Int32Array(pairStart[n]!);
  const fill = pairStart.slice(0, n);
  for (let i = 0; i < pairs.length; i += 3) {
    pairList[fill[pairs[i]!]!++] = pairs[i + 2]!;
    pairList[fill[pairs[i + 1]!]!++] = pairs[i + 2]!;
  }
  // Groups: members by representative, the representative first (the dead ones left out when read).
  const memberStart = new Int32Array(n + 1);
  for (let x = 0; x < n; x++) memberStart[store.rep[x]! + 1]!++;
  for (let x = 0; x < n; x++) memberStart[x + 1]! += memberStart[x]!;
  const memberList = new Int32Array(memberStart[n]!);
  const put = memberStart.slice(0, n);
  for (let x = 0; x < n; x++) if (store.rep[x] === x) memberList[put[x]!++] = x;
  for (let x = 0; x < n; x++) if (store.rep[x] !== x) memberList[put[store.rep[x]!]!++] = x;
  return { at, pairStart, pairList, memberStart, memberList };
}

export class EchoGraph {
  readonly info: { get(id: string): PassageInfo | undefined };
  private readonly docIdOf: (id: string) => string | undefined;
  readonly docs = new Map<string, DocumentRecord>();
  private readonly at: IdIndex;
  /** Per store index x: offsets of its pair records in store.pairs, pairList[pairStart[x] … pairStart[x+1]). */
  private readonly pairStart: Int32Array;
  private readonly pairList: Int32Array;
  /** Per representative r: its group's members (itself first), memberList[memberStart[r] … memberStart[r+1]). */
  private readonly memberStart: Int32Array;
  private readonly memberList: Int32Array;
  private readonly cache = new Map<string, EchoRef[]>();
  /** Short lists (a search hit's card: its best few echoes) by passage id and length, as echoesOf gave them. */
  private readonly cards = new Map<string, EchoRef[]>();
  /** Coverage of a pair record's passage by its spans, per record offset and side (2·at + 0 forward, + 1 backward). */
  private readonly pairCoverage = new Map<number, number>();
  private readonly prepared = new Map<number, PreparedText>();
  /** The ids of echoCandidates by store index, best estimated first (at most MAX_LISTED). */
  private readonly candidateIds = new Map<number, string[]>();
  /** Live members of a group by representative (groupOf). */
  private readonly groups = new Map<number, number[]>();

  constructor(
    private readonly store: EchoStore,
    documents: readonly DocumentRecord[],
    passages: EchoPassages = documentPassages(documents),
  ) {
    for (const doc of documents) this.docs.set(doc.id, doc);
    this.info = { get: (id) => passages.info(id) };
    this.docIdOf = (id) => passages.docId(id);
    this.isPrimary = (id) => passages.isPrimary(id);
    this.squeezedOf = passages.squeezed ? (id) => passages.squeezed!(id) : undefined;
    // Passages that are gone (a store from another corpus state) are left out rather than served:
    // whether a store passage is alive is found when a query first meets it (alive()), so that
    // opening the graph costs a pass over the store's arrays and looks up no passage.
    const adj = adjacencyOf(store);
    this.at = adj.at;
    this.aliveMemo = new Int8Array(store.ids.length);
    this.pairStart = adj.pairStart;
    this.pairList = adj.pairList;
    this.memberStart = adj.memberStart;
    this.memberList = adj.memberList;
  }

  private readonly isPrimary: (id: string) => boolean;
  private readonly squeezedOf: ((id: string) => string | undefined) | undefined;
  /** Per store index: 0 not known yet, 1 alive, 2 gone. */
  private readonly aliveMemo: Int8Array;

  /** A store passage is alive when its id is a primary-edition passage of the collection (the last index of a repeated id). */
  private alive(x: number): boolean {
    let v = this.aliveMemo[x];
    if (v === undefined) return false;
    if (v === 0) {
      const id = this.store.ids[x]!;
      this.aliveMemo[x] = v = this.at.get(id) === x && this.isPrimary(id) ? 1 : 2;
    }
    return v === 1;
  }

  /** The alive store index of a passage id. */
  private aliveAt(id: string): number | undefined {
    const x = this.at.get(id);
    return x !== undefined && this.alive(x) ? x : undefined;
  }

  private infoAt(x: number): PassageInfo {
    return this.info.get(this.store.ids[x]!)!;
  }

  /** The primary-edition passage that stands for `id` in the store. */
  primaryTwin(id: string): PassageInfo | undefined {
    const pi = this.info.get(id);
    if (!pi) return undefined;
    if (pi.primary) return pi;
    for (const c of pi.passage.counterparts) {
      const ci = this.info.get(c);
      if (ci?.primary) return ci;
    }
    return undefined;
  }

  /** The members of x's group (just x when alone or its representative is gone). */
  private groupOf(x: number): ArrayLike<number> & Iterable<number> {
    const r = this.store.rep[x]!;
    const from = this.memberStart[r]!;
    const to = this.memberStart[r + 1]!;
    if (to - from < 2 || !this.alive(r)) return [x];
    // A group's live members are fixed for the graph's store: listed once (candidates ask for the
    // groups of every echo of every copy).
    let members = this.groups.get(r);
    if (!members) {
      if (this.groups.size >= CACHE_LIMIT) this.groups.clear();
      members = [];
      for (let k = from; k < to; k++) if (this.alive(this.memberList[k]!)) members.push(this.memberList[k]!);
      this.groups.set(r, members);
    }
    return members.length > 1 ? members : [x];
  }

  private pairsOf(x: number): Int32Array {
    return this.pairList.subarray(this.pairStart[x]!, this.pairStart[x + 1]!);
  }

  /** Whether two copies in one group echo each other (both distinctive enough to count). */
  private mates(x: number, y: number): boolean {
    const r = this.store.rep[x]!;
    const m = this.store.mate;
    if (x === r) return m[y] === 1;
    if (y === r) return m[x] === 1;
    return m[x] === 1 && m[y] === 1;
  }

  /** The spans of pair record `at`, oriented from passage x. */
  private spansFrom(at: number, x: number): { other: number; spans: SpanPair[]; similarity: number } {
    const p = this.store.pairs;
    const head = at - 7;
    const forward = p[head]! === x;
    const n = p[head + 6]!;
    const spans: SpanPair[] = [];
    for (let s = 0; s < n; s++) {
      const o = at + 4 * s;
      const a: [number, number] = [p[o]!, p[o + 1]!];
      const b: [number, number] = [p[o + 2]!, p[o + 3]!];
      spans.push(forward ? { a, b } : { a: b, b: a });
    }
    if (!forward) spans.sort((u, v) => u.a[0] - v.a[0]);
    return { other: forward ? p[head + 1]! : p[head]!, spans, similarity: p[head + 2]! / 1000 };
  }

  /** The other passage of pair record `at` seen from passage x. */
  private otherOf(at: number, x: number): number {
    const head = at - 7;
    const p = this.store.pairs;
    return p[head]! === x ? p[head + 1]! : p[head]!;
  }

  /** Share of passage x its pair record `at` covers (spans from x's side), worked out once per record and side. */
  private coverageFrom(at: number, x: number, compute: () => number): number {
    const key = 2 * at + (this.store.pairs[at - 7]! === x ? 0 : 1);
    let c = this.pairCoverage.get(key);
    if (c === undefined) this.pairCoverage.set(key, (c = compute()));
    return c;
  }

  /** Everything that echoes store passage x, with estimates for ordering; same-document passages left out. */
  private candidates(x: number): Candidate[] {
    // The passage is made once, and its text read only for a pair whose coverage is not known yet.
    const self = this.infoAt(x);
    const text = self.passage.text;
    const docId = self.doc.id;
    const out = new Map<number, Candidate>();
    const put = (c: Candidate): void => {
      // the other passage's document by id: a candidate that is never aligned is never made
      if (c.other === x || !this.alive(c.other) || this.docIdOf(this.store.ids[c.other]!) === docId) return;
      const old = out.get(c.other);
      if (!old || (!old.direct && (c.direct || c.estimate > old.estimate))) out.set(c.other, c);
    };
    for (const at of this.pairsOf(x)) {
      put({ other: this.otherOf(at, x), estimate: this.coverageFrom(at, x, () => coverageOf(text, this.spansFrom(at, x).spans)), direct: { at }, mate: false });
    }
    const group = this.groupOf(x);
    const inGroup = new Set(group);
    for (const y of group) if (y !== x && this.mates(x, y)) put({ other: y, estimate: 0.95, mate: true });
    // Inherited: what any copy of this clause echoes, and the copies of that (pairs inside the
    // group are the mates above).
    for (const u of group) {
      for (const at of this.pairsOf(u)) {
        const other = this.otherOf(at, u);
        if (inGroup.has(other) || !this.alive(other)) continue;
        const estimate = this.coverageFrom(at, u, () => coverageOf(this.infoAt(u).passage.text, this.spansFrom(at, u).spans)) * (u === x ? 1 : 0.95);
        for (const y of this.groupOf(other)) put({ other: y, estimate: y === other ? estimate : estimate * 0.95, mate: false });
      }
    }
    return [...out.values()];
  }

  /** How many passages echo `passageId` (without aligning the inherited ones). */
  count(passageId: string): number {
    const twin = this.primaryTwin(passageId);
    const x = twin ? this.aliveAt(twin.passage.id) : undefined;
    return x === undefined ? 0 : this.candidates(x).length;
  }

  /** Echoes of a passage by coverage, best first (a secondary edition's passage through its primary twin). */
  echoesOf(passageId: string, limit?: number, inDoc?: string): EchoRef[] {
    const n = Math.max(0, limit ?? Infinity);
    if (n === 0) return [];
    const cached = this.cache.get(passageId);
    if (cached) return (inDoc ? cached.filter((e) => e.docId === inDoc) : cached).slice(0, n);
    const cardKey = `${n}\u0001${passageId}`;
    const card = inDoc ? undefined : this.cards.get(cardKey);
    if (card) return card.slice();
    const self = this.info.get(passageId);
    const twin = this.primaryTwin(passageId);
    if (!self || !twin) return [];
    const x = this.aliveAt(twin.passage.id);
    if (x === undefined) return [];
    let cands = this.candidates(x);
    // Only one document's echoes (the mirror map): nothing else is aligned.
    if (inDoc) return this.resolveAll(self, twin, cands.filter((c) => this.docIdOf(this.store.ids[c.other]!) === inDoc)).slice(0, n);
    cands = cands.sort((u, v) => v.estimate - u.estimate || u.other - v.other);
    // A short list asked for (search cards) needs only the best few aligned.
    const take = Number.isFinite(n) ? Math.min(cands.length, Math.max(n + 8, 2 * n)) : Math.min(cands.length, MAX_LISTED);
    const refs = this.resolveAll(self, twin, cands.slice(0, take));
    if (take === Math.min(cands.length, MAX_LISTED)) this.remember(passageId, refs);
    else if (Number.isFinite(n)) this.rememberCard(cardKey, refs.slice(0, n));
    return refs.slice(0, n);
  }

  /**
   * The ids of the passages that may echo `passageId`, best estimated first, at most `max`, none
   * aligned with it and none made: for a caller that aligns them with another text anyway (a pasted
   * text's sources), and makes only those it has not met yet.
   */
  echoCandidates(passageId: string, max = MAX_LISTED): readonly string[] {
    const twin = this.primaryTwin(passageId);
    const x = twin ? this.aliveAt(twin.passage.id) : undefined;
    if (x === undefined) return [];
    // Kept per passage as the cards are: the hits of a pasted clause are its copies, met again by
    // every paste of any part of it.
    let ids = this.candidateIds.get(x);
    if (!ids) {
      const cands = this.candidates(x).sort((u, v) => v.estimate - u.estimate || u.other - v.other);
      ids = cands.slice(0, MAX_LISTED).map((c) => this.store.ids[c.other]!);
      if (this.candidateIds.size >= PREPARED_LIMIT) this.candidateIds.clear();
      this.candidateIds.set(x, ids);
    }
    return max >= ids.length ? ids : ids.slice(0, max);
  }

  /** A passage's text squeezed and hashed for alignment, kept with those the cards prepared (by its text: the same for a copy). */
  preparedText(passageId: string, text: string): PreparedText {
    const x = this.at.get(passageId);
    // The store passage of that id is the passage of that text (infoAt reads it by id).
    return x !== undefined && this.store.ids[x] === passageId ? this.preparedAt(x) : prepareText(text);
  }

  /** A passage's squeezed text as its store keeps it (squeezeCodes of its text), else made from `text`. */
  squeezedText(passageId: string, text: string): string {
    return this.squeezedOf?.(passageId) ?? squeeze(text).text;
  }

  /** The candidates as echoes (aligned where needed), by coverage. */
  private resolveAll(self: PassageInfo, twin: PassageInfo, cands: Candidate[]): EchoRef[] {
    const refs: EchoRef[] = [];
    // The asked passage is squeezed, hashed and seed-indexed once for all its candidates.
    let prepared: PreparedText | undefined;
    const selfText = (): PreparedText => (prepared ??= prepareText(self.passage.text));
    for (const c of cands) {
      const ref = this.resolve(self, twin, c, selfText);
      if (ref) refs.push(ref);
    }
    return refs.sort((u, v) => v.coverage - u.coverage || v.similarity - u.similarity || this.order(u, v));
  }

  /** Earlier documents first, then the higher level, then id: a stable order among equals. */
  private order(u: EchoRef, v: EchoRef): number {
    const du = this.docs.get(u.docId)!;
    const dv = this.docs.get(v.docId)!;
    if (du.date !== dv.date) return du.date === null ? 1 : dv.date === null ? -1 : du.date < dv.date ? -1 : 1;
    return levelRank(dv.level) - levelRank(du.level) || (u.id < v.id ? -1 : u.id > v.id ? 1 : 0);
  }

  /** A short list (search cards ask for the same hits' echoes again and again). */
  private rememberCard(key: string, refs: EchoRef[]): void {
    if (this.cards.size >= CACHE_LIMIT) this.cards.clear();
    this.cards.set(key, refs);
  }

  /** A store passage squeezed and hashed for alignment (kept for the next card that meets it). */
  private preparedAt(x: number): PreparedText {
    let t = this.prepared.get(x);
    if (!t) {
      if (this.prepared.size >= PREPARED_LIMIT) this.prepared.clear();
      this.prepared.set(x, (t = prepareText(this.infoAt(x).passage.text)));
    }
    return t;
  }

  private remember(id: string, refs: EchoRef[]): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, refs);
  }

  /** The echo as shown from `self`: stored spans when they index its text, else aligned afresh. */
  private resolve(self: PassageInfo, twin: PassageInfo, c: Candidate, selfText: () => PreparedText): EchoRef | null {
    const o = this.infoAt(c.other);
    let spans: SpanPair[];
    let similarity: number;
    if (c.direct && self === twin) ({ spans, similarity } = this.spansFrom(c.direct.at, this.aliveAt(twin.passage.id)!));
    else {
      const al = alignPrepared(selfText(), this.preparedAt(c.other));
      // An inherited pair must still share enough text once aligned on its own.
      if (al.spans.length === 0 || (!c.direct && !c.mate && (al.matched < this.store.params.minDistinctive || al.similarity < this.store.params.minSimilarity))) return null;
      spans = al.spans;
      similarity = round3(al.similarity);
    }
    return {
      id: o.passage.id,
      docId: o.doc.id,
      docTitle: o.doc.title,
      path: o.passage.path,
      text: o.passage.text,
      similarity,
      coverage: round3(coverageOf(self.passage.text, spans)),
      spans,
    };
  }
}
