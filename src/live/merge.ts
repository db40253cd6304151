/**
 * Merging the live collection: the live passages of every segment into one segment in corpus order
 * (no text segmented again), the echoes computed afresh, saved as the main cache — what a full build
 * of the same files makes. Used at a start (open.ts) and in the background (merge-worker.ts).
 */
import path from "node:path";
import { CACHE_FILE, ECHO_SECTION, MANIFEST_SECTION, SEGMENT_PREFIX } from "../engine.ts";
import { objectSections } from "../index/cache-codec.ts";
import { computeCacheKeyFromDigest, corpusDigest } from "../index/cache-key.ts";
import { writeCacheFile } from "../index/cache-file.ts";
import { encodeManifest } from "../index/corpus-manifest.ts";
import { SegmentSet } from "../index/segment-set.ts";
import { Segment } from "../index/segment.ts";
import { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { walkCorpus } from "../ingest/corpus-walk.ts";
import { computeEchoes } from "../echo/index.ts";
import type { DocumentRecord } from "../model.ts";
import { groupKey, type LiveState } from "./collection.ts";
import { walkOrder } from "./order.ts";

/** When the extra segments are merged in the background: more than this many of them… */
export const MERGE_SEGMENTS = 4;
/** …or new and deleted passages more than this share of all. */
export const MERGE_SHARE = 0.1;

/** Whether a state's extra segments (and deletion marks) are worth a merge (ZHANGJIE_LIVE_MERGE_SEGMENTS, ZHANGJIE_LIVE_MERGE_SHARE). */
export function wantsMerge(state: LiveState, env: NodeJS.ProcessEnv = process.env): boolean {
  const extras = state.segments.length - 1;
  if (!state.echo || (extras < 1 && state.deleted.cardinality === 0)) return false;
  const maxSegments = /^\d+$/.test(env.ZHANGJIE_LIVE_MERGE_SEGMENTS ?? "") ? Number(env.ZHANGJIE_LIVE_MERGE_SEGMENTS) : MERGE_SEGMENTS;
  const share = /^\d*\.?\d+$/.test(env.ZHANGJIE_LIVE_MERGE_SHARE ?? "") ? Number(env.ZHANGJIE_LIVE_MERGE_SHARE) : MERGE_SHARE;
  const total = state.deleted.size;
  const fresh = total - state.segments[0]!.passages;
  return extras > maxSegments || fresh + state.deleted.cardinality > share * total;
}

/**
 * The state's live passages as one segment, saved as the main cache under the key of the corpus it
 * holds; null when the echo store is missing (a cache is never saved without echoes).
 */
export function mergeState(state: LiveState, corpusDir: string, dictPath: string, cacheDir: string, log: (line: string) => void): LiveState | null {
  if (!state.echo) {
    log("live collection: not merged (echoes missing); the journal stays");
    return null;
  }
  const set = new SegmentSet(state.segments, state.deleted);
  const merged = set.merge(corpusOrder(set));
  // The merged segment carries every segment's file reports; the live ones replace them.
  const parts = merged.parts();
  const docs = JSON.parse(Buffer.from(parts.docs).toString("utf8")) as { documents: unknown[] };
  const segment = new Segment({ ...parts, docs: Buffer.from(JSON.stringify({ documents: docs.documents, reports: state.reports }), "utf8") });
  // Echoes computed afresh over the whole collection: what the incremental passes decided near a
  // threshold is decided as a full build decides it.
  let echo = state.echo;
  try {
    echo = computeEchoes(segment.documents());
  } catch (err) {
    log(`live collection: echoes not recomputed at the merge (${(err as Error).message})`);
  }
  const key = computeCacheKeyFromDigest(corpusDigest(corpusDir, walkCorpus(corpusDir), state.manifest), dictPath);
  writeCacheFile(path.join(cacheDir, CACHE_FILE), key, {
    [MANIFEST_SECTION]: encodeManifest(state.manifest),
    ...segment.toSections(SEGMENT_PREFIX),
    ...objectSections(ECHO_SECTION, echo as unknown as Record<string, unknown>),
  });
  log(`live collection: merged ${state.segments.length} segments into the main cache`);
  return { ...state, baseKey: key, segments: [segment], deleted: new OrdinalBitmap(segment.passages), echo };
}

/**
 * The set's documents in corpus order, as a full build relates them: documents sharing a title
 * (one group of relations) by the corpus order of the group's first file; within that, as they are
 * (each group was related in one pass, in corpus order).
 */
function corpusOrder(set: SegmentSet): [number, number][] {
  const entries: { at: [number, number]; doc: DocumentRecord }[] = [];
  set.segments.forEach((s, k) => s.documents().forEach((doc, d) => entries.push({ at: [k, d], doc })));
  const live = new Set(set.documents());
  const first = new Map<string, string>();
  for (const { doc } of entries) {
    if (!live.has(doc)) continue;
    const key = groupKey(doc);
    for (const e of doc.editions) {
      const f = first.get(key);
      if (f === undefined || walkOrder(e.source, f) < 0) first.set(key, e.source);
    }
  }
  const rank = (doc: DocumentRecord) => (live.has(doc) ? first.get(groupKey(doc)) ?? "" : "");
  return entries
    .map((x, i) => ({ ...x, i, file: rank(x.doc) }))
    .sort((a, b) => walkOrder(a.file, b.file) || a.i - b.i)
    .map((x) => x.at);
}

