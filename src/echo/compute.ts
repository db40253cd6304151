/**
 * Index-time echo detection over the primary edition of every document:
 *
 *  1. shingles — every passage becomes integer hashes of its character 5-grams of squeezed text
 *     (analysis/squeeze.ts); a hash table counts in how many documents and passages each occurs;
 *  2. boilerplate — a shingle found in many documents or many passages (以习近平新时代中国特色社会主义
 *     思想为指导, 按职责分工负责) is formula, not reuse: it neither proposes candidates nor counts
 *     as evidence, and neither do the k−1 characters around it (see informativeChars);
 *  3. candidates — the winnowed fingerprints clear of boilerplate go into an inverted index; each
 *     passage scores the passages of other documents by shared fingerprints, skipping fingerprints
 *     held by more than `maxDf` passages, and keeps the best `maxCandidates`: cost per passage is
 *     bounded, so the whole pass grows linearly with the corpus;
 *  4. alignment — each candidate pair is aligned (align.ts); it is an echo when the aligned spans
 *     hold enough non-boilerplate characters. Large corpora run this pass on two threads.
 *
 * Editions of one document are never compared with each other: only primary editions take part.
 */
import type { DocumentRecord, Edition } from "../model.ts";
import os from "node:os";
import { alignSqueezed, DEFAULT_ALIGN, indexSeeds, type AlignParams, type SeedIndex } from "./align.ts";
import { runWorkers } from "./parallel.ts";
import { shingleHashes, winnow } from "./shingles.ts";
import { squeezeCodes } from "../analysis/squeeze.ts";
import { ShingleTable } from "./table.ts";
import { ECHO_STORE_VERSION, type EchoParams, type EchoStore } from "./store.ts";

export const DEFAULT_PARAMS: EchoParams = {
  shingleK: 5,
  window: 4,
  maxDf: 100,
  fallbackAnchors: 4,
  maxCandidates: 30,
  minSharedFingerprints: 2,
  boilerplateMinDocs: 3,
  boilerplateDocShare: 0.25,
  boilerplateMinPassages: 5,
  boilerplatePassageShare: 0.002,
  minInformative: 12,
  minSimilarity: 0.05,
  align: DEFAULT_ALIGN,
};

export interface ComputeEchoesOptions extends Partial<Omit<EchoParams, "align">> {
  align?: Partial<AlignParams>;
  /**
   * Threads for the alignment pass; default 2 (if the machine has them) from 150,000 passages
   * (≈ ×300 the seed corpus) on, else 1 — below that, starting threads costs more than it saves.
   * Results are identical whatever the number.
   */
  workers?: number;
  /** Called now and then with (passages done, passages total) during the candidate/alignment pass. */
  onProgress?: (done: number, total: number) => void;
}

/** The edition hits and citations use: the one flagged primary, else the first. */
export function primaryEdition(doc: DocumentRecord): Edition | undefined {
  return doc.editions.find((e) => e.primary) ?? doc.editions[0];
}

// Column indices of the shingle table.
const DOC_DF = 0;
const LAST_DOC = 1;
const PASS_DF = 2;
const LAST_PASS = 3;
const FP_LAST = 4;

/**
 * Everything the alignment pass reads, as flat typed arrays (SharedArrayBuffer-backed when
 * worker threads share it): passage i's codes are codes[codeStart[i] … codeStart[i+1]), its
 * shingle hashes and boilerplate flags hashes/boiler[hashStart[i] …), its fingerprints
 * fpSlots[fpStart[i] …); postings of slot s are postings[postStart[s] … postStart[s+1]).
 */
export interface EchoShared {
  passages: number;
  slots: number;
  codes: Uint16Array;
  codeStart: Int32Array;
  hashes: Int32Array;
  hashStart: Int32Array;
  boiler: Uint8Array;
  docOf: Int32Array;
  fpStart: Int32Array;
  fpSlots: Int32Array;
  /** Per slot: 1 when the fingerprint is boilerplate. */
  slotBoiler: Uint8Array;
  /** Per slot: passages holding it as a fingerprint (its postings length). */
  fpCount: Int32Array;
  postStart: Int32Array;
  postings: Int32Array;
}

