/**
 * Ingest: corpus/ files → documents, editions, section trees and citable passages.
 *
 *   corpus-walk (every entry under corpus/, recursively: files to read, or why not)
 *   → formats/registry (bytes → blocks + metadata hints, one reader per format: text, Markdown,
 *     PDF, scanned PDF, DOCX, HTML; untrusted containers in a worker with limits)
 *   → structure (quirks, gazette-split: blocks → documents, head and foot → metadata facts,
 *     section-tree: paths) → editions/relations (editions, versions, parts; passages; counterparts).
 *
 * Never throws for a bad file: it is reported (FileReport with ok=false and the reason) and
 * the other files go on.
 */
import path from "node:path";
import type { Corpus, FileReport } from "../model.ts";
import type { Block } from "./blocks.ts";
import { CATALOG_FILE, isFolderKey, loadCatalog, lookupCatalog, type CatalogEntry } from "./catalog.ts";
import { maxFileBytes, readCorpusFile, walkCorpus } from "./corpus-walk.ts";
import { groupEditions, type ParsedDoc } from "./editions.ts";
import { closeReaders, readSource } from "./formats/registry.ts";
import { DEFAULT_LIMITS, type MetaHints, type ReadErrorCode, type ReaderLimits } from "./formats/types.ts";
import { structureDocuments } from "./structure/index.ts";

export type { CatalogEntry } from "./catalog.ts";
export { TABLE_ROW_SEPARATOR } from "./blocks.ts";
export { NOTICE_LABEL } from "./section-tree.ts";
export { guessForm } from "./formats/text.ts";

/** One file read: its documents (not yet grouped with other files' editions) and its report. */
export interface ParsedFile {
  report: FileReport;
  docs: ParsedDoc[];
  /** Why the reader refused the file (uploads answer with a status chosen from it). */
  code?: ReadErrorCode;
}

export interface IngestOptions {
  /** Reader limits (pages, time, memory, OCR); the file-size maximum comes from maxFileBytes. */
  limits?: Partial<ReaderLimits>;
  /** Largest file read, bytes (default ZHANGJIE_MAX_FILE_MB or 200 MB). */
  maxFileBytes?: number;
  /** Called after each file with the number read so far and the total (a long build shows progress). */
  onProgress?: (done: number, total: number, file: string) => void;
}

function readerLimits(opts: IngestOptions): ReaderLimits {
  const max = opts.maxFileBytes ?? maxFileBytes();
  return { ...DEFAULT_LIMITS, maxBytes: max, ...opts.limits };
}

/** Read one file's bytes into documents. Never throws. */
export async function parseFile(name: string, bytes: Uint8Array, meta?: CatalogEntry, limits: ReaderLimits = DEFAULT_LIMITS): Promise<ParsedFile> {
  const report: FileReport = { file: name, ok: false, documents: 0, passages: 0, warnings: [], bytes: bytes.length };
  try {
    const read = await readSource({ path: name, bytes, form: meta?.form }, limits);
    if (!read.ok) { report.error = read.error; return { report, docs: [], code: read.code }; }
    report.format = read.format;
    report.warnings.push(...read.warnings);
    if (!meta) report.warnings.push("no catalog entry: metadata (region, level, …) only as the text gives it / 目录中没有此文件的元数据，仅从正文读取");
    const docs = docsFromBlocks(name, read.blocks, meta, read.meta, report);
    for (const d of docs) d.format = read.format;
    return { report, docs };
  } catch (e) {
    // A bug must not take the corpus down with it: report the file and go on.
    report.ok = false;
    report.error = `ingest failed: ${(e as Error).message}`;
    return { report, docs: [] };
  }
}

/** Once the blocks are known: gazette split → section tree → one ParsedDoc per document. */
function docsFromBlocks(name: string, blocks: Block[], meta: CatalogEntry | undefined, hints: MetaHints | undefined, report: FileReport): ParsedDoc[] {
  if (!blocks.length) { report.error = "no text left after repair (only page marks or markup) / 修复后没有正文"; return []; }
  // The file name titles a document only when neither its text nor its container gives a title.
  const stem = path.posix.basename(name).replace(/(\.[A-Za-z0-9]+)+$/, "");
  const structured = structureDocuments(blocks, hints?.title ?? stem);
  report.warnings.push(...structured.warnings);
  const shared = structured.docs.length > 1;
  const docs: ParsedDoc[] = structured.docs.map((d) => ({ ...d, file: name, meta, hints, shared }));
  report.passages = docs.reduce((n, d) => n + d.placed.length, 0);
  if (structured.headings === 0) report.warnings.push("no numbered headings (第X章, 一、, （一）…) found: passages have an empty path / 未识别到章节标题");
  report.documents = docs.length;
  report.ok = true;
  return docs;
}

