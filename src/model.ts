/**
 * The shapes that travel along zhangjie's pipeline:
 *   corpus/ files → ingest (Document, Edition, Passage) → analysis → index → search / echo → web.
 * Every module imports its data types from here so that a stage can be swapped without
 * its neighbours noticing.
 */

/**
 * What a numbered unit is. Plans: part (第X部分/编), chapter, section, cn (一、), paren-cn (（一）),
 * num (1.), paren-num (（1）), box (专栏N), dash (——). Regulations add sub-part (分编), article
 * (第X条), kuan (an article's paragraph: 第二款), xiang (（一） inside an article), mu (1. inside a 项).
 * Unnumbered units with a label of their own: preamble (序言 / 为了…制定本规定。), notice (印发通知),
 * addressee (各省、自治区…：), appendix (附件).
 */
export type UnitKind =
  | "part" | "sub-part" | "chapter" | "section" | "article" | "kuan" | "xiang" | "mu"
  | "cn" | "paren-cn" | "num" | "paren-num" | "box" | "dash"
  | "preamble" | "notice" | "addressee" | "appendix" | "title";

/** One heading above a passage: `{label: "第四章", title: "推进关键核心技术攻关"}`. */
export interface HeadingRef {
  /** The numbering as printed: 第四章, 第二节, 一、 → "一", （一） → "（一）", 1. → "1", 专栏 → "专栏3", 第二款. */
  label: string;
  /** The heading's words without the numbering; may be "" for a bare label. */
  title: string;
  /** What kind of unit this is; absent in data written before units were typed. */
  kind?: UnitKind;
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
  | "table"
  /**
   * Context that is not a clause: the document's title line, 文号, addressee line, signature and
   * date lines, 抄送 lines. Searchable and shown, never an echo's source or target.
   */
  | "header";

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

/** A dated version of a document (an amendment republished), as opposed to an edition (same text elsewhere). */
export interface VersionInfo {
  /** ISO date that names the version (the latest 修正/修订/通过/公布 date of its header, else its issue date). */
  date: string;
  /** As cited: 2024年修正, 2018年修订, 2012年公布. */
  label: string;
  /** True for the version in force (the latest, unless the catalog says the document is repealed). */
  current: boolean;
}

export interface Edition {
  /** Unique across the corpus, e.g. `<docId>~<source-stem>`. */
  id: string;
  /** Human name of the edition, e.g. 《吉林省人民政府公报》2022年第21期. */
  name: string;
  /** Corpus-relative path of the file it came from, with its folders (`jilin/2022/plan.pdf`), "/"-separated. */
  source: string;
  /** The reader that read the file (text, markdown, pdf, pdf-ocr, docx, html). */
  format?: string;
  /** Set when the document has several dated versions: which one this edition holds. */
  version?: VersionInfo;
  /** True for the edition that hits and citations use by default. */
  primary: boolean;
  /** Canonical repaired text: the passages are slices of it. */
  text: string;
  outline: OutlineNode[];
  passages: Passage[];
}

export type Level = "national" | "province" | "prefecture" | "county" | "unknown";

/** 现行有效 / 已修改 (a later version exists) / 已废止 / not known. */
export type DocStatus = "in-force" | "amended" | "repealed" | "unknown";

/** Where a metadata field was read: the document's text, the HTML page's metadata, catalog.json, the folder path. */
export type MetaSource = "text" | "html-meta" | "docx-meta" | "pdf-meta" | "catalog" | "folder" | "derived";

/** The dates a document gives, ISO (2022-07-22). `issued` is the 成文日期 / 公布 date. */
export interface DocDates {
  issued?: string;
  /** 通过: adopted by a congress or a meeting. */
  adopted?: string;
  /** 修正 / 修订 dates, oldest first. */
  amended?: string[];
  /** 公布 (a 令 promulgating it). */
  promulgated?: string;
  /** 自…起施行. */
  effective?: string;
  /** 发布日期 on a web page (may differ from issued). */
  published?: string;
}

export type MetaField = "title" | "docNumber" | "issuer" | "dates" | "type" | "region" | "level" | "status" | "decree";

export interface DocumentRecord {
  /** Stable, URL-safe id derived from the title (not from the file name). */
  id: string;
  title: string;
  /** 文号, e.g. 吉政办发〔2022〕11号 or 国务院令第706号, or null when the text gives none. */
  docNumber: string | null;
  issuer: string | null;
  /** The document's date for sorting and filters: dates.issued, else promulgated/adopted/effective; ISO or null. */
  date: string | null;
  dates: DocDates;
  /** 规划, 方案, 意见, 通知, 决定, 条例, 办法, 规定, 细则, 解释, 法, … or null when unknown. */
  type: string | null;
  region: string | null;
  level: Level;
  status: DocStatus;
  /** Where each known field came from. */
  provenance: Partial<Record<MetaField, MetaSource>>;
  /**
   * Set for a part of a larger work (a book of a code, an 附件, 上篇/下篇): the work's title and this
   * part's name. `title` is then `<work>·<part>`.
   */
  part?: { work: string; name: string };
  /** Primary edition first (for a versioned document: the current version's primary edition). */
  editions: Edition[];
}

/** What ingest says about one corpus file (every file found under corpus/ gets one). */
export interface FileReport {
  /** Corpus-relative path, "/"-separated. */
  file: string;
  ok: boolean;
  documents: number;
  passages: number;
  warnings: string[];
  /** Set when the file was skipped entirely: the reason, in Chinese and English. */
  error?: string;
  /** Set when the file is left out on purpose (README.md, dotfiles, catalog.json): why. Not an error. */
  ignored?: string;
  /** The reader that read it (text, markdown, pdf, pdf-ocr, docx, html), when one did. */
  format?: string;
  bytes?: number;
}

export interface Corpus {
  documents: DocumentRecord[];
  reports: FileReport[];
}
