/**
 * Place every block of a document in its section tree. Nesting follows what encloses what in
 * this document, not a fixed table of levels: a numbering kind seen again closes everything
 * opened since its previous occurrence (a sibling), a kind not yet open nests under the
 * current heading. Only 第X编 > 第X分编 > 第X章 > 第X节 > 第X条 have a fixed order, because they
 * name themselves as parts, chapters, sections and articles. So 一、 sits under 第X节 in one plan
 * and directly under 第X章 in another, and 1. sits under （一） or inside a 专栏 box.
 *
 * Inside an article the same labels mean the units of a regulation (articles.ts): every
 * unlabelled paragraph is the article's next 款, （一） a 项 of the current 款, 1. a 目 of the
 * current 项 — so a paragraph after a list of 项 is the next 款, never part of the last 项.
 *
 * Dash items (——坚持融合发展。) label only their own passage. A 专栏 box closes at the first
 * unlabelled paragraph once it has held numbered items or a table (or, in PDF text, when the
 * text goes back to the body's width).
 */
import type { HeadingRef, PassageKind } from "../model.ts";
import type { RoleBlock } from "./gazette-split.ts";
import { parseHeading, type HeadingMatch, type OrdinalKind } from "./headings.ts";
import { ArticleTracker, isArticleItem } from "./structure/articles.ts";

export interface PlacedBlock {
  text: string;
  kind: PassageKind;
  path: HeadingRef[];
  /** The block opens a node of the outline (a heading, or a clause head that encloses). */
  outline: boolean;
  /** How many refs of `path` name the outline node it opens (default all: an article's first 款 opens the article). */
  outlineDepth?: number;
}

interface Open {
  kind: OrdinalKind | "notice" | "kuan" | "xiang" | "mu";
  ref: HeadingRef;
  inline: boolean;
  box?: { structured: boolean; wide: boolean; content: number };
}

const RANK: Partial<Record<OrdinalKind, number>> = { part: 0, "sub-part": 0.5, chapter: 1, section: 2, article: 3 };

/** Label of the heading under which a transmitting notice's own text is kept. */
export const NOTICE_LABEL = "印发通知";
/** Labels of the unnumbered units before the first numbered one. */
export const PREAMBLE_LABEL = "序言";
export const ADDRESSEE_LABEL = "主送";

