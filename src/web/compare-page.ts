/**
 * The compare page's view model: the mirror map of document A against document B as rows of aligned
 * sections (A's heading, the reused share, B's heading); under each, A's clauses beside their
 * counterparts in B as text with the shared words marked (tables compared cell by cell); and — when a
 * passage is selected (`?p=`) — the aligned pair with its character diff.
 * Also finds which pairs of documents are worth comparing (a lower-level plan against the higher-level
 * plan it most resembles), so the search page can offer them without knowing any document id.
 */
import type { DocumentSummary, Engine, PassageLookup } from "../engine.contract.ts";
import type { DocumentRecord, HeadingRef, Level } from "../model.ts";
import type { ComparePassage, CompareResponse, IndicatorComparison, PassageClass, SpanPair, TableDiff, TableRowDiff } from "../echo/types.ts";
import { compareUrl, crumbsIn, docUrl, headingText, indicatorsUrl, lookupPassages, pathLabel, readerUrlOf } from "./links.ts";
import { diffPieces, markRanges, percent, type DiffPiece, type Piece } from "./text-marks.ts";
import { figureKey } from "../echo/tables.ts";

const CLASS_NAMES: Record<PassageClass, string> = {
  copied: "照录",
  adapted: "改写",
  local: "本地",
};

const ROW_STATUS: Record<TableRowDiff["status"], string> = { same: "相同", adapted: "数值有变", local: "B 中无此行", "b-only": "仅 B 有" };

export interface TableCellView {
  column: string;
  a: string;
  b: string | null;
  changed: boolean;
}

export interface TableView {
  columns: string[];
  rows: { label: string; bLabel: string | null; status: TableRowDiff["status"]; statusName: string; cells: TableCellView[]; changes: string[] }[];
}

/** One clause of A beside its counterpart in B, both as readable text with the shared words marked. */
export interface ComparePassageView {
  id: string;
  cls: PassageClass;
  clsName: string;
  a: { pieces: Piece[]; href: string };
  b: { docTitle: string; pathLabel: string; pieces: Piece[]; href: string; similarity: string } | null;
  /** For a table: its rows compared cell by cell (instead of the texts). */
  table?: TableView;
  /** The aligned pair with its character diff (`?p=`). */
  pairHref: string;
  selected: boolean;
}

export interface CompareRowView {
  depth: number;
  aLabel: string;
  aHref?: string;
  bLabel: string | null;
  bHref?: string;
  share: number;
  sharePct: string;
  passages: ComparePassageView[];
}

export interface PairView {
  a: { id: string; pathLabel: string; pieces: Piece[]; href: string; cls: PassageClass; clsName: string };
  b: { id: string; docTitle: string; pathLabel: string; pieces: Piece[]; href: string; similarity: string } | null;
  diff: DiffPiece[];
  table?: TableView;
}

export interface ComparePageModel {
  result: CompareResponse;
  rows: CompareRowView[];
  /** Clauses of A (headings are counted apart, in result.summary.headings). */
  total: number;
  shares: { copied: number; adapted: number; local: number };
  reusedPct: string;
  pair?: PairView;
  swapHref: string;
  /** Set when both documents have indicator tables (指标): their side-by-side view. */
  indicatorsHref?: string;
}

function isPrefix(prefix: readonly HeadingRef[], path: readonly HeadingRef[]): boolean {
  return prefix.length <= path.length && prefix.every((h, i) => h.label === path[i]!.label && h.title === path[i]!.title);
}

/** Display label of a heading path's last element: 第四章 推进关键核心技术攻关. */
function headingLabel(path: readonly HeadingRef[]): string {
  const h = path[path.length - 1];
  return h ? headingText(h) : "（章节之前）";
}

/** Reader link to the heading at `path` in `doc`'s primary edition. */
function headingHref(doc: DocumentRecord | undefined, path: readonly HeadingRef[]): string | undefined {
  const edition = doc?.editions[0];
  const first = edition?.passages.find((p) => isPrefix(path, p.path));
  if (!doc || !edition || !first) return undefined;
  if (path.length === 0) return readerUrlOf(first.id, { doc, edition });
  return crumbsIn(doc, edition, first.id, path).at(-1)?.href;
}

/** The passages a compare page shows (A's clauses and their counterparts), looked up at once. */
type Lookups = Map<string, PassageLookup>;
const urlIn = (found: Lookups, id: string): string => readerUrlOf(id, found.get(id));

export function tableView(diff: TableDiff): TableView {
  return {
    columns: diff.columns,
    rows: diff.rows.map((r) => {
      const n = Math.max(r.a.length, r.b?.length ?? 0);
      const cells: TableCellView[] = [];
      for (let c = 0; c < n; c++) {
        const column = diff.columns[c] ?? `第${c + 1}列`;
        const a = r.a[c] ?? "";
        const b = r.b ? r.b[c] ?? "" : null;
        // A row only B has shows B's figures.
        if (r.status === "b-only") cells.push({ column, a: b ?? "", b: null, changed: false });
        else cells.push({ column, a, b, changed: r.changes.some((x) => x.column === column) });
      }
      return {
        label: r.label,
        bLabel: r.bLabel,
        status: r.status,
        statusName: ROW_STATUS[r.status],
        cells,
        // As a researcher writes it: 2025年 1.10 → >2.00
        changes: r.changes.map((x) => `${x.column} ${x.a || "—"} → ${x.b || "—"}`),
      };
    }),
  };
}

