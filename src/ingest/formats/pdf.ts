/**
 * PDF, read with Mozilla's PDF.js (`getTextContent`: every text run with its position, size and
 * font). Runs → lines (pdf-lines) → running headers, footers and page numbers removed (pdf-margins)
 * → paragraphs, headings hints and tables (pdf-blocks). Pages without a text layer are scans: they
 * are read by OCR (pdf-ocr) when tesseract is installed; a PDF that is all scans without OCR is
 * refused ("scanned PDF, OCR not installed"). Encrypted and damaged files are refused with their
 * reason. The info dictionary's Title and CreationDate become metadata hints ("pdf-meta").
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { linesToBlocks, bodyStyle } from "./pdf-blocks.ts";
import { baseFontName, runsToLines, type PageLines, type TextRun } from "./pdf-lines.ts";
import { removeRunningLines } from "./pdf-margins.ts";
import { findOcrTools, OCR_LANGUAGE, ocrPages, type OcrPage } from "./pdf-ocr.ts";
import { refuse, type FormatReader, type MetaHints, type ReadHooks, type ReaderLimits, type ReadResult, type SourceFile } from "./types.ts";

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/** "%PDF-" within the first KB (the format allows a little junk before it). */
export function pdfMagicAt(head: Uint8Array): number {
  const limit = Math.min(head.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return i;
  }
  return -1;
}

/** A page has a text layer when it holds at least this many visible characters. */
const MIN_PAGE_CHARS = 8;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
interface PdfJsLoaded {
  lib: PdfJs;
  /** Operators that paint an image (a page of them and no text is a scan). */
  imageOps: ReadonlySet<number>;
}
let pdfjsLoaded: Promise<PdfJsLoaded> | undefined;

/**
 * PDF.js, loaded when the first PDF is read. Its legacy build installs core-js polyfills over the
 * built-ins as it loads (JSON.stringify, Array.prototype.push, … become JavaScript), which slows
 * every later line of the process: a server that reads no PDF must never load it (its hot path
 * serialises answers with JSON.stringify).
 */
function pdfjsLib(): Promise<PdfJsLoaded> {
  return (pdfjsLoaded ??= import("pdfjs-dist/legacy/build/pdf.mjs").then((lib) => ({
    lib,
    imageOps: new Set<number>([lib.OPS.paintImageXObject, lib.OPS.paintInlineImageXObject, lib.OPS.paintImageMaskXObject, lib.OPS.paintImageXObjectRepeat, lib.OPS.paintImageMaskXObjectRepeat]),
  })));
}

interface PageRead {
  lines: PageLines;
  chars: number;
  images: boolean;
  rotatedRuns: number;
}

