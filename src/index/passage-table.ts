/**
 * Every passage of every edition gets an ordinal: its position in corpus order (document,
 * then edition with the primary first, then reading order). Posting lists store ordinals, and
 * "ties in document order" is simply "ties by ordinal".
 */
import type { DocumentRecord, Edition, Passage } from "../model.ts";

export interface PassageEntry {
  ordinal: number;
  passage: Passage;
  doc: DocumentRecord;
  edition: Edition;
}

export function listPassages(documents: readonly DocumentRecord[]): PassageEntry[] {
  const out: PassageEntry[] = [];
  for (const doc of documents) {
    for (const edition of doc.editions) {
      for (const passage of edition.passages) out.push({ ordinal: out.length, passage, doc, edition });
    }
  }
  return out;
}
