/**
 * The best case of a scan: texts folded once up front, each query one `String.prototype.includes`
 * per passage and literal. No parsing per passage, no ranking: the floor any index must beat.
 */
import type { LiteralQuery, Peer, PeerPassage } from "./peer.ts";

export class ScanPeer implements Peer {
  readonly name = "scan";
  private texts: string[] = [];

  build(passages: readonly PeerPassage[]): void {
    this.texts = passages.map((p) => p.folded);
  }

  query(q: LiteralQuery): number[] {
    const out: number[] = [];
    const texts = this.texts;
    outer: for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      for (const g of q.groups) {
        let any = false;
        for (const term of g) {
          if (t.includes(term)) {
            any = true;
            break;
          }
        }
        if (!any) continue outer;
      }
      for (const term of q.not) if (t.includes(term)) continue outer;
      out.push(i);
    }
    return out;
  }

  close(): void {
    this.texts = [];
  }
}
