/**
 * One line per corpus entry, the same in `npm run ingest` and the start-up log: indexed (with its
 * format and what it gave), skipped (with the reason) or ignored on purpose (with the reason).
 */
import type { FileReport } from "../model.ts";

export type FileStatus = "indexed" | "skipped" | "ignored" | "notes";

export function fileStatus(r: FileReport): FileStatus {
  if (r.ignored) return "ignored";
  if (!r.ok) return "skipped";
  // catalog.json's own report when it has only warnings (missing catalog, stale entries).
  return r.format ? "indexed" : "notes";
}

export function reportLine(r: FileReport): string {
  switch (fileStatus(r)) {
    case "ignored": return `– ignored ${r.file}: ${r.ignored}`;
    case "skipped": return `✗ skipped ${r.file}: ${r.error ?? "unreadable"}`;
    case "notes": return `! ${r.file}`;
    case "indexed": return `✓ ${r.file} [${r.format}]: ${r.documents} document(s), ${r.passages} passage(s)${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ""}`;
  }
}

export function summaryLine(reports: readonly FileReport[]): string {
  const n = { indexed: 0, skipped: 0, ignored: 0, notes: 0 };
  for (const r of reports) n[fileStatus(r)]++;
  return `${n.indexed + n.skipped + n.ignored} corpus entries: ${n.indexed} indexed, ${n.skipped} skipped, ${n.ignored} ignored`;
}

/**
 * The start-up summary: every skipped or ignored entry with its reason, the catalog's warnings
 * in full, other files' warnings (at most three each), then the counts.
 */
export function logReports(reports: readonly FileReport[], log: (line: string) => void): void {
  for (const r of reports) {
    const status = fileStatus(r);
    if (status === "skipped" || status === "ignored") log(reportLine(r));
    const shown = status === "notes" || r.ignored ? r.warnings : r.warnings.slice(0, 3);
    if (shown.length) log(`${r.file}: ${r.warnings.length} warning(s): ${shown.join("; ")}${r.warnings.length > shown.length ? " …" : ""}`);
  }
  log(summaryLine(reports));
}
