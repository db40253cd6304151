/**
 * Local alignment of two passages, Smith–Waterman style but sparse: instead of filling the
 * n·m matrix we (1) seed with shared k-grams, (2) extend each seed into a maximal exact block
 * on its diagonal, and (3) chain blocks by dynamic programming where a block scores its length
 * and the edit between two blocks costs an affine gap penalty — the same recurrence as
 * Smith–Waterman (scores never drop below zero: a chain may restart at any block), evaluated only
 * at block boundaries. Cost is O(n + m + B²) for B blocks, not O(n·m), so long passages are cheap.
 *
 * Tolerated edits are what a chain may bridge: a substitution (全省→全州), an inserted or
 * dropped list item, up to `maxGap` characters on either side. Several disjoint chains may be
 * reported (sentences merged, reordered or split), each a separate local alignment.
 *
 * Everything runs on the squeezed sequence (analysis/squeeze.ts: width-folded, whitespace and
 * invisible characters dropped); the reported spans are display offsets, so inside one span the
 * squeezed texts agree character for character. The changes are exactly the gaps between
 * consecutive spans.
 */
import type { SpanPair } from "./types.ts";
import { squeezeCodes, unsqueezeRange, type SqueezedCodes } from "../analysis/squeeze.ts";
import { shingleHashes } from "./shingles.ts";

export interface AlignParams {
  /** Seed width: shared runs shorter than this are not found (except when adjacent to a block). */
  seedK: number;
  /** Longest edit a chain bridges, in characters on the longer side. */
  maxGap: number;
  /** Cost of opening an edit between two blocks. */
  gapOpen: number;
  /** Cost per character of the edit's longer side. */
  gapExtend: number;
  /**
   * A local alignment must score at least this much (≈ matched characters minus edit costs);
   * when the shorter text is short, 60% of its length (but never less than seedK) is enough.
   */
  minChainScore: number;
  /** At most this many disjoint local alignments per pair. */
  maxChains: number;
  /** A seed k-gram repeated more often than this in the second text is skipped (repeat masking). */
  maxSeedRepeats: number;
  /** Safety valve for pathological repetition (tables of numbers): keep the longest blocks. */
  maxBlocks: number;
}

export const DEFAULT_ALIGN: AlignParams = {
  seedK: 5,
  maxGap: 24,
  gapOpen: 2,
  gapExtend: 0.5,
  minChainScore: 10,
  maxChains: 64,
  maxSeedRepeats: 16,
  maxBlocks: 3000,
};

/** An alignment in squeezed coordinates: blocks are exact matches, ascending in `a`. */
export interface SqueezedAlignment {
  /** Flat [aStart, bStart, length, …] of exact blocks, non-overlapping in both sequences. */
  blocks: number[];
  /** Characters covered by blocks (the same count on both sides). */
  matched: number;
  /** Number of local alignments (chains) the blocks came from. */
  chains: number;
}

interface Block {
  a: number;
  b: number;
  len: number;
}

/**
 * The k-gram seeds of one text, hashed once and reused for every partner it is aligned with
 * (a passage meets up to maxCandidates partners).
 */
export interface SeedIndex {
  codes: Uint16Array;
  k: number;
  mask: number;
  /** Bucket → last position with that key (−1: none); positions chain through `next`. */
  head: Int32Array;
  next: Int32Array;
  /** Positions per bucket, for repeat masking. */
  count: Int32Array;
}

/**
 * Index the seeds of A from its k-gram hashes (shingleHashes(codes, k)): the corpus pass has
 * them already, so alignment does not hash again.
 */
export function indexSeeds(codes: Uint16Array, hashes: Int32Array, reuse?: SeedIndex): SeedIndex {
  const k = codes.length - hashes.length + 1;
  let size = 16;
  while (size < 2 * hashes.length) size <<= 1;
  // A caller aligning one passage after another may hand back the previous index: its buffers
  // are reused when large enough (no allocation per passage).
  const fullHead = reuse ? new Int32Array(reuse.head.buffer) : null;
  const fullCount = reuse ? new Int32Array(reuse.count.buffer) : null;
  const head = fullHead && fullHead.length >= size ? fullHead.subarray(0, size) : new Int32Array(size);
  const count = fullCount && fullCount.length >= size ? fullCount.subarray(0, size) : new Int32Array(size);
  const next = reuse && reuse.next.length >= hashes.length ? reuse.next : new Int32Array(Math.max(16, hashes.length));
  head.fill(-1);
  count.fill(0);
  const mask = size - 1;
  for (let i = hashes.length - 1; i >= 0; i--) {
    const s = hashes[i]! & mask;
    next[i] = head[s]!;
    head[s] = i;
    count[s]!++;
  }
  return { codes, k: hashes.length === 0 ? 0 : k, mask, head, next, count };
}

