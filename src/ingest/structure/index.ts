/**
 * Structure: blocks (from any reader) → documents whose blocks sit in their section tree.
 *
 *   quirks (zero-width characters, 〈〉 inside 《》, labels split from their titles, several
 *   articles on one line) → gazette-split (one file, several documents) → per document: lost
 *   labels restored, head and foot read (promulgation lines, addressee, preamble, 印发/抄送 lines)
 *   → section-tree (编/分编/章/节/条/款/项/目 and 章/节/一、/（一）/1./专栏 as one grammar of numbered
 *   units) → placed blocks with their paths, plus what the text said about the document (TextFacts)
 *   for metadata.
 *
 * In: Blocks in reading order. Out: placed blocks whose paths name every enclosing unit, with a
 * `kind` on every HeadingRef. Nothing is dropped except lines that carry only metadata.
 */
import type { Block } from "../blocks.ts";
import { splitDocuments, type DocSegment } from "../gazette-split.ts";
import type { TextFacts } from "../metadata/index.ts";
import { placeBlocks, type PlacedBlock } from "../section-tree.ts";
import { readHead } from "./head.ts";
import { repairQuirks, restoreLostLabels } from "./quirks.ts";

export interface StructuredDoc {
  segment: Omit<DocSegment, "blocks">;
  placed: PlacedBlock[];
  facts: TextFacts;
}

export interface StructureResult {
  docs: StructuredDoc[];
  warnings: string[];
  /** Numbered units found in all documents (0: passages have empty paths). */
  headings: number;
}

export function structureDocuments(blocks: readonly Block[], fallbackTitle: string): StructureResult {
  const split = splitDocuments(repairQuirks(blocks), fallbackTitle);
  const warnings = [...split.warnings];
  const docs: StructuredDoc[] = [];
  let headings = 0;
  for (const seg of split.docs) {
    const restored = restoreLostLabels(seg.blocks);
    warnings.push(...restored.warnings);
    const head = readHead({ ...seg, blocks: restored.blocks as DocSegment["blocks"] });
    const tree = placeBlocks(head.blocks);
    headings += tree.headings;
    const { blocks: _blocks, ...segment } = seg;
    void _blocks;
    docs.push({
      segment,
      placed: tree.placed,
      facts: {
        title: seg.title,
        titleFromText: seg.titleFromText,
        docNumber: seg.docNumber ?? head.facts.docNumber,
        issuer: seg.issuer,
        signed: seg.date,
        acts: head.facts.acts,
        printed: head.facts.printed,
      },
    });
  }
  return { docs, warnings, headings };
}