/** How the work is split: this worker takes chunks c with c % of === index. */
export interface PassShare {
  index: number;
  of: number;
}
const CHUNK = 256;

export function computeEchoes(documents: readonly DocumentRecord[], opts: ComputeEchoesOptions = {}): EchoStore {
  const { onProgress, align: alignOpts, workers: workerOpt, ...rest } = opts;
  const params: EchoParams = { ...DEFAULT_PARAMS, ...rest, align: { ...DEFAULT_PARAMS.align, ...alignOpts } };
  // Alignment is seeded from the shingle hashes: one width for both.
  params.align.seedK = params.shingleK;
  const t0 = performance.now();

  // --- passages of primary editions --------------------------------------------------------
  const ids: string[] = [];
  const texts: string[] = [];
  const docList: number[] = [];
  let docCount = 0;
  for (const doc of documents) {
    const ed = primaryEdition(doc);
    if (!ed) continue;
    for (const p of ed.passages) {
      ids.push(p.id);
      texts.push(p.text);
      docList.push(docCount);
    }
    docCount++;
  }
  const P = ids.length;
  const k = params.shingleK;
  const workers = Math.max(1, Math.floor(workerOpt ?? (P >= PARALLEL_MIN_PASSAGES ? Math.min(2, os.availableParallelism()) : 1)));
  // Shared memory only when worker threads will read it.
  const alloc = <T>(make: (buf: ArrayBufferLike, n: number) => T, bytes: number, n: number): T =>
    make(workers > 1 ? new SharedArrayBuffer(Math.max(1, n * bytes)) : new ArrayBuffer(Math.max(1, n * bytes)), n);
  const i32 = (n: number): Int32Array => alloc((b, m) => new Int32Array(b, 0, m), 4, n);
  const u16 = (n: number): Uint16Array => alloc((b, m) => new Uint16Array(b, 0, m), 2, n);
  const u8 = (n: number): Uint8Array => alloc((b, m) => new Uint8Array(b, 0, m), 1, n);

  // --- pass 1: squeeze and hash; document and passage frequency of every shingle ----------
  const table = new ShingleTable(5, 1 << 16);
  let totalCodes = 0;
  let totalHashes = 0;
  const squeezed: Uint16Array[] = new Array(P);
  for (let i = 0; i < P; i++) {
    squeezed[i] = squeezeCodes(texts[i]!).codes;
    totalCodes += squeezed[i]!.length;
    totalHashes += Math.max(0, squeezed[i]!.length - k + 1);
  }
  const codes = u16(totalCodes);
  const codeStart = i32(P + 1);
  const hashes = i32(totalHashes);
  const hashStart = i32(P + 1);
  const docOf = i32(P);
  for (let i = 0, c = 0, h = 0; i < P; i++) {
    docOf[i] = docList[i]!;
    codeStart[i] = c;
    hashStart[i] = h;
    codes.set(squeezed[i]!, c);
    c += squeezed[i]!.length;
    const hs = shingleHashes(squeezed[i]!, k);
    hashes.set(hs, h);
    h += hs.length;
    codeStart[i + 1] = c;
    hashStart[i + 1] = h;
    const d = docList[i]!;
    for (let x = 0; x < hs.length; x++) {
      const s = table.insert(hs[x]!);
      const col = table.columns;
      if (col[LAST_DOC]![s] !== d + 1) {
        col[LAST_DOC]![s] = d + 1;
        col[DOC_DF]![s]!++;
      }
      if (col[LAST_PASS]![s] !== i + 1) {
        col[LAST_PASS]![s] = i + 1;
        col[PASS_DF]![s]!++;
      }
    }
    squeezed[i] = EMPTY; // the copy in `codes` is the one kept
  }
  const docLimit = Math.max(params.boilerplateMinDocs, Math.ceil(params.boilerplateDocShare * docCount));
  const passLimit = Math.max(params.boilerplateMinPassages, Math.ceil(params.boilerplatePassageShare * P));
  const cols = table.columns;
  const cap = table.capacity;
  // Formula rather than reuse: too many documents or too many passages carry it.
  const slotBoiler = u8(cap);
  for (let s = 0; s < cap; s++) slotBoiler[s] = cols[DOC_DF]![s]! >= docLimit || cols[PASS_DF]![s]! >= passLimit ? 1 : 0;

  // --- pass 2: boilerplate flag per position, winnowed fingerprints per passage -----------
  // (the table no longer grows: slots are stable)
  const boiler = u8(totalHashes);
  const fpStart = i32(P + 1);
  let fpList = new Int32Array(1 << 16);
  let fpLen = 0;
  const fpCount = i32(cap);
  let slotAt = new Int32Array(1024); // slot of each shingle of the current passage
  for (let i = 0; i < P; i++) {
    fpStart[i] = fpLen;
    const h0 = hashStart[i]!;
    const hs = hashes.subarray(h0, hashStart[i + 1]!);
    if (slotAt.length < hs.length) slotAt = new Int32Array(hs.length * 2);
    for (let x = 0; x < hs.length; x++) {
      const s = (slotAt[x] = table.find(hs[x]!));
      boiler[h0 + x] = slotBoiler[s]!;
    }
    for (const x of winnow(hs, params.window)) {
      // Only clean fingerprints go into the index: no boilerplate shingle overlaps them, the same
      // erosion informativeChars applies. A fingerprint next to a formula proposes nothing.
      let clean = true;
      for (let y = Math.max(0, x - k + 1); y <= Math.min(hs.length - 1, x + k - 1) && clean; y++) if (boiler[h0 + y]) clean = false;
      if (!clean) continue;
      const s = slotAt[x]!;
      if (cols[FP_LAST]![s] === i + 1) continue; // the same fingerprint twice in one passage
      cols[FP_LAST]![s] = i + 1;
      fpCount[s]!++;
      if (fpLen === fpList.length) {
        const bigger = new Int32Array(fpList.length * 2);
        bigger.set(fpList);
        fpList = bigger;
      }
      fpList[fpLen++] = s;
    }
  }
  fpStart[P] = fpLen;
  const fpSlots = i32(fpLen);
  fpSlots.set(fpList.subarray(0, fpLen));
  const distinctShingles = table.size;

  // --- pass 3: inverted index fingerprint slot → passages (CSR layout) ---------------------
  const postStart = i32(cap + 1);
  for (let s = 0; s < cap; s++) postStart[s + 1] = postStart[s]! + fpCount[s]!;
  const fill = postStart.slice(0, cap);
  const postings = i32(fpLen);
  for (let i = 0; i < P; i++) for (let x = fpStart[i]!; x < fpStart[i + 1]!; x++) postings[fill[fpSlots[x]!]!++] = i;
  const tIndex = performance.now();

  // --- pass 4: candidates and alignment, on `workers` threads --------------------------------
  const shared: EchoShared = { passages: P, slots: cap, codes, codeStart, hashes, hashStart, boiler, docOf, fpStart, fpSlots, slotBoiler, fpCount, postStart, postings };
  let results: PassResult[] | null = null;
  let usedWorkers = 1;
  if (workers > 1) {
    results = runWorkers(shared, params, workers);
    if (results) usedWorkers = workers;
  }
  results ??= [alignPass(shared, params, { index: 0, of: 1 }, onProgress)];
  onProgress?.(P, P);

  // Records in passage order (workers hand back interleaved chunks), then display offsets.
  const order: [number, number, number][] = []; // [i, result, offset]
  results.forEach((r, w) => {
    for (let x = 0; x < r.records.length; x += 6 + 3 * r.records[x + 5]!) order.push([r.records[x]!, w, x]);
  });
  if (results.length > 1) order.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  const pairs: number[] = [];
  const involved = new Map<number, number>(); // passage index → index into storeIds
  const storeIds: string[] = [];
  const storeIndex = (i: number): number => {
    let x = involved.get(i);
    if (x === undefined) {
      x = storeIds.length;
      storeIds.push(ids[i]!);
      involved.set(i, x);
    }
    return x;
  };
  let lastI = -1;
  let posA: Int32Array | null = null;
  for (const [i, w, x] of order) {
    const rec = results[w]!.records;
    const j = rec[x + 1]!;
    const nBlocks = rec[x + 5]!;
    if (i !== lastI) {
      posA = displayPositions(texts[i]!, codeStart[i + 1]! - codeStart[i]!);
      lastI = i;
    }
    const posB = displayPositions(texts[j]!, codeStart[j + 1]! - codeStart[j]!);
    pairs.push(storeIndex(i), storeIndex(j), rec[x + 2]!, rec[x + 3]!, rec[x + 4]!, nBlocks);
    for (let y = x + 6; y < x + 6 + 3 * nBlocks; y += 3) {
      const a = rec[y]!;
      const b = rec[y + 1]!;
      const len = rec[y + 2]!;
      pairs.push(posA ? posA[a]! : a, (posA ? posA[a + len - 1]! : a + len - 1) + 1, posB ? posB[b]! : b, (posB ? posB[b + len - 1]! : b + len - 1) + 1);
    }
  }
  const t1 = performance.now();

  return {
    version: ECHO_STORE_VERSION,
    params,
    ids: storeIds,
    pairs,
    stats: {
      documents: docCount,
      passages: P,
      distinctShingles,
      fingerprints: fpLen,
      boilerplateDocLimit: docLimit,
      boilerplatePassageLimit: passLimit,
      overFrequentSkips: results.reduce((n, r) => n + r.overFrequentSkips, 0),
      alignedPairs: results.reduce((n, r) => n + r.aligned, 0),
      echoPairs: order.length,
      workers: usedWorkers,
      indexSeconds: round3((tIndex - t0) / 1000),
      alignSeconds: round3((t1 - tIndex) / 1000),
      seconds: round3((t1 - t0) / 1000),
    },
  };
}

