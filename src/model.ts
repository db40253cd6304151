/**
 * The shapes that travel along zhangjie's pipeline:
 *   corpus/ files → ingest (Document, Edition, Passage) → analysis → index → search / echo → web.
 * Every module imports its data types from here so that a stage can be swapped without
 * its neighbours noticing.
 */

/** One heading above a passage: `{label: "第四章", title: "推进关键核心技术攻关"}`. */
export interface HeadingRef {
  /** The numbering as printed: 第四章, 第二节, 一、 → "一", （一） → "（一）", 1. → "1", 专栏 → "专栏3". */
  label: string;
  /** The heading's words without the numbering; may be "" for a bare label. */
  title: string;
}

/** A node of a document's outline (table of contents). */
export interface OutlineNode extends HeadingRef {
  /** Id of the heading passage (anchor target `#p-<id>` in the reader). */
  passageId: string;
  children: OutlineNode[];
}

export type PassageKind =
  /** A heading line itself (第四章　推进关键核心技术攻关). */
  | "heading"
  /** A paragraph of body text, including inline-labelled clauses (（一）……。一是……). */
  | "paragraph"
  /** Rows of a 专栏 indicator table, kept together. */
  | "table";

export interface Passage {
  /** Stable: the same text in the same edition gets the same id after re-ingest. */
  id: string;
  docId: string;
  editionId: string;
  /** Position in reading order within its edition, from 0. */
  seq: number;
  kind: PassageKind;
  /** Headings that enclose this passage, outermost first. A heading passage's path ends with itself. */
  path: HeadingRef[];
  /** As displayed and cited: original characters (full-width digits, Chinese punctuation kept). */
  text: string;
  /** `edition.text.slice(start, end) === text` — a tested invariant. */
  start: number;
  end: number;
  /**
   * Ids of the passages in the document's other editions that hold the same clause
   * (same text after width folding, or the same paragraph rejoined differently). Filled by ingest.
   */
  counterparts: string[];
}

export interface Edition {
  /** Unique across the corpus, e.g. `<docId>~<source-stem>`. */
  id: string;
  /** Human name of the edition, e.g. 《吉林省人民政府公报》2022年第21期. */
  name: string;
  /** Corpus file name it came from. */
  source: string;
  /** True for the edition that hits and citations use by default. */
  primary: boolean;
  /** Canonical repaired text: the passages are slices of it. */
  text: string;
  outline: OutlineNode[];
  passages: Passage[];
}

export type Level = "national" | "province" | "prefecture" | "county" | "unknown";

export interface DocumentRecord {
  /** Stable, URL-safe id derived from the title (not from the file name). */
  id: string;
  title: string;
  /** 文号, e.g. 吉政办发〔2022〕11号, or null when the text gives none. */
  docNumber: string | null;
  issuer: string | null;
  /** ISO date (2022-07-22) or null. */
  date: string | null;
  region: string | null;
  level: Level;
  /** Primary edition first. */
  editions: Edition[];
}

/** What ingest says about one corpus file. */
export interface FileReport {
  file: string;
  ok: boolean;
  documents: number;
  passages: number;
  warnings: string[];
  /** Set when the file was skipped entirely. */
  error?: string;
}

export interface Corpus {
  documents: DocumentRecord[];
  reports: FileReport[];
}
