/**
 * The engine's document summaries by id, indexed once per engine (a list of summaries is what the
 * engine holds in memory; pages ask "does this id exist" and "what is its title" per request).
 */
import type { DocumentSummary, Engine } from "../engine.contract.ts";

const byEngine = new WeakMap<Engine, { list: readonly DocumentSummary[]; byId: Map<string, DocumentSummary> }>();

export function docSummaryOf(engine: Engine, id: string): DocumentSummary | undefined {
  let index = byEngine.get(engine);
  // A live collection swaps its list: index the list the engine holds now.
  if (!index || index.list !== engine.documents) {
    index = { list: engine.documents, byId: new Map(engine.documents.map((d) => [d.id, d])) };
    byEngine.set(engine, index);
  }
  return index.byId.get(id);
}
