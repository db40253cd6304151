/**
 * Reads the seed corpus into document templates for the synthetic generator: each document's title,
 * its preamble, and its chapters → sections → paragraphs / 专栏 boxes.
 *
 * This is deliberately a small, general splitter of its own (not src/ingest): the benchmark must not
 * inherit ingest's bugs into the text it feeds back to ingest, and it only needs paragraphs and a
 * rough structure, not citable offsets. The rules are the ones any plan follows: headings are found
 * from Chinese numbering; PDF lines are joined unless a short line ends a sentence.
 */
import fs from "node:fs";
import path from "node:path";

export type HeadingKind = "chapter" | "section" | "cn1" | "cn2" | "num" | "box";

export interface SeedHeading {
  kind: HeadingKind;
  /** The numbering as printed (第四章, 一、, （二）, 1.). */
  label: string;
  title: string;
}

export type SeedBlock =
  | { type: "para"; text: string }
  /** A heading below the section level (（一）, 1.) kept in place. */
  | { type: "heading"; heading: SeedHeading }
  | { type: "box"; title: string; items: string[] };

export interface SeedSection {
  heading: SeedHeading;
  blocks: SeedBlock[];
}

export interface SeedChapter {
  heading: SeedHeading;
  /** Blocks between the chapter heading and its first section. */
  intro: SeedBlock[];
  sections: SeedSection[];
}

export interface SeedDoc {
  source: string;
  title: string;
  /** Paragraphs before the first numbered heading (文号, 主送, opening paragraph, plan title…). */
  preamble: string[];
  topKind: HeadingKind;
  secondKind: HeadingKind | null;
  chapters: SeedChapter[];
  /** Characters of text in the template (for weighting and stats). */
  chars: number;
}

const CN_NUM = "一二三四五六七八九十百零〇";
const TERMINAL = /[。！？；：!?;:][”’」』）)]*$/;

/** Width of a string as printed: CJK and full-width forms take one cell, ASCII half of one. */
export function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 && !/[“”‘’—…]/.test(ch) ? 0.5 : 1;
  return w;
}

/** Recognise a heading line by its Chinese numbering; null for body text. */
export function classifyHeading(line: string): SeedHeading | null {
  const s = line.trim();
  let m: RegExpMatchArray | null;
  if ((m = s.match(new RegExp(`^(第[${CN_NUM}]+章)[\\s\\u3000]*(.{0,30})$`)))) return { kind: "chapter", label: m[1]!, title: m[2]!.trim() };
  if ((m = s.match(new RegExp(`^(第[${CN_NUM}]+节)[\\s\\u3000]*(.{0,30})$`)))) return { kind: "section", label: m[1]!, title: m[2]!.trim() };
  if ((m = s.match(/^专栏[\s\u3000]*([0-9０-９]+)[\s\u3000：:]*(.{0,40})$/))) return { kind: "box", label: `专栏${m[1]}`, title: m[2]!.trim() };
  if ((m = s.match(new RegExp(`^([${CN_NUM}]+)、[\\s\\u3000]*(.+)$`))) && isShortTitle(m[2]!, 24)) {
    return { kind: "cn1", label: `${m[1]}、`, title: stripEndStop(m[2]!) };
  }
  if ((m = s.match(new RegExp(`^[（(][\\s]*([${CN_NUM}]+)[\\s]*[）)][\\s\\u3000]*(.+)$`))) && isShortTitle(m[2]!, 20)) {
    return { kind: "cn2", label: `（${m[1]}）`, title: stripEndStop(m[2]!) };
  }
  if ((m = s.match(/^([0-9０-９]{1,2})[.．、][\s\u3000]*(.+)$/)) && isShortTitle(m[2]!, 20)) {
    return { kind: "num", label: `${m[1]}.`, title: stripEndStop(m[2]!) };
  }
  return null;
}

/** A heading's words are short and hold no clause punctuation (a trailing 。 is tolerated). */
function isShortTitle(rest: string, max: number): boolean {
  const t = stripEndStop(rest.trim());
  return t.length > 0 && t.length <= max && !/[，,；;。：:]/.test(t);
}

function stripEndStop(s: string): string {
  return s.trim().replace(/[。.]$/, "");
}

const PAGE_MARK = /^[—\-－–]+\s*[0-9０-９]+\s*[—\-－–]+$/;

/** PDF-extracted text: join wrapped lines back into paragraphs, drop page marks. */
export function splitPdfText(text: string): { title: string; blocks: string[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/[\s\u3000]+$/u, "").replace(/^[\s\u3000]+/u, ""))
    .filter((l) => l.length > 0 && !PAGE_MARK.test(l));
  if (lines.length === 0) return { title: "", blocks: [] };
  const title = lines[0]!.replace(/\s+/g, "");
  // The layout width: lines that fill it were wrapped; a shorter line that ends a sentence ends a paragraph.
  const widths = lines.map(visualWidth).sort((a, b) => a - b);
  const full = widths[Math.floor(widths.length * 0.9)] ?? 30;
  const blocks: string[] = [];
  let cur = "";
  const flush = () => {
    if (cur) blocks.push(cur);
    cur = "";
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (classifyHeading(line)) {
      flush();
      blocks.push(line);
      continue;
    }
    cur = joinWrapped(cur, line);
    if (TERMINAL.test(line) && visualWidth(line) < full - 1.5) flush();
  }
  flush();
  return { title, blocks };
}

