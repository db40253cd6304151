/**
 * Index-time echo detection over the primary edition of every document:
 *
 *  1. shingles — every passage becomes integer hashes of its character 5-grams (width-folded,
 *     whitespace dropped); a hash table counts in how many documents and passages each occurs;
 *  2. boilerplate — a shingle found in many documents or many passages (以习近平新时代中国特色社会主义
 *     思想为指导, 按职责分工负责) is formula, not reuse: it neither proposes candidates nor counts
 *     as evidence (see `isBoilerplate`);
 *  3. candidates — winnowed fingerprints go into an inverted index; each passage scores the
 *     passages of other documents by shared non-boilerplate fingerprints, skipping fingerprints
 *     held by more than `maxDf` passages, and keeps the best `maxCandidates`: cost per passage is
 *     bounded, so the whole pass grows linearly with the corpus;
 *  4. alignment — each candidate pair is aligned (align.ts); it is an echo when the aligned spans
 *     hold enough non-boilerplate characters.
 *
 * Editions of one document are never compared with each other: only primary editions take part.
 */
import type { DocumentRecord, Edition } from "../model.ts";
import { alignSqueezed, DEFAULT_ALIGN, indexSeeds, type AlignParams, type SeedIndex } from "./align.ts";
import { shingleHashes, winnow } from "./shingles.ts";
import { squeeze, type Squeezed } from "./squeeze.ts";
import { ShingleTable } from "./table.ts";
import { ECHO_STORE_VERSION, type EchoParams, type EchoStore } from "./store.ts";

