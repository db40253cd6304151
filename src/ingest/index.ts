/**
 * Ingest: corpus/ files → documents, editions, section trees and citable passages.
 *
 *   read-file (bytes → text) → repair-pdf-text | markdown-blocks | plain (text → blocks)
 *   → gazette-split (blocks → documents) → section-tree (paths) → editions (group by title,
 *   build passages, counterparts).
 *
 * Never throws for a bad file: it is reported (FileReport with ok=false and the reason) and
 * the other files go on.
 */
import fs from "node:fs";
import path from "node:path";
import type { Corpus, FileReport } from "../model.ts";
import { plainTextToBlocks, MAX_PASSAGE_CHARS, type Block } from "./blocks.ts";
import { CATALOG_FILE, isFolderKey, loadCatalog, lookupCatalog, type CatalogEntry, type SourceForm } from "./catalog.ts";
import { groupEditions, type ParsedDoc } from "./editions.ts";
import { structureDocuments } from "./structure/index.ts";
import { markdownToBlocks } from "./markdown-blocks.ts";
import { decodeBytes } from "./read-file.ts";
import { bodyMeasure, calibrateWidths, pdfTextToBlocks } from "./repair-pdf-text.ts";
import { visualWidth } from "./chars.ts";

export type { CatalogEntry } from "./catalog.ts";
export { TABLE_ROW_SEPARATOR } from "./blocks.ts";
export { NOTICE_LABEL } from "./section-tree.ts";

/** One file read: its documents (not yet grouped with other files' editions) and its report. */
export interface ParsedFile {
  report: FileReport;
  docs: ParsedDoc[];
}

/** Files in a corpus dir that are not documents. */
export function isCorpusFile(name: string): boolean {
  return name !== CATALOG_FILE && !/^readme/i.test(name) && !name.startsWith(".");
}

/** Guess the source form when the catalog does not say. */
export function guessForm(name: string, text: string): SourceForm {
  if (/\.(md|markdown)$/i.test(name) || /^#{1,6}\s+\S/m.test(text)) return "markdown";
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 20) {
    const model = calibrateWidths(lines);
    const widths = lines.map((l) => visualWidth(l, model));
    const m = bodyMeasure(widths);
    const atMeasure = widths.filter((w) => Math.abs(w - m) <= 1.5).length;
    // Hard-wrapped PDF text: most lines share one width.
    if (m >= 10 && atMeasure / lines.length >= 0.4) return "pdf-text";
  }
  return "plain";
}

