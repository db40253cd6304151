/**
 * Paragraphs cut in two by a page break or by a float (a table, a 专栏 box) printed into
 * them: the part that ends mid-sentence continues in the next body block.
 */
import { endsSentence, joinLines } from "./chars.ts";
import type { Block } from "./blocks.ts";
import { parseHeading } from "./headings.ts";
import { parsePromulgation } from "./metadata/promulgation.ts";
import { readColophon } from "./metadata/colophon.ts";

/** A date line (2022年7月22日) or a 文号 line never continues a paragraph. */
const META_LINE = /^(?:[0-9０-９〇零一二三四五六七八九]{4}年[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日|.{1,12}[〔［\[][0-9０-９]{4}[〕］\]][0-9０-９]+号)$/;

/** Lines that carry only metadata (a date, a 文号, promulgation lines, 印发/抄送 lines) end without punctuation but end nothing. */
function isMetaLine(text: string): boolean {
  return META_LINE.test(text) || !!parsePromulgation(text) || !!readColophon(text);
}

function isPlainBody(b: Block): boolean {
  return b.kind === "text" && !b.headingHint && !parseHeading(b.text) && !isMetaLine(b.text);
}

/** Short unpunctuated text right before a table: the table's caption. */
export function isCaption(blocks: Block[], i: number): boolean {
  const b = blocks[i]!;
  return b.kind === "text" && b.text.length <= 40 && !endsSentence(b.text) && blocks[i + 1]?.kind === "table";
}

/**
 * Whether the block at `k` is a float. It is called with a window of the block and the one after
 * it (`blocks[k]`, `blocks[k + 1]`), which is all a float test may look at.
 */
export type FloatTest = (blocks: Block[], k: number) => boolean;

/** How much of a paragraph's end decides whether it ends a sentence (a bracketed note at most). */
const TAIL = 1000;

/**
 * The blocks as a linked list: a join removes a node and a displaced float moves, each in O(1),
 * so rejoining is linear in the number of blocks (array splices made it quadratic).
 */
class BlockList {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Lines of a paragraph that absorbed others (joined once, at the end). */
  readonly parts: (string[] | null)[];
  constructor(readonly items: Block[]) {
    const n = items.length;
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    for (let i = 0; i < n; i++) { this.next[i] = i + 1 < n ? i + 1 : -1; this.prev[i] = i - 1; }
    this.parts = new Array<string[] | null>(n).fill(null);
  }
  head = 0;
  at(k: number): Block | undefined { return k >= 0 ? this.items[k] : undefined; }
  after(k: number): number { return k >= 0 ? this.next[k]! : -1; }
  unlink(k: number): void {
    const p = this.prev[k]!, n = this.next[k]!;
    if (p >= 0) this.next[p] = n; else this.head = n;
    if (n >= 0) this.prev[n] = p;
  }
  insertAfter(at: number, k: number): void {
    const n = this.next[at]!;
    this.next[at] = k; this.prev[k] = at; this.next[k] = n;
    if (n >= 0) this.prev[n] = k;
  }
  append(k: number, text: string): void {
    const parts = (this.parts[k] ??= [this.items[k]!.text]);
    parts.push(text);
  }
  /** The end of node k's text, enough to tell whether it ends a sentence. */
  tail(k: number): string {
    const parts = this.parts[k];
    if (!parts) return this.items[k]!.text;
    let s = "";
    for (let i = parts.length - 1; i >= 0 && s.length < TAIL; i--) s = parts[i]! + s;
    return s;
  }
  toArray(): Block[] {
    const out: Block[] = [];
    for (let k = this.head; k >= 0; k = this.next[k]!) {
      const parts = this.parts[k];
      out.push(parts ? { ...this.items[k]!, text: joinLines(parts) } : this.items[k]!);
    }
    return out;
  }
}

/**
 * Rejoin paragraphs a page break cut in two: a body block that ends mid-sentence continues
 * in the next body block; floats printed in between (tables with their captions; in PDF text
 * also boxed 专栏 text) stay after it.
 * Short unpunctuated blocks (titles, signatures, captions) are not paragraphs and stay.
 */
export function rejoinSplitParagraphs(blocks: Block[], float: FloatTest): Block[] {
  const list = new BlockList(blocks.slice());
  const isFloatRaw = (k: number): boolean => {
    const b = list.at(k);
    if (!b) return false;
    const n = list.at(list.after(k));
    return float(n ? [b, n] : [b], 0);
  };
  // A 专栏 heading printed right before its box body travels with it: it is part of the float.
  const isBoxHead = (k: number): boolean => {
    const b = list.at(k);
    if (!b || b.kind !== "text" || list.after(k) < 0 || !isFloatRaw(list.after(k))) return false;
    const h = parseHeading(b.text);
    return !!h && h.kind === "box" && !h.inline;
  };
  const isFloat = (k: number): boolean => isFloatRaw(k) || isBoxHead(k);

  for (let i = list.head, first = true; i >= 0; i = list.after(i), first = false) {
    const b = list.at(i)!;
    const nextBlock = list.at(list.after(i));
    if (b.kind !== "text" || b.headingHint || isMetaLine(b.text) || isCaption(nextBlock ? [b, nextBlock] : [b], 0)) continue;
    const h = parseHeading(b.text);
    // Titles (a source's first block), signatures and captions end without punctuation too;
    // a cut paragraph is longer or has a clause mark before the cut.
    if (h ? !h.inline : first || (b.text.length < 15 && !/[，,。；;：:、]/.test(b.text))) continue;
    while (!endsSentence(list.tail(i))) {
      let j = list.after(i);
      while (j >= 0 && isFloat(j)) j = list.after(j);
      const next = list.at(j);
      if (next && isPlainBody(next)) {
        list.append(i, next.text);
        list.unlink(j);
        continue;
      }
      // A float (table) can displace the rest of the paragraph past the next heading: the
      // continuation is then the body block printed right after that float.
      let c = -1;
      for (let k = j, steps = 0, prevK = -1; k >= 0 && steps < 8; prevK = k, k = list.after(k), steps++) {
        if (k !== j && isFloat(prevK) && isPlainBody(list.at(k)!)) { c = k; break; }
        if (parseHeading(list.at(k)!.text)?.kind === "chapter") break;
      }
      if (c < 0) break;
      // The floats right before the continuation move up to follow the paragraph.
      const floats: number[] = [];
      for (let f = list.prev[c]!; f >= 0 && f !== list.prev[j] && isFloat(f); f = list.prev[f]!) floats.unshift(f);
      list.append(i, list.at(c)!.text);
      list.unlink(c);
      let at = i;
      for (const f of floats) { list.unlink(f); list.insertAfter(at, f); at = f; }
    }
  }
  return list.toArray();
}
