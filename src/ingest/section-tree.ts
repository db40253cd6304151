/**
 * Place every block of a document in its section tree. Nesting follows what encloses what in
 * this document, not a fixed table of levels: a numbering kind seen again closes everything
 * opened since its previous occurrence (a sibling), a kind not yet open nests under the
 * current heading. Only 第X部分 > 第X章 > 第X节 have a fixed order, because they name
 * themselves as parts, chapters and sections. So 一、 sits under 第X节 in one plan and directly
 * under 第X章 in another, and 1. sits under （一） or inside a 专栏 box.
 *
 * Dash items (——坚持融合发展。) label only their own passage. A 专栏 box closes at the first
 * unlabelled paragraph once it has held numbered items or a table (or, in PDF text, when the
 * text goes back to the body's width).
 */
import type { HeadingRef, PassageKind } from "../model.ts";
import type { RoleBlock } from "./gazette-split.ts";
import { parseHeading, type HeadingMatch, type OrdinalKind } from "./headings.ts";

export interface PlacedBlock {
  text: string;
  kind: PassageKind;
  path: HeadingRef[];
  /** The block opens a node of the outline (a heading, or a clause head that encloses). */
  outline: boolean;
}

interface Open {
  kind: OrdinalKind | "notice";
  ref: HeadingRef;
  inline: boolean;
  box?: { structured: boolean; wide: boolean; content: number };
}

const RANK: Partial<Record<OrdinalKind, number>> = { part: 0, chapter: 1, section: 2 };

/** Label of the heading under which a transmitting notice's own text is kept. */
export const NOTICE_LABEL = "印发通知";

export function placeBlocks(blocks: RoleBlock[]): { placed: PlacedBlock[]; headings: number } {
  const placed: PlacedBlock[] = [];
  const stack: Open[] = [];
  let headings = 0;
  const refs = (): HeadingRef[] => stack.map((o) => o.ref);
  const boxIndex = (): number => stack.findIndex((o) => o.box);

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
    if (openBox) {
      const box = openBox[openBox.length - 1]!;
      if (stack.includes(box)) box.box!.content++;
      else if (box.box!.content === 0) { emptyBox = openBox; emptyBoxAt = at; }
    }
    // A new chapter, section or box ends the wait for a lost box body.
    const k = b.kind === "text" ? parseHeading(b.text)?.kind : undefined;
    if (k === "chapter" || k === "section" || k === "part" || (k === "box" && boxIndex() >= 0)) emptyBox = null;
  }
  endDisplaced();
  return { placed, headings };

  function placeOne(b: RoleBlock): void {
    if (b.role === "notice-title") {
      const ref = { label: NOTICE_LABEL, title: b.text };
      placed.push({ text: b.text, kind: "heading", path: [ref], outline: true });
      stack.length = 0;
      stack.push({ kind: "notice", ref, inline: false });
      return;
    }
    if (b.role === "notice") {
      placed.push({ text: b.text, kind: "paragraph", path: refs(), outline: false });
      return;
    }
    if (b.role === "title") {
      // The document's own title: a heading of the whole document, enclosing nothing (every
      // passage is in the document anyway), so chapter paths start at 第一章.
      stack.length = 0;
      placed.push({ text: b.text, kind: "heading", path: [{ label: "", title: b.text }], outline: false });
      return;
    }
    if (b.role === "meta") {
      placed.push({ text: b.text, kind: "paragraph", path: [], outline: false });
      return;
    }
    if (b.kind === "table") {
      const bi = boxIndex();
      // A table in a box belongs to the box, not to the numbered item printed before it.
      if (bi >= 0) { stack[bi]!.box!.structured = true; stack.length = bi + 1; }
      placed.push({ text: b.text, kind: "table", path: refs(), outline: false });
      return;
    }

    const bi = boxIndex();
    const h: HeadingMatch | null = parseHeading(b.text, { bareNumber: bi >= 0 });
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
    const ref: HeadingRef = { label: h.label, title: h.title };
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
    placed.push({ text: b.text, kind: h.inline ? "paragraph" : "heading", path: refs(), outline: true });
  }
}

/** Pop what the new heading closes; afterwards the new heading is pushed on top. */
function open(stack: Open[], h: HeadingMatch): void {
  const rank = RANK[h.kind];
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
