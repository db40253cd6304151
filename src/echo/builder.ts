/**
 * The echo builder: documents in, echo store out, one pass over the clauses in corpus order.
 *
 *  1. register — every clause of a primary edition (isClause: no headings, no header lines)
 *     becomes integer hashes of its character 5-grams of squeezed text in a hash table;
 *  2. scan — each new clause, in order:
 *     a. votes through the winnowed-fingerprint postings of the group representatives seen so far
 *        (a fingerprint held by more than maxDf representatives is a stock phrase: skipped);
 *     b. aligns its best candidates (at most maxPerDocument per other document — the cost bound
 *        per pair of documents — and maxCandidates in all) and keeps the alignments that share
 *        enough characters to be judged in step 4;
 *     c. joins the group of a candidate it nearly equals (groupShare of both texts shared): it is
 *        another copy of that clause, it echoes the group's other copies and inherits their echoes;
 *        otherwise it represents a group of its own and its fingerprints join the postings.
 *     Postings hold representatives only, so the copies of a widely copied clause never make a
 *     posting list long and never crowd each other out: every copy is found, at linear cost;
 *  3. rarity — in how many documents each shingle is used, counting a group of copies once (in
 *     its representative's document): copies of a clause do not make it common, a phrase used in
 *     many different clauses is a stock phrase (rarity.ts);
 *  4. judge — each kept alignment is an echo when acceptEcho says so (enough distinctive
 *     characters, or a long verbatim run); a copy echoes its group when its own alignment does;
 *  5. store — pairs with display-offset spans, groups as a representative per passage (store.ts).
 *
 * The builder stays usable after store(): add(newDocs) scans only the new documents' clauses
 * against everything already seen (the live collection's incremental path), with the rarity
 * statistics updated first. `EchoBuilder.fromStore` restarts a builder from a saved store.
 */
import type { DocumentRecord, Edition } from "../model.ts";
import { squeezeCodes } from "../analysis/squeeze.ts";
import { alignSqueezed, DEFAULT_ALIGN, indexSeeds, type AlignParams, type SeedIndex } from "./align.ts";
import { isClause } from "./clauses.ts";
import { GrowI32, GrowU16, GrowU8 } from "./grow.ts";
import { acceptEcho, distinctiveChars, FREE_CLAUSES, longestBlock, weightTable } from "./rarity.ts";
import { shingleHashes, winnow } from "./shingles.ts";
import { BandIndex, bandSignatures } from "./copies.ts";
import { Postings, type VoteLimits } from "./postings.ts";
import { inlineHeadingLength } from "./inline-heading.ts";
import { ShingleTable } from "./table.ts";
import { ECHO_STORE_VERSION, PAIR_HEADER, readPairs, type EchoParams, type EchoStore } from "./store.ts";

export const DEFAULT_PARAMS: EchoParams = {
  shingleK: 5,
  window: 4,
  maxDf: 200,
  fallbackAnchors: 4,
  minSharedFingerprints: 2,
  minVoteWeight: 1.5,
  longVotes: 10,
  maxPerDocument: 12,
  maxCandidates: 100,
  minDistinctive: 14,
  longCopy: 50,
  minSimilarity: 0.05,
  groupShare: 0.8,
  groupLonger: 0.6,
  align: DEFAULT_ALIGN,
};

export interface EchoBuildOptions extends Partial<Omit<EchoParams, "align">> {
  align?: Partial<AlignParams>;
  /** Called now and then with (clauses done, clauses total) during the scan. */
  onProgress?: (done: number, total: number) => void;
}

/** The edition hits and citations use: the one flagged primary, else the first. */
export function primaryEdition(doc: DocumentRecord): Edition | undefined {
  return doc.editions.find((e) => e.primary) ?? doc.editions[0];
}

// Columns of the shingle table.
const DOC_DF = 0; // documents holding it, copies included (a pair's rarity takes its own groups' documents out)
const LAST_DOC = 1;
const FP_HEAD = 2; // first postings entry + 1 (0: none)
const FP_TAIL = 3; // last postings entry + 1
const FP_COUNT = 4; // representatives holding it as a fingerprint
const LAST_FP = 5; // passage + 1 that last added it (one entry per passage)
const CLAUSE_DF = 6; // clauses using it, a group of copies counted once
const LAST_CLAUSE = 7;
const FP_SEEN = 8; // stamp: fingerprint already taken for the current passage
const COLUMNS = 9;
/** A passage's shingles with their table slots, frequencies and weights (as seen from its own group). */
interface Weighted {
  /** The passage. */
  i: number;
  /** −1 where not looked up yet. */
  slots: Int32Array;
  docDf: Int32Array;
  clauseDf: Int32Array;
  weights: Float64Array;
}