const EMPTY = new Uint16Array(0);
/** Below this many passages, starting worker threads costs more than it saves. */
const PARALLEL_MIN_PASSAGES = 150_000;

export interface PassResult {
  /** Flat records [i, j, simMilli, informative, matched, nBlocks, (a, b, len) × nBlocks], squeezed offsets. */
  records: Int32Array;
  aligned: number;
  overFrequentSkips: number;
}

/**
 * Pass 4 for the passages of this share: vote for candidates through the postings, align the
 * best few, keep the echoes. Pure function of the shared arrays, so worker threads run it too.
 */
export function alignPass(sh: EchoShared, params: EchoParams, share: PassShare, onProgress?: (done: number, total: number) => void): PassResult {
  const P = sh.passages;
  const k = params.shingleK;
  const { codes, codeStart, hashes, hashStart, boiler, docOf, fpStart, fpSlots, slotBoiler, fpCount, postStart, postings } = sh;
  const cursor = postStart.slice(0, sh.slots);
  const acc = new Int32Array(P);
  const touched: number[] = [];
  let out = new Int32Array(1 << 14);
  let outLen = 0;
  const emit = (v: number): void => {
    if (outLen === out.length) {
      const bigger = new Int32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[outLen++] = v;
  };
  let aligned = 0;
  let overFrequentSkips = 0;
  const alignP = params.align;
  let ixA: SeedIndex | undefined;

  for (let i = 0; i < P; i++) {
    if (Math.floor(i / CHUNK) % share.of !== share.index) continue;
    if (onProgress && i % 2000 === 0) onProgress(i, P);
    const d = docOf[i]!;
    const vote = (s: number, limit: number): void => {
      // Postings are in passage order and i only grows: skip, once and for all, passages ≤ i
      // (each unordered pair is considered once, from its earlier passage).
      let x = cursor[s]!;
      const stop = postStart[s + 1]!;
      while (x < stop && postings[x]! <= i) x++;
      cursor[s] = x;
      const end = Math.min(stop, x + limit);
      for (; x < end; x++) {
        const j = postings[x]!;
        if (docOf[j] === d) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j]!++;
      }
    };
    const overFrequent: number[] = [];
    for (let x = fpStart[i]!; x < fpStart[i + 1]!; x++) {
      const s = fpSlots[x]!;
      if (slotBoiler[s]) continue;
      if (fpCount[s]! > params.maxDf) {
        overFrequent.push(s);
        overFrequentSkips++;
        continue;
      }
      vote(s, Infinity);
    }
    // A passage made only of over-frequent text (one clause copied into hundreds of documents)
    // still gets candidates: from its rarest few fingerprints, each list cut at maxDf.
    if (touched.length === 0 && overFrequent.length > 0) {
      overFrequent.sort((x, y) => fpCount[x]! - fpCount[y]!);
      for (const s of overFrequent.slice(0, params.fallbackAnchors)) vote(s, params.maxDf);
    }
    if (touched.length === 0) continue;

    // A heading of a few characters has one or two fingerprints: all of them must be shared.
    const needFp = Math.min(params.minSharedFingerprints, fpStart[i + 1]! - fpStart[i]!);
    let cands = touched.filter((j) => acc[j]! >= needFp);
    if (cands.length > params.maxCandidates) {
      cands.sort((x, y) => acc[y]! - acc[x]! || x - y);
      cands = cands.slice(0, params.maxCandidates);
    }
    for (const j of touched) acc[j] = 0;
    touched.length = 0;
    if (cands.length === 0) continue;

    const A = codes.subarray(codeStart[i]!, codeStart[i + 1]!);
    ixA = indexSeeds(A, hashes.subarray(hashStart[i]!, hashStart[i + 1]!), ixA);
    const boilerA = boiler.subarray(hashStart[i]!, hashStart[i + 1]!);
    for (const j of cands) {
      const B = codes.subarray(codeStart[j]!, codeStart[j + 1]!);
      aligned++;
      const shorter = Math.min(A.length, B.length);
      const need = Math.min(params.minInformative, Math.ceil(shorter / 2));
      const al = alignSqueezed(ixA, B, hashes.subarray(hashStart[j]!, hashStart[j + 1]!), alignP, need);
      if (al.matched === 0) continue;
      const similarity = Math.min(1, al.matched / shorter);
      const informative = informativeChars(al.blocks, boilerA, k);
      if (similarity < params.minSimilarity || informative < need) continue;
      emit(i);
      emit(j);
      emit(Math.round(similarity * 1000));
      emit(informative);
      emit(al.matched);
      emit(al.blocks.length / 3);
      for (const v of al.blocks) emit(v);
    }
  }
  return { records: out.slice(0, outLen), aligned, overFrequentSkips };
}

