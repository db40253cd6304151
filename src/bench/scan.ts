/**
 * The simplest alternative to an index: a brute-force substring scan over the same passages, with
 * the same query language (AND, OR/|, -/NOT, "phrases", doc:, in:, pasted clauses). It is the
 * benchmark's oracle. Texts are prepared once up front as the query language defines a literal match
 * (README "Query syntax"): width and case folded, and whitespace and invisible characters ignored
 * ("达到 3000" holds 到3, as PDF layout spaces are no edit). Each query is then
 * `String.prototype.includes` over every passage.
 */
import { foldText } from "../analysis/fold.ts";
import type { DocumentRecord, HeadingRef } from "../model.ts";

export interface ScanPassage {
  id: string;
  docId: string;
  docTitle: string;
  primary: boolean;
  path: HeadingRef[];
  /** `literalText(text)`: what a literal is looked for in. */
  folded: string;
}

/** Whitespace and the invisible control and format characters a literal match ignores. */
const IGNORABLE = /[\s\p{Cc}\p{Cf}]/gu;

/** Text as literal matching sees it: folded (width, case), ignorable characters dropped. */
export function literalText(s: string): string {
  return foldText(s).replace(IGNORABLE, "");
}

export interface ScanResult {
  total: number;
  /** Ids of the first `limit` matches (document order, or best coverage first for a pasted clause). */
  ids: string[];
}

/** Every passage of every edition, folded. */
export function scanPassages(docs: readonly DocumentRecord[]): ScanPassage[] {
  const out: ScanPassage[] = [];
  for (const doc of docs) {
    doc.editions.forEach((ed, k) => {
      for (const p of ed.passages) out.push({ id: p.id, docId: doc.id, docTitle: doc.title, primary: k === 0, path: p.path, folded: literalText(p.text) });
    });
  }
  return out;
}

interface Parsed {
  /** Each group must match (AND); within a group any alternative (OR). */
  groups: string[][];
  not: string[];
  doc: string[];
  in: string[];
}

/** The query language of issue 3, parsed the plain way. */
export function parseQuery(q: string): Parsed {
  const tokens = q.match(/-?"[^"]*"|\S+/g) ?? [];
  const out: Parsed = { groups: [], not: [], doc: [], in: [] };
  let negateNext = false;
  let orNext = false;
  for (const raw of tokens) {
    if (raw === "OR" || raw === "|") {
      orNext = true;
      continue;
    }
    if (raw === "NOT") {
      negateNext = true;
      continue;
    }
    let t = raw;
    let neg = negateNext;
    negateNext = false;
    if (t.startsWith("-") && t.length > 1) {
      neg = true;
      t = t.slice(1);
    }
    if (t.startsWith("doc:")) {
      out.doc.push(t.slice(4));
      continue;
    }
    if (t.startsWith("in:")) {
      out.in.push(foldText(t.slice(3)));
      continue;
    }
    t = literalText(t.replace(/^"|"$/g, ""));
    if (!t) continue;
    if (neg) out.not.push(t);
    else if (orNext && out.groups.length > 0) out.groups[out.groups.length - 1]!.push(t);
    else out.groups.push([t]);
    orNext = false;
  }
  return out;
}

function inPath(path: readonly HeadingRef[], want: string): boolean {
  return path.some((h) => foldText(h.label).includes(want) || foldText(h.title).includes(want));
}

/** A pasted clause: score passages by how many of its 8-character pieces they contain. */
function scanPasted(passages: readonly ScanPassage[], q: string, limit: number): ScanResult {
  const f = foldText(q.replace(/\s+/g, ""));
  const pieces: string[] = [];
  const step = Math.max(4, Math.floor(f.length / 8));
  for (let i = 0; i + 8 <= f.length; i += step) pieces.push(f.slice(i, i + 8));
  const scored: { id: string; score: number }[] = [];
  for (const p of passages) {
    let score = 0;
    for (const piece of pieces) if (p.folded.includes(piece)) score++;
    if (score > 0) scored.push({ id: p.id, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return { total: scored.length, ids: scored.slice(0, limit).map((s) => s.id) };
}

export function scanSearch(passages: readonly ScanPassage[], q: string, limit = 20, onlyPrimary = false): ScanResult {
  if (q.trim().length > 40 && !/\s(OR|NOT)\s|doc:|in:/.test(q)) return scanPasted(passages, q, limit);
  const pq = parseQuery(q);
  let total = 0;
  const ids: string[] = [];
  for (const p of passages) {
    if (onlyPrimary && !p.primary) continue;
    if (pq.doc.length && !pq.doc.every((d) => p.docId === d || p.docTitle.includes(d))) continue;
    if (pq.in.length && !pq.in.every((w) => inPath(p.path, w))) continue;
    let ok = true;
    for (const g of pq.groups) {
      if (!g.some((t) => p.folded.includes(t))) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (pq.not.some((t) => p.folded.includes(t))) continue;
    total++;
    if (ids.length < limit) ids.push(p.id);
  }
  return { total, ids };
}
