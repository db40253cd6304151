/**
 * The passage page's view model beyond the hit card: where each sentence comes from (the passage's
 * text cut into sentences, each coloured by its best source, a coverage strip, the numbered sources
 * beside it) and where the clause travelled (a server-rendered SVG timeline of the documents carrying
 * it, by date, one lane per level and region). Geometry is computed here; the template only prints.
 */
import type { Engine } from "../engine.contract.ts";
import type { EchoRef, PassageSources, TrailResponse } from "../echo/types.ts";
import type { Level } from "../model.ts";
import { compareUrl, LEVEL_NAMES, passagePageUrl, pathLabel, readerUrls, trailApiUrl } from "./links.ts";
import { markRanges, percent, type Piece } from "./text-marks.ts";

/** Distinct colours the page has for sources (style.css .src-1 … .src-8); later sources share the last. */
const SOURCE_COLOURS = 8;

export interface SentenceView {
  pieces: Piece[];
  /** 1-based number of its best source in `sources`, or 0 when no other document has it. */
  source: number;
  /** CSS class: src-N, or src-none. */
  cls: string;
  /** The other sources that cover it about as well (numbers). */
  also: number[];
}

export interface SourceView {
  n: number;
  cls: string;
  id: string;
  docTitle: string;
  pathLabel: string;
  coverage: string;
  similarity: string;
  sentences: number;
  pieces: Piece[];
  href: string;
  passageHref: string;
  compareHref: string;
}

export interface StripSegment {
  x: string;
  width: string;
  cls: string;
}

export interface SourcesView {
  sentences: SentenceView[];
  strip: StripSegment[];
  stripLabel: string;
  sources: SourceView[];
  /** Share of the passage with a source in another document. */
  coveredPct: string;
}

function sourceClass(n: number): string {
  return n === 0 ? "src-none" : `src-${Math.min(n, SOURCE_COLOURS)}`;
}

/**
 * Sentences and their sources. Sources are numbered in the order of the passage's echoes (most of
 * the passage first), keeping only echoes that are the best source of at least one sentence.
 */
export async function sourcesView(engine: Engine, passageId: string, docId: string, src: PassageSources, text: string): Promise<SourcesView> {
  const best = new Set(src.sentences.map((s) => s.sources[0]?.id).filter((x): x is string => x !== undefined));
  const numbered = src.echoes.filter((e) => best.has(e.id));
  const numberOf = new Map(numbered.map((e, i) => [e.id, i + 1]));
  const url = await readerUrls(engine, numbered.map((e) => e.id));
  const sentences: SentenceView[] = src.sentences.map((s) => {
    const n = s.sources[0] ? numberOf.get(s.sources[0].id)! : 0;
    const [start, end] = s.range;
    // Marks: what the best source shares with this sentence, offsets relative to the sentence.
    const marks = (s.sources[0]?.spans ?? []).map((sp) => [sp.a[0] - start, sp.a[1] - start] as [number, number]);
    return {
      pieces: markRanges(text.slice(start, end), marks),
      source: n,
      cls: sourceClass(n),
      also: s.sources.slice(1).map((x) => numberOf.get(x.id)).filter((x): x is number => x !== undefined),
    };
  });
  const total = Math.max(1, text.length);
  let covered = 0;
  const strip: StripSegment[] = src.sentences.map((s, i) => {
    const [start, end] = s.range;
    if (sentences[i]!.source) covered += end - start;
    return { x: ((start / total) * 100).toFixed(2), width: (((end - start) / total) * 100).toFixed(2), cls: sentences[i]!.cls };
  });
  const counts = new Map<number, number>();
  for (const s of sentences) if (s.source) counts.set(s.source, (counts.get(s.source) ?? 0) + 1);
  const sources: SourceView[] = numbered.map((e: EchoRef, i) => ({
    n: i + 1,
    cls: sourceClass(i + 1),
    id: e.id,
    docTitle: e.docTitle,
    pathLabel: pathLabel(e.path),
    coverage: percent(e.coverage),
    similarity: percent(e.similarity),
    sentences: counts.get(i + 1) ?? 0,
    pieces: markRanges(e.text, e.spans.map((sp) => sp.b)),
    href: url(e.id),
    passageHref: passagePageUrl(e.id),
    compareHref: compareUrl(docId, e.docId, passageId),
  }));
  const withSource = sentences.filter((s) => s.source).length;
  return {
    sentences,
    strip,
    stripLabel: `${sentences.length} 句中 ${withSource} 句在其他文件中有出处`,
    sources,
    coveredPct: percent(covered / total),
  };
}

// ---- the trail -------------------------------------------------------------------------------

export interface TrailDot {
  x: number;
  y: number;
  cls: string;
  /** Shown beside the dot: 最早 for the earliest, else the similarity to it. */
  label: string;
  title: string;
  href: string;
}