/** Tentative record: i, j, matched, admission (1 when i joined j's group), nBlocks, blocks (a, b, len)… */
const TENTATIVE_HEADER = 5;
/** Likeliest copies aligned per clause in the group pass. */
const GROUP_TRIES = 3;
/** A fingerprint this common (weight below) held by more representatives than STOCK_POSTINGS does not vote. */
const STOCK_WEIGHT = 0.05;
const STOCK_POSTINGS = 50;
/** A fingerprint at most this many clauses use votes in full. */
const FREE_VOTE_CLAUSES = 4;

export function resolveParams(opts: EchoBuildOptions = {}): EchoParams {
  const { onProgress: _p, align, ...rest } = opts;
  const params: EchoParams = { ...DEFAULT_PARAMS, ...rest, align: { ...DEFAULT_PARAMS.align, ...align } };
  // Alignment is seeded from the shingle hashes: one width for both.
  params.align.seedK = params.shingleK;
  return params;
}

export class EchoBuilder {
  readonly params: EchoParams;
  private readonly onProgress?: (done: number, total: number) => void;

  // Documents (those with at least one clause count for the rarity statistics).
  private readonly docIds: string[] = [];
  private readonly knownDocs = new Set<string>();
  private docsWithClauses = 0;

  // Clauses, in registration order.
  private readonly ids: string[] = [];
  private readonly texts: string[] = [];
  private readonly docOf = new GrowI32(1024);
  private readonly codes = new GrowU16(1 << 16);
  private readonly codeStart = new GrowI32(1024);
  private readonly hashes = new GrowI32(1 << 16);
  /** Table slot of each hash (mapSlots); valid while the table keeps `slotCapacity`. */
  private readonly slotOf = new GrowI32(1 << 16);
  private slotCapacity = 0;
  private readonly hashStart = new GrowI32(1024);
  private readonly rep = new GrowI32(1024);
  private readonly mate = new GrowU8(1024);
  /** Squeezed length of the clause's inline heading ((一)指导思想。), not evidence of reuse. */
  private readonly head = new GrowI32(1024);
  /** Distinct fingerprints per passage. */
  private readonly fpCount = new GrowI32(1024);
  private groupCount = 0;
  /** Weight by document frequency, by clause frequency, and the votes' clause weight (rarity.ts), by count. */
  private docWeights: Float64Array = new Float64Array(1);
  private clauseWeights: Float64Array = new Float64Array(1);
  private voteWeights: Float64Array = new Float64Array(1);
  /** Group members (CSR by representative) and each group's number of distinct documents, from countUses. */
  private memberStart = new Int32Array(1);
  private members = new Int32Array(0);
  private docStamp = new Int32Array(0);
  private docStampValue = 0;
  private fpStamp = 0;

  private readonly table = new ShingleTable(COLUMNS, 1 << 16);
  /** Band signatures of representatives (finding copies). */
  private readonly bands = new BandIndex();
  /** Fingerprint → group representatives, and voting through it. */
  private readonly postings = new Postings(this.table, { head: FP_HEAD, tail: FP_TAIL, count: FP_COUNT, last: LAST_FP });
  /** Pair records, builder indices, display offsets (store.ts layout). */
  private readonly pairs = new GrowI32(1 << 14);
  /** Alignments of the current add() waiting for the rarity statistics (squeezed offsets). */
  private readonly tentative = new GrowI32(1 << 14);
  private scanned = 0;

  private stats = { alignedPairs: 0, seconds: 0, stages: {} as Record<string, number> };
  // Scratch reused from passage to passage.
  private seedIndex: SeedIndex | undefined;

  private get limits(): VoteLimits {
    const p = this.params;
    return { maxDf: p.maxDf, fallbackAnchors: p.fallbackAnchors, stockWeight: STOCK_WEIGHT, stockPostings: STOCK_POSTINGS };
  }

  constructor(params: EchoParams = resolveParams(), onProgress?: (done: number, total: number) => void) {
    this.params = params;
    this.onProgress = onProgress;
    this.codeStart.push(0);
    this.hashStart.push(0);
  }

