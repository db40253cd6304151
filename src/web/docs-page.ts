/**
 * The documents page `/docs` and `GET /api/files`: what was read from corpus/ — every document with
 * its metadata and where each field came from, its editions and their source files — and every
 * entry under corpus/ that was skipped (with the reason) or ignored on purpose (with the reason).
 */
import type { DocumentSummary, Engine } from "../engine.contract.ts";
import type { DocDates, DocStatus, FileReport, MetaField, MetaSource } from "../model.ts";
import { fileStatus, type FileStatus } from "../ingest/report-lines.ts";
import { docUrl, LEVEL_NAMES } from "./links.ts";

export const SOURCE_NAMES: Record<MetaSource, string> = {
  text: "正文",
  "html-meta": "网页元数据",
  "docx-meta": "Word 文档属性",
  "pdf-meta": "PDF 文档属性",
  catalog: "目录 catalog.json",
  folder: "文件夹",
  derived: "由文件名推断",
};

const STATUS_NAMES: Record<DocStatus, string> = { "in-force": "现行有效", amended: "已修改", repealed: "已废止", unknown: "未知" };

const DATE_NAMES: [keyof DocDates, string][] = [
  ["issued", "成文日期"],
  ["adopted", "通过日期"],
  ["promulgated", "公布日期"],
  ["effective", "施行日期"],
  ["published", "发布日期"],
];

export interface MetaRow {
  label: string;
  value: string;
  /** Where the value came from, in Chinese; "" when the model does not say. */
  source: string;
}

export interface DocRow {
  id: string;
  title: string;
  href: string;
  rows: MetaRow[];
  editions: { name: string; source: string; format: string; primary: boolean; passages: number; href: string }[];
}

export interface FileRow {
  file: string;
  status: FileStatus;
  statusName: string;
  format: string;
  documents: number;
  passages: number;
  bytes: number | null;
  reason: string;
  warnings: string[];
}

const STATUS_LABEL: Record<FileStatus, string> = { indexed: "已收录", skipped: "已跳过", ignored: "已忽略", notes: "说明" };

function sourceOf(doc: DocumentSummary, field: MetaField): string {
  const s = doc.provenance[field];
  return s ? SOURCE_NAMES[s] : "";
}

function metaRows(doc: DocumentSummary): MetaRow[] {
  const rows: MetaRow[] = [];
  const add = (label: string, value: string | null | undefined, field: MetaField) => {
    if (value) rows.push({ label, value, source: sourceOf(doc, field) });
  };
  add("文号", doc.docNumber, "docNumber");
  add("发文机关", doc.issuer, "issuer");
  for (const [k, name] of DATE_NAMES) add(name, doc.dates[k] as string | undefined, "dates");
  if (doc.dates.amended?.length) add("修正日期", doc.dates.amended.join("、"), "dates");
  if (!doc.dates.issued && doc.date) add("日期", doc.date, "dates");
  add("类型", doc.type, "type");
  add("地区", doc.region, "region");
  if (doc.level !== "unknown") add("级别", LEVEL_NAMES[doc.level], "level");
  if (doc.status !== "unknown") add("状态", STATUS_NAMES[doc.status], "status");
  return rows;
}

export function docRow(doc: DocumentSummary): DocRow {
  const primary = doc.editions[0]?.id;
  return {
    id: doc.id,
    title: doc.title,
    href: docUrl(doc.id),
    rows: metaRows(doc),
    editions: doc.editions.map((e) => ({
      name: e.name,
      source: e.source,
      format: e.format ?? "",
      primary: e.primary,
      passages: e.passageCount,
      href: docUrl(doc.id, { editionId: e.id, primaryEditionId: primary }),
    })),
  };
}

export function fileRow(r: FileReport): FileRow {
  const status = fileStatus(r);
  return {
    file: r.file,
    status,
    statusName: STATUS_LABEL[status],
    format: r.format ?? "",
    documents: r.documents,
    passages: r.passages,
    bytes: r.bytes ?? null,
    reason: r.error ?? r.ignored ?? "",
    warnings: r.warnings,
  };
}

export interface DocsPageModel {
  documents: DocRow[];
  /** Skipped and ignored entries first (they need attention), then the indexed files. */
  files: FileRow[];
  counts: Record<FileStatus, number> & { documents: number };
}

const ORDER: Record<FileStatus, number> = { skipped: 0, ignored: 1, notes: 2, indexed: 3 };

export function docsPageModel(engine: Engine): DocsPageModel {
  const files = engine.reports.map(fileRow).sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const counts = { indexed: 0, skipped: 0, ignored: 0, notes: 0, documents: engine.documents.length };
  for (const f of files) counts[f.status]++;
  return { documents: engine.documents.map(docRow), files, counts };
}

/** `GET /api/files`: every corpus entry with its status and reason. */
export function filesJson(engine: Engine) {
  const m = docsPageModel(engine);
  return {
    summary: { entries: m.counts.indexed + m.counts.skipped + m.counts.ignored, indexed: m.counts.indexed, skipped: m.counts.skipped, ignored: m.counts.ignored },
    files: engine.reports.map((r) => {
      const f = fileRow(r);
      return { file: f.file, status: f.status, format: f.format || null, documents: f.documents, passages: f.passages, bytes: f.bytes, reason: f.reason || null, warnings: f.warnings };
    }),
  };
}
