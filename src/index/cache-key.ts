/**
 * The cache key: a SHA-256 over everything that decides what a build produces —
 * the corpus as the corpus walk sees it (src/ingest/corpus-walk.ts: files by path and content hash —
 * through a symlink, the target's —; skipped and ignored entries by their reason, so a file over the
 * maximum size is keyed by its size, never read), catalog.json, the reader settings that change what
 * is read (the size maximum, whether OCR is installed when the corpus holds a PDF), the policy
 * dictionary, the analyzer and segment format versions, and the source of the build-time pipeline
 * (ingest, analysis, index, echo), so that a code change during development never serves an index
 * built by older code. Nothing here throws for a bad corpus file.
 *
 * The files' content hashes come from the corpus manifest (corpus-manifest.ts), which a start
 * updates by rehashing only the files whose stat changed: the key costs a stat per file, not a read.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ANALYZER_VERSION } from "../analysis/analyzer.ts";
import { CATALOG_FILE } from "../ingest/catalog.ts";
import { maxFileBytes, walkCorpus, type CorpusWalk } from "../ingest/corpus-walk.ts";
import { ocrAvailableSync } from "../ingest/formats/pdf-ocr.ts";
import { updateManifest, type Manifest } from "./corpus-manifest.ts";

/** Bump when the segment cache's sections (segment.ts) change shape. */
const SEGMENT_CACHE_FORMAT = "zj-segment-2";

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

function readOrEmpty(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * What the key takes from the corpus: the walk's verdict on every entry, catalog.json, the size
 * maximum, each read file's path and content hash (from the manifest), and whether OCR is installed
 * when a PDF is among them (scanned pages read differently with it or without it).
 */
export function corpusDigest(corpusDir: string, walk: CorpusWalk, manifest: Manifest): string {
  const h = crypto.createHash("sha256");
  h.update(`walk\0${walk.error ?? ""}\0max\0${maxFileBytes()}\0`);
  for (const r of walk.reports) h.update(`entry\0${r.file}\0${r.error ?? ""}\0${r.ignored ?? ""}\0`);
  const links = new Map(walk.files.map((f) => [f.rel, f.linkTarget ?? ""]));
  for (const f of manifest.files) h.update(`corpus\0${f.path}\0${links.get(f.path) ?? ""}\0${f.sha256}\n`);
  h.update(`catalog\0`);
  h.update(readOrEmpty(path.join(corpusDir, CATALOG_FILE)));
  if (manifest.files.some((f) => f.pdf)) h.update(`ocr\0${ocrAvailableSync()}\0`);
  return h.digest("hex");
}

/** The cache key from the corpus digest (corpusDigest) and everything that is not the corpus. */
export function computeCacheKeyFromDigest(corpusDigestHex: string, dictPath: string): string {
  const h = crypto.createHash("sha256");
  // Typed-array sections are written in the platform's byte order.
  h.update(`${SEGMENT_CACHE_FORMAT}\0${os.endianness()}\0${ANALYZER_VERSION}\0`);
  h.update(`corpus\0${corpusDigestHex}\0`);
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

/** The key of a corpus from scratch (every file hashed): what a start without a manifest computes. */
export function computeCacheKey(corpusDir: string, dictPath: string): string {
  const walk = walkCorpus(corpusDir);
  const { manifest } = updateManifest(corpusDir, null, () => walk.files.map((f) => f.rel));
  return computeCacheKeyFromDigest(corpusDigest(corpusDir, walk, manifest), dictPath);
}
