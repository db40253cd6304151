/**
 * Markdown (the gazette converter's output, regulation collections): markdown-blocks' rules, after
 * taking out what is HTML rather than text — comments (`<!-- INFO END -->`), tags on lines of their
 * own or inside a line, `<br>` as a line break and the common character entities — so that markup
 * never reaches a passage.
 */
import { markdownToBlocks } from "../markdown-blocks.ts";
import type { Block } from "../blocks.ts";
import { looksLikeText, readTextFile } from "./text.ts";
import type { FormatReader } from "./types.ts";

/** An HTML tag: an ASCII name (so 《中华人民共和国<农业技术推广法>》 is text, not a tag). */
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;
const BR = /<br\s*\/?>/gi;
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", ensp: " ", emsp: "\u3000" };

/** Remove HTML comments (possibly spanning lines) and tags; keep the lines they leave (blank lines break paragraphs). */
export function stripHtmlFromMarkdown(text: string): string {
  const noComments = text.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => "\n".repeat((c.match(/\n/g) ?? []).length));
  return noComments
    .replace(BR, "\n")
    .replace(TAG, "")
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

export function markdownTextToBlocks(text: string): Block[] {
  return markdownToBlocks(stripHtmlFromMarkdown(text));
}

const MD_HEADING = /(^|\n)#{1,6}\s+\S/;

export const markdownReader: FormatReader = {
  name: "markdown",
  isolated: false,
  extensions: [".md", ".markdown"],
  sniff(head, path) {
    if (!looksLikeText(head)) return 0;
    if (/\.(md|markdown)$/i.test(path)) return 0.6;
    // "# 标题" lines in text: Markdown even without the extension.
    return MD_HEADING.test(new TextDecoder("utf-8", { fatal: false }).decode(head)) ? 0.3 : 0;
  },
  read: async (file) => readTextFile(file, "markdown"),
};
