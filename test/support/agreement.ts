/**
 * Paragraph agreement between two editions of one document (the measure of
 * test/ingest/corpus.test.ts): the share of the reference edition's paragraphs (its own text, not
 * a transmitting notice) that have a counterpart in the other edition starting and ending with the
 * same words — the same first and last 6 letters or digits after width folding.
 */
import { foldText } from "../../src/analysis/fold.ts";
import type { Edition, Passage } from "../../src/model.ts";
import { NOTICE_LABEL } from "../../src/ingest/index.ts";

const EDGE = 6;
export const agreementKey = (t: string): string => foldText(t).replace(/[^\p{L}\p{N}]/gu, "");

export interface Agreement {
  matched: number;
  total: number;
  share: number;
  missing: Passage[];
}

export function paragraphAgreement(reference: Edition, other: Edition): Agreement {
  const keys = other.passages.filter((p) => p.kind !== "heading").map((p) => agreementKey(p.text));
  const paras = reference.passages.filter((p) => p.kind === "paragraph" && p.path[0]?.label !== NOTICE_LABEL);
  const missing = paras.filter((p) => {
    const k = agreementKey(p.text);
    return !keys.some((x) => x.slice(0, EDGE) === k.slice(0, EDGE) && x.slice(-EDGE) === k.slice(-EDGE));
  });
  return { matched: paras.length - missing.length, total: paras.length, share: (paras.length - missing.length) / paras.length, missing };
}

/** The chapter headings of an edition, "第一章 发展基础" (label and title), in order. */
export function chapterOutline(e: Edition): string[] {
  return e.passages.filter((p) => p.kind === "heading" && p.path.length === 1 && /^第.+章$/.test(p.path[0]!.label)).map((p) => `${p.path[0]!.label} ${p.path[0]!.title}`);
}
