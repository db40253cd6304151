/**
 * Stable identifiers. Ids are hashes of what a thing *is* (its title, its text), never of
 * where it happened to be read from, so re-ingesting the same corpus gives the same ids and
 * links keep working.
 */
import crypto from "node:crypto";
import { foldForIds } from "../analysis/fold.ts";
import { titleKey } from "./gazette-split.ts";

function hash(s: string, len: number): string {
  return crypto.createHash("sha1").update(s, "utf8").digest("hex").slice(0, len);
}

/** Document id: "doc-" + 10 hex of the width-folded title (spaces, quotes and 《》 ignored). */
export function documentId(title: string): string {
  return `doc-${hash(titleKey(title), 10)}`;
}

/**
 * Corpus-relative path → URL-safe stem, unique per path: jilin-st-plan-14th.pdf.txt →
 * jilin-st-plan-14th-pdf, jilin/2022/plan.pdf → jilin-2022-plan-pdf. A text extension (.txt, .md)
 * is dropped, others are kept (plan.pdf and plan.docx are two editions); a path with characters
 * the stem cannot keep (non-ASCII: Chinese file names) gets a hash of the whole path, so stems stay distinct.
 */
export function sourceStem(file: string): string {
  const base = file.replace(/\.(txt|text|md|markdown)$/i, "");
  const s = base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const lossless = /^[\x20-\x7e]*$/.test(file);
  if (lossless && s) return s;
  return s ? `${s}-${hash(file, 8)}` : `src-${hash(file, 8)}`;
}

export function editionId(docId: string, file: string): string {
  return `${docId}~${sourceStem(file)}`;
}

/** Passage id: 12 hex of edition id + folded text + occurrence number among identical texts. */
export function passageId(editionId: string, text: string, occurrence: number): string {
  return hash(`${editionId}\n${foldForIds(text)}\n${occurrence}`, 12);
}
