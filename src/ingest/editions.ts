/**
 * One document as read from one file, before it meets the documents of other files, and the
 * step that relates them (relations/: editions, versions, parts). Kept as its own module so that
 * readers and ingest import one shape.
 */
import type { DocumentRecord } from "../model.ts";
import type { CatalogEntry } from "./catalog.ts";
import type { MetaHints } from "./formats/types.ts";
import type { DocSegment } from "./gazette-split.ts";
import type { TextFacts } from "./metadata/index.ts";
import { relateDocuments } from "./relations/index.ts";
import type { PlacedBlock } from "./section-tree.ts";

export { compareKey, linkCounterparts } from "./relations/counterparts.ts";

/** One document as read from one file. */
export interface ParsedDoc {
  segment: Omit<DocSegment, "blocks">;
  placed: PlacedBlock[];
  /** Corpus-relative path of the file, "/"-separated. */
  file: string;
  /** The catalog entry that applies to the file (folders and file merged; see lookupCatalog). */
  meta: CatalogEntry | undefined;
  /** What the file's container states (HTML <meta> and information table, DOCX or PDF properties). */
  hints?: MetaHints;
  /** What the text says about the document: title line, 文号, signature, promulgation and 印发 lines. */
  facts?: TextFacts;
  /** The file holds several documents (a gazette): the catalog's title and 文号 are not applied to each. */
  shared?: boolean;
  /** The reader that read the file (text, markdown, pdf, pdf-ocr, docx, html). */
  format?: string;
}

/** Documents from all files, related into editions, versions and parts (see relations/). */
export function groupEditions(parsed: ParsedDoc[]): DocumentRecord[] {
  return relateDocuments(parsed);
}