/** Read one file's bytes into documents. Never throws. */
export function parseFile(name: string, bytes: Uint8Array, meta?: CatalogEntry): ParsedFile {
  const report: FileReport = { file: name, ok: false, documents: 0, passages: 0, warnings: [] };
  try {
    const decoded = decodeBytes(bytes);
    if (!decoded.ok) { report.error = decoded.error; return { report, docs: [] }; }
    report.warnings.push(...decoded.warnings);
    if (!meta) report.warnings.push("no catalog entry: metadata (region, level, …) only as the text gives it / 目录中没有此文件的元数据，仅从正文读取");
    const text = decoded.text;

    const longest = text.split("\n").reduce((m, l) => Math.max(m, l.length), 0);
    if (longest > MAX_PASSAGE_CHARS * 4) {
      report.warnings.push(`a line of ${longest} characters: no layout to repair there; it is cut at sentence ends into passages / 超长行（${longest} 字）已按句切分`);
    }

    const form = meta?.form ?? guessForm(name, text);
    let blocks: Block[];
    if (form === "pdf-text") {
      const r = pdfTextToBlocks(text);
      blocks = r.blocks;
    } else if (form === "gazette-markdown" || form === "markdown") {
      blocks = markdownToBlocks(text);
    } else {
      blocks = plainTextToBlocks(text);
    }
    if (!blocks.length) { report.error = "no text left after repair (only page marks or markup) / 修复后没有正文"; return { report, docs: [] }; }

    const stem = name.replace(/^.*\//, "").replace(/(\.[A-Za-z0-9]+)+$/, "");
    const structured = structureDocuments(blocks, stem);
    report.warnings.push(...structured.warnings);
    const shared = structured.docs.length > 1;
    const docs: ParsedDoc[] = structured.docs.map((d) => ({ ...d, file: name, meta, shared }));
    report.passages = docs.reduce((n, d) => n + d.placed.length, 0);
    if (structured.headings === 0) report.warnings.push("no numbered headings (第X章, 一、, （一）…) found: passages have an empty path / 未识别到章节标题");
    report.documents = docs.length;
    report.ok = true;
    return { report, docs };
  } catch (e) {
    // A bug must not take the corpus down with it: report the file and go on.
    report.ok = false;
    report.error = `ingest failed: ${(e as Error).message}`;
    return { report, docs: [] };
  }
}

/** Ingest a single file held in memory (tests, bench): its documents, each with one edition. */
export function ingestFile(name: string, bytes: Uint8Array, meta?: CatalogEntry): Corpus {
  const parsed = parseFile(name, bytes, meta);
  const documents = groupEditions(parsed.docs);
  parsed.report.passages = documents.reduce((n, d) => n + d.editions.reduce((m, e) => m + e.passages.length, 0), 0);
  return { documents, reports: [parsed.report] };
}

/** Ingest files held in memory together (tests, uploads): their documents related across files. */
export function ingestFiles(files: readonly { name: string; bytes: Uint8Array; meta?: CatalogEntry }[]): Corpus {
  const parsed = files.map((f) => parseFile(f.name, f.bytes, f.meta));
  const documents = groupEditions(parsed.flatMap((p) => p.docs));
  for (const p of parsed) {
    if (p.report.ok) p.report.passages = documents.reduce((n, d) => n + d.editions.filter((e) => e.source === p.report.file).reduce((m, e) => m + e.passages.length, 0), 0);
  }
  return { documents, reports: parsed.map((p) => p.report) };
}

/** Ingest every file of a corpus directory (catalog.json gives what the text cannot). */
export function ingestCorpus(corpusDir: string): Corpus {
  const catalog = loadCatalog(corpusDir);
  const reports: FileReport[] = [];
  const parsed: ParsedDoc[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(corpusDir).filter(isCorpusFile).sort();
  } catch (e) {
    return { documents: [], reports: [{ file: corpusDir, ok: false, documents: 0, passages: 0, warnings: catalog.warnings, error: `cannot read the corpus directory: ${(e as Error).message}` }] };
  }
  for (const name of names) {
    const full = path.join(corpusDir, name);
    let bytes: Buffer;
    try {
      if (!fs.statSync(full).isFile()) continue;
      bytes = fs.readFileSync(full);
    } catch (e) {
      reports.push({ file: name, ok: false, documents: 0, passages: 0, warnings: [], error: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const r = parseFile(name, bytes, lookupCatalog(catalog, name));
    reports.push(r.report);
    parsed.push(...r.docs);
  }
  for (const name of Object.keys(catalog.entries)) {
    if (!isFolderKey(name) && !names.includes(name)) catalog.warnings.push(`${CATALOG_FILE} lists ${name}, which is not in the corpus`);
  }
  if (catalog.warnings.length) reports.unshift({ file: CATALOG_FILE, ok: true, documents: 0, passages: 0, warnings: catalog.warnings });
  const documents = groupEditions(parsed);
  // Count what each file finally contributes (long blocks may have been cut into several passages).
  for (const r of reports) {
    if (!r.ok || r.file === CATALOG_FILE) continue;
    r.passages = documents.reduce((n, d) => n + d.editions.filter((e) => e.source === r.file).reduce((m, e) => m + e.passages.length, 0), 0);
  }
  return { documents, reports };
}
