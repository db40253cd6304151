/**
 * Every entry under corpus/, accounted for. The corpus is read recursively (collections are kept
 * in folders by region, year, series); each entry found is either a file to read or gets a
 * FileReport saying why not:
 * - ignored on purpose: README*, dotfiles and dot-folders, catalog.json, Office lock files (~$…);
 * - skipped: special files (FIFO, socket, device — never opened, so a FIFO cannot block), symlinks
 *   whose real path leaves corpus/ (or that are broken or loop), files over the maximum size,
 *   names holding control characters, folders that cannot be listed.
 * Symlinks to files whose real path stays inside corpus/ are followed; the file keeps the link's
 * path as its source, and its target is part of the cache key. A symlink to a folder inside
 * corpus/ is listed as ignored (its files are read where they are). Nothing here throws.
 *
 * Reading a listed file (`readCorpusFile`) opens it without following a FIFO's block
 * (O_NONBLOCK), checks it is still a regular file within the maximum, and turns EACCES, ENOENT and
 * the like into a reason.
 */
import fs from "node:fs";
import path from "node:path";
import type { FileReport } from "../model.ts";
import { CATALOG_FILE } from "./catalog.ts";

export const DEFAULT_MAX_FILE_MB = 200;

/** The largest corpus file read, from ZHANGJIE_MAX_FILE_MB (default 200 MB). */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.ZHANGJIE_MAX_FILE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_FILE_MB) * 1024 * 1024;
}

/** A regular file to read. */
export interface CorpusFile {
  /** Corpus-relative path, "/"-separated: the document's source. */
  rel: string;
  /** Absolute path to open (the real path when reached through a symlink). */
  full: string;
  /** Set when reached through a symlink: where the link points (inside corpus/). */
  linkTarget?: string;
  size: number;
  mtimeMs: number;
}

export interface CorpusWalk {
  files: CorpusFile[];
  /** Entries that are not read, with their reasons (ignored or skipped). */
  reports: FileReport[];
  /** Set when corpus/ itself cannot be listed. */
  error?: string;
}

export interface WalkOptions {
  maxFileBytes?: number;
}

const MAX_DEPTH = 64;

/** A path as shown in reports: control characters escaped, so a name cannot break a log line or a page. */
export function displayPath(rel: string): string {
  return rel.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

function report(rel: string, why: { ignored?: string; error?: string }, bytes?: number): FileReport {
  return { file: displayPath(rel), ok: !why.error, documents: 0, passages: 0, warnings: [], ...why, ...(bytes !== undefined ? { bytes } : {}) };
}

/** Why an entry is left out on purpose, or null. */
export function ignoredReason(name: string, rel: string): string | null {
  if (name.startsWith(".")) return "hidden (name starts with a dot) / 隐藏文件";
  if (/^readme/i.test(name)) return "README: notes about the corpus, not a document / 说明文件，不是文档";
  if (name === CATALOG_FILE) return rel === CATALOG_FILE ? "the catalog: metadata about the other files / 目录元数据文件" : "a catalog file (only corpus/catalog.json is read) / 目录文件";
  if (name.startsWith("~$")) return "an Office lock file (the document is open in Word or WPS) / Office 临时锁定文件";
  return null;
}

function specialKind(st: fs.Stats): string | null {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return null;
}

function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}

function errno(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM") return "permission denied (EACCES) / 没有读取权限";
  if (err.code === "ENOENT") return "vanished while the corpus was read (ENOENT) / 文件已不存在";
  if (err.code === "ELOOP") return "a symbolic link loop (ELOOP) / 符号链接循环";
  return `${err.code ?? "error"}: ${err.message}`;
}

