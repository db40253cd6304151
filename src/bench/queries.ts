/**
 * The fixed query mix of the benchmark, drawn with a seeded PRNG from the passages of the seed
 * documents (which every scale contains), so every scale answers the same queries:
 * literal strings of 2–8 characters, the policy terms, multi-term AND, OR, NOT, the doc: and in:
 * filters, and pasted clauses (similarity mode).
 */
import type { DocumentRecord, Passage } from "../model.ts";
import { Rng } from "./prng.ts";

export type QueryKind =
  | "literal" | "term" | "and" | "or" | "not" | "in" | "doc" | "pasted"
  // the literal-heavy mix of literal-mix.ts
  | "lit2" | "lit3" | "lit4" | "lit5-8" | "pair";

export interface BenchQuery {
  kind: QueryKind;
  q: string;
}

/** Terms every reader of these plans types (issue 3's dictionary list). */
export const POLICY_TERMS = ["梅花鹿", "揭榜挂帅", "碳达峰", "碳中和", "长吉图", "专精特新", "放管服", "卡脖子", "一主六双", "科技小巨人", "双碳"];

/** A character a reader would type inside a literal: Han, Latin letter or digit (any width). */
export function isTypable(ch: string): boolean {
  return /[\u3400-\u9fff0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/.test(ch);
}

function literalFrom(rng: Rng, text: string, minLen: number, maxLen: number): string | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const len = rng.int(minLen, maxLen);
    if (text.length < len) return null;
    const start = rng.int(0, text.length - len);
    const s = text.slice(start, start + len);
    if ([...s].every(isTypable)) return s;
  }
  return null;
}

/**
 * A pasted clause: from a sentence start, 40–90 characters, as a reader copies it from another plan.
 * Quotes stay paired (a reader who pastes half a quotation gets the quote-balance error, a different test).
 */
function clauseFrom(rng: Rng, text: string): string | null {
  if (text.length < 50) return null;
  const starts = [0];
  for (let i = 0; i < text.length - 45; i++) if ("。；".includes(text[i]!)) starts.push(i + 1);
  const s = rng.pick(starts);
  const clause = text.slice(s, s + rng.int(40, 90)).trim();
  const opens = (clause.match(/[“"「]/g) ?? []).length;
  const closes = (clause.match(/[”"」]/g) ?? []).length;
  if (opens !== closes || (clause.match(/"/g) ?? []).length % 2) return null;
  return clause.length >= 41 ? clause : null;
}

export interface MixOptions {
  /** Queries per kind; defaults give 200 in all. */
  literal?: number;
  and?: number;
  or?: number;
  not?: number;
  inFilter?: number;
  docFilter?: number;
  pasted?: number;
}

/**
 * Build the mix from the given documents' primary-edition paragraphs. Deterministic in (documents, seed).
 * `seedDocs` should be documents present at every scale (the seed files' documents).
 */
export function buildQueryMix(seedDocs: readonly DocumentRecord[], seed = "zhangjie-queries", opts: MixOptions = {}): BenchQuery[] {
  const rng = new Rng(seed);
  const paras: { doc: DocumentRecord; p: Passage }[] = [];
  for (const doc of seedDocs) {
    const ed = doc.editions[0];
    if (!ed) continue;
    for (const p of ed.passages) if (p.kind !== "heading" && p.text.length >= 12) paras.push({ doc, p });
  }
  if (paras.length === 0) throw new Error("no paragraphs to draw benchmark queries from");
  const n = { literal: 90, and: 25, or: 15, not: 15, inFilter: 10, docFilter: 10, pasted: 20, ...opts };
  const out: BenchQuery[] = [];
  const draw = (count: number, make: () => BenchQuery | null) => {
    for (let k = 0, tries = 0; k < count && tries < count * 50; tries++) {
      const q = make();
      if (q) {
        out.push(q);
        k++;
      }
    }
  };
  for (const t of POLICY_TERMS) out.push({ kind: "term", q: t });
  draw(n.literal, () => {
    const s = literalFrom(rng, rng.pick(paras).p.text, 2, 8);
    return s ? { kind: "literal", q: s } : null;
  });
  draw(n.and, () => {
    const t = rng.pick(paras).p.text;
    const a = literalFrom(rng, t, 2, 4);
    const b = literalFrom(rng, t, 2, 4);
    return a && b && a !== b ? { kind: "and", q: `${a} ${b}` } : null;
  });
  draw(n.or, () => {
    const a = literalFrom(rng, rng.pick(paras).p.text, 2, 4);
    const b = literalFrom(rng, rng.pick(paras).p.text, 2, 4);
    return a && b && a !== b ? { kind: "or", q: `${a} OR ${b}` } : null;
  });
  draw(n.not, () => {
    const a = literalFrom(rng, rng.pick(paras).p.text, 2, 4);
    const b = literalFrom(rng, rng.pick(paras).p.text, 2, 3);
    return a && b && !a.includes(b) && !b.includes(a) ? { kind: "not", q: `${a} -${b}` } : null;
  });
  draw(n.inFilter, () => {
    const { p } = rng.pick(paras);
    const top = p.path[0];
    const a = literalFrom(rng, p.text, 2, 4);
    return top && a ? { kind: "in", q: `${a} in:${top.label}` } : null;
  });
  draw(n.docFilter, () => {
    const { doc, p } = rng.pick(paras);
    const a = literalFrom(rng, p.text, 2, 4);
    return a ? { kind: "doc", q: `${a} doc:${doc.id}` } : null;
  });
  draw(n.pasted, () => {
    const c = clauseFrom(rng, rng.pick(paras).p.text);
    return c ? { kind: "pasted", q: c } : null;
  });
  return out;
}

/** Literal queries for the HTTP load (short, URL-safe once encoded). */
export function httpPaths(mix: readonly BenchQuery[], max = 64): string[] {
  return mix
    .filter((m) => m.kind !== "pasted")
    .slice(0, max)
    .map((m) => `/api/search?q=${encodeURIComponent(m.q)}`);
}
