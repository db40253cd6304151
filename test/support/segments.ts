/** A Segment of a corpus built as the engine builds one (words cut in chunks, character postings in one pass). */
import type { Corpus } from "../../src/model.ts";
import { indexWords } from "../../src/index/word-cut-pool.ts";
import { indexCharacters } from "../../src/index/char-index.ts";
import { buildSegment } from "../../src/index/segment-build.ts";
import type { Segment } from "../../src/index/segment.ts";
import { SegmentSet } from "../../src/index/segment-set.ts";
import { EmbeddedStore } from "../../src/index/store.ts";
import { chunkWords } from "../../src/index/word-cut.ts";

export const passageTexts = (c: Corpus): string[] => c.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));

export async function segmentOf(c: Corpus, workers = 0): Promise<Segment> {
  const texts = passageTexts(c);
  return buildSegment(c, { words: await indexWords(texts, { workers }), ...indexCharacters(texts) });
}

/** An embedded store of one segment built in this thread (words cut here), without echoes. */
export function embeddedStoreOf(c: Corpus): EmbeddedStore {
  const texts = passageTexts(c);
  return new EmbeddedStore(new SegmentSet([buildSegment(c, { words: [chunkWords(texts)], ...indexCharacters(texts) })]), null);
}
