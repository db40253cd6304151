/**
 * Writing an upload into corpus/ (corpus/uploads/): atomically — a temp file in the same folder,
 * fsync, then a hard link to the final name, which fails if the name exists — so the corpus never
 * holds half a file and a different file of the same name is never overwritten (the upload takes
 * the next free name: `plan (2).pdf`). The temp name starts with a dot, which the corpus walk and
 * the watcher leave alone. A file of the same name and content is the same upload: nothing is written.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { numberedName } from "./names.ts";

export const UPLOAD_DIR = "uploads";

export interface Placed {
  /** Corpus-relative path. */
  rel: string;
  /** A file with this name and content was already there. */
  existed: boolean;
}

export function placeUpload(corpusDir: string, name: string, bytes: Uint8Array, sha256: string): Placed {
  const dir = path.join(corpusDir, UPLOAD_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${crypto.randomBytes(6).toString("hex")}.upload.tmp`);
  const fd = fs.openSync(tmp, "wx", 0o644);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      const target = path.join(dir, candidate);
      const rel = `${UPLOAD_DIR}/${candidate}`;
      try {
        fs.linkSync(tmp, target);
        syncDir(dir);
        return { rel, existed: false };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        if (sameContent(target, sha256)) return { rel, existed: true };
      }
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Remove a corpus file (a deleted document's), durably. */
export function removeCorpusFile(corpusDir: string, rel: string): void {
  const full = path.join(corpusDir, rel);
  const root = path.resolve(corpusDir);
  if (!path.resolve(full).startsWith(root + path.sep)) throw new Error(`not inside the corpus: ${rel}`);
  fs.rmSync(full, { force: true });
  syncDir(path.dirname(full));
}

function sameContent(file: string, sha256: string): boolean {
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex") === sha256;
  } catch {
    return false;
  }
}

/** fsync a folder, so a rename or link in it survives a crash. */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse to fsync a folder; the link itself is still atomic.
  }
}