export const DEFAULT_PARAMS: EchoParams = {
  shingleK: 5,
  window: 4,
  maxDf: 100,
  fallbackAnchors: 4,
  maxCandidates: 30,
  minSharedFingerprints: 3,
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
const FP_COUNT = 4;
const FP_LAST = 5;

export function computeEchoes(documents: readonly DocumentRecord[], opts: ComputeEchoesOptions = {}): EchoStore {
  const { onProgress, align: alignOpts, ...rest } = opts;
  const params: EchoParams = { ...DEFAULT_PARAMS, ...rest, align: { ...DEFAULT_PARAMS.align, ...alignOpts } };
  // Alignment is seeded from the shingle hashes: one width for both.
  params.align.seedK = params.shingleK;
  const t0 = performance.now();

  // --- passages of primary editions --------------------------------------------------------
  const ids: string[] = [];
  const texts: string[] = [];
  const docOf: number[] = [];
  let docCount = 0;
  for (const doc of documents) {
    const ed = primaryEdition(doc);
    if (!ed) continue;
    for (const p of ed.passages) {
      ids.push(p.id);
      texts.push(p.text);
      docOf.push(docCount);
    }
    docCount++;
  }
  const P = ids.length;
  const k = params.shingleK;

  // --- pass 1: document and passage frequency of every shingle ----------------------------
  const table = new ShingleTable(6, 1 << 16);
  // Folded, whitespace-free codes of every passage, kept for all passes (2 bytes per character).
  // …and their shingle hashes (4 bytes per character), which also seed the alignment.
  const codesOf: Uint16Array[] = new Array(P);
  const hashesOf: Int32Array[] = new Array(P);
  for (let i = 0; i < P; i++) {
    codesOf[i] = squeeze(texts[i]!).codes.slice();
    const hs = (hashesOf[i] = shingleHashes(codesOf[i]!, k));
    const d = docOf[i]!;
    for (let x = 0; x < hs.length; x++) {
      const s = table.insert(hs[x]!);
      const c = table.columns;
      if (c[LAST_DOC]![s] !== d + 1) {
        c[LAST_DOC]![s] = d + 1;
        c[DOC_DF]![s]!++;
      }
      if (c[LAST_PASS]![s] !== i + 1) {
        c[LAST_PASS]![s] = i + 1;
        c[PASS_DF]![s]!++;
      }
    }
  }
  const docLimit = Math.max(params.boilerplateMinDocs, Math.ceil(params.boilerplateDocShare * docCount));
  const passLimit = Math.max(params.boilerplateMinPassages, Math.ceil(params.boilerplatePassageShare * P));
  const cols = table.columns;
  /** Formula rather than reuse: too many documents or too many passages carry it. */
  const isBoilerplateSlot = (s: number): boolean => cols[DOC_DF]![s]! >= docLimit || cols[PASS_DF]![s]! >= passLimit;

  // --- pass 2: winnowed fingerprints per passage (table no longer grows: slots are stable) --
  const fpStart = new Int32Array(P + 1);
  let fpSlots = new Int32Array(1 << 16);
  let fpLen = 0;
  for (let i = 0; i < P; i++) {
    fpStart[i] = fpLen;
    const hs = hashesOf[i]!;
    for (const x of winnow(hs, params.window)) {
      const s = table.find(hs[x]!);
      if (cols[FP_LAST]![s] === i + 1) continue; // the same fingerprint twice in one passage
      cols[FP_LAST]![s] = i + 1;
      cols[FP_COUNT]![s]!++;
      if (fpLen === fpSlots.length) {
        const bigger = new Int32Array(fpSlots.length * 2);
        bigger.set(fpSlots);
        fpSlots = bigger;
      }
      fpSlots[fpLen++] = s;
    }
  }
  fpStart[P] = fpLen;

  // --- pass 3: inverted index fingerprint slot → passages (CSR layout) ---------------------
  const cap = table.capacity;
  const postStart = new Int32Array(cap + 1);
  for (let s = 0; s < cap; s++) postStart[s + 1] = postStart[s]! + cols[FP_COUNT]![s]!;
  const fill = postStart.slice(0, cap);
  const postings = new Int32Array(fpLen);
  for (let i = 0; i < P; i++) for (let x = fpStart[i]!; x < fpStart[i + 1]!; x++) postings[fill[fpSlots[x]!]!++] = i;
  const tIndex = performance.now();

  // --- pass 4: candidates and alignment ----------------------------------------------------
  const cursor = postStart.slice(0, cap);
  const acc = new Int32Array(P);
  const touched: number[] = [];
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
  let aligned = 0;
  let overFrequentSkips = 0;
  const alignP = params.align;
  let ixA: SeedIndex | undefined;

  for (let i = 0; i < P; i++) {
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
      if (isBoilerplateSlot(s)) continue;
      if (cols[FP_COUNT]![s]! > params.maxDf) {
        overFrequent.push(s);
        overFrequentSkips++;
        continue;
      }
      vote(s, Infinity);
    }
    // A passage made only of over-frequent text (one clause copied into hundreds of documents)
    // still gets candidates: from its rarest few fingerprints, each list cut at maxDf.
    if (touched.length === 0 && overFrequent.length > 0) {
      overFrequent.sort((x, y) => cols[FP_COUNT]![x]! - cols[FP_COUNT]![y]!);
      for (const s of overFrequent.slice(0, params.fallbackAnchors)) vote(s, params.maxDf);
    }
    if (touched.length === 0) continue;

    // A heading of a few characters has one or two fingerprints: all of them must be shared.
    const need = Math.min(params.minSharedFingerprints, fpStart[i + 1]! - fpStart[i]!);
    let cands = touched.filter((j) => acc[j]! >= need);
    if (cands.length > params.maxCandidates) {
      cands.sort((x, y) => acc[y]! - acc[x]! || x - y);
      cands = cands.slice(0, params.maxCandidates);
    }
    for (const j of touched) acc[j] = 0;
    touched.length = 0;
    if (cands.length === 0) continue;

    const A = codesOf[i]!;
    ixA = indexSeeds(A, hashesOf[i]!, ixA);
    let boiler: Uint8Array | null = null; // per shingle position of A: 1 = boilerplate; built on first need
    let posA: Int32Array | null | undefined; // display offsets, built only when an echo is kept
    for (const j of cands) {
      const B = codesOf[j]!;
      aligned++;
      const shorter = Math.min(A.length, B.length);
      const need = Math.min(params.minInformative, Math.ceil(shorter / 2));
      const al = alignSqueezed(ixA, B, hashesOf[j]!, alignP, need);
      if (al.matched === 0) continue;
      const similarity = Math.min(1, al.matched / shorter);
      boiler ??= boilerplateMask(hashesOf[i]!, table, isBoilerplateSlot);
      const informative = informativeChars(al.blocks, boiler, k);
      if (similarity < params.minSimilarity || informative < need) continue;
      if (posA === undefined) posA = displayPositions(texts[i]!, A);
      const posB = displayPositions(texts[j]!, B);
      pairs.push(storeIndex(i), storeIndex(j), Math.round(similarity * 1000), informative, al.matched, al.blocks.length / 3);
      for (let x = 0; x < al.blocks.length; x += 3) {
        const a = al.blocks[x]!;
        const b = al.blocks[x + 1]!;
        const len = al.blocks[x + 2]!;
        pairs.push(posA ? posA[a]! : a, (posA ? posA[a + len - 1]! : a + len - 1) + 1, posB ? posB[b]! : b, (posB ? posB[b + len - 1]! : b + len - 1) + 1);
      }
    }
  }
  onProgress?.(P, P);
  const t1 = performance.now();

  return {
    version: ECHO_STORE_VERSION,
    params,
    ids: storeIds,
    pairs,
    stats: {
      documents: docCount,
      passages: P,
      distinctShingles: table.size,
      fingerprints: fpLen,
      boilerplateDocLimit: docLimit,
      boilerplatePassageLimit: passLimit,
      overFrequentSkips,
      alignedPairs: aligned,
      echoPairs: countPairs(pairs),
      indexSeconds: round3((tIndex - t0) / 1000),
      alignSeconds: round3((t1 - tIndex) / 1000),
      seconds: round3((t1 - t0) / 1000),
    },
  };
}

/** Display offset of every squeezed position, or null when nothing was squeezed out (identity). */
function displayPositions(text: string, codes: Uint16Array): Int32Array | null {
  return codes.length === text.length ? null : squeeze(text).pos;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function countPairs(pairs: number[]): number {
  let n = 0;
  for (let x = 0; x < pairs.length; x += 6 + 4 * pairs[x + 5]!) n++;
  return n;
}

/** mask[s] = 1 when the shingle starting at squeezed position s is boilerplate. */
function boilerplateMask(hs: Int32Array, table: ShingleTable, isBoilerplateSlot: (s: number) => boolean): Uint8Array {
  const mask = new Uint8Array(hs.length);
  for (let x = 0; x < hs.length; x++) {
    const s = table.find(hs[x]!);
    mask[x] = s >= 0 && isBoilerplateSlot(s) ? 1 : 0;
  }
  return mask;
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
