/**
 * The two ways to build echoes: from scratch over a whole corpus, or for added documents against
 * a saved store (the live collection's path). Both run the one builder (builder.ts).
 */
import type { DocumentRecord } from "../model.ts";
import { EchoBuilder, resolveParams, type EchoBuildOptions } from "./builder.ts";
import type { EchoStore } from "./store.ts";

export { DEFAULT_PARAMS, primaryEdition, type EchoBuildOptions as ComputeEchoesOptions } from "./builder.ts";

/** Echoes among the primary editions of `documents`. */
export function computeEchoes(documents: readonly DocumentRecord[], opts: EchoBuildOptions = {}): EchoStore {
  return new EchoBuilder(resolveParams(opts), opts.onProgress).add(documents).store();
}

/**
 * Echoes of `added` documents computed against a store built from `existing` ones: only the new
 * clauses are aligned (against the existing group representatives); the existing pairs and groups
 * are kept as they were. The rarity statistics include the new documents from then on, so an
 * incremental store can differ from a full rebuild where an old decision sat right at a threshold.
 */
export function addDocumentEchoes(
  store: EchoStore,
  existing: readonly DocumentRecord[],
  added: readonly DocumentRecord[],
  opts: Pick<EchoBuildOptions, "onProgress"> = {},
): EchoStore {
  return EchoBuilder.fromStore(store, existing, opts).add(added).store();
}
