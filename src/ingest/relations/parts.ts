/**
 * Parts of one work: files that share a title but not their text (the books of a code, the 附件
 * of a notice, 上篇/下篇). Each part is a document of its own, titled `<work>·<part>`, its name read
 * from its text: the book it opens (第四编　人格权 → 人格权编), an 附件 or 上篇/下篇 line at its
 * head, else its place among the parts (第二部分); never the file's name.
 */
import type { PlacedBlock } from "../section-tree.ts";
import { chineseNumeral } from "../structure/numerals.ts";

const PART_LINE = /^(附件[\s\u3000]*[0-9０-９一二三四五六七八九十]*|[上中下]篇)/;

/** The name of the part a document's text holds, or null when its text does not say. */
export function partName(placed: readonly PlacedBlock[]): string | null {
  for (const b of placed) {
    const book = b.path.find((r) => r.kind === "part" || r.kind === "sub-part");
    if (book) return book.label.endsWith("编") && book.title ? `${book.title}编` : `${book.label}${book.title ? `　${book.title}` : ""}`;
  }
  for (const b of placed.slice(0, 4)) {
    const m = PART_LINE.exec(b.text.trim());
    if (m) return m[1]!.replace(/[\s\u3000]/g, "");
  }
  return null;
}

/** A name for the n-th part (from 0) whose text names none: 第一部分. */
export function fallbackPartName(n: number): string {
  return `第${chineseNumeral(n + 1)}部分`;
}