export function placeBlocks(blocks: RoleBlock[]): { placed: PlacedBlock[]; headings: number } {
  const placed: PlacedBlock[] = [];
  const stack: Open[] = [];
  let headings = 0;
  const refs = (): HeadingRef[] => stack.map((o) => o.ref);
  const boxIndex = (): number => stack.findIndex((o) => o.box);
  const articles = new ArticleTracker(placed);

  // PDF text can print a box's body away from its heading (the heading stays, the boxed
  // items float past the next heading). Boxed items that arrive while no box is open belong
  // to the last box that closed empty.
  let emptyBox: Open[] | null = null;
  let emptyBoxAt = 0; // where the box's body belongs in reading order: right after its heading
  let displacedFrom: Open[] | null = null;
  let displacedRun = { from: 0, to: 0 };

  const endDisplaced = (): void => {
    if (!displacedFrom) return;
    stack.length = 0;
    stack.push(...displacedFrom);
    displacedFrom = null;
    const run = placed.splice(displacedRun.from, placed.length - displacedRun.from);
    placed.splice(displacedRun.to, 0, ...run);
  };

  for (const b of blocks) {
    if (displacedFrom && !b.wide) endDisplaced();
    if (!displacedFrom && b.wide && b.role === "body" && boxIndex() < 0 && emptyBox) {
      const item = b.kind === "table" || parseHeading(b.text, { bareNumber: true })?.kind === "num";
      if (item) {
        displacedFrom = stack.slice();
        displacedRun = { from: placed.length, to: emptyBoxAt };
        stack.length = 0;
        stack.push(...emptyBox);
        emptyBox = null;
      }
    }
    const before = boxIndex();
    const openBox = before >= 0 ? stack.slice(0, before + 1) : null;
    const at = placed.length;
    placeOne(b);
    articles.closeUnless(stack.map((o) => o.ref));
    if (openBox) {
      const box = openBox[openBox.length - 1]!;
      if (stack.includes(box)) box.box!.content++;
      else if (box.box!.content === 0) { emptyBox = openBox; emptyBoxAt = at; }
    }
    // A new chapter, section or box ends the wait for a lost box body.
    const k = b.kind === "text" ? parseHeading(b.text)?.kind : undefined;
    if (k === "chapter" || k === "section" || k === "part" || k === "sub-part" || (k === "box" && boxIndex() >= 0)) emptyBox = null;
  }
  endDisplaced();
  articles.closeUnless([]);
  return { placed, headings };

  function placeOne(b: RoleBlock): void {
    if (placeRole(b)) return;
    if (b.kind === "table") {
      const bi = boxIndex();
      // A table in a box belongs to the box, not to the numbered item printed before it.
      if (bi >= 0) { stack[bi]!.box!.structured = true; stack.length = bi + 1; }
      placed.push({ text: b.text, kind: "table", path: refs(), outline: false });
      return;
    }

    const bi = boxIndex();
    const h: HeadingMatch | null = parseHeading(b.text, { bareNumber: bi >= 0 });
    const ai = articles.indexIn(stack.map((o) => o.ref));
    if (ai >= 0 && (!h || isArticleItem(h.kind))) {
      // Inside an article: 款, 项 and 目 (a dash item still labels only itself, below).
      if (!h || h.kind !== "dash") { placeInArticle(b, h, ai); if (h) headings++; return; }
    }
    if (!h) {
      if (bi >= 0) {
        const box = stack[bi]!.box!;
        if (box.structured || (box.wide && !b.wide)) stack.length = bi; // the box is over
        else if (b.wide) box.wide = true;
      }
      placed.push({ text: b.text, kind: "paragraph", path: refs(), outline: false });
      return;
    }
    headings++;
    const ref: HeadingRef = { label: h.label, title: h.title, kind: h.kind };
    if (h.kind === "dash") {
      placed.push({ text: b.text, kind: "paragraph", path: [...refs(), ref], outline: false });
      return;
    }
    open(stack, h);
    if (bi >= 0 && h.kind !== "box" && stack[bi]?.box) {
      stack[bi]!.box!.structured = true;
      if (b.wide) stack[bi]!.box!.wide = true;
    }
    stack.push({ kind: h.kind, ref, inline: h.inline, box: h.kind === "box" ? { structured: false, wide: !!b.wide, content: 0 } : undefined });
    if (h.kind === "article") {
      const depth = stack.length;
      if (h.inline) stack.push({ kind: "kuan", ref: articles.open(ref, placed.length, true), inline: true });
      else articles.open(ref, placed.length, false);
      placed.push({ text: b.text, kind: h.inline ? "paragraph" : "heading", path: refs(), outline: true, outlineDepth: depth });
      return;
    }
    placed.push({ text: b.text, kind: h.inline ? "paragraph" : "heading", path: refs(), outline: true });
  }

  /** 款 (an unlabelled paragraph), 项 or 目 inside the article open at stack[ai]. */
  function placeInArticle(b: RoleBlock, h: HeadingMatch | null, ai: number): void {
    const unit = articles.unitOf(h, stack.slice(ai + 1).map((o) => o.kind));
    if (unit === "kuan") {
      stack.length = ai + 1;
      stack.push({ kind: "kuan", ref: articles.nextKuan(), inline: true });
    } else {
      // A 项 or 目 before any text of the article opens its first 款.
      if (stack.length === ai + 1) stack.push({ kind: "kuan", ref: articles.nextKuan(), inline: true });
      const parent = unit === "xiang" ? "kuan" : "xiang";
      let p = stack.length - 1;
      while (p > ai && stack[p]!.kind !== parent) p--;
      stack.length = p + 1;
      stack.push({ kind: unit, ref: { label: h!.label, title: "", kind: unit }, inline: true });
    }
    placed.push({ text: b.text, kind: "paragraph", path: refs(), outline: false });
  }

  /** Blocks whose place is given by their role, not by numbering. True when placed (or dropped). */
  function placeRole(b: RoleBlock): boolean {
    switch (b.role) {
      case "notice-title": {
        const ref: HeadingRef = { label: NOTICE_LABEL, title: b.text, kind: "notice" };
        placed.push({ text: b.text, kind: "heading", path: [ref], outline: true });
        stack.length = 0;
        stack.push({ kind: "notice", ref, inline: false });
        return true;
      }
      case "notice":
        placed.push({ text: b.text, kind: b.header ? "header" : "paragraph", path: b.addressee ? [...refs(), addresseeRef()] : refs(), outline: false });
        return true;
      case "title":
        // The document's own title: context of the whole document, enclosing nothing (every
        // passage is in the document anyway), so chapter paths start at 第一章.
        stack.length = 0;
        placed.push({ text: b.text, kind: "header", path: [{ label: "", title: b.text, kind: "title" }], outline: false });
        return true;
      case "meta":
        placed.push({ text: b.text, kind: "header", path: [], outline: false });
        return true;
      case "addressee":
        placed.push({ text: b.text, kind: "header", path: [addresseeRef()], outline: false });
        return true;
      case "preamble":
        placed.push({ text: b.text, kind: b.kind === "table" ? "table" : "paragraph", path: [{ label: PREAMBLE_LABEL, title: "", kind: "preamble" }], outline: false });
        return true;
      case "promulgation":
      case "colophon":
        return true; // metadata only (read by metadata/), not a passage
      default:
        return false;
    }
  }
}

function addresseeRef(): HeadingRef {
  return { label: ADDRESSEE_LABEL, title: "", kind: "addressee" };
}

/** Pop what the new heading closes; afterwards the new heading is pushed on top. */
function open(stack: Open[], h: HeadingMatch): void {
  // 总则 / 分则 / 附则 without a number stand at the outermost level in use (beside 第X编 in a code, else as chapters).
  const outermost = stack.reduce((r, o) => Math.min(r, RANK[o.kind as OrdinalKind] ?? Infinity), Infinity);
  const rank = h.kind === "chapter" && h.value === 0 ? Math.min(RANK.chapter!, outermost) : RANK[h.kind];
  if (rank !== undefined) {
    // 章 closes 节 and everything unranked below it; 节 closes lower 节-level content.
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const r = top.kind === "notice" ? -1 : RANK[top.kind as OrdinalKind];
      if (r !== undefined && r < rank) break;
      stack.pop();
    }
    return;
  }
  if (h.kind === "box") {
    const prev = stack.findIndex((o) => o.box);
    if (prev >= 0) { stack.length = prev; return; }
    // A box belongs to the section, not to the clause printed before it.
    while (stack.length && stack[stack.length - 1]!.inline) stack.pop();
    return;
  }
  const same = stack.findIndex((o) => o.kind === h.kind);
  if (same >= 0) stack.length = same;
}
