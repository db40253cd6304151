/**
 * The corpus manifest: per corpus file its size, times, inode and content hash, kept in the index
 * cache so that a start hashes only the files whose stat changed (hashing every file cost ≈ 0.1 s at
 * ×100 and ≈ 1 s at ×1000 on every start). The live collection uses `diffManifests` to learn which
 * files were added, changed or removed.
 *
 * When is a stat "unchanged"? Same size, mtime, ctime and inode. Tools can set mtime back
 * (`cp -p`, `touch -d`, an editor restoring it), but not ctime: the kernel sets it on every write
 * or metadata change, so equal ctimes mean the content was not written since it was hashed. A
 * file replaced by another (rename over it, restore from a backup) has a new inode or ctime.
 *
 * `listCorpusFiles` is this module's own walk (every regular file under the folder, at any depth,
 * sorted); the ingest's corpus walk can take its place when it lists the same files.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ManifestEntry {
  /** Corpus-relative path, "/"-separated. */
  path: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /** The file is a PDF (its head says %PDF-): what it reads to depends on whether OCR is installed. */
  pdf?: boolean;
}

export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

export interface ManifestUpdate {
  manifest: Manifest;
  /** Paths whose bytes were read and hashed this time (new files, or a stat that changed). */
  rehashed: string[];
}

/** Every regular file under dir (any depth), as sorted corpus-relative "/"-separated paths. */
export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return; // vanished or unreadable: ingest reports what it cannot read
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk("");
  return out.sort(byCodeUnits);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The manifest of dir now, reusing the hashes of `previous` for files whose stat is unchanged. */
export function updateManifest(dir: string, previous: Manifest | null, list: (dir: string) => string[] = listCorpusFiles): ManifestUpdate {
  const known = new Map((previous?.files ?? []).map((f) => [f.path, f]));
  const files: ManifestEntry[] = [];
  const rehashed: string[] = [];
  for (const rel of list(dir)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.join(dir, rel));
    } catch {
      continue; // vanished since the listing
    }
    if (!stat.isFile()) continue; // turned into a FIFO or a folder since the listing: never opened
    const old = known.get(rel);
    const entry = { path: rel, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
    if (old && old.size === entry.size && old.mtimeMs === entry.mtimeMs && old.ctimeMs === entry.ctimeMs && old.ino === entry.ino) {
      files.push({ ...entry, sha256: old.sha256, ...(old.pdf ? { pdf: true } : {}) });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, rel));
    } catch (err) {
      // Unreadable now: hashed as its error, so that becoming readable changes the key.
      bytes = Buffer.from(`unreadable: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
    }
    const pdf = bytes.subarray(0, 1024).includes("%PDF-");
    files.push({ ...entry, sha256: crypto.createHash("sha256").update(bytes).digest("hex"), ...(pdf ? { pdf: true } : {}) });
    rehashed.push(rel);
  }
  return { manifest: { version: 1, files }, rehashed };
}

/** What the cache key takes from the corpus: every file's path and content hash, nothing from its stat. */
export function manifestDigest(m: Manifest): string {
  const h = crypto.createHash("sha256");
  for (const f of m.files) h.update(`${f.path}\0${f.sha256}\n`);
  return h.digest("hex");
}

/** Files added, changed (content) and removed between two manifests. */
export function diffManifests(before: Manifest | null, after: Manifest): { added: string[]; changed: string[]; removed: string[] } {
  const old = new Map((before?.files ?? []).map((f) => [f.path, f.sha256]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const f of after.files) {
    const h = old.get(f.path);
    if (h === undefined) added.push(f.path);
    else if (h !== f.sha256) changed.push(f.path);
    old.delete(f.path);
  }
  return { added, changed, removed: [...old.keys()] };
}

export function encodeManifest(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify(m), "utf8");
}

/** A manifest from its bytes, or null when they are not one (the caller then hashes every file). */
export function decodeManifest(bytes: Uint8Array | undefined): Manifest | null {
  if (!bytes) return null;
  try {
    const m = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as Manifest;
    const ok =
      m.version === 1 &&
      Array.isArray(m.files) &&
      m.files.every((f) => typeof f.path === "string" && typeof f.sha256 === "string" && [f.size, f.mtimeMs, f.ctimeMs, f.ino].every((x) => typeof x === "number"));
    return ok ? m : null;
  } catch {
    return null;
  }
}
