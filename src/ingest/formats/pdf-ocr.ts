/**
 * OCR of PDF pages that have no text layer (scans), with Debian's command-line tools:
 * `pdftoppm` (poppler-utils) renders the page at 300 dpi in grey, `tesseract` (tesseract-ocr with
 * tesseract-ocr-chi-sim) reads it and reports every word with its box (TSV). The words become text
 * runs in PDF points, so a scanned page goes through the same line, margin and paragraph rules as
 * a page with a text layer.
 *
 * Why pdftoppm rather than PDF.js: it renders exactly what the page shows (any image encoding —
 * CCITT, JBIG2, JPEG 2000 —, strips, masks, rotation) in a separate process that a hostile page
 * cannot take our worker down with, and OCR needs an external process anyway.
 *
 * The tools are found on PATH (or ZHANGJIE_PDFTOPPM / ZHANGJIE_TESSERACT); without them, or without
 * the chi_sim language data, OCR is "not installed".
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { median, runsToLines, type PageLines, type TextRun } from "./pdf-lines.ts";

const run = promisify(execFile);
const DPI = 300;
const PT_PER_PX = 72 / DPI;
export const OCR_LANGUAGE = "chi_sim";

export interface OcrTools {
  pdftoppm: string;
  tesseract: string;
}

let found: Promise<OcrTools | string> | null = null;

/** The OCR tools, or why OCR is not available (checked once per process). */
export function findOcrTools(env: NodeJS.ProcessEnv = process.env): Promise<OcrTools | string> {
  found ??= (async () => {
    const tools = { pdftoppm: env.ZHANGJIE_PDFTOPPM || "pdftoppm", tesseract: env.ZHANGJIE_TESSERACT || "tesseract" };
    try {
      await run(tools.pdftoppm, ["-v"], { timeout: 10_000 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return "pdftoppm (Debian poppler-utils) is not installed";
    }
    let langs: string;
    try {
      const r = await run(tools.tesseract, ["--list-langs"], { timeout: 10_000 });
      langs = `${r.stdout}\n${r.stderr}`;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "ENOENT" ? "tesseract (Debian tesseract-ocr) is not installed" : `tesseract does not run: ${(e as Error).message.split("\n")[0]}`;
    }
    if (!new RegExp(`^${OCR_LANGUAGE}$`, "m").test(langs)) return `tesseract has no Chinese language data (Debian tesseract-ocr-chi-sim)`;
    return tools;
  })();
  return found;
}

/** Whether OCR would run (tools and language data present), checked synchronously: a cache-key input. */
export function ocrAvailableSync(env: NodeJS.ProcessEnv = process.env): boolean {
  const tesseract = env.ZHANGJIE_TESSERACT || "tesseract";
  const pdftoppm = env.ZHANGJIE_PDFTOPPM || "pdftoppm";
  const langs = spawnSync(tesseract, ["--list-langs"], { encoding: "utf8", timeout: 10_000 });
  if (langs.error || !new RegExp(`^${OCR_LANGUAGE}$`, "m").test(`${langs.stdout}\n${langs.stderr}`)) return false;
  const ppm = spawnSync(pdftoppm, ["-v"], { timeout: 10_000 });
  return !(ppm.error && (ppm.error as NodeJS.ErrnoException).code === "ENOENT");
}

interface TsvWord { line: string; left: number; top: number; width: number; height: number; text: string }

/** tesseract TSV → words with the key of the line they are on (level 5 rows). */
export function parseTsv(tsv: string): TsvWord[] {
  const out: TsvWord[] = [];
  for (const row of tsv.split("\n").slice(1)) {
    const c = row.split("\t");
    if (c.length < 12 || c[0] !== "5") continue;
    const text = c.slice(11).join("\t").trim();
    if (!text) continue;
    out.push({ line: `${c[2]}.${c[3]}.${c[4]}`, left: +c[6]!, top: +c[7]!, width: +c[8]!, height: +c[9]!, text });
  }
  return out;
}

/**
 * Words → text runs in PDF points. A line's words share its baseline (the bottom of the line's
 * box) and its size (the line's height: punctuation boxes are smaller than characters); sizes
 * within a fifth of the page's typical line height are set to it, so body lines compare equal.
 */
export function wordsToRuns(words: readonly TsvWord[], pageHeightPt: number): TextRun[] {
  const lines = new Map<string, TsvWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  const heights = [...lines.values()].map((ws) => Math.max(...ws.map((w) => w.height)));
  const typical = median(heights);
  const runs: TextRun[] = [];
  for (const ws of lines.values()) {
    let h = Math.max(...ws.map((w) => w.height));
    if (Math.abs(h - typical) <= typical * 0.2) h = typical;
    const bottom = Math.max(...ws.map((w) => w.top + w.height));
    for (const w of ws) {
      runs.push({ text: w.text, x: w.left * PT_PER_PX, y: pageHeightPt - bottom * PT_PER_PX, w: w.width * PT_PER_PX, size: h * PT_PER_PX, font: "" });
    }
  }
  return runs;
}

export interface OcrPage {
  page: number;
  width: number;
  height: number;
}

/**
 * OCR the given pages of a PDF. `alive` is called after each page (long work keeps its reader's
 * deadline); each tool call has its own time limit.
 */
export async function ocrPages(pdf: Uint8Array, pages: readonly OcrPage[], tools: OcrTools, alive: () => void, pageTimeoutMs = 120_000): Promise<PageLines[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-ocr-"));
  try {
    const input = path.join(dir, "in.pdf");
    fs.writeFileSync(input, pdf);
    const out: PageLines[] = [];
    for (const p of pages) {
      const prefix = path.join(dir, `p${p.page}`);
      await run(tools.pdftoppm, ["-r", String(DPI), "-gray", "-png", "-singlefile", "-f", String(p.page), "-l", String(p.page), input, prefix], { timeout: pageTimeoutMs });
      const r = await run(tools.tesseract, [`${prefix}.png`, "stdout", "-l", OCR_LANGUAGE, "tsv"], {
        timeout: pageTimeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      });
      fs.rmSync(`${prefix}.png`, { force: true });
      out.push({ page: p.page, width: p.width, height: p.height, lines: runsToLines(wordsToRuns(parseTsv(r.stdout), p.height), p.page) });
      alive();
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
