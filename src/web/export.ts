/**
 * Results to take away: the whole result set of a search (all pages, up to MAX_EXPORT_ROWS rows) as
 * CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese) or as an XLSX workbook
 * (exceljs). One row per matching passage: a hit, then the identical passages of other documents
 * folded into it, each with its own document's metadata, path, citation and link.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { Engine } from "../engine.contract.ts";
import type { SearchSort } from "../search/types.ts";
import type { HeadingRef } from "../model.ts";
import { MAX_EXPORT_ROWS } from "../search/searcher.ts";
import { headingText, LEVEL_NAMES, lookupPassages } from "./links.ts";

export const EXPORT_COLUMNS = ["文件", "文号", "发文机关", "日期", "地区", "层级", "章节", "原文", "引用", "GB/T 7714", "链接"] as const;

export interface ExportTable {
  rows: string[][];
  /** True when the result set had more rows than an export holds. */
  truncated: boolean;
}

/** The rows of a search's whole result set; links are absolute (`origin` + the passage's URL). */
export async function exportRows(engine: Engine, q: string, sort: SearchSort, origin: string, client?: string): Promise<ExportTable> {
  const res = await engine.search(q, { limit: MAX_EXPORT_ROWS, sort, rows: true, similar: false, client });
  const found = await lookupPassages(engine, res.hits.flatMap((h) => [h.id, ...h.alsoIn.map((a) => a.id)]));
  const rows: string[][] = [];
  const row = (p: { id: string; path: HeadingRef[]; citation?: string; citationGbt?: string; url: string }) => {
    const lookup = found.get(p.id);
    if (!lookup || rows.length >= MAX_EXPORT_ROWS) return;
    const { doc, edition, passage } = lookup;
    const v = edition.version;
    rows.push([
      doc.title + (v && !v.current ? `（${v.label}）` : ""),
      doc.docNumber ?? "",
      doc.issuer ?? "",
      v?.date ?? doc.date ?? "",
      doc.region ?? "",
      LEVEL_NAMES[doc.level],
      p.path.map(headingText).join(" › "),
      passage.text,
      p.citation ?? "",
      p.citationGbt ?? "",
      origin + p.url,
    ]);
  };
  for (const h of res.hits) {
    row(h);
    for (const a of h.alsoIn) row(a);
  }
  const all = res.matched;
  return { rows, truncated: rows.length < all };
}

/** CSV text with a byte-order mark and a header row. */
export function toCsv(table: ExportTable): string {
  return "\uFEFF" + stringify([[...EXPORT_COLUMNS], ...table.rows], { record_delimiter: "windows" });
}

/** An XLSX workbook (one sheet, 检索结果) with a header row, frozen, and the query on a second sheet. */
export async function toXlsx(table: ExportTable, q: string, at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhangjie";
  wb.created = at;
  const ws = wb.addWorksheet("检索结果", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow([...EXPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  const widths = [36, 20, 20, 12, 14, 10, 30, 80, 50, 60, 40];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(8).alignment = { wrapText: true, vertical: "top" };
  const about = wb.addWorksheet("检索条件");
  about.addRow(["检索式", q]);
  about.addRow(["导出时间", at.toISOString()]);
  about.addRow(["行数", table.rows.length]);
  if (table.truncated) about.addRow(["说明", `结果超过 ${MAX_EXPORT_ROWS} 行，只导出前 ${MAX_EXPORT_ROWS} 行`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
