/**
 * Where a clause travelled (政策扩散): the documents that carry a passage's clause, verbatim or
 * adapted, in date order and grouped by level and region, with the earliest appearance marked and
 * each later one's similarity to it. Built from the passage's echoes: a document carries the
 * clause when one of its passages covers at least TRAIL_MIN_COVERAGE of it.
 */
import type { DocumentRecord, Level } from "../model.ts";
import { alignTexts } from "./align.ts";
import { levelRank, type PassageInfo } from "./echo-graph.ts";
import type { EchoRef, TrailEntry, TrailResponse } from "./types.ts";

/** Share of the clause a passage must carry to be on its trail. */
export const TRAIL_MIN_COVERAGE = 0.3;
/** Near-identical: this share of both texts shared. */
const VERBATIM = 0.9;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function byDate(x: TrailEntry, y: TrailEntry): number {
  if (x.date !== y.date) return x.date === null ? 1 : y.date === null ? -1 : x.date < y.date ? -1 : 1;
  return levelRank(y.level) - levelRank(x.level) || (x.region ?? "").localeCompare(y.region ?? "", "zh") || x.docTitle.localeCompare(y.docTitle, "zh") || (x.passageId < y.passageId ? -1 : 1);
}

export function buildTrail(self: PassageInfo, echoes: readonly EchoRef[], docs: ReadonlyMap<string, DocumentRecord>): TrailResponse {
  const entry = (doc: DocumentRecord, passageId: string, coverage: number, relation: TrailEntry["relation"]): TrailEntry => ({
    passageId,
    docId: doc.id,
    docTitle: doc.title,
    date: doc.date,
    level: doc.level,
    region: doc.region,
    coverage: round3(coverage),
    similarity: 1,
    relation,
    earliest: false,
  });
  const texts = new Map<string, string>([[self.passage.id, self.passage.text]]);
  // One entry per document: its passage carrying most of the clause.
  const best = new Map<string, EchoRef>();
  for (const e of echoes) {
    if (e.coverage < TRAIL_MIN_COVERAGE || e.docId === self.doc.id) continue;
    const old = best.get(e.docId);
    if (!old || e.coverage > old.coverage) best.set(e.docId, e);
  }
  const entries: TrailEntry[] = [entry(self.doc, self.passage.id, 1, "self")];
  for (const e of best.values()) {
    texts.set(e.id, e.text);
    entries.push(entry(docs.get(e.docId)!, e.id, e.coverage, e.coverage >= VERBATIM && e.similarity >= VERBATIM ? "verbatim" : "adapted"));
  }
  entries.sort(byDate);

  // The earliest dated appearance (ties all marked); the others are measured against it.
  const firstDate = entries.find((x) => x.date !== null)?.date ?? null;
  const earliest = firstDate === null ? entries[0]! : entries.find((x) => x.date === firstDate)!;
  for (const x of entries) {
    x.earliest = firstDate !== null && x.date === firstDate;
    if (x !== earliest) x.similarity = round3(alignTexts(texts.get(earliest.passageId)!, texts.get(x.passageId)!).similarity);
  }

  const groups = new Map<string, { level: Level; region: string | null; entries: number[] }>();
  entries.forEach((x, i) => {
    const key = `${x.level}\u0001${x.region ?? ""}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level: x.level, region: x.region, entries: [] }));
    g.entries.push(i);
  });
  return {
    passage: { id: self.passage.id, docId: self.doc.id },
    entries,
    groups: [...groups.values()].sort((x, y) => levelRank(y.level) - levelRank(x.level) || (x.region ?? "").localeCompare(y.region ?? "", "zh")),
  };
}