  /** Register, scan and judge documents not seen before (documents already known are ignored). */
  add(documents: readonly DocumentRecord[]): this {
    const t0 = performance.now();
    const from = this.scanned;
    const lap = stopwatch(this.stats.stages);
    this.register(documents);
    lap("register");
    this.group();
    lap("group");
    this.countUses();
    lap("rarity");
    this.judge();
    this.postings.freeze();
    this.link(from);
    this.postings.thaw();
    lap("link");
    this.stats.seconds += (performance.now() - t0) / 1000;
    return this;
  }

  /**
   * A builder that continues from a saved store: the documents it was built from are registered
   * again (hashing, rarity statistics, postings of representatives) without aligning anything.
   * Pairs and groups whose passages are gone are dropped.
   */
  static fromStore(store: EchoStore, documents: readonly DocumentRecord[], opts: Pick<EchoBuildOptions, "onProgress"> = {}): EchoBuilder {
    const b = new EchoBuilder(store.params, opts.onProgress);
    b.register(documents);
    const index = new Map<string, number>();
    b.ids.forEach((id, i) => index.set(id, i));
    const local = store.ids.map((id) => index.get(id) ?? -1);
    store.ids.forEach((_, x) => {
      const i = local[x]!;
      const r = local[store.rep[x]!]!;
      if (i < 0) return;
      // A member whose representative is gone represents itself.
      b.rep.set(i, r >= 0 ? r : i);
      b.mate.set(i, r >= 0 ? store.mate[x]! : 0);
    });
    for (const r of readPairs(store)) {
      const a = local[r.a]!;
      const c = local[r.b]!;
      if (a < 0 || c < 0) continue;
      const p = store.pairs;
      b.pairs.append([a, c, p[r.spanAt - 5]!, p[r.spanAt - 4]!, p[r.spanAt - 3]!, p[r.spanAt - 2]!, r.nSpans]);
      b.pairs.append(p.subarray(r.spanAt, r.spanAt + 4 * r.nSpans));
    }
    for (let i = 0; i < b.ids.length; i++) {
      const fps = b.fingerprintSlots(i).slots;
      b.fpCount.set(i, fps.length);
      if (b.rep.get(i) === i) {
        b.postings.add(i, fps);
        b.bands.add(i, bandSignatures(b.fingerprintSlots(i).hashes));
      }
    }
    b.scanned = b.ids.length;
    b.countUses();
    return b;
  }

