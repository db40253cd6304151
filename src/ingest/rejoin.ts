/**
 * Paragraphs cut in two by a page break or by a float (a table, a 专栏 box) printed into
 * them: the part that ends mid-sentence continues in the next body block.
 */
import { endsSentence, joinWrapped } from "./chars.ts";
import type { Block } from "./blocks.ts";
import { parseHeading } from "./headings.ts";

/** A date line (2022年7月22日) or a 文号 line never continues a paragraph. */
const META_LINE = /^(?:[0-9０-９〇零一二三四五六七八九]{4}年[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日|.{1,12}[〔［\[][0-9０-９]{4}[〕］\]][0-9０-９]+号)$/;

function isPlainBody(b: Block): boolean {
  return b.kind === "text" && !b.headingHint && !parseHeading(b.text) && !META_LINE.test(b.text);
}

/** Short unpunctuated text right before a table: the table's caption. */
export function isCaption(blocks: Block[], i: number): boolean {
  const b = blocks[i]!;
  return b.kind === "text" && b.text.length <= 40 && !endsSentence(b.text) && blocks[i + 1]?.kind === "table";
}

/**
 * Rejoin paragraphs a page break cut in two: a body block that ends mid-sentence continues
 * in the next body block; floats printed in between (tables with their captions; in PDF text
 * also boxed 专栏 text) stay after it.
 * Short unpunctuated blocks (titles, signatures, captions) are not paragraphs and stay.
 */
export function rejoinSplitParagraphs(blocks: Block[], float: (blocks: Block[], k: number) => boolean): Block[] {
  const out = blocks.slice();
  // A 专栏 heading printed right before its box body travels with it: it is part of the float.
  const isBoxHead = (k: number): boolean => {
    const b = out[k];
    if (!b || b.kind !== "text" || k + 1 >= out.length || !float(out, k + 1)) return false;
    const h = parseHeading(b.text);
    return !!h && h.kind === "box" && !h.inline;
  };
  const isFloat = (k: number): boolean => float(out, k) || isBoxHead(k);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b.kind !== "text" || b.headingHint || META_LINE.test(b.text) || isCaption(out, i)) continue;
    const h = parseHeading(b.text);
    // Titles (a source's first block), signatures and captions end without punctuation too;
    // a cut paragraph is longer or has a clause mark before the cut.
    if (h ? !h.inline : i === 0 || (b.text.length < 15 && !/[，,。；;：:、]/.test(b.text))) continue;
    while (!endsSentence(out[i]!.text)) {
      let j = i + 1;
      while (j < out.length && isFloat(j)) j++;
      const next = out[j];
      if (next && isPlainBody(next)) {
        out[i] = { ...out[i]!, text: joinWrapped(out[i]!.text, next.text) };
        out.splice(j, 1);
        continue;
      }
      // A float (table) can displace the rest of the paragraph past the next heading: the
      // continuation is then the body block printed right after that float.
      let c = -1;
      for (let k = j; k < Math.min(out.length, j + 8); k++) {
        if (k > j && isFloat(k - 1) && isPlainBody(out[k]!)) { c = k; break; }
        if (parseHeading(out[k]!.text)?.kind === "chapter") break;
      }
      if (c < 0) break;
      let f = c;
      while (f > j && isFloat(f - 1)) f--;
      const floats = out.slice(f, c);
      const cont = out[c]!;
      out.splice(f, c - f + 1);
      out[i] = { ...out[i]!, text: joinWrapped(out[i]!.text, cont.text) };
      out.splice(i + 1, 0, ...floats);
    }
  }
  return out;
}

