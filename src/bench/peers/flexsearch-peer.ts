/**
 * FlexSearch 0.8 with its CJK charset (`Charset.CJK`: the encoder splits text into single
 * characters). FlexSearch answers a term with the passages holding all of its characters, in any
 * order and place, so its candidates are checked with `includes` on the folded text before they are
 * returned — the least a user must add to get literal answers. A literal's candidates are fetched
 * with a limit of the whole collection (FlexSearch's default limit is 100).
 */
import { Charset, Index } from "flexsearch";
import type { LiteralQuery, Peer, PeerPassage } from "./peer.ts";

export class FlexSearchPeer implements Peer {
  readonly name = "flexsearch";
  private index: Index | null = null;
  private texts: string[] = [];

  build(passages: readonly PeerPassage[]): void {
    // Scores are not used (answers are sets), so resolution 1 keeps FlexSearch's index small.
    const index = new Index({ encoder: Charset.CJK, tokenize: "strict", resolution: 1, cache: false });
    passages.forEach((p, i) => index.add(i, p.folded));
    this.index = index;
    this.texts = passages.map((p) => p.folded);
  }

  /** Candidate ordinals for one literal: FlexSearch's answer, verified against the text. */
  private literal(term: string): number[] {
    const ids = this.index!.search(term, { limit: this.texts.length }) as number[];
    const texts = this.texts;
    return ids.filter((i) => texts[i]!.includes(term));
  }

  query(q: LiteralQuery): number[] {
    if (!this.index) throw new Error("flexsearch peer: query before build");
    let acc: Set<number> | null = null;
    // Rarest-first would need FlexSearch's counts, which it does not expose: groups in query order.
    for (const g of q.groups) {
      const hits = new Set<number>();
      for (const t of g) for (const i of this.literal(t)) if (!acc || acc.has(i)) hits.add(i);
      acc = hits;
      if (acc.size === 0) return [];
    }
    const texts = this.texts;
    const out: number[] = [];
    for (const i of acc ?? []) if (!q.not.some((t) => texts[i]!.includes(t))) out.push(i);
    return out;
  }

  close(): void {
    this.index = null;
    this.texts = [];
  }
}
