/**
 * The cache key: a SHA-256 over everything that decides what a build produces —
 * every corpus file (name and bytes), the policy dictionary, the analyzer and index format
 * versions, and the source of the build-time pipeline (ingest, analysis, index, echo), so that a
 * code change during development never serves an index built by older code.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ANALYZER_VERSION } from "../analysis/analyzer.ts";

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
  for (const f of listFiles(corpusDir)) {
    h.update(`corpus\0${path.relative(corpusDir, f)}\0`);
    h.update(fs.readFileSync(f));
  }
  h.update("dict\0");
  h.update(fs.existsSync(dictPath) ? fs.readFileSync(dictPath) : Buffer.alloc(0));
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

/** Bump when the segment cache's sections (segment.ts) change shape. */
const SEGMENT_CACHE_FORMAT = "zj-segment-1";

/**
 * The cache key from a digest of the corpus instead of the corpus files' bytes: the digest
 * (corpus-manifest.ts `manifestDigest`) covers every file's path and content hash, kept in a
 * manifest so that a start rehashes only the files whose stat changed. Dictionary, analyzer,
 * pipeline source and format are covered as in computeCacheKey.
 */
export function computeCacheKeyFromDigest(corpusDigest: string, dictPath: string): string {
  const h = crypto.createHash("sha256");
  h.update(`${SEGMENT_CACHE_FORMAT}\0${os.endianness()}\0${ANALYZER_VERSION}\0`);
  h.update(`corpus\0${corpusDigest}\0`);
  h.update("dict\0");
  h.update(fs.existsSync(dictPath) ? fs.readFileSync(dictPath) : Buffer.alloc(0));
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