// Per-diagonal coverage, reset by stamping instead of clearing: alignment runs millions of times.
let diagEnd = new Int32Array(1 << 12);
let diagStamp = new Int32Array(1 << 12);
let stamp = 0;

/**
 * Maximal exact blocks of length ≥ seedK shared by A (indexed) and B. A k-gram occurring more
 * than maxSeedRepeats times in A (table cells, 、-lists of the same word) seeds nothing — the
 * blocks around it are still found from rarer k-grams and extended in both directions.
 */
function findBlocks(ix: SeedIndex, B: Uint16Array, hb: Int32Array, p: AlignParams): Block[] {
  const A = ix.codes;
  const k = ix.k;
  const n = A.length;
  const m = B.length;
  if (k === 0 || hb.length === 0) return [];
  const diags = n + m + 1;
  if (diagEnd.length < diags) {
    const size = Math.max(diags, diagEnd.length * 2);
    diagEnd = new Int32Array(size);
    diagStamp = new Int32Array(size);
    stamp = 0;
  }
  if (++stamp === 0x7fffffff) {
    diagStamp.fill(0);
    stamp = 1;
  }
  const blocks: Block[] = [];
  for (let j = 0; j < hb.length; j++) {
    const s = hb[j]! & ix.mask;
    if (ix.count[s]! > p.maxSeedRepeats) continue;
    for (let i = ix.head[s]!; i !== -1; i = ix.next[i]!) {
      const d = j - i + n;
      // diagEnd[d]: first B index not yet covered by a block found on this diagonal.
      if (diagStamp[d] === stamp && diagEnd[d]! > j) continue;
      let len = 0;
      while (i + len < n && j + len < m && A[i + len] === B[j + len]) len++;
      if (len < k) continue; // hash collision
      let back = 0;
      while (i - back > 0 && j - back > 0 && A[i - back - 1] === B[j - back - 1]) back++;
      diagStamp[d] = stamp;
      diagEnd[d] = j + len;
      blocks.push({ a: i - back, b: j - back, len: len + back });
      if (blocks.length > 4 * p.maxBlocks) break;
    }
  }
  blocks.sort((x, y) => x.a - y.a || x.b - y.b);
  if (blocks.length > p.maxBlocks) {
    blocks.sort((x, y) => y.len - x.len);
    blocks.length = p.maxBlocks;
    blocks.sort((x, y) => x.a - y.a || x.b - y.b);
  }
  return blocks;
}

/** One Smith–Waterman-style pass over the blocks: the best-scoring chain, or null. */
function bestChain(blocks: Block[], alive: Uint8Array, p: AlignParams, minScore: number): { score: number; path: Block[] } | null {
  const B = blocks.length;
  const score = new Float64Array(B);
  const pred = new Int32Array(B).fill(-1);
  const trim = new Int32Array(B); // characters cut from the block's start to follow pred
  let maxLen = 0;
  for (const bl of blocks) if (bl.len > maxLen) maxLen = bl.len;
  let best = -1;
  for (let x = 0; x < B; x++) {
    if (!alive[x]) continue;
    const bx = blocks[x]!;
    let sx = bx.len;
    let px = -1;
    let tx = 0;
    for (let y = x - 1; y >= 0; y--) {
      const by = blocks[y]!;
      if (by.a < bx.a - p.maxGap - maxLen) break; // blocks are sorted by a
      if (!alive[y]) continue;
      const yEndA = by.a + by.len;
      const yEndB = by.b + by.len;
      if (by.a >= bx.a || by.b >= bx.b) continue; // chains are monotone in both sequences
      const ov = Math.max(0, yEndA - bx.a, yEndB - bx.b);
      if (ov >= bx.len) continue;
      const gA = bx.a + ov - yEndA;
      const gB = bx.b + ov - yEndB;
      const g = Math.max(gA, gB);
      if (g > p.maxGap) continue;
      const cost = gA === 0 && gB === 0 ? 0 : p.gapOpen + p.gapExtend * g;
      const s = score[y]! + (bx.len - ov) - cost;
      if (s > sx) {
        sx = s;
        px = y;
        tx = ov;
      }
    }
    score[x] = sx;
    pred[x] = px;
    trim[x] = tx;
    if (best === -1 || sx > score[best]!) best = x;
  }
  if (best === -1 || score[best]! < minScore) return null;
  const path: Block[] = [];
  for (let x = best; x !== -1; x = pred[x]!) {
    const bl = blocks[x]!;
    const t = trim[x]!;
    path.push({ a: bl.a + t, b: bl.b + t, len: bl.len - t });
  }
  path.reverse();
  return { score: score[best]!, path };
}