/** A clause of A and its counterpart in B with the shared text marked on both sides. */
function passageView(found: Lookups, result: CompareResponse, entry: ComparePassage, selected: string | undefined, tables: Map<string, TableDiff>): ComparePassageView {
  const a = found.get(entry.id)!;
  const b = entry.echo ? found.get(entry.echo.id) : undefined;
  const spans: SpanPair[] = entry.echo?.spans ?? [];
  const table = tables.get(entry.id);
  return {
    id: entry.id,
    cls: entry.class,
    clsName: CLASS_NAMES[entry.class],
    a: { pieces: markRanges(a.passage.text, spans.map((s) => s.a)), href: urlIn(found, entry.id) },
    b: b
      ? {
          docTitle: b.doc.title,
          pathLabel: pathLabel(b.passage.path),
          pieces: markRanges(b.passage.text, spans.map((s) => s.b)),
          href: urlIn(found, b.passage.id),
          similarity: percent(entry.echo!.similarity),
        }
      : null,
    table: table ? tableView(table) : undefined,
    pairHref: compareUrl(result.a.id, result.b.id, entry.id),
    selected: entry.id === selected,
  };
}

export async function comparePageModel(engine: Engine, result: CompareResponse, selected: string | undefined): Promise<ComparePageModel> {
  const [docA, docB] = await Promise.all([engine.doc(result.a.id), engine.doc(result.b.id)]);
  const shown = result.passages.filter((p) => p.kind === "clause" || p.id === selected);
  const found = await lookupPassages(engine, shown.flatMap((p) => (p.echo ? [p.id, p.echo.id] : [p.id])));
  const tables = new Map(result.tables.map((t) => [t.aId, t]));
  const rows: CompareRowView[] = result.sections.map((s) => ({
    depth: s.a.path.length,
    aLabel: headingLabel(s.a.path),
    aHref: headingHref(docA, s.a.path),
    bLabel: s.b ? headingLabel(s.b.path) : null,
    bHref: s.b ? headingHref(docB, s.b.path) : undefined,
    share: s.share,
    sharePct: percent(s.share),
    passages: [],
  }));
  let preamble: CompareRowView | undefined;

  // Clauses only: headings are the rows themselves, header lines are not compared.
  for (const p of result.passages) {
    if (p.kind !== "clause") continue;
    // A passage belongs to the deepest aligned section whose path encloses it.
    let best = -1;
    result.sections.forEach((s, i) => {
      if (isPrefix(s.a.path, p.path) && (best < 0 || s.a.path.length > result.sections[best]!.a.path.length)) best = i;
    });
    const view = passageView(found, result, p, selected, tables);
    if (best >= 0) rows[best]!.passages.push(view);
    else {
      preamble ??= { depth: 0, aLabel: "（章节之前）", bLabel: null, share: 0, sharePct: "", passages: [] };
      preamble.passages.push(view);
    }
  }
  if (preamble) rows.unshift(preamble);

  const { copied, adapted, local } = result.summary;
  const total = copied + adapted + local;
  const model: ComparePageModel = {
    result,
    rows,
    total,
    shares: total ? { copied: copied / total, adapted: adapted / total, local: local / total } : { copied: 0, adapted: 0, local: 0 },
    reusedPct: percent(result.summary.reusedShare),
    swapHref: compareUrl(result.b.id, result.a.id),
  };
  if (docA && docB && (await hasIndicators(engine, docA, docB))) model.indicatorsHref = indicatorsUrl([docA.id, docB.id]);
  if (selected) model.pair = pairView(found, result, selected, tables);
  return model;
}

async function hasIndicators(engine: Engine, a: DocumentRecord, b: DocumentRecord): Promise<boolean> {
  try {
    return (await engine.indicators([a.id, b.id])).rows.some((r) => r.values.every((v) => v !== null));
  } catch {
    return false;
  }
}

function pairView(found: Lookups, result: CompareResponse, pid: string, tables: Map<string, TableDiff>): PairView | undefined {
  const entry = result.passages.find((p) => p.id === pid);
  const a = found.get(pid);
  if (!entry || !a) return undefined;
  const aText = a.passage.text;
  const aView = {
    id: pid,
    pathLabel: pathLabel(a.passage.path),
    href: urlIn(found, pid),
    cls: entry.class,
    clsName: CLASS_NAMES[entry.class],
  };
  const table = tables.get(pid);
  const b = entry.echo ? found.get(entry.echo.id) : undefined;
  if (!entry.echo || !b) return { a: { ...aView, pieces: markRanges(aText, []) }, b: null, diff: [], table: table ? tableView(table) : undefined };
  const spans: SpanPair[] = entry.echo.spans ?? [];
  return {
    a: { ...aView, pieces: markRanges(aText, spans.map((s) => s.a)) },
    b: {
      id: b.passage.id,
      docTitle: b.doc.title,
      pathLabel: pathLabel(b.passage.path),
      pieces: markRanges(b.passage.text, spans.map((s) => s.b)),
      href: urlIn(found, b.passage.id),
      similarity: percent(entry.echo.similarity),
    },
    // A table's changes are its cells: a character diff of two tables marks isolated digits.
    diff: table ? [] : diffPieces(aText, b.passage.text),
    table: table ? tableView(table) : undefined,
  };
}

