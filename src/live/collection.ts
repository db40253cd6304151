/**
 * The live collection: corpus files added, changed and removed while the server runs, indexed
 * incrementally.
 *
 * A change reads the changed files only, plus the files of the documents that share a title with
 * what changed (relations — editions, versions, parts — are decided among documents of one title,
 * so only those are related again). Their old documents are hidden by deletion marks; the new ones
 * become a small segment appended to the SegmentSet (their words are cut, nobody else's); their
 * echoes are computed against the other documents (echo/compute.ts `addDocumentEchoes`), which
 * also refreshes the echoes of the documents they echo.
 *
 * Every change makes a new immutable state (segments, marks, echo store, reports, manifest) and
 * swaps it in with one assignment: a query sees the collection before or after, never half of it.
 * Before the swap, the change is saved in a journal beside the main cache (journal.ts); the main
 * cache itself is rewritten only by a merge (`compact`), at the next start.
 */
import { stopwatch } from "../stopwatch.ts";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Engine } from "../engine.contract.ts";
import type { DocumentRecord, FileReport } from "../model.ts";
import { inThreadEngine, type WarmableEngine } from "../engine.ts";
import { parseFile, type ParsedFile } from "../ingest/index.ts";
import { CATALOG_FILE, loadCatalog, lookupCatalog, type Catalog } from "../ingest/catalog.ts";
import { relateDocuments } from "../ingest/relations/index.ts";
import { titleKey } from "../ingest/gazette-split.ts";
import { ignoredReason, maxFileBytes } from "../ingest/corpus-walk.ts";
import { closeReaders } from "../ingest/formats/registry.ts";
import { DEFAULT_LIMITS } from "../ingest/formats/types.ts";
import { indexWords } from "../index/word-cut-pool.ts";
import { indexCharacters } from "../index/char-index.ts";
import { buildSegment } from "../index/segment-build.ts";
import type { Segment } from "../index/segment.ts";
import { SegmentSet } from "../index/segment-set.ts";
import { OrdinalBitmap } from "../index/ordinal-bitmap.ts";
import { EmbeddedStore } from "../index/store.ts";
import { updateManifest, type Manifest, type ManifestEntry } from "../index/corpus-manifest.ts";
import { addDocumentEchoes, type EchoStore } from "../echo/index.ts";
import { walkOrder } from "./order.ts";

/** How long the echo pass of a change waits after the change is served, ms. */
const ECHO_DELAY_MS = 1000;

/** One immutable state of the collection. */
export interface LiveState {
  /** Key of the main cache file whose segment is segments[0]. */
  readonly baseKey: string;
  readonly segments: readonly Segment[];
  readonly deleted: OrdinalBitmap;
  readonly echo: EchoStore | null;
  /** What ingest said about each corpus file, by path. */
  readonly reports: readonly FileReport[];
  /** The corpus files the state holds, with their content hashes. */
  readonly manifest: Manifest;
}

/** A store whose file reports are the live ones (a segment's reports are those of its own build). */
export class LiveStore extends EmbeddedStore {
  constructor(
    set: SegmentSet,
    echo: EchoStore | null,
    private readonly liveReports: readonly FileReport[],
  ) {
    super(set, echo);
  }
  override reports(): readonly FileReport[] {
    return this.liveReports;
  }
  /**
   * Deleted documents keep their place (table indexes refer to it) as unnamed stand-ins, so that
   * nothing the searcher derives from the documents (unique titles and 文号 for facet filters) sees them.
   * They keep their editions: tables().edition numbers the documents' editions in order, so an
   * edition dropped here would shift every later document's (their passages stay marked, never hits).
   */
  private tombstoned: readonly DocumentRecord[] | null = null;
  /** A deleted passage's text is a mark of its own (groups of identical passages come from stored hashes: SearchTables.groups() leaves deleted members out). */
  override squeezedText(ord: number): string {
    return this.set.deleted.has(ord) ? `\u0000${ord}` : super.squeezedText(ord);
  }
  override squeezedTexts(ords: ArrayLike<number>): string[] {
    return Array.from(ords, (o) => this.squeezedText(o));
  }
  override tableDocuments(): readonly DocumentRecord[] {
    if (this.tombstoned) return this.tombstoned;
    const live = new Set(this.set.documents());
    return (this.tombstoned = this.set.allDocuments().map((d, i) => (live.has(d) ? d : tombstone(d, i))));
  }
}

/** A state with what serves it: the store and the engine over it. */
export interface Snapshot {
  readonly state: LiveState;
  readonly store: LiveStore;
  readonly engine: WarmableEngine;
}

