/**
 * The heading a clause prints before its text — （一）指导思想。, 7.保健食品和特医食品技术研究。 —
 * is context, not evidence of reuse: two clauses sharing only their labels are not echoes.
 */
import type { Passage } from "../model.ts";
import { squeezeCodes } from "../analysis/squeeze.ts";

/** Labels of units whose "title" is the unit's own first sentence (an article has no title). */
const UNTITLED_LABEL = /^第.+[条款项]$/;
/** A title a clause prints before its text is short and has no sentence inside it. */
const INLINE_TITLE_MAX = 24;
/** Characters a label (（十一）, 12., 专栏3) takes before the title at most. */
const MAX_LABEL = 8;
/** The stop after the title. */
const HEAD_STOP = new Set([..."。．.：:、"].map((c) => c.charCodeAt(0)));

/**
 * Squeezed length of the heading a clause starts with — its label and title as the passage's
 * path names them and the stop after them — or 0. Articles and their items have no titles:
 * nothing is cut there.
 */
export function inlineHeadingLength(p: Pick<Passage, "path" | "kind">, squeezed: Uint16Array): number {
  const h = p.path[p.path.length - 1];
  if (!h || p.kind === "heading" || h.title.length < 2 || h.title.length > 2 * INLINE_TITLE_MAX) return 0;
  if (p.path.some((x) => UNTITLED_LABEL.test(x.label) || x.kind === "article") || /[，,；;。]/.test(h.title)) return 0;
  const title = squeezeCodes(h.title).codes;
  if (title.length < 2 || title.length > INLINE_TITLE_MAX) return 0;
  // The title must follow the label at the very start (at most a label's worth of characters).
  let at = -1;
  for (let s = 0; s <= MAX_LABEL && s + title.length <= squeezed.length && at < 0; s++) {
    let k = 0;
    while (k < title.length && squeezed[s + k] === title[k]) k++;
    if (k === title.length) at = s;
  }
  if (at < 0) return 0;
  let end = at + title.length;
  if (end < squeezed.length && HEAD_STOP.has(squeezed[end]!)) end++;
  return end;
}
