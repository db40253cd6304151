/**
 * The corpus watcher: while the server runs, files added to, changed in or removed from corpus/
 * (any sub-folder) are indexed within a few seconds. chokidar reports the events; paths are
 * gathered for a quiet moment (debounce) and then handed to the collection as one change. A file
 * is taken only once its size and mtime have held still for a while (a file being copied in is not
 * read half-way); one still moving is looked at again later. A file whose content the collection
 * already holds (an upload the server wrote itself) is left alone. Hidden files (temp files of
 * uploads and editors) are ignored, as the corpus walk ignores them.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import type { LiveCollection } from "./collection.ts";

export interface WatchOptions {
  corpusDir: string;
  collection: LiveCollection;
  log: (line: string) => void;
  /** Quiet time before a batch is indexed, ms (default 300). */
  debounceMs?: number;
  /** How long size and mtime must hold still, ms (default 500). */
  stableMs?: number;
  /** Called after each batch (tests wait on it). */
  onIndexed?: (rels: string[]) => void;
}

export interface CorpusWatcher {
  /** Resolves once chokidar has scanned the tree and listens. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchCorpus(opts: WatchOptions): CorpusWatcher {
  const root = path.resolve(opts.corpusDir);
  const debounceMs = opts.debounceMs ?? 300;
  const stableMs = opts.stableMs ?? 500;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // Hidden names anywhere below the root (the root itself may live under a hidden folder).
    ignored: (p) => path.relative(root, p).split(path.sep).some((part) => part.startsWith(".")),
    awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: 100 },
  });
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const note = (p: string) => {
    const rel = path.relative(root, p).split(path.sep).join("/");
    if (!rel || rel.startsWith("..")) return;
    pending.add(rel);
    schedule();
  };
  const flush = async () => {
    timer = null;
    if (closed || pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    const ready: string[] = [];
    for (const rel of batch) {
      const state = await settled(path.join(root, rel), stableMs);
      if (state === "moving") pending.add(rel);
      else if (state === "gone") ready.push(rel, ...heldUnder(opts.collection, rel));
      else if (!alreadyHeld(opts.collection, root, rel)) ready.push(rel);
    }
    if (pending.size) schedule();
    if (!ready.length) return;
    try {
      const r = await opts.collection.change(ready);
      opts.log(`corpus changed (${ready.join(", ")}): ${r.documents.length} document(s) indexed, ${r.removed.length} removed`);
    } catch (err) {
      opts.log(`corpus change not indexed (${ready.join(", ")}): ${(err as Error).message}`);
    }
    opts.onIndexed?.(ready);
  };
  watcher.on("add", note).on("change", note).on("unlink", note).on("unlinkDir", note);
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** Whether a path holds still: same size and mtime across `ms` (or is gone, or is a folder). */
async function settled(full: string, ms: number): Promise<"stable" | "moving" | "gone"> {
  const a = statOrNull(full);
  if (!a) return "gone";
  if (a.isDirectory()) return "stable";
  await new Promise((r) => setTimeout(r, Math.min(ms, 200)));
  const b = statOrNull(full);
  if (!b) return "gone";
  return a.size === b.size && a.mtimeMs === b.mtimeMs && Date.now() - b.mtimeMs >= Math.min(ms, 200) ? "stable" : "moving";
}

function statOrNull(full: string): fs.Stats | null {
  try {
    return fs.statSync(full);
  } catch {
    return null;
  }
}

/** Files the collection holds under a folder that is gone. */
function heldUnder(collection: LiveCollection, rel: string): string[] {
  return collection.snapshot.state.manifest.files.map((f) => f.path).filter((p) => p.startsWith(`${rel}/`));
}

/** The collection already holds this content at this path (the server wrote it, or nothing changed). */
function alreadyHeld(collection: LiveCollection, root: string, rel: string): boolean {
  const entry = collection.snapshot.state.manifest.files.find((f) => f.path === rel);
  if (!entry) return false;
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(path.join(root, rel))).digest("hex") === entry.sha256;
  } catch {
    return false;
  }
}