async function openPdf(pdfjs: PdfJs, bytes: Uint8Array): Promise<PDFDocumentProxy | ReadResult> {
  const task = pdfjs.getDocument({
    // PDF.js may take the buffer over: give it a copy.
    data: new Uint8Array(bytes),
    cMapUrl: `${path.join(PDFJS_DIR, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(PDFJS_DIR, "standard_fonts")}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (e) {
    void task.destroy();
    const err = e as Error;
    if (err.name === "PasswordException") return refuse("encrypted", "PDF 已加密（需要密码才能打开），无法读取；请提供未加密的文件", "encrypted PDF (a password is needed to open it): not read; provide an unencrypted copy");
    return refuse("corrupt", `PDF 文件已损坏或不完整，无法读取（${err.message}）`, `not a readable PDF: the file is damaged or truncated (${err.message})`);
  }
}

/**
 * One page's lines. `fontNames` (font id → base name) is shared by the pages of a document: the
 * operator list, which loads a page's fonts (their real names tell 黑体 from body text) and shows
 * its images, is only built for a page with a font not seen yet or with (almost) no text.
 */
async function readPage(doc: PDFDocumentProxy, n: number, fontNames: Map<string, string>, imageOps: ReadonlySet<number>): Promise<PageRead> {
  const page: PDFPageProxy = await doc.getPage(n);
  try {
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const textItems = content.items.filter((i) => "str" in i && i.str);
    const visible = textItems.reduce((k, i) => k + ("str" in i ? i.str.replace(/\s/g, "").length : 0), 0);
    const unseen = textItems.some((i) => "fontName" in i && !fontNames.has(i.fontName));
    let images = false;
    if (unseen || visible < MIN_PAGE_CHARS) {
      const ops = await page.getOperatorList();
      images = ops.fnArray.some((fn) => imageOps.has(fn));
      for (const i of textItems) {
        if (!("fontName" in i) || fontNames.has(i.fontName)) continue;
        const f = page.commonObjs.has(i.fontName) ? (page.commonObjs.get(i.fontName) as { name?: string } | null) : null;
        fontNames.set(i.fontName, baseFontName(f?.name) || i.fontName);
      }
    }
    const fontOf = (id: string): string => fontNames.get(id) ?? id;
    const runs: TextRun[] = [];
    let rotatedRuns = 0;
    let chars = 0;
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const [a, b, c, d, e, f] = item.transform as number[];
      // Rotated or skewed text (a diagonal watermark, a vertical margin note) is not body text.
      if (Math.abs(b!) > 0.05 * Math.abs(a!) || Math.abs(c!) > 0.05 * Math.abs(d!) || a! <= 0 || d! <= 0) {
        rotatedRuns++;
        continue;
      }
      chars += item.str.replace(/\s/g, "").length;
      runs.push({ text: item.str, x: e! - x0, y: f! - y0, w: item.width, size: Math.abs(d!), font: fontOf(item.fontName) });
    }
    return { lines: { page: n, width: x1 - x0, height: y1 - y0, lines: runsToLines(runs, n) }, chars, images, rotatedRuns };
  } finally {
    page.cleanup();
  }
}

function infoHints(pdfjs: PdfJs, info: Record<string, unknown>): MetaHints | undefined {
  const hints: MetaHints = { source: "pdf-meta" };
  const title = typeof info.Title === "string" ? info.Title.trim() : "";
  // Titles that only name a file or a template say nothing about the document.
  if (title && !/^(microsoft (word|powerpoint) - |untitled|无标题|新建)/i.test(title) && !/\.(docx?|wps|pdf|txt)$/i.test(title) && /[\u4e00-\u9fff]/.test(title)) hints.title = title;
  const created = typeof info.CreationDate === "string" ? pdfjs.PDFDateString.toDateObject(info.CreationDate) : null;
  if (created && !Number.isNaN(created.getTime())) hints.created = created.toISOString().slice(0, 10);
  return hints.title || hints.created ? hints : undefined;
}

async function readPdf(file: SourceFile, limits: ReaderLimits, hooks?: ReadHooks): Promise<ReadResult> {
  const { lib: pdfjs, imageOps } = await pdfjsLib();
  const opened = await openPdf(pdfjs, file.bytes);
  if (!("numPages" in opened)) return opened;
  const doc = opened;
  const warnings: string[] = [];
  try {
    const total = doc.numPages;
    const count = Math.min(total, limits.maxPages);
    if (count < total) warnings.push(`only the first ${count} of ${total} pages were read (the page limit) / 只读取了前 ${count} 页`);
    const pages: PageLines[] = [];
    const scans: OcrPage[] = [];
    const damaged: number[] = [];
    let rotated = 0;
    const fontNames = new Map<string, string>();
    for (let n = 1; n <= count; n++) {
      try {
        const p = await readPage(doc, n, fontNames, imageOps);
        rotated += p.rotatedRuns;
        if (p.chars < MIN_PAGE_CHARS && p.images) scans.push({ page: n, width: p.lines.width, height: p.lines.height });
        pages.push(p.lines);
      } catch {
        damaged.push(n);
      }
    }
    if (damaged.length === count) return refuse("corrupt", "PDF 文件已损坏，没有可读取的页面", "not a readable PDF: no page of it could be read (damaged file)");
    if (damaged.length) warnings.push(`pages ${damaged.join(", ")} could not be read (damaged) / 第 ${damaged.join("、")} 页已损坏，未读取`);
    if (rotated) warnings.push(`${rotated} rotated text runs (watermarks, margin notes) left out / 已略去旋转文字（水印等）`);

    let format = "pdf";
    if (scans.length) {
      const ocr = await ocrScans(file.bytes, scans, limits, hooks, warnings);
      if ("off" in ocr || "missing" in ocr) {
        const en = "off" in ocr ? "OCR is turned off" : `OCR not installed (${ocr.missing})`;
        const zh = "off" in ocr ? "未启用文字识别（OCR）" : "未安装文字识别（OCR）";
        if (scans.length === pages.length) return refuse("scanned-no-ocr", `扫描版 PDF（没有文字层），${zh}，已跳过`, `scanned PDF (no text layer), ${en}; skipped`);
        warnings.push(`${scans.length} scanned pages without a text layer were not read: ${en} / ${scans.length} 页扫描页未读取：${zh}`);
      } else {
        for (const p of ocr.pages) pages[pages.findIndex((x) => x.page === p.page)] = p;
        format = "pdf-ocr";
        warnings.push(`${ocr.pages.length} scanned pages read by OCR (tesseract, ${OCR_LANGUAGE}): the text may hold recognition errors / ${ocr.pages.length} 页经文字识别（OCR）读取，可能有识别错误`);
      }
    }
    const allLines = pages.flatMap((p) => p.lines);
    if (!allLines.length) return refuse("empty", "PDF 中没有文字", "the PDF holds no text");
    const body = bodyStyle(allLines);
    const { pages: kept } = removeRunningLines(pages, body.size);
    const blocks = linesToBlocks(kept.flatMap((p) => p.lines));
    const info = await doc.getMetadata().then((m) => m.info as Record<string, unknown>).catch(() => ({}));
    return { ok: true, blocks, format, warnings, meta: infoHints(pdfjs, info) };
  } finally {
    await doc.destroy();
  }
}

/** OCR the scanned pages, or say why not (turned off, or a tool missing). */
async function ocrScans(bytes: Uint8Array, scans: OcrPage[], limits: ReaderLimits, hooks: ReadHooks | undefined, warnings: string[]): Promise<{ pages: PageLines[] } | { off: true } | { missing: string }> {
  if (limits.ocr === "off") return { off: true };
  const tools = await findOcrTools();
  if (typeof tools === "string") return { missing: tools };
  const take = scans.slice(0, limits.maxOcrPages);
  if (take.length < scans.length) warnings.push(`only ${take.length} of ${scans.length} scanned pages were read by OCR (the limit) / 只识别了前 ${take.length} 页扫描页`);
  return { pages: await ocrPages(bytes, take, tools, () => hooks?.alive()) };
}

export const pdfReader: FormatReader = {
  name: "pdf",
  isolated: true,
  extensions: [".pdf"],
  sniff: (head) => (pdfMagicAt(head) >= 0 ? 1 : 0),
  read: readPdf,
};
