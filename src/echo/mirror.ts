/**
 * The mirror map: document a read against document b, from the passage echoes.
 *
 * - Clauses (paragraphs, tables) are classed by the share of their characters (whitespace not
 *   counted) covered by spans of their echoes in b (union over all of them):
 *     copied  ≥ COPIED_SHARE (0.8)   — near-verbatim;
 *     adapted ≥ ADAPTED_SHARE (0.2)  — substantial shared spans, with local edits;
 *     local   otherwise (including no echo at all).
 *   A table is classed by its rows instead, compared cell by cell with b's best matching table
 *   (tables.ts): every row matched with the same figures → copied; some rows matched → adapted.
 *   The summary counts clauses only; heading lines are compared by title and counted apart.
 * - Sections pair top-down. A section (an outline node) is paired only with a section of the same
 *   kind of unit — chapter with chapter, 节 or 一、 with 节 or 一、, article with article, never an
 *   article with a chapter — with the one that receives most of its echoed characters; a chapter or
 *   section must lie inside its parent's counterpart when the parent is paired, an article may be
 *   anywhere (numbering differs between a law and its implementing measure). Failing echoes, the
 *   same kind of section whose title shares most character bigrams (Dice ≥ TITLE_DICE); a plan
 *   section b does not subdivide takes the parent's counterpart itself; else no counterpart.
 * - Headings are classed by their title against the counterpart section's title (same thresholds
 *   on the aligned share of the title); a heading whose section has no counterpart is local.
 * - Shares count clause text: section share = its characters covered by echoes from anywhere in b;
 *   reusedShare = the same over the whole of a.
 */
import type { DocumentRecord, HeadingRef, OutlineNode, Passage, UnitKind } from "../model.ts";
import type { CompareResponse, ComparePassage, EchoRef, PassageClass, TableDiff } from "./types.ts";
import { primaryEdition } from "./builder.ts";
import { contentLength } from "../analysis/squeeze.ts";
import { alignTexts, DEFAULT_ALIGN } from "./align.ts";
import { isClause } from "./clauses.ts";
import { coveredChars } from "./echo-graph.ts";
import { diffTables, matchedRows } from "./tables.ts";

export const COPIED_SHARE = 0.8;
export const ADAPTED_SHARE = 0.2;
const TITLE_DICE = 0.5;
/** Titles are a few characters long: seed the alignment with 3-character runs. */
const TITLE_ALIGN = { ...DEFAULT_ALIGN, seedK: 3 };
/** A content-based section pairing needs this many echoed characters (or 5% of the section). */
const MIN_SECTION_CHARS = 10;

/** Kinds of unit that may pair with each other. */
type UnitClass = "part" | "chapter" | "section" | "article" | "item" | "box" | "other";

const CLASS_OF_KIND: Record<UnitKind, UnitClass> = {
  part: "part",
  "sub-part": "part",
  chapter: "chapter",
  section: "section",
  cn: "section",
  article: "article",
  kuan: "item",
  xiang: "item",
  mu: "item",
  "paren-cn": "item",
  num: "item",
  "paren-num": "item",
  dash: "item",
  box: "box",
  preamble: "other",
  notice: "other",
  addressee: "other",
  appendix: "other",
  title: "other",
};

/** The unit class of a heading: its kind when ingest typed it, else read from the label. */
export function unitClass(h: HeadingRef): UnitClass {
  if (h.kind) return CLASS_OF_KIND[h.kind];
  const l = h.label;
  if (/^第.+[编]$/.test(l)) return "part";
  if (/^第.+章$/.test(l)) return "chapter";
  if (/^第.+节$/.test(l) || /^[一二三四五六七八九十百]+$/.test(l)) return "section";
  if (/^第.+条$/.test(l)) return "article";
  if (/^专栏/.test(l)) return "box";
  if (/^[（(].+[）)]$/.test(l) || /^\d+$/.test(l) || /^第.+款$/.test(l)) return "item";
  return "other";
}

interface Section {
  key: string;
  /** Id of the heading passage (outline anchor). */
  headingId: string;
  parentKey: string | null;
  path: HeadingRef[];
  unit: UnitClass;
  chars: number;
  covered: number;
  /** Echoed characters per section key of b. */
  weights: Map<string, number>;
}

const headKey = (h: HeadingRef): string => `${h.label}\u0001${h.title}`;
const pathKey = (path: readonly HeadingRef[], depth: number): string => path.slice(0, depth).map(headKey).join("\u0002");

