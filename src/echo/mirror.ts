/**
 * The mirror map: document a read against document b, from the passage echoes.
 *
 * - Passage classes, by the share of the passage's characters (whitespace not counted) covered by
 *   spans of its echoes in b (union over all its echoes there):
 *     copied  ≥ COPIED_SHARE (0.8)   — near-verbatim;
 *     adapted ≥ ADAPTED_SHARE (0.2)  — substantial shared spans, with local edits;
 *     local   otherwise (including no echo at all).
 * - Section alignment, top-down over the section trees (a section is a node of the outline; depth
 *   counts from the chapter): a section of a is paired with the section of b at the same depth —
 *   inside the counterpart of its parent when the parent is paired — that receives most of its
 *   echoed characters; failing that, with the parent's counterpart itself when b does not
 *   subdivide there and the echoes land in it; with no echoes, with the same-depth section whose
 *   title shares most character bigrams (Dice ≥ TITLE_DICE); else it has no counterpart (b: null).
 * - Headings are classed by their title against the counterpart section's title (same thresholds
 *   on the aligned share of the title); a heading whose section has no counterpart is local.
 * - Shares count body text (paragraphs, tables): section share = its characters covered by echoes
 *   from anywhere in b; reusedShare = the same over the whole of a.
 */
import type { DocumentRecord, HeadingRef, OutlineNode, Passage } from "../model.ts";
import type { CompareResponse, PassageClass } from "./types.ts";
import type { RawEcho } from "./echo-index.ts";
import { primaryEdition } from "./compute.ts";
import { contentLength, isIgnorableCode } from "../analysis/squeeze.ts";
import { alignTexts, DEFAULT_ALIGN } from "./align.ts";

export const COPIED_SHARE = 0.8;
export const ADAPTED_SHARE = 0.2;
const TITLE_DICE = 0.5;
/** Titles are a few characters long: seed the alignment with 3-character runs. */
const TITLE_ALIGN = { ...DEFAULT_ALIGN, seedK: 3 };
/** A content-based section pairing needs this many echoed characters (or 5% of the section). */
const MIN_SECTION_CHARS = 10;

interface Section {
  key: string;
  /** Id of the heading passage (outline anchor). */
  headingId: string;
  parentKey: string | null;
  path: HeadingRef[];
  depth: number;
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
      const path = [...parent, { label: n.label, title: n.title }];
      const key = pathKey(path, path.length);
      if (!out.has(key)) out.set(key, { key, headingId: n.passageId, parentKey, path, depth: path.length, chars: 0, covered: 0, weights: new Map() });
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

/** Characters of `text` (whitespace and invisible ones not counted) inside the union of the ranges. */
function coveredChars(text: string, ranges: [number, number][]): number {
  if (ranges.length === 0) return 0;
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  let n = 0;
  let to = 0;
  for (const [s, e] of sorted) {
    for (let i = Math.max(s, to); i < e; i++) if (!isIgnorableCode(text.charCodeAt(i))) n++;
    to = Math.max(to, e);
  }
  return n;
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

function classify(share: number): PassageClass {
  return share >= COPIED_SHARE ? "copied" : share >= ADAPTED_SHARE ? "adapted" : "local";
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function buildMirror(a: DocumentRecord, b: DocumentRecord, echoesOf: (id: string) => RawEcho[]): CompareResponse {
  const edA = primaryEdition(a)!;
  const edB = primaryEdition(b)!;
  const inB = new Map<string, Passage>();
  for (const p of edB.passages) inB.set(p.id, p);
  const secA = sectionsOf(edA.outline);
  const secB = sectionsOf(edB.outline);

  let totalChars = 0;
  let totalCovered = 0;
  const passages: CompareResponse["passages"] = [];
  for (const p of edA.passages) {
    const echoes = echoesOf(p.id).filter((e) => inB.has(e.other));
    const chars = contentLength(p.text);
    const ranges: [number, number][] = [];
    for (const e of echoes) for (const s of e.spans) ranges.push(s.a);
    const covered = Math.min(chars, coveredChars(p.text, ranges));
    const best = echoes[0];
    passages.push({ id: p.id, path: p.path, class: classify(chars === 0 ? 0 : covered / chars), echo: best ? { id: best.other, similarity: best.similarity } : null });
    // Headings are compared as headings (below); shares measure body text.
    if (p.kind === "heading") continue;
    totalChars += chars;
    totalCovered += covered;

    const keysA = enclosing(p, secA);
    for (const k of keysA) {
      const s = secA.get(k)!;
      s.chars += chars;
      s.covered += covered;
    }
    for (const e of echoes) {
      const q = inB.get(e.other)!;
      const keysB = enclosing(q, secB);
      const w = coveredChars(p.text, e.spans.map((s) => s.a));
      for (const ka of keysA) {
        const wm = secA.get(ka)!.weights;
        for (const kb of keysB) wm.set(kb, (wm.get(kb) ?? 0) + w);
      }
    }
  }

  // Top-down pairing: secA iterates in outline (reading) order, so parents come first.
  const counterpart = new Map<string, string | null>();
  const sections: CompareResponse["sections"] = [];
  for (const s of secA.values()) {
    const parentPeer = s.parentKey === null ? null : counterpart.get(s.parentKey) ?? null;
    const eligible = (t: Section): boolean => t.depth === s.depth && (s.parentKey === null || parentPeer === null || t.parentKey === parentPeer);
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
    // then the parent's counterpart itself is the counterpart, if the echoes land there.
    if (peer === null && parentPeer !== null && (s.weights.get(parentPeer) ?? 0) > bestW) peer = parentPeer;
    if (peer === null) {
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
    sections.push({ a: { path: s.path }, b: peer === null ? null : { path: secB.get(peer)!.path }, share: s.chars === 0 ? 0 : round3(s.covered / s.chars) });
  }

  // A heading passage is classed by its title against the title of its section's counterpart
  // (一、发展成就 / 第一节 发展成就: the numbering differs by design); no counterpart → local.
  // (Inline clause heads — （一）坚持“四个面向”。… — are outline nodes too, but their passage is
  // the clause itself: it keeps its class from its text.)
  const headings = new Set(edA.passages.filter((p) => p.kind === "heading").map((p) => p.id));
  const byHeading = new Map<string, Section>();
  for (const sec of secA.values()) if (headings.has(sec.headingId)) byHeading.set(sec.headingId, sec);
  const counts = { copied: 0, adapted: 0, local: 0 };
  for (const row of passages) {
    const sec = byHeading.get(row.id);
    const peerKey = sec ? counterpart.get(sec.key) : undefined;
    if (sec) {
      const peer = peerKey ? secB.get(peerKey) : undefined;
      if (!peer) {
        row.class = "local";
        row.echo = null;
      } else {
        const titleA = sec.path[sec.path.length - 1]!.title;
        const al = alignTexts(titleA, peer.path[peer.path.length - 1]!.title, TITLE_ALIGN);
        row.class = classify(al.similarity);
        row.echo = { id: peer.headingId, similarity: round3(al.similarity) };
      }
    }
    counts[row.class]++;
  }

  return {
    a: { id: a.id, title: a.title },
    b: { id: b.id, title: b.title },
    summary: { ...counts, reusedShare: totalChars === 0 ? 0 : round3(totalCovered / totalChars) },
    sections,
    passages,
  };
}