export interface ChangeResult {
  /** Documents made by this change (new, or related again). */
  documents: DocumentRecord[];
  /** Ids of documents that left the collection (replaced ones are also in `documents`). */
  removed: string[];
  /** The reports of the files changed. */
  reports: FileReport[];
  /** Passages whose words were cut (the new segment's). */
  segmented: number;
  /** Seconds per step: read (files read and related), segment (words, grams, segment), echo, journal, swap. */
  timings: Record<string, number>;
}

export interface LiveOptions {
  corpusDir: string;
  dictPath?: string;
  log: (line: string) => void;
  /** Called with the new state before it is served (the journal write); a throw cancels the change. */
  persist?: (state: LiveState) => void;
  /**
   * Computes a change's echoes elsewhere (a worker reading the journaled state) from the ids of the
   * documents it added; without it they are computed on this thread.
   */
  echoPass?: (added: readonly string[]) => Promise<EchoStore>;
  /**
   * The background merge: whether a state's extra segments and marks are worth merging, and the
   * merge itself (elsewhere: a worker), giving the merged state. Runs after a change's echoes,
   * before the next change (changes wait for it; queries are answered meanwhile).
   */
  mergePass?: { wanted(state: LiveState): boolean; run(state: LiveState): Promise<LiveState> };
}

/** A file's content given by the caller (an upload already read and vetted) instead of read from disk. */
export interface GivenFile {
  rel: string;
  parsed: ParsedFile;
  sha256: string;
}

/**
 * The snapshot of a state. Given the snapshot it follows (whose segments are the first of this
 * state's: a change appends a segment and marks deletions), its tables are extended, not rebuilt:
 * the rows of the passages it held are copied and only the new segment's are built.
 */
export function snapshotOf(state: LiveState, log: (line: string) => void, prev?: Snapshot): Snapshot {
  const extend = prev && prev.state.segments.length <= state.segments.length && prev.state.segments.every((s, k) => state.segments[k] === s) ? prev : undefined;
  const set = new SegmentSet(state.segments, state.deleted, extend?.store.set);
  const store = new LiveStore(set, state.echo, state.reports);
  return { state, store, engine: inThreadEngine(store, log, { baseTables: extend?.engine.builtTables() ?? undefined }) };
}

/**
 * The snapshot with its searcher and echo index built, so the first query after the swap does not
 * pay for them and queries meanwhile are answered by the old snapshot.
 */
function warmed(snap: Snapshot): Snapshot {
  try {
    snap.engine.warm();
  } catch {
    // nothing to warm (an empty collection): the first query builds what it needs
  }
  return snap;
}

/** Group key of a document: the title relations group by (a part's is its work's). */
export function groupKey(d: DocumentRecord): string {
  return titleKey(d.part?.work ?? d.title);
}

export class LiveCollection {
  private current: Snapshot;
  /** Changes run one at a time (each builds on the state the previous one left). */
  private queue: Promise<unknown> = Promise.resolve();
  /** The catalog as the current state was read with (a change of catalog.json re-reads the files whose entry changed). */
  private catalog: Catalog;

  constructor(
    state: LiveState,
    private readonly opts: LiveOptions,
  ) {
    this.current = snapshotOf(state, opts.log);
    this.catalog = loadCatalog(opts.corpusDir);
  }

  get snapshot(): Snapshot {
    return this.current;
  }

  /** Swap in a state made elsewhere (a merge). */
  replace(state: LiveState): void {
    this.current = snapshotOf(state, this.opts.log);
  }

  /**
   * Index the corpus files `rels` as they are now (a path that no longer exists is a removal);
   * `given` supplies files already read. Runs after the changes queued before it; resolves once the
   * change is journaled and searchable (its echoes follow: `settled()`).
   */
  change(rels: readonly string[], given: readonly GivenFile[] = []): Promise<ChangeResult> {
    const run = this.queue.then(() => this.apply(rels, given));
    // The change's echoes run next, before any change queued after it (which builds on them).
    // Deferred a moment: the caller's answer and the queries right after it go first (the echo pass
    // runs on this thread for seconds on a big collection).
    this.queue = run
      .then(async (r) => {
        if (!r.refresh) return;
        await new Promise((resolve) => setTimeout(resolve, ECHO_DELAY_MS));
        await r.refresh();
        await this.mergeIfWanted();
      })
      .catch((err: unknown) => this.opts.log(`live change failed: ${(err as Error).message}`));
    return run.then((r) => r.result);
  }

