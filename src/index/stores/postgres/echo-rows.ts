/**
 * The echo store as rows carrying their document's key (echo_ids, echo_pairs) and back. The rest of
 * the store (version, parameters, statistics) is one JSON value of the collection table.
 */
import { PAIR_HEADER, type EchoStore } from "../../../echo/store.ts";

export interface EchoRows {
  ids: { docKey: number; idx: number; id: string; rep: number; mate: number }[];
  pairs: { docKey: number; seq: number; record: Int32Array }[];
  rest: Omit<EchoStore, "ids" | "rep" | "mate" | "pairs">;
}

export function echoRows(store: EchoStore, docKeyOf: (passageId: string) => number): EchoRows {
  const keys = store.ids.map(docKeyOf);
  const ids = store.ids.map((id, idx) => ({ docKey: keys[idx]!, idx, id, rep: store.rep[idx]!, mate: store.mate[idx]! }));
  const pairs: EchoRows["pairs"] = [];
  const p = store.pairs;
  for (let x = 0, seq = 0; x + PAIR_HEADER <= p.length; seq++) {
    const len = PAIR_HEADER + 4 * p[x + 6]!;
    pairs.push({ docKey: keys[p[x]!]!, seq, record: p.subarray(x, x + len) });
    x += len;
  }
  const { ids: _i, rep: _r, mate: _m, pairs: _p, ...rest } = store;
  return { ids, pairs, rest };
}

/** The store from its rows (ids by idx, pairs by seq, whatever document they sit with). */
export function echoStoreOf(ids: { idx: number; id: string; rep: number; mate: number }[], pairs: { seq: number; record: number[] }[], rest: EchoRows["rest"]): EchoStore {
  ids.sort((a, b) => a.idx - b.idx);
  pairs.sort((a, b) => a.seq - b.seq);
  const flat = new Int32Array(pairs.reduce((s, r) => s + r.record.length, 0));
  let at = 0;
  for (const r of pairs) {
    flat.set(r.record, at);
    at += r.record.length;
  }
  return { ...rest, ids: ids.map((r) => r.id), rep: Int32Array.from(ids, (r) => r.rep), mate: Uint8Array.from(ids, (r) => r.mate), pairs: flat };
}