// ---- which documents to compare -----------------------------------------------------------

const LEVEL_RANK: Record<Level, number> = { national: 4, province: 3, prefecture: 2, county: 1, unknown: 0 };

function bigrams(s: string): Set<string> {
  const chars = Array.from(s.replace(/[\s《》“”"「」（）()]/g, ""));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Dice coefficient of two titles' character bigrams. */
export function titleSimilarity(x: string, y: string): number {
  const a = bigrams(x);
  const b = bigrams(y);
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

export interface SuggestedComparison {
  a: DocumentSummary;
  b: DocumentSummary;
  href: string;
}

/** A titled match is taken at once; below this, the documents' content decides. */
const TITLE_MATCH = 0.5;
/** Share of the lower document's text reused from the higher one that makes a pair worth offering. */
const REUSE_MATCH = 0.1;
/** Content comparison is tried against at most this many higher-level documents (most similar titles first). */
const MAX_CONTENT_CANDIDATES = 8;

const suggestionCache = new WeakMap<Engine, Promise<SuggestedComparison[]>>();

/**
 * For each lower-level document, the higher-level document it mirrors — a prefecture S&T plan and the
 * provincial S&T plan — best pairs first. A pair is recognised by its titles (sharing at least half their
 * character bigrams) or, failing that, by content: the higher document from which the lower one reuses
 * the largest share of its text (at least 10%). Computed once per engine.
 */
export function suggestedComparisons(engine: Engine): Promise<SuggestedComparison[]> {
  let cached = suggestionCache.get(engine);
  if (!cached) suggestionCache.set(engine, (cached = findComparisons(engine)));
  return cached;
}

async function findComparisons(engine: Engine): Promise<SuggestedComparison[]> {
  const out: (SuggestedComparison & { score: number })[] = [];
  for (const lower of engine.documents) {
    const rank = LEVEL_RANK[lower.level];
    if (rank === 0) continue;
    const higher = engine.documents
      .filter((d) => LEVEL_RANK[d.level] > rank)
      .map((doc) => ({ doc, sim: titleSimilarity(lower.title, doc.title) }))
      .sort((x, y) => y.sim - x.sim);
    let best: { doc: DocumentSummary; score: number } | undefined;
    if (higher[0] && higher[0].sim >= TITLE_MATCH) best = { doc: higher[0].doc, score: 1 + higher[0].sim };
    else {
      for (const { doc } of higher.slice(0, MAX_CONTENT_CANDIDATES)) {
        let reuse = 0;
        try {
          reuse = (await engine.compare(lower.id, doc.id)).summary.reusedShare;
        } catch {
          continue; // a pair the engine cannot compare is simply not offered
        }
        if (reuse >= REUSE_MATCH && (!best || reuse > best.score)) best = { doc, score: reuse };
      }
    }
    if (best) out.push({ a: lower, b: best.doc, href: compareUrl(lower.id, best.doc.id), score: best.score });
  }
  return out.sort((x, y) => y.score - x.score).map(({ score: _score, ...rest }) => rest);
}

// ---- indicator tables across plans -------------------------------------------------------------

export interface IndicatorsPageModel {
  docs: { id: string; title: string; href: string; columns: string[] }[];
  rows: { name: string; cells: { values: string[] | null; changed: boolean[] }[] }[];
  /** Figure columns per document (the widest header of each). */
  widths: number[];
}

/**
 * The indicators (指标) of several plans side by side: one row per indicator, each plan's figures in
 * its own columns; a figure that differs from the first plan's in the same column is marked.
 */
export function indicatorsModel(engine: Engine, cmp: IndicatorComparison): IndicatorsPageModel {
  const widths = cmp.docs.map((d, k) => Math.max(d.columns.length, ...cmp.rows.map((r) => r.values[k]?.length ?? 0)));
  const norm = (v: string | undefined): string => figureKey(v ?? "");
  return {
    docs: cmp.docs.map((d, k) => ({
      id: d.id,
      title: d.title,
      href: docUrl(d.id),
      columns: Array.from({ length: widths[k]! }, (_, c) => d.columns[c] ?? `第${c + 1}列`),
    })),
    rows: cmp.rows.map((r) => ({
      name: r.name,
      cells: r.values.map((v) => ({
        values: v,
        changed: (v ?? []).map((x, c) => {
          const first = r.values.find((u) => u !== null);
          return first !== v && first !== undefined && first !== null && norm(first[c]) !== norm(x);
        }),
      })),
    })),
    widths,
  };
}
