/**
 * Cut an edition's placed blocks into passages: canonical text (passages joined by "\n"),
 * character offsets with `text.slice(start, end) === passage.text`, reading order, stable ids,
 * and the outline (nested headings with the id of their passage).
 */
import { foldText } from "../analysis/fold.ts";
import type { Edition, HeadingRef, OutlineNode, Passage } from "../model.ts";
import { splitLongText } from "./blocks.ts";
import { passageId } from "./ids.ts";
import type { PlacedBlock } from "./section-tree.ts";

export const PASSAGE_SEPARATOR = "\n";

export interface EditionInput {
  docId: string;
  editionId: string;
  name: string;
  source: string;
  primary: boolean;
  blocks: PlacedBlock[];
}

export function buildEdition(input: EditionInput): Edition {
  const passages: Passage[] = [];
  const outline: OutlineNode[] = [];
  const seen = new Map<string, number>();
  // Outline nodes by their path: a heading hangs under the latest node whose path is its
  // path minus itself (not simply the previous shallower node: a displaced box body comes
  // back under its box).
  const byPath = new Map<string, OutlineNode>();
  let text = "";

  for (const b of input.blocks) {
    const pieces = b.kind === "heading" ? [b.text] : splitLongText(b.text);
    pieces.forEach((piece, k) => {
      const clean = piece.replace(/[\r\n]+/g, " ");
      const folded = foldText(clean);
      const n = seen.get(folded) ?? 0;
      seen.set(folded, n + 1);
      if (passages.length) text += PASSAGE_SEPARATOR;
      const start = text.length;
      text += clean;
      const p: Passage = {
        id: passageId(input.editionId, clean, n),
        docId: input.docId,
        editionId: input.editionId,
        seq: passages.length,
        kind: b.kind,
        path: b.path.map((r) => ({ ...r })),
        text: clean,
        start,
        end: text.length,
        counterparts: [],
      };
      passages.push(p);
      if (b.outline && k === 0) addOutline(outline, byPath, b.path.slice(0, b.outlineDepth ?? b.path.length), p.id);
    });
  }
  return { id: input.editionId, name: input.name, source: input.source, primary: input.primary, text, outline, passages };
}

function addOutline(roots: OutlineNode[], byPath: Map<string, OutlineNode>, path: HeadingRef[], id: string): void {
  const last = path[path.length - 1];
  if (!last) return;
  const node: OutlineNode = { label: last.label, title: last.title, ...(last.kind ? { kind: last.kind } : {}), passageId: id, children: [] };
  const parent = path.length > 1 ? byPath.get(pathKey(path.slice(0, -1))) : undefined;
  if (parent) parent.children.push(node);
  else roots.push(node);
  byPath.set(pathKey(path), node);
}

const pathKey = (path: HeadingRef[]): string => path.map((r) => `${r.label}\u0001${r.title}`).join("\u0002");
