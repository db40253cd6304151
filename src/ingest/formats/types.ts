/**
 * The format registry's contract. A format is one module in this folder that recognises its bytes
 * (by content; the extension only breaks ties) and reads them into Blocks — the unit the rest of
 * ingest (structure, metadata, relations) understands — plus whatever metadata the container
 * carries (HTML <meta> tags, an information table, DOCX core properties, PDF info).
 *
 * Both paths that bring documents in use the registry: the corpus walk at start-up and the live
 * collection (watcher, upload). Adding a format means adding one file here and listing it in
 * registry.ts.
 */
import type { Block } from "../blocks.ts";
import type { SourceForm } from "../catalog.ts";
import type { DocDates, MetaSource } from "../../model.ts";

/** A file as a reader sees it. */
export interface SourceFile {
  /** Corpus-relative path, "/"-separated (`jilin/2022/plan.pdf`); the folder path is part of the source. */
  path: string;
  bytes: Uint8Array;
  /** The catalog's word on how a text file is laid out (pdf-text, markdown…), when it says. */
  form?: SourceForm;
}

/** Metadata the container states about its document (not read from the body text). */
export interface MetaHints {
  title?: string;
  docNumber?: string;
  issuer?: string;
  dates?: DocDates;
  /** 主题分类 and the like, as given. */
  subject?: string;
  /** 索引号. */
  indexNumber?: string;
  type?: string;
  region?: string;
  /** When the file was made (PDF CreationDate, DOCX dcterms:created), ISO date: not a date of the document. */
  created?: string;
  /** Where these hints came from. */
  source: MetaSource;
}

/** Limits every reader honours so that one hostile file cannot take the build down. */
export interface ReaderLimits {
  /** Largest input accepted, bytes. */
  maxBytes: number;
  /** Pages read from a PDF at most. */
  maxPages: number;
  /**
   * Wall time for one file, ms (a reader in a worker thread is terminated past it). OCR restarts the
   * clock after each page it reads, so a long scan is bounded per page, not as a whole.
   */
  timeoutMs: number;
  /** Scanned pages read by OCR at most (the rest is reported, not read). */
  maxOcrPages: number;
  /** Heap for a reader's worker thread, MB. */
  maxHeapMb: number;
  /** Total uncompressed size a container (DOCX zip) may expand to, bytes. */
  maxExpandedBytes: number;
  /** OCR of pages without a text layer: "auto" uses tesseract when it is installed, "off" never does. */
  ocr: "auto" | "off";
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxPages: 2000,
  timeoutMs: 120_000,
  maxHeapMb: 1024,
  maxExpandedBytes: 256 * 1024 * 1024,
  maxOcrPages: 200,
  ocr: "auto",
};

/** What a reader made of a file. */
export type ReadResult =
  | {
      ok: true;
      /** Text blocks in reading order, ready for structure (headings found later, from numbering). */
      blocks: Block[];
      /** What the container says about the document, if anything. */
      meta?: MetaHints;
      /** Reader name as reported (text, markdown, pdf, pdf-ocr, docx, html). */
      format: string;
      warnings: string[];
    }
  | {
      ok: false;
      /** Why the file is not indexed, in Chinese and English (shown on /docs and by `npm run ingest`). */
      error: string;
      /** Machine-readable reason: see ReadErrorCode. */
      code: ReadErrorCode;
    };

export type ReadErrorCode =
  | "binary" | "empty" | "undecodable" | "encrypted" | "corrupt" | "scanned-no-ocr" | "legacy-word"
  | "too-large" | "hostile" | "unsupported" | "timeout" | "failed";

/** A refusal with its reason in Chinese and English. */
export function refuse(code: ReadErrorCode, zh: string, en: string): ReadResult {
  return { ok: false, code, error: `${en} / ${zh}` };
}

export interface FormatReader {
  /** Short name: text, markdown, pdf, docx, html, … */
  readonly name: string;
  /**
   * The bytes are an untrusted container (PDF, DOCX, HTML): the registry runs the reader in a worker
   * thread with a heap limit and a timeout, so a hostile file cannot stall or exhaust the build.
   */
  readonly isolated: boolean;
  /** Extensions that usually hold this format (lower case, with the dot): a tie-breaker only. */
  readonly extensions: readonly string[];
  /**
   * How sure the reader is that these bytes are its format, 0 (not mine) … 1 (certain: magic bytes).
   * Must look at content; `path` may only raise a borderline guess.
   */
  sniff(head: Uint8Array, path: string): number;
  read(file: SourceFile, limits: ReaderLimits, hooks?: ReadHooks): Promise<ReadResult>;
}

export interface ReadHooks {
  /** Long work (OCR, page by page) calls this now and then: the reader is alive, its deadline moves on. */
  alive(): void;
}
