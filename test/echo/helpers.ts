/** Tiny documents for unit tests: a chapter heading per `#` line, paragraphs under it. */
import type { DocumentRecord, Edition, HeadingRef, OutlineNode, Passage } from "../../src/model.ts";

/** Lines starting with "# " are chapter headings "第N章 title"; other lines are paragraphs. */
export function makeDoc(id: string, lines: string[], opts: { title?: string; editions?: number } = {}): DocumentRecord {
  const editions: Edition[] = [];
  for (let e = 0; e < (opts.editions ?? 1); e++) {
    const edId = `${id}~e${e}`;
    const passages: Passage[] = [];
    const outline: OutlineNode[] = [];
    let text = "";
    let chapter: HeadingRef | null = null;
    let n = 0;
    for (const line of lines) {
      const isHead = line.startsWith("# ");
      const body = isHead ? `第${++n}章 ${line.slice(2)}` : line;
      if (isHead) {
        chapter = { label: `第${n}章`, title: line.slice(2) };
      }
      const start = text.length;
      text += body + "\n";
      const pid = `${edId}:${passages.length}`;
      passages.push({
        id: pid, docId: id, editionId: edId, seq: passages.length, kind: isHead ? "heading" : "paragraph",
        path: chapter ? [chapter] : [], text: body, start, end: start + body.length, counterparts: [],
      });
      if (isHead) outline.push({ ...chapter!, passageId: pid, children: [] });
    }
    editions.push({ id: edId, name: `edition ${e}`, source: `${id}.txt`, primary: e === 0, text, outline, passages });
  }
  // Editions hold the same clauses: link them as ingest does.
  for (let x = 1; x < editions.length; x++) {
    editions[x]!.passages.forEach((p, i) => {
      const q = editions[0]!.passages[i]!;
      p.counterparts.push(q.id);
      q.counterparts.push(p.id);
    });
  }
  return { id, title: opts.title ?? id, docNumber: null, issuer: null, date: null, region: null, level: "unknown", dates: {}, type: null, status: "unknown", provenance: {}, editions };
}
