/**
 * The Store boundary: everything search and the engine read of the index, and nothing of how it is
 * kept. The embedded store (below) serves it from segments in memory, loaded from index-cache/;
 * a PostgreSQL store will serve the same from tables.
 *
 * What search reads, by kind:
 *   - tables: per-ordinal typed arrays (document, edition, heading path, chapter, kind, primary
 *     edition, counterparts, identical-text groups, deletion marks), the heading paths and chapters
 *     they index, and the documents — what the searcher's tables are built from at open;
 *   - postings: character grams (with occurrence counts, and literals proven from positions) and
 *     words (with BM25's lengths), for several grams / literals / words per call;
 *   - texts: squeezed passage texts (what ranking reads) and passages, for a page of ordinals;
 *   - echoes: the echo store computed at build time.
 * The calls a query makes are few and batched: `postings` fetches all of a query's grams and words
 * at once (the searcher works out which from the parse), so that a store behind a network answers
 * a query in one round trip. The embedded store answers at once (a view of its own postings); the
 * PostgreSQL store (stores/postgres/) returns a promise. Per-ordinal tables and texts are held in
 * memory by either store.
 *
 * Ordinals run 0 … passageCount − 1 over the whole collection; deleted passages keep their
 * ordinal but are in no posting list.
 */
import type { DocumentRecord, FileReport, HeadingRef } from "../model.ts";
import type { EchoStore } from "../echo/store.ts";
import type { LiteralHits } from "./gram-postings.ts";
import type { PassageEntry } from "./passage-table.ts";
import type { ChapterRef, HeadingForms } from "./segment.ts";
import type { GramIndex, SegmentSet, SetTables, WordLookup } from "./segment-set.ts";

export type { GramIndex, WordLookup, SetTables, ChapterRef, LiteralHits, HeadingForms };

/** The postings a query reads, named before it runs (search/searcher.ts `postingNeeds`). */
export interface PostingNeeds {
  /** Unigrams and bigrams of word characters. */
  grams: readonly string[];
  /** Analyzer words. */
  words: readonly string[];
  /** Similarity mode: each passage's summed bigram weight by this weight of a bigram's df (GramIndex.bigramWeightSums). */
  ownWeight?: (df: number) => number;
}

/** What a query reads postings through: at least the lists its PostingNeeds named. */
export interface PostingView {
  grams: GramIndex;
  words: WordLookup;
}

export interface Store {
  readonly passageCount: number;
  /** Live documents in corpus order. */
  documents(): readonly DocumentRecord[];
  /** What ingest said about each corpus file. */
  reports(): readonly FileReport[];

  /** Per-ordinal tables; `doc` indexes tableDocuments(), `path` headingPaths(), `chapter` chapters(). */
  tables(): SetTables;
  /** Every document the tables index (deleted ones included, so that indexes stay put). */
  tableDocuments(): readonly DocumentRecord[];
  headingPaths(): readonly (readonly HeadingRef[])[];
  /** The heading paths as forms over distinct headings (segment.ts HeadingForms), when the store keeps them: search then parses no path. */
  headingForms?(): HeadingForms;
  /** Per heading path: its headings' squeezed label+title joined by U+0001 (what `in:` searches). */
  headingKeys(): readonly string[];
  chapters(): readonly ChapterRef[];
  /** Passage kinds by the codes of tables().kind. */
  kinds(): readonly string[];

  /**
   * Postings and statistics without a fetch: the embedded store's own; a remote store's holds only
   * what needs no list (passage lengths in words, their average) and throws on a list.
   */
  readonly grams: GramIndex;
  readonly words: WordLookup;
  /** The postings a query needs, in one batched call (synchronous for the embedded store). */
  postings(needs: PostingNeeds): PostingView | Promise<PostingView>;

  /** The squeezed text of each ordinal. */
  squeezedTexts(ords: ArrayLike<number>): string[];
  squeezedText(ord: number): string;
  /** The passages (with their document and edition) of a page of ordinals. */
  entries(ords: ArrayLike<number>): PassageEntry[];
  entry(ord: number): PassageEntry;
  /** The live ordinal of a passage id. */
  ordinalOf(id: string): number | undefined;
  /** The id of a passage by ordinal, without making the passage (a hit names its counterparts by id). */
  passageId(ord: number): string;

  /** The echo store, or null when echoes could not be computed. */
  echoes(): EchoStore | null;
}

/** The embedded store: a SegmentSet in memory (loaded from index-cache/) and the echo store. */
export class EmbeddedStore implements Store {
  constructor(
    readonly set: SegmentSet,
    private readonly echoStore: EchoStore | null,
  ) {}

  get passageCount(): number {
    return this.set.passages;
  }

  documents(): readonly DocumentRecord[] {
    return this.set.documents();
  }

  reports(): readonly FileReport[] {
    return this.set.segments.flatMap((s) => s.reports);
  }

  tables(): SetTables {
    return this.set.tables();
  }

  tableDocuments(): readonly DocumentRecord[] {
    return this.set.allDocuments();
  }

  headingPaths(): readonly (readonly HeadingRef[])[] {
    return this.set.headingPaths();
  }

  headingForms(): HeadingForms {
    return this.set.headingForms();
  }

  headingKeys(): readonly string[] {
    return this.set.pathKeys();
  }

  chapters(): readonly ChapterRef[] {
    return this.set.chapters();
  }

  kinds(): readonly string[] {
    return this.set.kinds();
  }

  get grams(): GramIndex {
    return this.set.grams;
  }

  get words(): WordLookup {
    return this.set.words;
  }

  postings(_needs: PostingNeeds): PostingView {
    return { grams: this.set.grams, words: this.set.words };
  }

  gramLists(grams: readonly string[]): { ords: Uint32Array; counts: Uint8Array }[] {
    const g = this.set.grams;
    return grams.map((x) => ({ ords: g.get(x), counts: g.counts(x) }));
  }

  literals(needles: readonly string[]): (LiteralHits | null)[] {
    const g = this.set.grams;
    return needles.map((n) => g.literal(n));
  }

  wordLists(words: readonly string[]): Uint32Array[] {
    const w = this.set.words;
    return words.map((x) => w.get(x));
  }

  squeezedTexts(ords: ArrayLike<number>): string[] {
    return Array.from(ords, (o) => this.set.squeezedText(o));
  }

  squeezedText(ord: number): string {
    return this.set.squeezedText(ord);
  }

  entries(ords: ArrayLike<number>): PassageEntry[] {
    return Array.from(ords, (o) => this.entry(o));
  }

  entry(ord: number): PassageEntry {
    const passage = this.set.passage(ord);
    const docs = this.set.allDocuments();
    const doc = docs[this.set.tables().doc[ord]!]!;
    const edition = doc.editions.find((e) => e.id === passage.editionId) ?? doc.editions[0]!;
    return { ordinal: ord, passage, doc, edition };
  }

  ordinalOf(id: string): number | undefined {
    return this.set.ordinalOf(id);
  }

  passageId(ord: number): string {
    return this.set.passageId(ord);
  }

  echoes(): EchoStore | null {
    return this.echoStore;
  }
}
