/**
 * The cache key: a SHA-256 over everything that decides what a build produces —
 * every corpus entry as the corpus walk sees it (src/ingest/corpus-walk.ts: files by path and
 * bytes — through a symlink, the target's bytes —; skipped and ignored entries by their reason, so
 * a file over the maximum size is keyed by its size, never read), catalog.json, the reader
 * settings that change what is read (the size maximum, whether OCR is installed), the policy
 * dictionary, the analyzer and index format versions, and the source of the build-time pipeline
 * (ingest, analysis, index, echo), so that a code change during development never serves an index
 * built by older code. Nothing here throws for a bad corpus file.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ANALYZER_VERSION } from "../analysis/analyzer.ts";
import { CATALOG_FILE } from "../ingest/catalog.ts";
import { maxFileBytes, readCorpusFile, walkCorpus } from "../ingest/corpus-walk.ts";
import { ocrAvailableSync } from "../ingest/formats/pdf-ocr.ts";

/** Bump when the cache file's sections change shape. */
const INDEX_FORMAT = "zj-index-5";

const SRC = fileURLToPath(new URL("../", import.meta.url));
const PIPELINE_DIRS = ["ingest", "analysis", "index", "echo"];

function listFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function computeCacheKey(corpusDir: string, dictPath: string): string {
  const h = crypto.createHash("sha256");
  // Typed-array sections are written in the platform's byte order.
  h.update(`${INDEX_FORMAT}\0${os.endianness()}\0${ANALYZER_VERSION}\0`);
  hashCorpus(h, corpusDir);
  h.update("dict\0");
  h.update(readOrEmpty(dictPath));
  for (const d of PIPELINE_DIRS) {
    for (const f of listFiles(path.join(SRC, d))) {
      if (!f.endsWith(".ts")) continue;
      h.update(`src\0${path.relative(SRC, f)}\0`);
      h.update(fs.readFileSync(f));
    }
  }
  h.update(`model\0`);
  h.update(fs.readFileSync(path.join(SRC, "model.ts")));
  return h.digest("hex");
}

function readOrEmpty(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

function hashCorpus(h: crypto.Hash, corpusDir: string): void {
  const max = maxFileBytes();
  const walk = walkCorpus(corpusDir, { maxFileBytes: max });
  h.update(`walk\0${walk.error ?? ""}\0max\0${max}\0`);
  for (const r of walk.reports) h.update(`entry\0${r.file}\0${r.error ?? ""}\0${r.ignored ?? ""}\0`);
  h.update(`catalog\0`);
  h.update(readOrEmpty(path.join(corpusDir, CATALOG_FILE)));
  let pdf = false;
  for (const f of walk.files) {
    h.update(`corpus\0${f.rel}\0${f.linkTarget ?? ""}\0`);
    const read = readCorpusFile(f, max);
    if (!read.ok) { h.update(`unreadable\0${read.error}\0`); continue; }
    h.update(read.bytes);
    pdf ||= read.bytes.subarray(0, 1024).includes("%PDF-");
  }
  // Scanned pages read differently with OCR installed or not.
  if (pdf) h.update(`ocr\0${ocrAvailableSync()}\0`);
}