  private async apply(rels: readonly string[], given: readonly GivenFile[]): Promise<{ result: ChangeResult; refresh: (() => Promise<void>) | null }> {
    const cur = this.current.state;
    const set = this.current.store.set;
    const catalog = loadCatalog(this.opts.corpusDir);
    const touched = new Set([...rels, ...given.map((g) => g.rel)].filter((rel) => rel !== CATALOG_FILE));
    // A path whose content the state already holds is no change (an upload the watcher saw again).
    const held = new Map(cur.manifest.files.map((f) => [f.path, f.sha256]));
    for (const rel of rels) {
      if (!held.has(rel) || given.some((g) => g.rel === rel)) continue;
      const bytes = readIfFile(path.join(this.opts.corpusDir, rel));
      if (bytes && crypto.createHash("sha256").update(bytes).digest("hex") === held.get(rel)) touched.delete(rel);
    }
    if (rels.includes(CATALOG_FILE)) {
      for (const f of cur.manifest.files) {
        if (JSON.stringify(lookupCatalog(this.catalog, f.path)) !== JSON.stringify(lookupCatalog(catalog, f.path))) touched.add(f.path);
      }
    }
    const limits = { ...DEFAULT_LIMITS, maxBytes: maxFileBytes() };
    const parsed = new Map<string, ParsedFile>();
    const hashes = new Map<string, string>();
    for (const g of given) {
      parsed.set(g.rel, g.parsed);
      hashes.set(g.rel, g.sha256);
    }
    const read = async (rel: string): Promise<void> => {
      if (parsed.has(rel) || hashes.has(rel)) return;
      const bytes = readIfFile(path.join(this.opts.corpusDir, rel));
      if (!bytes || ignoredReason(path.posix.basename(rel), rel)) {
        hashes.set(rel, "");
        return; // gone (or not a document file): a removal
      }
      parsed.set(rel, await parseFile(rel, bytes, lookupCatalog(catalog, rel), limits));
    };

    if (touched.size === 0) return { result: { documents: [], removed: [], reports: [], segmented: 0, timings: {} }, refresh: null };
    const { lap, timings } = stopwatch();
    const live = set.documents();
    const keys = new Set<string>();
    const affected = new Map<string, DocumentRecord>();
    try {
      for (const rel of touched) await read(rel);
      // The titles the change touches: of the documents read from the changed files, and of the
      // documents that came from them. Files of documents under those titles are read again, and
      // so on, until no new title appears (a gazette file holds documents of several titles).
      const keysOf = new Map<string, string[]>();
      const addFileKeys = () => {
        for (const [rel, p] of parsed) {
          if (!keysOf.has(rel)) keysOf.set(rel, relateDocuments(p.docs).map(groupKey));
          for (const k of keysOf.get(rel)!) keys.add(k);
        }
      };
      addFileKeys();
      for (;;) {
        const sizes = affected.size + keys.size;
        for (const d of live) {
          if (!affected.has(d.id) && (keys.has(groupKey(d)) || d.editions.some((e) => touched.has(e.source)))) affected.set(d.id, d);
        }
        for (const d of affected.values()) {
          keys.add(groupKey(d));
          for (const e of d.editions) if (!touched.has(e.source)) await read(e.source);
        }
        addFileKeys();
        if (affected.size + keys.size === sizes) break;
      }
    } finally {
      await closeReaders();
    }

    // Related in corpus order, as a full build relates them.
    const files = [...parsed.keys()].sort(walkOrder);
    const documents = relateDocuments(files.flatMap((f) => parsed.get(f)!.docs));
    const fileReports = files.map((f) => countPassages(parsed.get(f)!.report, documents));
    lap("read");

    // Old documents hidden; the new ones in a segment of their own.
    const n = set.passages;
    const texts = documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));
    const segment = documents.length ? await this.segmentOf(documents, fileReports, texts) : null;
    const deleted = new OrdinalBitmap(n + (segment?.passages ?? 0));
    for (let o = 0; o < n; o++) if (cur.deleted.has(o)) deleted.add(o);
    const marker = new SegmentSet(cur.segments, new OrdinalBitmap(n));
    for (const id of affected.keys()) marker.deleteDocument(id);
    for (let o = 0; o < n; o++) if (marker.deleted.has(o)) deleted.add(o);
    lap("segment");

    const remaining = live.filter((d) => !affected.has(d.id));
    const gone = new Set(touched);
    const reports = [...cur.reports.filter((r) => !gone.has(r.file) && !parsed.has(r.file)), ...fileReports].sort(reportOrder);
    const next: LiveState = {
      baseKey: cur.baseKey,
      segments: segment ? [...cur.segments, segment] : cur.segments,
      deleted,
      // The echoes follow in a second step (refreshEchoes): searchable first.
      echo: cur.echo,
      reports,
      manifest: this.manifestAfter(cur.manifest, touched, hashes),
    };
    this.opts.persist?.(next);
    lap("journal");
    this.current = warmed(snapshotOf(next, this.opts.log, this.current));
    this.catalog = catalog;
    lap("swap");
    const echoBase = cur.echo;
    const refresh = echoBase && (documents.length || affected.size) ? () => this.refreshEchoes(echoBase, remaining, documents) : null;
    const made = new Set(documents.map((d) => d.id));
    const result: ChangeResult = {
      documents,
      removed: [...affected.keys()].filter((id) => !made.has(id)),
      reports: fileReports.filter((r) => touched.has(r.file)),
      segmented: texts.length,
      timings,
    };
    return { result, refresh };
  }

  /**
   * The echoes of a change: the added documents' against the others (which refreshes the echoes of
   * the documents they echo), the removed ones' dropped. Runs after the change is served (it reads
   * every document's clauses: seconds on a big collection), then swaps in a snapshot with them.
   */
  private async refreshEchoes(base: EchoStore, remaining: readonly DocumentRecord[], added: readonly DocumentRecord[]): Promise<void> {
    let echo: EchoStore | null;
    try {
      echo = this.opts.echoPass
        ? await this.opts.echoPass(added.map((d) => d.id)).catch((err: unknown) => {
            this.opts.log(`echo worker failed (${(err as Error).message}); computing the echoes here`);
            return addDocumentEchoes(base, remaining, added);
          })
        : addDocumentEchoes(base, remaining, added);
    } catch (err) {
      this.opts.log(`echoes of the added documents failed (${(err as Error).message}); serving search without echoes`);
      echo = null;
    }
    const next: LiveState = { ...this.current.state, echo };
    this.opts.persist?.(next);
    this.current = warmed(snapshotOf(next, this.opts.log, this.current));
  }

  /** Merges the extra segments in the background when there are enough of them; swaps the merged state in at once. */
  private async mergeIfWanted(): Promise<void> {
    const pass = this.opts.mergePass;
    const before = this.current.state;
    if (!pass || !pass.wanted(before)) return;
    const t = performance.now();
    this.opts.log(`live collection: merging ${before.segments.length} segments in the background`);
    try {
      const merged = await pass.run(before);
      if (this.current.state !== before) throw new Error("the collection changed during the merge");
      this.current = warmed(snapshotOf(merged, this.opts.log));
      this.merges++;
      this.opts.log(`live collection: merged ${before.segments.length} segments in the background in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } catch (err) {
      this.opts.log(`live collection: background merge failed (${(err as Error).message}); the segments stay until the next start`);
    }
  }

  /** Background merges swapped in so far. */
  merges = 0;

  /** Resolves when every change so far is indexed and its echoes computed. */
  async settled(): Promise<void> {
    await this.queue;
  }

  private async segmentOf(documents: DocumentRecord[], reports: FileReport[], texts: string[]): Promise<Segment> {
    // A handful of documents: cut on this thread (a worker costs more to start than the cut).
    const words = await indexWords(texts, { workers: 0, dictPath: this.opts.dictPath });
    return buildSegment({ documents, reports }, { words, ...indexCharacters(texts) });
  }

  /** The manifest with the touched files restated (hashed again, or dropped when gone). */
  private manifestAfter(before: Manifest, touched: Set<string>, known: Map<string, string>): Manifest {
    const kept = before.files.filter((f) => !touched.has(f.path));
    const fresh = updateManifest(this.opts.corpusDir, null, () => [...touched].filter((rel) => known.get(rel) !== "")).manifest.files;
    const files: ManifestEntry[] = [...kept, ...fresh].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { version: 1, files };
  }
}

function tombstone(d: DocumentRecord, i: number): DocumentRecord {
  return { ...d, id: `\u0000deleted-${i}`, title: `\u0000deleted-${i}`, docNumber: null, issuer: null, part: undefined };
}

/** A file's bytes, or null when it is missing or not a regular file. */
function readIfFile(full: string): Buffer | null {
  try {
    const st = fs.statSync(full);
    return st.isFile() ? fs.readFileSync(full) : null;
  } catch {
    return null;
  }
}

/** The order ingestCorpus gives reports: catalog.json first, then by path (code units). */
function reportOrder(a: FileReport, b: FileReport): number {
  if (a.file === CATALOG_FILE || b.file === CATALOG_FILE) return a.file === CATALOG_FILE ? (b.file === CATALOG_FILE ? 0 : -1) : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** A file's report with the passages it finally contributes (after relations). */
function countPassages(r: FileReport, documents: DocumentRecord[]): FileReport {
  if (!r.ok) return r;
  let passages = 0;
  for (const d of documents) for (const e of d.editions) if (e.source === r.file) passages += e.passages.length;
  return { ...r, passages };
}
