/**
 * How much a shared stretch of text says about reuse: each character shingle is weighted by how
 * rare it is across the collection (an IDF-like weight learned from the corpus), so that stock
 * phrases — 以习近平新时代中国特色社会主义思想为指导, 构成违反治安管理行为的 — add little while a
 * clause only two documents share counts in full.
 *
 * The weight depends only on the shingle's document frequency and the number of documents, and it
 * moves slowly as documents are added: a third document copying a clause lowers the weight of that
 * clause's shingles a little, it does not switch them off (as the old "in ≥ 25% of documents is
 * boilerplate" rule did). A long verbatim copy is evidence however common it is (see acceptEcho).
 */

/**
 * Weight in [0, 1] of a shingle used in `df` of `docs` documents: 1 when at most two documents
 * use it (the pair itself), falling with ln(docs/df) like an IDF — squared, so that a phrase most
 * documents use counts for little even in a small collection — and 0 when every document uses it.
 *
 *   r = ln((docs + 1) / df) / ln((docs + 1) / 2),  w = r² clamped to [0, 1]
 */
export function rarityWeight(df: number, docs: number, free = 2): number {
  if (df <= free) return 1;
  const top = Math.log((docs + 1) / free);
  if (top <= 0) return 0;
  const r = Math.log((docs + 1) / df) / top;
  return r <= 0 ? 0 : r >= 1 ? 1 : r * r;
}

/** Clauses that may use a phrase before it counts as a formula of the collection (see shingleWeight). */
export const FREE_CLAUSES = 4;

/**
 * rarityWeight(df, docs, free) for every df from 0 to `docs` (and beyond: 0), computed once: the
 * builder weighs hundreds of millions of shingles.
 */
export function weightTable(docs: number, free = 2): Float64Array {
  const t = new Float64Array(docs + 2);
  for (let df = 0; df < t.length; df++) t[df] = rarityWeight(df, docs, free);
  return t;
}

/**
 * The weight of a shingle: the smaller of its weight over documents and its weight over clauses.
 * Documents catch the phrase every document uses (以习近平…思想为指导); clauses catch the phrase
 * repeated through the clauses of a few documents (（省发展改革委、省财政厅按职责分工负责）),
 * which a small collection cannot see at the document level. Copies of one clause count once in
 * both (builder.ts counts a group of copies as one use, in its representative's document).
 */
export function shingleWeight(docUses: number, docs: number, clauseUses: number, clauses: number): number {
  return Math.min(rarityWeight(docUses, docs), rarityWeight(clauseUses, clauses, FREE_CLAUSES));
}

/**
 * Distinctive characters of an alignment: the characters of its exact blocks, each weighted by
 * the rarest-is-not-enough rule — the smallest weight among the shingles that cover it and lie
 * wholly inside its block (both texts hold those shingles). Taking the minimum erodes the edges
 * of a stock phrase: …思想为指导，全面 does not become rare because 导，全面 is.
 * Characters of a clause's own inline heading (（一）指导思想。, 7.保健食品和特医食品技术研究。)
 * are context, not evidence: the first `skipA` characters of the first text and `skipB` of the
 * second count 0.
 *
 * @param blocks flat [aStart, bStart, length, …] in squeezed coordinates
 * @param weights weight of the shingle starting at each squeezed position of the first text
 * @param k shingle width
 */
export function distinctiveChars(blocks: ArrayLike<number>, weights: ArrayLike<number>, k: number, skipA = 0, skipB = 0): number {
  let total = 0;
  for (let x = 0; x < blocks.length; x += 3) {
    const a = blocks[x]!;
    const b = blocks[x + 1]!;
    const len = blocks[x + 2]!;
    if (len < k) continue; // no shingle lies inside: nothing proves the characters shared
    const lastStart = a + len - k;
    for (let c = a; c < a + len; c++) {
      if (c < skipA || b + (c - a) < skipB) continue;
      // Shingles covering c inside the block start in [max(a, c − k + 1), min(c, lastStart)].
      let w = 1;
      const from = Math.max(a, c - k + 1);
      const to = Math.min(c, lastStart);
      for (let s = from; s <= to; s++) if (weights[s]! < w) w = weights[s]!;
      total += w;
    }
  }
  return total;
}

/** Longest exact block of an alignment: a verbatim run. */
export function longestBlock(blocks: ArrayLike<number>): number {
  let best = 0;
  for (let x = 2; x < blocks.length; x += 3) if (blocks[x]! > best) best = blocks[x]!;
  return best;
}

export interface EchoRule {
  /** Distinctive characters an echo needs (shared characters weighted by rarity). */
  minDistinctive: number;
  /** A verbatim run this long is an echo whatever its rarity: a long copy counts however many documents carry it. */
  longCopy: number;
  /** Shared characters over the shorter passage's characters an echo needs at least. */
  minSimilarity: number;
}

/** The one acceptance rule for an aligned pair of clauses. */
export function acceptEcho(rule: EchoRule, distinctive: number, longest: number, similarity: number): boolean {
  if (similarity < rule.minSimilarity) return false;
  return distinctive >= rule.minDistinctive || longest >= rule.longCopy;
}