/** Join a wrapped line: no space between CJK characters, keep a space between Latin words. */
function joinWrapped(prev: string, next: string): string {
  if (!prev) return next;
  return /[A-Za-z0-9]$/.test(prev) && /^[A-Za-z0-9]/.test(next) ? `${prev} ${next}` : prev + next;
}

const DOC_TITLE = /(通知|意见|决定|办法|方案|规划|通告)$/;

/** Gazette Markdown: one document per top-level title that names a 通知/意见…; front and back matter dropped. */
export function splitGazette(text: string): { title: string; blocks: string[] }[] {
  const docs: { title: string; blocks: string[] }[] = [];
  let cur: { title: string; blocks: string[] } | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const isTop = /^#\s/.test(raw);
    const line = raw.replace(/^#+\s*/, "").replace(/\*\*/g, "").trim();
    if (!line) continue;
    const compact = line.replace(/\s+/g, "");
    if (isTop && DOC_TITLE.test(compact)) {
      cur = { title: compact, blocks: [] };
      docs.push(cur);
      continue;
    }
    // The gazette's closing 简介 (and anything like it) is not part of a document.
    if (/^《.*》简介$/.test(compact)) {
      cur = null;
      continue;
    }
    if (!cur) continue;
    const last = cur.blocks[cur.blocks.length - 1];
    // A page-split paragraph continues on the next line when the previous block ends mid-sentence.
    // Short lines (文号, issuer, date) stand alone.
    if (last !== undefined && last.length >= 25 && !classifyHeading(last) && !classifyHeading(line) && !TERMINAL.test(last) && !/[）)]$/.test(last)) {
      cur.blocks[cur.blocks.length - 1] = last + line;
    } else {
      cur.blocks.push(line);
    }
  }
  return docs;
}

/** Build the chapter/section template from a document's blocks. */
export function buildTemplate(source: string, title: string, blocks: string[]): SeedDoc | null {
  const heads = blocks.map((b) => classifyHeading(b));
  const firstIdx = heads.findIndex((h) => h && h.kind !== "box");
  if (firstIdx < 0) return null;
  const topKind = heads[firstIdx]!.kind;
  let secondKind: HeadingKind | null = null;
  for (let i = firstIdx + 1; i < heads.length; i++) {
    const h = heads[i];
    if (h && h.kind !== "box" && h.kind !== topKind) {
      secondKind = h.kind;
      break;
    }
  }
  const doc: SeedDoc = { source, title, preamble: blocks.slice(0, firstIdx), topKind, secondKind, chapters: [], chars: 0 };
  let chapter: SeedChapter | null = null;
  let section: SeedSection | null = null;
  let box: { type: "box"; title: string; items: string[] } | null = null;
  const target = (): SeedBlock[] => (section ? section.blocks : chapter!.intro);
  for (let i = firstIdx; i < blocks.length; i++) {
    const h = heads[i];
    const text = blocks[i]!;
    doc.chars += text.length;
    if (h && h.kind === topKind) {
      chapter = { heading: h, intro: [], sections: [] };
      doc.chapters.push(chapter);
      section = null;
      box = null;
    } else if (h && h.kind === secondKind) {
      section = { heading: h, blocks: [] };
      chapter!.sections.push(section);
      box = null;
    } else if (h && h.kind === "box") {
      box = { type: "box", title: h.title, items: [] };
      target().push(box);
    } else if (h) {
      box = null;
      target().push({ type: "heading", heading: h });
    } else if (box) {
      box.items.push(text);
    } else {
      target().push({ type: "para", text });
    }
  }
  for (const p of doc.preamble) doc.chars += p.length;
  return doc;
}

/**
 * Read every seed file of a corpus directory into templates. PDF text (`*.txt`) holds one document;
 * Markdown gazettes (`*.md`) hold several.
 */
export function readSeeds(corpusDir: string): SeedDoc[] {
  const out: SeedDoc[] = [];
  for (const file of fs.readdirSync(corpusDir).sort()) {
    const full = path.join(corpusDir, file);
    if (!fs.statSync(full).isFile()) continue;
    const text = fs.readFileSync(full, "utf8");
    if (file.endsWith(".md")) {
      for (const d of splitGazette(text)) {
        const t = buildTemplate(file, d.title, d.blocks);
        if (t) out.push(t);
      }
    } else if (file.endsWith(".txt")) {
      const d = splitPdfText(text);
      const t = buildTemplate(file, d.title, d.blocks);
      if (t) out.push(t);
    }
  }
  return out;
}

/** Every body paragraph of the templates (for "local" insertions drawn from the whole collection). */
export function allParagraphs(seeds: readonly SeedDoc[]): string[] {
  const out: string[] = [];
  const visit = (blocks: SeedBlock[]) => {
    for (const b of blocks) if (b.type === "para" && b.text.length >= 20) out.push(b.text);
  };
  for (const d of seeds) {
    for (const c of d.chapters) {
      visit(c.intro);
      for (const s of c.sections) visit(s.blocks);
    }
  }
  return out;
}