/** Exact runs of A[a..a+len) against B[b..b+len) on one diagonal, as blocks. */
function diagonalRuns(A: Uint16Array, B: Uint16Array, a: number, b: number, len: number, out: Block[]): void {
  let t = 0;
  while (t < len) {
    if (A[a + t] !== B[b + t]) {
      t++;
      continue;
    }
    const s = t;
    while (t < len && A[a + t] === B[b + t]) t++;
    out.push({ a: a + s, b: b + s, len: t - s });
  }
}

/**
 * X-drop extension (as in BLAST) from a chain end along its diagonal: +1 per equal character,
 * −1 per substitution, stop once the score falls X_DROP below its best; keep the best prefix.
 * This recovers short kept runs past a substitution that seeding cannot see (推动全省 / 推动全州).
 */
const X_DROP = 3;
function extendLength(A: Uint16Array, B: Uint16Array, a: number, b: number, step: 1 | -1, covA: Uint8Array, covB: Uint8Array): number {
  let score = 0;
  let best = 0;
  let bestLen = 0;
  for (let len = 1; ; len++) {
    const i = step === 1 ? a + len - 1 : a - len;
    const j = step === 1 ? b + len - 1 : b - len;
    if (i < 0 || j < 0 || i >= A.length || j >= B.length || covA[i] || covB[j]) break;
    score += A[i] === B[j] ? 1 : -1;
    if (score > best) {
      best = score;
      bestLen = len;
    } else if (score < best - X_DROP) break;
  }
  return bestLen;
}

/**
 * The longer part of a block outside [lo, hi) on one side: the block itself when it does not reach
 * in, null when nothing is left. A block is one diagonal, so cutting one side cuts the other alike.
 */
function outside(bl: Block | null, side: "a" | "b", lo: number, hi: number): Block | null {
  if (!bl) return null;
  const start = side === "a" ? bl.a : bl.b;
  const end = start + bl.len;
  if (end <= lo || start >= hi) return bl;
  const before = Math.max(0, lo - start);
  const after = Math.max(0, end - hi);
  if (before === 0 && after === 0) return null;
  return before >= after ? { a: bl.a, b: bl.b, len: before } : { a: bl.a + bl.len - after, b: bl.b + bl.len - after, len: after };
}

/** Sort blocks by a (then b) again after trimming, keeping each block's alive flag with it. */
function resort(blocks: Block[], alive: Uint8Array): void {
  const order = blocks.map((bl, i) => ({ bl, on: alive[i]! })).sort((x, y) => x.bl.a - y.bl.a || x.bl.b - y.bl.b);
  order.forEach((o, i) => {
    blocks[i] = o.bl;
    alive[i] = o.on;
  });
}

