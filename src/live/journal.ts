/**
 * The live journal: what the live collection added to the main cache since it was written —
 * the extra segments, the deletion marks, the echo store, the file reports and the corpus manifest
 * as they are now — in one cache file beside it (index-cache/live.zjc), written atomically (temp
 * file, fsync, rename) before a change is served or acknowledged. It is keyed by the main cache's
 * key, so it is applied only over the main cache it was written against; and it records the code
 * key (dictionary, pipeline code), so an index made by other code is never extended.
 *
 * A crash leaves the old journal or the new one. A merge (`compact`) writes a new main cache first
 * (under the key of the corpus it now holds), then removes the journal: a crash between the two
 * leaves a journal whose base key no longer matches, which is ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { objectFromSections, objectSections } from "../index/cache-codec.ts";
import { readCacheFile, viewAs, writeCacheFile, type SectionData } from "../index/cache-file.ts";
import { decodeManifest, encodeManifest } from "../index/corpus-manifest.ts";
import { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { Segment } from "../index/segment.ts";
import { isEchoStore, type EchoStore } from "../echo/index.ts";
import type { FileReport } from "../model.ts";
import type { LiveState } from "./collection.ts";

export const JOURNAL_FILE = "live.zjc";
const META = "live.meta";
const DELETED = "live.deleted";
const REPORTS = "live.reports";
const MANIFEST = "live.manifest";
const ECHO = "live.echo";
const segPrefix = (k: number) => `live.seg${k}.`;

interface JournalMeta {
  version: 1;
  codeKey: string;
  baseKey: string;
  extras: number;
  passages: number;
  echo: boolean;
}

export function journalPath(cacheDir: string): string {
  return path.join(cacheDir, JOURNAL_FILE);
}

/** Save the state's difference from its main cache (its extra segments, marks, echoes, reports, manifest). */
export function writeJournal(cacheDir: string, codeKey: string, state: LiveState): void {
  const extras = state.segments.slice(1);
  const passages = state.deleted.size;
  const deleted: number[] = [];
  for (let o = 0; o < passages; o++) if (state.deleted.has(o)) deleted.push(o);
  const sections: Record<string, SectionData> = {
    [META]: json({ version: 1, codeKey, baseKey: state.baseKey, extras: extras.length, passages, echo: state.echo !== null } satisfies JournalMeta),
    [DELETED]: Uint32Array.from(deleted),
    [REPORTS]: json(state.reports),
    [MANIFEST]: encodeManifest(state.manifest),
  };
  extras.forEach((s, i) => Object.assign(sections, s.toSections(segPrefix(i + 1))));
  if (state.echo) Object.assign(sections, echoSections(state.echo));
  writeCacheFile(journalPath(cacheDir), state.baseKey, sections);
}

/** Encoded echo stores: a change journals the echo store it started from again (its pass follows), so each store is encoded once. */
const encodedEchoes = new WeakMap<EchoStore, Record<string, SectionData>>();

function echoSections(echo: EchoStore): Record<string, SectionData> {
  let e = encodedEchoes.get(echo);
  if (!e) encodedEchoes.set(echo, (e = objectSections(ECHO, echo as unknown as Record<string, unknown>)));
  return e;
}

export function removeJournal(cacheDir: string): void {
  fs.rmSync(journalPath(cacheDir), { force: true });
}

export interface Journal {
  baseKey: string;
  /** The state over the main cache's segment (passed in once the main cache is loaded). */
  apply(main: Segment): LiveState;
}

/**
 * The journal if there is a sound one written by this code: its base key, and how to rebuild the
 * state over the main segment. Null (with the reason logged) otherwise.
 */
export function readJournal(cacheDir: string, codeKey: string, log: (line: string) => void): Journal | null {
  const file = journalPath(cacheDir);
  if (!fs.existsSync(file)) return null;
  const read = readCacheFile(file, (sections) => metaOf(sections)?.baseKey ?? "");
  if (!read.ok) {
    log(`live journal not used: ${read.reason}`);
    return null;
  }
  const meta = metaOf(read.sections);
  if (!meta || meta.codeKey !== codeKey) {
    log("live journal not used: written by other code or dictionary");
    return null;
  }
  const s = read.sections;
  return {
    baseKey: meta.baseKey,
    apply(main) {
      const segments = [main];
      for (let k = 1; k <= meta.extras; k++) segments.push(Segment.fromSections(s, segPrefix(k)));
      const total = segments.reduce((n, x) => n + x.passages, 0);
      if (total !== meta.passages) throw new Error(`live journal: ${total} passages in its segments, ${meta.passages} recorded`);
      const deleted = new OrdinalBitmap(total);
      for (const o of viewAs(Uint32Array, s[DELETED]!, DELETED)) deleted.add(o);
      const echoRaw = meta.echo ? objectFromSections(s, ECHO) : null;
      const manifest = decodeManifest(s[MANIFEST]);
      if (!manifest) throw new Error("live journal: unreadable manifest");
      return {
        baseKey: meta.baseKey,
        segments,
        deleted,
        echo: isEchoStore(echoRaw) ? echoRaw : null,
        reports: JSON.parse(Buffer.from(s[REPORTS]!).toString("utf8")) as FileReport[],
        manifest,
      };
    },
  };
}

function metaOf(sections: Record<string, Uint8Array>): JournalMeta | null {
  const raw = sections[META];
  if (!raw) return null;
  try {
    const m = JSON.parse(Buffer.from(raw).toString("utf8")) as JournalMeta;
    return m.version === 1 && typeof m.baseKey === "string" && typeof m.codeKey === "string" && Number.isInteger(m.extras) ? m : null;
  } catch {
    return null;
  }
}

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), "utf8");