/** Ingest a single file held in memory (tests, bench, uploads): its documents, each with one edition. */
export async function ingestFile(name: string, bytes: Uint8Array, meta?: CatalogEntry, opts: IngestOptions = {}): Promise<Corpus> {
  const parsed = await parseFile(name, bytes, meta, readerLimits(opts));
  const documents = groupEditions(parsed.docs);
  parsed.report.passages = documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.passages.length, 0), 0);
  return { documents, reports: [parsed.report] };
}

/** Ingest files held in memory together (tests, uploads): their documents related across files. */
export async function ingestFiles(files: readonly { name: string; bytes: Uint8Array; meta?: CatalogEntry }[], opts: IngestOptions = {}): Promise<Corpus> {
  const limits = readerLimits(opts);
  const parsed: ParsedFile[] = [];
  try {
    for (const f of files) parsed.push(await parseFile(f.name, f.bytes, f.meta, limits));
  } finally {
    await closeReaders();
  }
  const documents = groupEditions(parsed.flatMap((p) => p.docs));
  const bySource = passagesBySource(documents);
  for (const p of parsed) if (p.report.ok) p.report.passages = bySource.get(p.report.file) ?? 0;
  return { documents, reports: parsed.map((p) => p.report) };
}

function passagesBySource(documents: Corpus["documents"]): Map<string, number> {
  const bySource = new Map<string, number>();
  for (const d of documents) for (const e of d.editions) bySource.set(e.source, (bySource.get(e.source) ?? 0) + e.passages.length);
  return bySource;
}

/**
 * Ingest every file under a corpus directory, recursively (catalog.json gives what the text
 * cannot). Every entry found gets a report: indexed, skipped with its reason, or ignored on purpose.
 */
export async function ingestCorpus(corpusDir: string, opts: IngestOptions = {}): Promise<Corpus> {
  const catalog = loadCatalog(corpusDir);
  const limits = readerLimits(opts);
  const walk = walkCorpus(corpusDir, { maxFileBytes: limits.maxBytes });
  if (walk.error) {
    return { documents: [], reports: [{ file: corpusDir, ok: false, documents: 0, passages: 0, warnings: catalog.warnings, error: `cannot read the corpus directory: ${walk.error}` }] };
  }
  const reports: FileReport[] = [...walk.reports];
  const parsed: ParsedDoc[] = [];
  try {
    for (const [i, f] of walk.files.entries()) {
      const read = readCorpusFile(f, limits.maxBytes);
      if (!read.ok) {
        reports.push({ file: f.rel, ok: false, documents: 0, passages: 0, warnings: [], error: read.error, bytes: f.size });
      } else {
        const r = await parseFile(f.rel, read.bytes, lookupCatalog(catalog, f.rel), limits);
        if (f.linkTarget) r.report.warnings.push(`a symbolic link to ${f.linkTarget} / 符号链接`);
        reports.push(r.report);
        parsed.push(...r.docs);
      }
      opts.onProgress?.(i + 1, walk.files.length, f.rel);
    }
  } finally {
    await closeReaders();
  }
  const listed = new Set(walk.files.map((f) => f.rel));
  for (const name of Object.keys(catalog.entries)) {
    if (!isFolderKey(name) && !listed.has(name)) catalog.warnings.push(`${CATALOG_FILE} lists ${name}, which is not in the corpus / 目录中列出的文件不存在`);
  }
  if (catalog.warnings.length) {
    const own = reports.find((r) => r.file === CATALOG_FILE);
    if (own) own.warnings.push(...catalog.warnings);
    else reports.unshift({ file: CATALOG_FILE, ok: true, documents: 0, passages: 0, warnings: catalog.warnings });
  }
  reports.sort((a, b) => (a.file === CATALOG_FILE ? -1 : b.file === CATALOG_FILE ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const documents = groupEditions(parsed);
  // Count what each file finally contributes (long blocks may have been cut into several passages).
  const bySource = passagesBySource(documents);
  for (const r of reports) if (r.ok && !r.ignored && r.file !== CATALOG_FILE) r.passages = bySource.get(r.file) ?? 0;
  return { documents, reports };
}