  /** The store for everything added so far. */
  store(): EchoStore {
    const P = this.ids.length;
    const involved = new Uint8Array(P);
    for (const r of readPairs({ pairs: this.pairs.view() })) involved[r.a] = involved[r.b] = 1;
    for (let i = 0; i < P; i++) {
      const r = this.rep.get(i);
      if (r !== i) involved[i] = involved[r] = 1;
    }
    const at = new Int32Array(P).fill(-1);
    const ids: string[] = [];
    for (let i = 0; i < P; i++) if (involved[i]) at[i] = ids.push(this.ids[i]!) - 1;
    const rep = new Int32Array(ids.length);
    const mate = new Uint8Array(ids.length);
    let grouped = 0;
    const groups = new Set<number>();
    for (let i = 0; i < P; i++) {
      if (at[i]! < 0) continue;
      rep[at[i]!] = at[this.rep.get(i)]!;
      mate[at[i]!] = this.mate.get(i);
      if (this.rep.get(i) !== i) {
        grouped++;
        groups.add(this.rep.get(i));
      }
    }
    const pairs = this.pairs.toArray();
    let echoPairs = 0;
    for (let x = 0; x < pairs.length; x += PAIR_HEADER + 4 * pairs[x + 6]!) {
      pairs[x] = at[pairs[x]!]!;
      pairs[x + 1] = at[pairs[x + 1]!]!;
      echoPairs++;
    }
    return {
      version: ECHO_STORE_VERSION,
      params: this.params,
      ids,
      rep,
      mate,
      pairs,
      stats: {
        documents: this.docsWithClauses,
        passages: P,
        distinctShingles: this.table.size,
        overFrequentSkips: this.postings.stats.overFrequentSkips,
        votes: this.postings.stats.votes,
        alignedPairs: this.stats.alignedPairs,
        echoPairs,
        grouped,
        groups: groups.size,
        seconds: Math.round(this.stats.seconds * 1000) / 1000,
        stages: Object.fromEntries(Object.entries(this.stats.stages).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
      },
    };
  }

  // ---- 1. register ---------------------------------------------------------------------------

  private register(documents: readonly DocumentRecord[]): void {
    const k = this.params.shingleK;
    for (const doc of documents) {
      if (this.knownDocs.has(doc.id)) continue;
      this.knownDocs.add(doc.id);
      const ed = primaryEdition(doc);
      const d = this.docIds.push(doc.id) - 1;
      let clauses = 0;
      for (const p of ed?.passages ?? []) {
        if (!isClause(p)) continue;
        clauses++;
        const i = this.ids.push(p.id) - 1;
        this.texts.push(p.text);
        this.docOf.push(d);
        this.rep.push(i);
        this.mate.push(0);
        const sq = squeezeCodes(p.text).codes;
        this.head.push(inlineHeadingLength(p, sq));
        this.fpCount.push(0);
        this.codes.append(sq);
        this.codeStart.push(this.codes.length);
        const hs = shingleHashes(sq, k);
        this.hashes.append(hs);
        this.hashStart.push(this.hashes.length);
        for (let x = 0; x < hs.length; x++) {
          const s = this.table.insert(hs[x]!);
          const cols = this.table.columns;
          if (cols[LAST_DOC]![s] !== d + 1) {
            cols[LAST_DOC]![s] = d + 1;
            cols[DOC_DF]![s]!++;
          }
        }
      }
      if (clauses > 0) this.docsWithClauses++;
    }
    this.mapSlots();
  }

  /**
   * The table slot of every shingle (slotOf, parallel to hashes), looked up once for everything
   * that reads the table afterwards. Slots move when the table grows: then all are looked up again.
   */
  private mapSlots(): void {
    const from = this.table.capacity === this.slotCapacity ? this.slotOf.length : 0;
    this.slotOf.length = from;
    this.slotOf.reserve(this.hashes.length - from);
    const hashes = this.hashes.raw();
    for (let x = from; x < this.hashes.length; x++) this.slotOf.push(this.table.find(hashes[x]!));
    this.slotCapacity = this.table.capacity;
  }

  // ---- 2. scan -------------------------------------------------------------------------------

  /**
   * Table slot and document/clause frequencies of each shingle of passage i, and the rarity weights
   * (rarity.ts shingleWeight) as seen from i: the documents of i's own group (its copies) are not
   * counted — a copy of a clause never makes the clause's text common. With `all` false nothing is
   * looked up yet: positions are filled when first needed (ensure).
   */
  private weighted(i: number, all = true): Weighted {
    const h0 = this.hashStart.get(i);
    const n = this.hashStart.get(i + 1) - h0;
    const w: Weighted = { i, slots: new Int32Array(n).fill(-1), docDf: new Int32Array(n), clauseDf: new Int32Array(n), weights: new Float64Array(n) };
    if (all) {
      for (let x = 0; x < n; x++) this.ensure(w, x);
      this.pairWeights(w, this.groupDocs(i, -1) + 1, w.weights);
    }
    return w;
  }

  /** Look position x of a Weighted up in the table, once. */
  private ensure(w: Weighted, x: number): void {
    if (w.slots[x]! >= 0) return;
    const cols = this.table.columns;
    const s = (w.slots[x] = this.slotOf.get(this.hashStart.get(w.i) + x));
    w.docDf[x] = cols[DOC_DF]![s]!;
    w.clauseDf[x] = cols[CLAUSE_DF]![s]!;
  }

  /**
   * Weights for a pair whose two groups span `groupDocs` documents: each shingle's document
   * frequency without those documents, plus the two of the pair (copies of either clause, and the
   * pair's own other uses of the phrase, never count against it: whether A echoes B does not depend
   * on a third document copying the clause).
   */
  private pairWeights(w: Weighted, groupDocs: number, out: Float64Array, blocks?: ArrayLike<number>): Float64Array {
    const one = (x: number): void => {
      this.ensure(w, x);
      const df = Math.max(Math.min(2, w.docDf[x]!), w.docDf[x]! - groupDocs + 2);
      out[x] = Math.min(this.docWeights[Math.min(df, this.docWeights.length - 1)]!, this.clauseWeights[Math.min(w.clauseDf[x]!, this.clauseWeights.length - 1)]!);
    };
    if (!blocks) for (let x = 0; x < w.slots.length; x++) one(x);
    // Only the shingles inside the aligned blocks are read (distinctiveChars).
    else for (let b = 0; b < blocks.length; b += 3) for (let x = blocks[b]!; x <= blocks[b]! + blocks[b + 2]! - this.params.shingleK; x++) one(x);
    return out;
  }

  /** Distinct documents among the members of i's group and j's (j = −1: i's alone). */
  private groupDocs(i: number, j: number): number {
    if (++this.docStampValue === 0x7fffffff) {
      this.docStamp.fill(0);
      this.docStampValue = 1;
    }
    if (this.docStamp.length < this.docIds.length) this.docStamp = new Int32Array(this.docIds.length * 2);
    let n = 0;
    for (const x of j < 0 ? [i] : [i, j]) {
      const r = this.rep.get(x);
      const from = this.memberStart[r] ?? 0;
      const to = this.memberStart[r + 1] ?? 0;
      const list = to > from ? this.members.subarray(from, to) : [x];
      for (const m of list) {
        const d = this.docOf.get(m);
        if (this.docStamp[d] === this.docStampValue) continue;
        this.docStamp[d] = this.docStampValue;
        n++;
      }
    }
    return n;
  }

  /** Distinct table slots of passage i's winnowed fingerprints, with their rarity weights. */
  private fingerprintSlots(i: number, slots?: Int32Array, weights?: Float64Array): { slots: number[]; weights: number[]; hashes: number[] } {
    const h0 = this.hashStart.get(i);
    const hs = this.hashes.view(h0, this.hashStart.get(i + 1));
    const out = { slots: [] as number[], weights: [] as number[], hashes: [] as number[] };
    const seen = this.table.columns[FP_SEEN]!;
    const stamp = ++this.fpStamp;
    for (const x of winnow(hs, this.params.window)) {
      const s = slots ? slots[x]! : this.slotOf.get(h0 + x);
      if (seen[s] === stamp) continue; // the same fingerprint twice in one passage
      seen[s] = stamp;
      out.slots.push(s);
      out.weights.push(weights ? weights[x]! : 1);
      out.hashes.push(hs[x]!);
    }
    return out;
  }

  /**
   * Group pass: each new clause joins the group of a representative it nearly equals (a copy of
   * that clause) or represents a group of its own. Only representatives sharing most of its
   * fingerprints can be copies, so few are aligned here.
   */
  private group(): void {
    const P = this.ids.length;
    const { postings } = this;
    postings.reserve(P, this.docIds.length);
    for (let i = this.scanned; i < P; i++) {
      if (this.onProgress && i % 2000 === 0) this.onProgress(i, 2 * P);
      const { slots: fps, hashes } = this.fingerprintSlots(i);
      this.fpCount.set(i, fps.length);
      // A copy shares most of its representative's fingerprints: it shares a band of their
      // min-hashes (copies.ts), a lookup in short lists however common its words are.
      const bands = bandSignatures(hashes);
      const d = this.docOf.get(i);
      const cands = this.bands.candidates(bands, 2 * GROUP_TRIES).filter((j) => this.docOf.get(j) !== d);
      if (this.joinCopy(i, cands.slice(0, GROUP_TRIES))) continue;
      postings.add(i, fps);
      this.bands.add(i, bands);
    }
    this.scanned = P;
  }

  /** Align i with its likeliest copies; join the first it nearly equals. */
  private joinCopy(i: number, cands: number[]): boolean {
    const p = this.params;
    const A = this.codes.view(this.codeStart.get(i), this.codeStart.get(i + 1));
    const hA = this.hashes.view(this.hashStart.get(i), this.hashStart.get(i + 1));
    if (cands.length === 0) return false;
    this.seedIndex = indexSeeds(A, hA, this.seedIndex);
    for (const j of cands) {
      const B = this.codes.view(this.codeStart.get(j), this.codeStart.get(j + 1));
      // A copy: most of the shorter text, and a good part of the longer (a clause with a sentence
      // dropped or added is still a copy of it).
      const copy = Math.max(Math.ceil(p.groupShare * Math.min(A.length, B.length)), Math.ceil(p.groupLonger * Math.max(A.length, B.length)));
      this.stats.alignedPairs++;
      const al = alignSqueezed(this.seedIndex, B, this.hashes.view(this.hashStart.get(j), this.hashStart.get(j + 1)), p.align, copy);
      if (al.matched < copy || al.matched === 0) continue;
      // Another copy of j's clause: joins j's group (j represents it: postings hold representatives).
      this.rep.set(i, this.rep.get(j));
      this.tentative.append([i, j, al.matched, 1, al.blocks.length / 3]);
      this.tentative.append(al.blocks);
      return true;
    }
    return false;
  }

  /**
   * Link pass, over the representatives from `from` on: each votes, with the rarity weights of the
   * fingerprints it shares, for the earlier representatives of other documents; those sharing
   * distinctive text (or a long run) are aligned and kept for judging.
   */
  private link(from: number): void {
    const p = this.params;
    const P = this.ids.length;
    const { postings } = this;
    postings.reserve(P, this.docIds.length);
    const least = Math.min(p.minDistinctive, p.longCopy);
    for (let i = from; i < P; i++) {
      if (this.onProgress && i % 2000 === 0) this.onProgress(P + i, 2 * P);
      if (this.rep.get(i) !== i) continue;
      const weighted = this.weighted(i);
      // A fingerprint few clauses use votes in full however many documents copy those clauses
      // (a third document copying a clause must not make it vote less); else by its rarity.
      const votes = weighted.clauseDf.map((g, x) => Math.max(weighted.weights[x]!, this.voteWeights[Math.min(g, this.voteWeights.length - 1)]!));
      const fps = this.fingerprintSlots(i, weighted.slots, Float64Array.from(votes));
      const touched = postings.vote(i, this.docOf.raw(), fps.slots, fps.weights, i, this.limits);
      const { acc, wacc } = postings;
      const need = Math.min(p.minSharedFingerprints, fps.slots.length);
      const ranked = touched.filter((j) => acc[j]! >= need && (wacc[j]! >= p.minVoteWeight || acc[j]! >= p.longVotes));
      ranked.sort((x, y) => wacc[y]! - wacc[x]! || acc[y]! - acc[x]! || x - y);
      postings.reset(touched);
      const cands = postings.capPerDocument(i, ranked, this.docOf.raw(), p.maxPerDocument, p.maxCandidates);
      if (cands.length === 0) continue;
      const A = this.codes.view(this.codeStart.get(i), this.codeStart.get(i + 1));
      this.seedIndex = indexSeeds(A, this.hashes.view(this.hashStart.get(i), this.hashStart.get(i + 1)), this.seedIndex);
      for (const j of cands) {
        const B = this.codes.view(this.codeStart.get(j), this.codeStart.get(j + 1));
        this.stats.alignedPairs++;
        const al = alignSqueezed(this.seedIndex, B, this.hashes.view(this.hashStart.get(j), this.hashStart.get(j + 1)), p.align, least);
        // The rarity statistics are final here: judged at once.
        if (al.matched >= least) this.judgePair(i, j, al.matched, al.blocks, weighted, false);
      }
    }
    this.onProgress?.(2 * P, 2 * P);
  }

  // ---- 3. rarity ------------------------------------------------------------------------------

  /**
   * CLAUSE_DF of every shingle: the clauses using it, a group of copies counted once; and the
   * groups' member lists. Recounted from scratch after grouping (groups only grow).
   */
  private countUses(): void {
    const cols = this.table.columns;
    for (const c of [CLAUSE_DF, LAST_CLAUSE]) cols[c]!.fill(0);
    const P = this.ids.length;
    // Members by representative (counting sort): one stamp per shingle tells whether the group
    // was counted already.
    const start = new Int32Array(P + 1);
    for (let i = 0; i < P; i++) start[this.rep.get(i) + 1]!++;
    let groups = 0;
    for (let r = 0; r < P; r++) {
      if (start[r + 1]! > 0) groups++;
      start[r + 1]! += start[r]!;
    }
    this.groupCount = groups;
    this.docWeights = weightTable(this.docsWithClauses);
    this.clauseWeights = weightTable(groups, FREE_CLAUSES);
    this.voteWeights = weightTable(groups, FREE_VOTE_CLAUSES);
    const fill = start.slice(0, P);
    const members = new Int32Array(P);
    for (let i = 0; i < P; i++) members[fill[this.rep.get(i)]!++] = i;
    this.memberStart = start;
    this.members = members;
    const clauseDf = cols[CLAUSE_DF]!;
    const lastClause = cols[LAST_CLAUSE]!;
    const slotOf = this.slotOf.raw();
    for (const i of members) {
      const r = this.rep.get(i);
      for (let x = this.hashStart.get(i); x < this.hashStart.get(i + 1); x++) {
        const s = slotOf[x]!;
        if (lastClause[s] !== r + 1) {
          lastClause[s] = r + 1;
          clauseDf[s]!++;
        }
      }
    }
  }

  // ---- 4. judge -------------------------------------------------------------------------------

  /** Decide the copies' alignments of this add() with the rarity statistics; clear them. */
  private judge(): void {
    const t = this.tentative.view();
    let weightsOf = -1;
    let weighted: Weighted | null = null;
    for (let x = 0; x < t.length; ) {
      const i = t[x]!;
      const j = t[x + 1]!;
      const matched = t[x + 2]!;
      const admission = t[x + 3] === 1;
      const n = t[x + 4]!;
      const blocks = Array.from(t.subarray(x + TENTATIVE_HEADER, x + TENTATIVE_HEADER + 3 * n));
      x += TENTATIVE_HEADER + 3 * n;
      if (weightsOf !== i) {
        // Copies are mostly judged by their long verbatim run: positions are looked up only if needed.
        weighted = this.weighted(i, false);
        weightsOf = i;
      }
      this.judgePair(i, j, matched, blocks, weighted!, admission);
    }
    this.tentative.length = 0;
  }

  /** An aligned pair is an echo when acceptEcho says so; a copy echoes its group when its own alignment does. */
  private judgePair(i: number, j: number, matched: number, blocks: number[], weighted: Weighted, admission: boolean): void {
    const p = this.params;
    const shorter = Math.min(this.codeStart.get(i + 1) - this.codeStart.get(i), this.codeStart.get(j + 1) - this.codeStart.get(j));
    const similarity = Math.min(1, matched / shorter);
    const longest = longestBlock(blocks);
    // A long verbatim run is an echo whatever its rarity: not weighed (distinctive recorded as −1).
    let distinctive = -1;
    if (!(longest >= p.longCopy && similarity >= p.minSimilarity)) {
      const weights = this.pairWeights(weighted, this.groupDocs(i, j), this.pairScratch(weighted.slots.length), blocks);
      distinctive = distinctiveChars(blocks, weights, p.shingleK, this.head.get(i), this.head.get(j));
    }
    const accepted = distinctive < 0 || acceptEcho(p, distinctive, longest, similarity);
    if (accepted) this.recordPair(i, j, similarity, distinctive, matched, longest, blocks);
    if (admission) this.mate.set(i, accepted ? 1 : 0);
  }

  private scratch = new Float64Array(256);
  private pairScratch(n: number): Float64Array {
    if (this.scratch.length < n) this.scratch = new Float64Array(n * 2);
    return this.scratch.subarray(0, n);
  }

  private recordPair(i: number, j: number, similarity: number, distinctive: number, matched: number, longest: number, blocks: number[]): void {
    const posA = displayPositions(this.texts[i]!, this.codeStart.get(i + 1) - this.codeStart.get(i));
    const posB = displayPositions(this.texts[j]!, this.codeStart.get(j + 1) - this.codeStart.get(j));
    const n = blocks.length / 3;
    this.pairs.append([i, j, Math.round(similarity * 1000), Math.round(distinctive * 10), matched, longest, n]);
    for (let x = 0; x < blocks.length; x += 3) {
      const a = blocks[x]!;
      const b = blocks[x + 1]!;
      const len = blocks[x + 2]!;
      this.pairs.push(posA ? posA[a]! : a);
      this.pairs.push((posA ? posA[a + len - 1]! : a + len - 1) + 1);
      this.pairs.push(posB ? posB[b]! : b);
      this.pairs.push((posB ? posB[b + len - 1]! : b + len - 1) + 1);
    }
  }
}

/** Adds the seconds since the last call to `into[stage]`. */
function stopwatch(into: Record<string, number>): (stage: string) => void {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    into[stage] = (into[stage] ?? 0) + (now - last) / 1000;
    last = now;
  };
}

/** Display offset of every squeezed position, or null when nothing was squeezed out (identity). */
function displayPositions(text: string, squeezedLength: number): Int32Array | null {
  return squeezedLength === text.length ? null : squeezeCodes(text).map;
}