/** Display offset of every squeezed position, or null when nothing was squeezed out (identity). */
function displayPositions(text: string, squeezedLength: number): Int32Array | null {
  return squeezedLength === text.length ? null : squeezeCodes(text).map;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function countPairs(pairs: number[]): number {
  let n = 0;
  for (let x = 0; x < pairs.length; x += 6 + 4 * pairs[x + 5]!) n++;
  return n;
}

/**
 * Characters of the aligned blocks that carry evidence of reuse: covered by a shingle that lies
 * wholly inside a block (so both passages hold it), is not boilerplate, and does not overlap a
 * boilerplate shingle of the block. The last condition erodes k−1 characters around each
 * boilerplate island, so that the edges of a formula (…思想为指导，全面 where only 为指引 is
 * common) do not count as content. boilerMask[s] is 1 when the shingle at s is boilerplate.
 */
export function informativeChars(blocks: number[], boilerMask: ArrayLike<number>, k: number): number {
  let total = 0;
  for (let x = 0; x < blocks.length; x += 3) {
    const a = blocks[x]!;
    const last = a + blocks[x + 2]! - k; // last shingle start inside the block
    let lastBoiler = -Infinity; // most recent boilerplate shingle start at or before s + k − 1
    let nextScan = a;
    let coveredTo = a;
    for (let s = a; s <= last; s++) {
      // Advance the look-ahead so lastBoiler covers starts up to s + k − 1.
      for (; nextScan <= Math.min(last, s + k - 1); nextScan++) if (boilerMask[nextScan]) lastBoiler = nextScan;
      if (lastBoiler > s - k) continue; // a boilerplate shingle starts within k−1 of s
      const from = Math.max(s, coveredTo);
      total += s + k - from;
      coveredTo = s + k;
    }
  }
  return total;
}
