/**
 * Gazette Markdown → blocks. The converter's `#` levels are ignored (they contradict the
 * structure); a `#` only hints that the line is a heading or title. Inline markup is dropped,
 * tab or pipe tables become table blocks, and paragraphs cut in two where a printed page
 * ended are rejoined (a block that ends mid-sentence continues in the next body block).
 */
import { joinLines, removeStraySpaces } from "./chars.ts";
import { parseHeading, tidyHeadingText, tidyParagraphText } from "./headings.ts";
import { isCaption, rejoinSplitParagraphs } from "./rejoin.ts";
import { TABLE_ROW_SEPARATOR, type Block } from "./blocks.ts";

const LATEX_SYMBOLS: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", theta: "θ", lambda: "λ", mu: "μ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", omega: "ω", Omega: "Ω", Delta: "Δ",
  times: "×", cdot: "·", pm: "±", leq: "≤", geq: "≥", le: "≤", ge: "≥", approx: "≈", circ: "°", degree: "°",
};

/** Drop inline Markdown/HTML markup, keep the words. */
export function stripInlineMarkup(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "") // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links → text
    .replace(/\$\s*\\([A-Za-z]+)\s*\$/g, (m, name: string) => LATEX_SYMBOLS[name] ?? m) // $\mu$ → μ
    .replace(/\$([^$\\]{1,20})\$/g, "$1") // $x$ → x
    .replace(/<\/?[A-Za-z][^>]*>/g, "") // html tags
    .replace(/(\*\*|__)(.*?)\1/g, "$2") // bold
    .replace(/\*\*|__/g, "") // unpaired bold markers
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, "$1"); // backslash escapes
}

const HEADING_LINE = /^#{1,6}\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(?:[-*+]\s+|(?=[0-9０-９]{1,2}[.．、]\s*\S))/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})$/;
const PIPE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/;

function tableRow(line: string): string {
  const cells = line.includes("\t")
    ? line.split("\t")
    : line.replace(/^\|/, "").replace(/\|$/, "").split("|");
  return cells.map((c) => removeStraySpaces(stripInlineMarkup(c)).trim()).filter(Boolean).join(" ");
}

export function markdownToBlocks(text: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  let table: string[] = [];
  const flushPara = (): void => {
    if (para.length) {
      const t = tidyParagraphText(joinLines(para), removeStraySpaces);
      if (t) out.push({ text: t, kind: "text" });
    }
    para = [];
  };
  const flushTable = (): void => {
    if (table.length) out.push({ text: table.join(TABLE_ROW_SEPARATOR), kind: "table" });
    table = [];
  };

  // HTML comments (<!-- INFO END -->, converters' notes) are not text, on one line or several.
  for (const rawLine of text.replace(/<!--[\s\S]*?-->/g, "").split("\n")) {
    const hardBreak = /\s{2,}$/.test(rawLine) || /\\$/.test(rawLine);
    const line = rawLine.trim();
    if (!line || RULE.test(line)) { flushPara(); flushTable(); continue; }
    // A tab separates cells — unless the line is a heading that happens to hold a tab (第一章\t总则).
    const tabRow = line.includes("\t") && (table.length > 0 || (!HEADING_LINE.test(line) && !parseHeading(line)));
    const isTableLine = tabRow || (line.startsWith("|") && line.endsWith("|"));
    if (isTableLine) {
      flushPara();
      if (!PIPE_SEPARATOR.test(line)) {
        const row = tableRow(line);
        if (row) table.push(row);
      }
      continue;
    }
    flushTable();
    const h = HEADING_LINE.exec(line);
    if (h) {
      flushPara();
      const t = tidyHeadingText(stripInlineMarkup(h[1]!), removeStraySpaces);
      if (t) out.push({ text: t, kind: "text", headingHint: true });
      continue;
    }
    if (LIST_ITEM.test(line)) flushPara();
    const whollyBold = /^(\*\*|__)[^*_]+\1$/.test(line);
    const body = stripInlineMarkup(line.replace(/^[-*+]\s+/, ""));
    if (whollyBold) {
      flushPara();
      const t = tidyHeadingText(body, removeStraySpaces);
      if (t) out.push({ text: t, kind: "text", headingHint: true });
      continue;
    }
    para.push(body);
    if (hardBreak) flushPara();
  }
  flushPara();
  flushTable();
  return attachCaptions(rejoinSplitParagraphs(out, (bs, k) => bs[k]!.kind === "table" || isCaption(bs, k)));
}

/** Fold a caption into the table it names, so the table passage carries its title. */
export function attachCaptions(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (isCaption(blocks, i) && !b.headingHint && !parseHeading(b.text)) {
      const t = blocks[i + 1]!;
      out.push({ ...t, text: b.text + TABLE_ROW_SEPARATOR + t.text });
      i++;
      continue;
    }
    out.push(b);
  }
  return out;
}