export interface TrailView {
  width: number;
  height: number;
  lanes: { y: number; label: string }[];
  ticks: { x: number; label: string }[];
  dots: TrailDot[];
  /** x of the column of undated documents, when there are any. */
  undatedX: number | null;
  /** Rows for the table under the picture (the same facts, readable without the picture). */
  rows: { date: string; level: string; region: string; docTitle: string; href: string; relation: string; similarity: string; coverage: string; earliest: boolean }[];
  jsonHref: string;
  description: string;
}

const W = 720;
const LEFT = 150;
const RIGHT = 30;
const TOP = 28;
const LANE = 44;
const UNDATED = 70;
const RELATION: Record<string, string> = { self: "本段", verbatim: "照录", adapted: "改写" };

function dayNumber(iso: string): number {
  return Date.parse(`${iso.length === 7 ? `${iso}-01` : iso.length === 4 ? `${iso}-01-01` : iso}T00:00:00Z`) / 86_400_000;
}

function laneLabel(level: Level, region: string | null): string {
  return `${LEVEL_NAMES[level]}${region ? ` · ${region}` : ""}`;
}

export async function trailView(engine: Engine, trail: TrailResponse): Promise<TrailView> {
  const url = await readerUrls(engine, trail.entries.map((e) => e.passageId));
  const lanes = trail.groups.map((g, i) => ({ y: TOP + LANE * i + LANE / 2, label: laneLabel(g.level, g.region) }));
  const laneOf = new Map<number, number>();
  trail.groups.forEach((g, i) => g.entries.forEach((e) => laneOf.set(e, i)));
  const dated = trail.entries.filter((e) => e.date !== null).map((e) => dayNumber(e.date!)).filter(Number.isFinite);
  const hasUndated = trail.entries.some((e) => e.date === null || !Number.isFinite(dayNumber(e.date)));
  const x0 = LEFT + 20;
  const x1 = W - RIGHT - (hasUndated ? UNDATED : 0);
  const lo = dated.length ? Math.min(...dated) : 0;
  const hi = dated.length ? Math.max(...dated) : 0;
  const xOf = (day: number): number => (hi === lo ? (x0 + x1) / 2 : x0 + ((day - lo) / (hi - lo)) * (x1 - x0));
  const undatedX = hasUndated ? W - RIGHT - UNDATED / 2 : null;

  // A tick per year between the first and the last date.
  const ticks: TrailView["ticks"] = [];
  if (dated.length) {
    const y0 = new Date(lo * 86_400_000).getUTCFullYear();
    const y1 = new Date(hi * 86_400_000).getUTCFullYear();
    for (let y = y0; y <= y1 + 1 && ticks.length < 12; y++) {
      const d = dayNumber(`${y}-01-01`);
      if (d >= lo - 1 && d <= hi + 1) ticks.push({ x: Math.round(xOf(d)), label: `${y}年` });
    }
    if (ticks.length === 0) ticks.push({ x: Math.round(xOf(lo)), label: trail.entries.find((e) => e.date)!.date!.slice(0, 7) });
  }

  const placed: { lane: number; x: number }[] = [];
  const dots: TrailDot[] = trail.entries.map((e, i) => {
    const lane = laneOf.get(i) ?? 0;
    const day = e.date ? dayNumber(e.date) : NaN;
    let x = Number.isFinite(day) ? xOf(day) : undatedX!;
    // Dots of one lane closer than 14 units step down so that none hides another.
    const near = placed.filter((p) => p.lane === lane && Math.abs(p.x - x) < 14).length;
    placed.push({ lane, x });
    x = Math.round(x);
    const y = Math.round(lanes[lane]!.y + (near % 3) * 10 - (near ? 5 : 0));
    const cls = ["trail-dot", e.earliest ? "earliest" : "later", e.relation === "self" ? "self" : ""].filter(Boolean).join(" ");
    return {
      x,
      y,
      cls,
      label: e.earliest ? "最早" : percent(e.similarity),
      title: `${e.docTitle}（${e.date ?? "日期不详"}）${RELATION[e.relation]}，与最早出现相似 ${percent(e.similarity)}`,
      href: url(e.passageId),
    };
  });
  const rows = trail.entries.map((e) => ({
    date: e.date ?? "日期不详",
    level: LEVEL_NAMES[e.level],
    region: e.region ?? "",
    docTitle: e.docTitle,
    href: url(e.passageId),
    relation: RELATION[e.relation]!,
    similarity: percent(e.similarity),
    coverage: percent(e.coverage),
    earliest: e.earliest,
  }));
  const first = trail.entries.find((e) => e.earliest);
  return {
    width: W,
    height: TOP + LANE * Math.max(1, lanes.length) + 10,
    lanes,
    ticks,
    dots,
    undatedX,
    rows,
    jsonHref: trailApiUrl(trail.passage.id),
    description:
      trail.entries.length <= 1
        ? "其他文件中没有找到载有本条的段落。"
        : `${trail.entries.length} 份文件载有本条${first ? `，最早见于《${first.docTitle}》（${first.date}）` : ""}。`,
  };
}
