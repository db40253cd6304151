/** A Segment of a corpus built as the engine builds one (words cut in chunks, character postings in one pass). */
import type { Corpus } from "../../src/model.ts";
import { indexWords } from "../../src/index/word-cut-pool.ts";
import { indexCharacters } from "../../src/index/char-index.ts";
import { buildSegment } from "../../src/index/segment-build.ts";
import type { Segment } from "../../src/index/segment.ts";

export const passageTexts = (c: Corpus): string[] => c.documents.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => p.text)));

export async function segmentOf(c: Corpus, workers = 0): Promise<Segment> {
  const texts = passageTexts(c);
  return buildSegment(c, { words: await indexWords(texts, { workers }), ...indexCharacters(texts) });
}