function sectionsOf(outline: OutlineNode[]): Map<string, Section> {
  const out = new Map<string, Section>();
  const walk = (nodes: OutlineNode[], parent: HeadingRef[], parentKey: string | null): void => {
    for (const n of nodes) {
      const h: HeadingRef = { label: n.label, title: n.title, ...(n.kind ? { kind: n.kind } : {}) };
      const path = [...parent, h];
      const key = pathKey(path, path.length);
      if (!out.has(key)) out.set(key, { key, headingId: n.passageId, parentKey, path, unit: unitClass(h), chars: 0, covered: 0, weights: new Map() });
      walk(n.children, path, key);
    }
  };
  walk(outline, [], null);
  return out;
}

/** Keys of the sections enclosing a passage, outermost first (only those in the outline). */
function enclosing(p: Passage, sections: Map<string, Section>): string[] {
  const keys: string[] = [];
  for (let d = 1; d <= p.path.length; d++) {
    const k = pathKey(p.path, d);
    if (!sections.has(k)) break;
    keys.push(k);
  }
  return keys;
}

/** Dice coefficient over character bigrams of two heading titles. */
function titleDice(x: string, y: string): number {
  const grams = (s: string): string[] => {
    const g: string[] = [];
    for (let i = 0; i + 2 <= s.length; i++) g.push(s.slice(i, i + 2));
    return g;
  };
  const gx = grams(x);
  const gy = grams(y);
  if (gx.length === 0 || gy.length === 0) return x !== "" && x === y ? 1 : 0;
  const pool = new Map<string, number>();
  for (const g of gy) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of gx) {
    const c = pool.get(g) ?? 0;
    if (c > 0) {
      shared++;
      pool.set(g, c - 1);
    }
  }
  return (2 * shared) / (gx.length + gy.length);
}

