/** The peers, by name, in the order the report lists them. */
import { FlexSearchPeer } from "./flexsearch-peer.ts";
import { Fts5Peer } from "./fts5-peer.ts";
import type { Peer } from "./peer.ts";
import { ScanPeer } from "./scan-peer.ts";

export type PeerName = "scan" | "fts5" | "flexsearch";
export const PEER_NAMES: readonly PeerName[] = ["scan", "fts5", "flexsearch"];

export function createPeer(name: PeerName): Peer {
  switch (name) {
    case "scan":
      return new ScanPeer();
    case "fts5":
      return new Fts5Peer();
    case "flexsearch":
      return new FlexSearchPeer();
  }
}

export type { LiteralQuery, Peer, PeerPassage } from "./peer.ts";
export { matchesLiteral, toLiteralQuery } from "./peer.ts";
