/**
 * The echo graph's passage lookup over a Store (src/index/store.ts): ids resolved through the
 * store's id order and per-ordinal tables, a passage made only when its text or path is needed —
 * so building the echo index at a restart walks no passage. A deleted passage is gone (the store
 * knows no ordinal for it); the lookup is for one snapshot of the store.
 */
import type { DocumentRecord, Edition } from "../model.ts";
import type { Store } from "../index/store.ts";
import { primaryEdition } from "./builder.ts";
import type { EchoPassages } from "./echo-graph.ts";

export function storePassages(store: Store): EchoPassages {
  const docs = store.tableDocuments();
  const t = store.tables();
  // Editions as tables().edition numbers them: the documents' editions in order.
  const editions: Edition[] = docs.flatMap((d) => d.editions);
  const primaryOf = new Map<DocumentRecord, Edition | undefined>();
  const primary = (doc: DocumentRecord): Edition | undefined => {
    if (!primaryOf.has(doc)) primaryOf.set(doc, primaryEdition(doc));
    return primaryOf.get(doc);
  };
  // Ordinals by id, remembered as queries meet them (the echo graph asks for the same passages again and again).
  const ordinals = new Map<string, number>();
  const ordinalOf = (id: string): number | undefined => {
    let ord = ordinals.get(id);
    if (ord === undefined) {
      ord = store.ordinalOf(id) ?? -1;
      ordinals.set(id, ord);
    }
    return ord < 0 ? undefined : ord;
  };
  return {
    info(id) {
      const ord = ordinalOf(id);
      if (ord === undefined) return undefined;
      const e = store.entry(ord);
      return { passage: e.passage, doc: e.doc, edition: e.edition, primary: e.edition === primary(e.doc) };
    },
    isPrimary(id) {
      const ord = ordinalOf(id);
      return ord !== undefined && editions[t.edition[ord]!] === primary(docs[t.doc[ord]!]!);
    },
    docId(id) {
      const ord = ordinalOf(id);
      return ord === undefined ? undefined : docs[t.doc[ord]!]!.id;
    },
    // The squeezed text the index keeps (squeezeCodes of the passage's text, made at build).
    squeezed(id) {
      const ord = ordinalOf(id);
      return ord === undefined ? undefined : store.squeezedText(ord);
    },
  };
}