export function classify(share: number): PassageClass {
  return share >= COPIED_SHARE ? "copied" : share >= ADAPTED_SHARE ? "adapted" : "local";
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The passage's class from its echoes in b: share covered, and the echo covering most. */
function classifyClause(p: Passage, echoes: EchoRef[]): { share: number; covered: number; best: EchoRef | undefined } {
  const chars = contentLength(p.text);
  const covered = Math.min(chars, coveredChars(p.text, echoes.flatMap((e) => e.spans.map((s) => s.a))));
  const best = [...echoes].sort((x, y) => y.coverage - x.coverage || y.similarity - x.similarity)[0];
  return { share: chars === 0 ? 0 : covered / chars, covered, best };
}

/** Pair every section of a with a section of b (or none), top-down. */
function pairSections(secA: Map<string, Section>, secB: Map<string, Section>): Map<string, string | null> {
  const counterpart = new Map<string, string | null>();
  // secA iterates in outline (reading) order, so parents come first.
  for (const s of secA.values()) {
    const parentPeer = s.parentKey === null ? null : counterpart.get(s.parentKey) ?? null;
    // Articles pair anywhere: a law and its implementing measure number them differently.
    const eligible = (t: Section): boolean => t.unit === s.unit && (s.unit === "article" || s.parentKey === null || parentPeer === null || t.parentKey === parentPeer);
    let peer: string | null = null;
    let bestW = Math.max(MIN_SECTION_CHARS, 0.05 * s.chars) - 1e-9;
    for (const [kb, w] of s.weights) {
      const t = secB.get(kb);
      if (t && eligible(t) && w > bestW) {
        bestW = w;
        peer = kb;
      }
    }
    // b may not subdivide where a does (Yanbian's （一） under 二、 vs an undivided 第二节):
    // then the parent's counterpart itself is the counterpart, if the echoes land there. Never
    // for articles: an article's counterpart is an article.
    if (peer === null && s.unit !== "article" && parentPeer !== null && (s.weights.get(parentPeer) ?? 0) > bestW) peer = parentPeer;
    // Titles pair sections whose parents pair (or top-level ones); an item of an unpaired article
    // or section has no title worth matching elsewhere.
    if (peer === null && (s.unit !== "item" || s.parentKey === null || parentPeer !== null)) {
      let bestD = TITLE_DICE - 1e-9;
      const title = s.path[s.path.length - 1]!.title;
      for (const t of secB.values()) {
        if (!eligible(t)) continue;
        const dice = titleDice(title, t.path[t.path.length - 1]!.title);
        if (dice > bestD) {
          bestD = dice;
          peer = t.key;
        }
      }
    }
    counterpart.set(s.key, peer);
  }
  return counterpart;
}

export function buildMirror(a: DocumentRecord, b: DocumentRecord, echoesOf: (id: string) => EchoRef[]): CompareResponse {
  const edA = primaryEdition(a)!;
  const edB = primaryEdition(b)!;
  const inB = new Map<string, Passage>();
  for (const p of edB.passages) inB.set(p.id, p);
  const secA = sectionsOf(edA.outline);
  const secB = sectionsOf(edB.outline);

  let totalChars = 0;
  let totalCovered = 0;
  const passages: ComparePassage[] = [];
  const tableIds: string[] = [];
  for (const p of edA.passages) {
    if (!isClause(p)) {
      passages.push({ id: p.id, path: p.path, kind: p.kind === "header" ? "header" : "heading", class: "local", echo: null });
      continue;
    }
    const echoes = echoesOf(p.id).filter((e) => inB.has(e.id));
    const { share, covered, best } = classifyClause(p, echoes);
    passages.push({
      id: p.id,
      path: p.path,
      kind: "clause",
      class: classify(share),
      echo: best ? { id: best.id, similarity: best.similarity, coverage: best.coverage, spans: best.spans } : null,
    });
    if (p.kind === "table") tableIds.push(p.id);
    const chars = contentLength(p.text);
    totalChars += chars;
    totalCovered += covered;
    const keysA = enclosing(p, secA);
    for (const k of keysA) {
      const s = secA.get(k)!;
      s.chars += chars;
      s.covered += covered;
    }
    for (const e of echoes) {
      const keysB = enclosing(inB.get(e.id)!, secB);
      const w = coveredChars(p.text, e.spans.map((s) => s.a));
      for (const ka of keysA) {
        const wm = secA.get(ka)!.weights;
        for (const kb of keysB) wm.set(kb, (wm.get(kb) ?? 0) + w);
      }
    }
  }

  const counterpart = pairSections(secA, secB);
  const sections: CompareResponse["sections"] = [...secA.values()].map((s) => {
    const peer = counterpart.get(s.key) ?? null;
    return { a: { path: s.path }, b: peer === null ? null : { path: secB.get(peer)!.path }, share: s.chars === 0 ? 0 : round3(s.covered / s.chars) };
  });

  classifyHeadings(edA.passages, passages, secA, secB, counterpart);
  const tables = tableIds.map((id) => compareTable(id, edA.passages, edB.passages, passages));

  const counts = { copied: 0, adapted: 0, local: 0 };
  let headings = 0;
  for (const row of passages) {
    if (row.kind === "clause") counts[row.class]++;
    else if (row.kind === "heading") headings++;
  }
  return {
    a: { id: a.id, title: a.title },
    b: { id: b.id, title: b.title },
    summary: { ...counts, reusedShare: totalChars === 0 ? 0 : round3(totalCovered / totalChars), headings },
    sections,
    passages,
    tables,
  };
}

/**
 * A heading passage is classed by its title against the title of its section's counterpart
 * (一、发展成就 / 第一节 发展成就: the numbering differs by design); no counterpart → local.
 */
function classifyHeadings(passagesA: readonly Passage[], rows: ComparePassage[], secA: Map<string, Section>, secB: Map<string, Section>, counterpart: Map<string, string | null>): void {
  const byHeading = new Map<string, Section>();
  for (const sec of secA.values()) byHeading.set(sec.headingId, sec);
  const kindOf = new Map(passagesA.map((p) => [p.id, p.kind]));
  for (const row of rows) {
    if (row.kind !== "heading" || kindOf.get(row.id) !== "heading") continue;
    const sec = byHeading.get(row.id);
    const peerKey = sec ? counterpart.get(sec.key) : undefined;
    const peer = peerKey ? secB.get(peerKey) : undefined;
    if (!sec || !peer) continue;
    const titleA = sec.path[sec.path.length - 1]!.title;
    const al = alignTexts(titleA, peer.path[peer.path.length - 1]!.title, TITLE_ALIGN);
    row.class = classify(al.similarity);
    row.echo = { id: peer.headingId, similarity: round3(al.similarity), coverage: round3(al.similarity) };
  }
}

/**
 * A table of a against b's table that matches most of its rows (its echo first among equals),
 * cell by cell; the table's class comes from its rows.
 */
function compareTable(id: string, passagesA: readonly Passage[], passagesB: readonly Passage[], rows: ComparePassage[]): TableDiff {
  const p = passagesA.find((x) => x.id === id)!;
  const row = rows.find((r) => r.id === id)!;
  let best: Passage | null = null;
  let bestRows = 0;
  for (const q of passagesB) {
    if (q.kind !== "table") continue;
    const n = matchedRows(p.text, q.text) + (row.echo?.id === q.id ? 0.5 : 0);
    if (n > bestRows) {
      bestRows = n;
      best = q;
    }
  }
  const diff = diffTables(id, p.text, best?.id ?? null, best?.text ?? null);
  const own = diff.rows.filter((r) => r.status !== "b-only");
  const matched = own.filter((r) => r.status !== "local").length;
  const same = own.filter((r) => r.status === "same").length;
  row.class = own.length > 0 && same === own.length ? "copied" : matched > 0 ? "adapted" : "local";
  if (best && row.echo?.id !== best.id) row.echo = { id: best.id, similarity: 0, coverage: 0, spans: [] };
  return diff;
}