/** List corpus/ recursively. Never throws. */
export function walkCorpus(corpusDir: string, opts: WalkOptions = {}): CorpusWalk {
  const max = opts.maxFileBytes ?? maxFileBytes();
  const out: CorpusWalk = { files: [], reports: [] };
  let root: string;
  try {
    root = fs.realpathSync(corpusDir);
    if (!fs.statSync(root).isDirectory()) throw Object.assign(new Error(`${corpusDir} is not a directory`), { code: "ENOTDIR" });
  } catch (e) {
    out.error = errno(e);
    return out;
  }

  const visit = (dir: string, relDir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.reports.push(report(relDir || ".", { error: `cannot list this folder: ${errno(e)}` }));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) entry(dir, relDir, e.name, depth);
  };

  const entry = (dir: string, relDir: string, name: string, depth: number): void => {
    const rel = relDir ? `${relDir}/${name}` : name;
    const full = path.join(dir, name);
    const ignored = ignoredReason(name, rel);
    if (ignored) { out.reports.push(report(rel, { ignored })); return; }
    if (/[\u0000-\u001f\u007f]/.test(name)) {
      out.reports.push(report(rel, { error: "the name holds control characters; rename the file / 文件名含控制字符，请重命名" }));
      return;
    }
    let st: fs.Stats;
    try {
      st = fs.lstatSync(full);
    } catch (e) {
      out.reports.push(report(rel, { error: errno(e) }));
      return;
    }
    let real = full;
    let linkTarget: string | undefined;
    if (st.isSymbolicLink()) {
      try {
        real = fs.realpathSync(full);
        st = fs.statSync(real);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        out.reports.push(report(rel, { error: code === "ENOENT" ? "a broken symbolic link / 符号链接指向不存在的文件" : `symbolic link: ${errno(e)}` }));
        return;
      }
      if (!inside(root, real)) {
        out.reports.push(report(rel, { error: "a symbolic link to a place outside corpus/; not followed / 指向 corpus/ 之外的符号链接，未读取" }));
        return;
      }
      linkTarget = path.relative(root, real).split(path.sep).join("/");
      if (st.isDirectory()) {
        // Its files are read where they are; following the link would read them twice.
        out.reports.push(report(rel, { ignored: `a symbolic link to the folder ${linkTarget || "."} inside corpus/, whose files are read there / 指向 corpus/ 内文件夹的符号链接` }));
        return;
      }
    }
    const special = specialKind(st);
    if (special) { out.reports.push(report(rel, { error: `${special}, not a file; not opened / 特殊文件，未读取` })); return; }
    if (st.isDirectory()) {
      if (depth >= MAX_DEPTH) { out.reports.push(report(rel, { error: `folders nested deeper than ${MAX_DEPTH} levels; not read / 文件夹层级过深` })); return; }
      visit(real, rel, depth + 1);
      return;
    }
    if (!st.isFile()) { out.reports.push(report(rel, { error: "not a regular file; not opened / 不是普通文件" })); return; }
    if (st.size > max) {
      out.reports.push(report(rel, { error: `over the maximum size: ${mb(st.size)} MB > ${mb(max)} MB (ZHANGJIE_MAX_FILE_MB); not read / 文件超过大小上限，未读取` }, st.size));
      return;
    }
    out.files.push({ rel, full: real, linkTarget, size: st.size, mtimeMs: st.mtimeMs });
  };

  visit(root, "", 0);
  return out;
}

export type FileRead = { ok: true; bytes: Buffer } | { ok: false; error: string };

/**
 * Read a listed file: opened non-blocking (a file swapped for a FIFO since the walk cannot block
 * us), checked to be a regular file within the maximum, read whole.
 */
export function readCorpusFile(f: CorpusFile, max: number = maxFileBytes()): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(f.full, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, error: `cannot read: ${errno(e)}` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, error: `${specialKind(st) ?? "not a regular file"} (changed since the corpus was listed); not read / 不是普通文件` };
    if (st.size > max) return { ok: false, error: `over the maximum size: ${mb(st.size)} MB > ${mb(max)} MB (ZHANGJIE_MAX_FILE_MB); not read / 文件超过大小上限，未读取` };
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = fs.readSync(fd, buf, at, st.size - at, at);
      if (n === 0) break; // truncated meanwhile: keep what is there
      at += n;
    }
    return { ok: true, bytes: at === st.size ? buf : buf.subarray(0, at) };
  } catch (e) {
    return { ok: false, error: `cannot read: ${errno(e)}` };
  } finally {
    fs.closeSync(fd);
  }
}