/** Align two squeezed sequences; blocks from up to maxChains disjoint local alignments. */
export function alignSqueezed(ix: SeedIndex, B: Uint16Array, hb: Int32Array, p: AlignParams = DEFAULT_ALIGN, minMatched = 0): SqueezedAlignment {
  const A = ix.codes;
  const blocks = findBlocks(ix, B, hb, p);
  // Blocks bound what any alignment can match: hopeless pairs stop here.
  let upper = 0;
  for (const bl of blocks) upper += bl.len;
  if (upper < minMatched || blocks.length === 0) return { blocks: [], matched: 0, chains: 0 };
  const alive = new Uint8Array(blocks.length).fill(1);
  const covA = new Uint8Array(A.length);
  const covB = new Uint8Array(B.length);
  const chosen: Block[] = [];
  // Short texts (headings) cannot reach the absolute bar; for them, most of the shorter text must match.
  const minScore = Math.min(p.minChainScore, Math.max(p.seedK, Math.ceil(0.6 * Math.min(A.length, B.length))));
  let chains = 0;
  while (chains < p.maxChains) {
    const c = bestChain(blocks, alive, p, minScore);
    if (!c) break;
    chains++;
    const chain: Block[] = [];
    const first = c.path[0]!;
    const left = extendLength(A, B, first.a, first.b, -1, covA, covB);
    if (left > 0) diagonalRuns(A, B, first.a - left, first.b - left, left, chain);
    for (let x = 0; x < c.path.length; x++) {
      const bl = c.path[x]!;
      chain.push(bl);
      const nx = c.path[x + 1];
      // A substitution between blocks (equal gaps) may still hide kept characters: 全省各市/全州各县.
      if (nx && nx.a - (bl.a + bl.len) === nx.b - (bl.b + bl.len)) diagonalRuns(A, B, bl.a + bl.len, bl.b + bl.len, nx.a - bl.a - bl.len, chain);
    }
    const last = c.path[c.path.length - 1]!;
    const right = extendLength(A, B, last.a + last.len, last.b + last.len, 1, covA, covB);
    if (right > 0) diagonalRuns(A, B, last.a + last.len, last.b + last.len, right, chain);

    let aLo = Infinity, aHi = -1, bLo = Infinity, bHi = -1;
    for (const bl of chain) {
      aLo = Math.min(aLo, bl.a);
      aHi = Math.max(aHi, bl.a + bl.len);
      bLo = Math.min(bLo, bl.b);
      bHi = Math.max(bHi, bl.b + bl.len);
      chosen.push(bl);
    }
    covA.fill(1, aLo, aHi);
    covB.fill(1, bLo, bHi);
    // Later chains may not reuse characters of this one on either side: a block reaching into
    // its extent keeps the part outside (重点开展农业信息技术、智能化农机|装备、 before a chain
    // that starts at 装备、), if that part is still a seed's length.
    let moved = false;
    for (let x = 0; x < blocks.length; x++) {
      if (!alive[x]) continue;
      const bl = blocks[x]!;
      const kept = outside(outside(bl, "a", aLo, aHi), "b", bLo, bHi);
      if (kept === bl) continue;
      if (!kept || kept.len < p.seedK) alive[x] = 0;
      else {
        blocks[x] = kept;
        moved = true;
      }
    }
    if (moved) resort(blocks, alive);
  }
  chosen.sort((x, y) => x.a - y.a);
  const flat: number[] = [];
  let matched = 0;
  for (const bl of chosen) {
    const k = flat.length;
    // Merge blocks that abut on both sides (a trimmed overlap): one unbroken shared span.
    if (k > 0 && flat[k - 3]! + flat[k - 1]! === bl.a && flat[k - 2]! + flat[k - 1]! === bl.b) flat[k - 1]! += bl.len;
    else flat.push(bl.a, bl.b, bl.len);
    matched += bl.len;
  }
  return { blocks: flat, matched, chains };
}

/** Display-offset spans of an alignment: `a` into the first text, `b` into the second. */
function blocksToSpans(blocks: number[], sa: SqueezedCodes, sb: SqueezedCodes): SpanPair[] {
  const spans: SpanPair[] = [];
  for (let x = 0; x < blocks.length; x += 3) {
    const a = blocks[x]!;
    const b = blocks[x + 1]!;
    const len = blocks[x + 2]!;
    spans.push({ a: unsqueezeRange(sa, a, a + len), b: unsqueezeRange(sb, b, b + len) });
  }
  return spans;
}

export interface TextAlignment {
  spans: SpanPair[];
  /** Shared characters (whitespace not counted) over the shorter text's characters, in [0, 1]. */
  similarity: number;
  matched: number;
}

/**
 * A display text squeezed and hashed once, to be aligned against several others (alignPrepared):
 * the echo cards of a passage align it with up to a dozen partners, and a partner (a copy of a
 * widely copied clause) comes back in many cards.
 */
export interface PreparedText {
  squeezed: SqueezedCodes;
  hashes: Int32Array;
  /** Its seed index when it is the first text of an alignment, made on first use. */
  seeds?: SeedIndex;
}

export function prepareText(text: string, p: AlignParams = DEFAULT_ALIGN): PreparedText {
  const squeezed = squeezeCodes(text);
  return { squeezed, hashes: shingleHashes(squeezed.codes, p.seedK) };
}

/** alignTexts over prepared texts: the same alignment, without squeezing or hashing either again. */
export function alignPrepared(a: PreparedText, b: PreparedText, p: AlignParams = DEFAULT_ALIGN): TextAlignment {
  const sa = a.squeezed;
  const sb = b.squeezed;
  a.seeds ??= indexSeeds(sa.codes, a.hashes);
  const al = alignSqueezed(a.seeds, sb.codes, b.hashes, p);
  const shorter = Math.min(sa.codes.length, sb.codes.length);
  return {
    spans: blocksToSpans(al.blocks, sa, sb),
    similarity: shorter === 0 ? 0 : Math.min(1, al.matched / shorter),
    matched: al.matched,
  };
}

/** Align two display texts (the convenience form used for secondary editions and in tests). */
export function alignTexts(a: string, b: string, p: AlignParams = DEFAULT_ALIGN): TextAlignment {
  return alignPrepared(prepareText(a, p), prepareText(b, p), p);
}
