/**
 * The targets of issues 15 and 14, each checked against the figures of one scale and marked met or
 * missed by how much. A target names its scale; the report lists every target of every scale run.
 */
import { summary, type BenchSummary, type ScaleResult } from "./results.ts";

export interface Target {
  scale: number;
  issue: 14 | 15;
  what: string;
  /** Whether the measured value must stay at most (`max`) or reach at least (`min`) the limit. */
  kind: "max" | "min";
  unit: string;
  /** The limit, from the summary when it depends on another figure (HTTP p99 ≤ 3× the engine's). */
  limit: (s: BenchSummary) => number | null;
  /** How the target is written in the table. */
  target: string;
  value: (s: BenchSummary, r: ScaleResult) => number | null;
  /** Extra words after the measured value (what it was measured on). */
  note?: (s: BenchSummary, r: ScaleResult) => string;
}

export interface TargetCheck {
  target: Target;
  /** Null when the figure was not measured in this run. */
  value: number | null;
  limit: number | null;
  met: boolean | null;
  /** "met", "not measured", or by how much it was missed. */
  verdict: string;
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : null);
const eldMax = (s: BenchSummary) => s.eventLoop?.maxMs ?? null;

/** One figure per scale in 10, 100, 1000 (the scales of `npm run bench`). */
const EVERY = [10, 100, 1000];

export const TARGETS: Target[] = [
  { scale: 100, issue: 15, what: "query p50 speed-up over the best-case scan (literal-heavy mix)", kind: "min", unit: "×", target: "≥ 15×", limit: () => 15, value: (s) => (s.peers.scan ? s.query.speedupP50 : null) },
  {
    scale: 100,
    issue: 15,
    what: "query p50 speed-up over SQLite FTS5 trigram",
    kind: "min",
    unit: "×",
    target: "≥ 4×",
    limit: () => 4,
    value: (s) => ratio(s.peers.fts5?.p50Ms, s.query.p50Ms),
  },
  { scale: 100, issue: 15, what: "query p99 (literal-heavy mix)", kind: "max", unit: " ms", target: "≤ 5 ms", limit: () => 5, value: (s) => (s.query.queries ? s.query.p99Ms : null) },
  { scale: 1000, issue: 15, what: "query p50 (literal-heavy mix)", kind: "max", unit: " ms", target: "≤ 2 ms", limit: () => 2, value: (s) => (s.query.queries ? s.query.p50Ms : null) },
  ...EVERY.map<Target>((scale) => ({
    scale,
    issue: 15,
    what: "literal recall (share of the oracle's passages found)",
    kind: "min",
    unit: "",
    target: "= 1.0",
    limit: () => 1,
    value: (s) => s.query.recall,
    note: (s, r) => {
      const a = r.queryRun?.agreement;
      return a ? ` (${s.query.recallQueries} queries compared whole, ${a.byTotal} by total; ${a.missing} missed, ${a.falseHits} false hits)` : "";
    },
  })),
  { scale: 100, issue: 15, what: "restart: openEngine to the first answer", kind: "max", unit: " s", target: "≤ 0.5 s", limit: () => 0.5, value: (s) => s.restartSeconds },
  { scale: 1000, issue: 15, what: "restart: openEngine to the first answer", kind: "max", unit: " s", target: "≤ 3 s", limit: () => 3, value: (s) => s.restartSeconds },
  ...[100, 1000].map<Target>((scale) => ({
    scale,
    issue: 15,
    what: "memory after a restart (RSS at the first answer)",
    kind: "max",
    unit: " MB",
    target: "≤ the build's peak RSS",
    limit: (s) => s.peakRssMB,
    value: (s) => s.restartRssMB,
    note: (s) => ` (build peak ${s.peakRssMB} MB)`,
  })),
  { scale: 100, issue: 15, what: "build", kind: "max", unit: " s", target: "≤ 15 s", limit: () => 15, value: (s) => s.buildSeconds },
  { scale: 1000, issue: 15, what: "build", kind: "max", unit: " s", target: "≤ 100 s", limit: () => 100, value: (s) => s.buildSeconds },
  { scale: 100, issue: 15, what: "peak memory of the build", kind: "max", unit: " MB", target: "≤ 1 GB (1,024 MB)", limit: () => 1024, value: (s) => s.peakRssMB },
  { scale: 1000, issue: 15, what: "peak memory of the build", kind: "max", unit: " MB", target: "≤ 3 GB (3,072 MB)", limit: () => 3072, value: (s) => s.peakRssMB },
  {
    scale: 100,
    issue: 15,
    what: "HTTP p99 at 10 connections vs the engine's p99 on the same queries",
    kind: "max",
    unit: " ms",
    target: "≤ 3× engine p99",
    limit: (s) => (s.http ? 3 * s.http.engineP99Ms : null),
    value: (s) => s.http?.p99Ms ?? null,
    note: (s) => (s.http ? ` (engine p99 ${s.http.engineP99Ms} ms)` : ""),
  },
  ...EVERY.map<Target>((scale) => ({
    scale,
    issue: 15,
    what: "longest event-loop stall while serving (HTTP at 1, 10, 100 connections)",
    kind: "max",
    unit: " ms",
    target: "≤ 50 ms",
    limit: () => 50,
    value: eldMax,
  })),
  {
    scale: 100,
    issue: 14,
    what: "worst single request (crafted queries, limit=1): refused or answered within the deadline",
    kind: "max",
    unit: " ms",
    target: "≤ 200 ms",
    limit: () => 200,
    value: (s) => s.adversarial?.worstSingleMs ?? null,
    note: (s, r) => {
      const w = r.adversarial?.worst;
      if (!w) return "";
      return w.status === "timeout" ? ` (${w.shape}: no answer before the probe's timeout, so at least this)` : ` (${w.shape}, status ${String(s.adversarial?.worstSingleStatus)})`;
    },
  },
  ...EVERY.flatMap<Target>((scale) => [
    {
      scale,
      issue: 14,
      what: "adversarial load (100 connections, 10% crafted): simple queries' p99 (a timeout counts as 10 s)",
      kind: "max",
      unit: " ms",
      target: "< 200 ms",
      limit: () => 200,
      value: (s) => s.adversarial?.simpleP99Ms ?? null,
      note: (_s, r) => (r.adversarial ? ` (${Math.round(r.adversarial.load.seconds)} s, ${r.adversarial.load.rps} answers/s)` : ""),
    },
    {
      scale,
      issue: 14,
      // The issue's wording: zero timeouts and zero errors other than 400/429 — a 503 (shed) counts.
      what: "adversarial load: timeouts (10 s) and answers other than 2xx/400/429",
      kind: "max",
      unit: "",
      target: "0",
      limit: () => 0,
      value: (s) => (s.adversarial ? s.adversarial.timeouts + s.adversarial.errors + shed(s) : null),
      note: (s) => (s.adversarial ? ` (${s.adversarial.timeouts} timeouts, ${shed(s)} × 503, ${s.adversarial.errors} other errors)` : ""),
    },
  ]),
];

/** Answers of the adversarial load shed with 503 (the server busy or a query past its deadline). */
function shed(s: BenchSummary): number {
  return s.adversarial?.byStatus["503"] ?? 0;
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** How far a value is from its limit, in the target's own terms. */
export function missedBy(kind: "max" | "min", value: number, limit: number, unit: string): string {
  if (kind === "max") {
    const over = value - limit;
    return limit > 0 ? `missed by ${fmt(over)}${unit} (${fmt(value / limit)}× the limit)` : `missed by ${fmt(over)}`;
  }
  if (unit === "×") return `missed: ${fmt(value)}× of ${fmt(limit)}× (${fmt(limit / Math.max(value, 1e-9))}× short)`;
  return `missed by ${fmt(limit - value)}${unit}`;
}

export function checkTarget(t: Target, r: ScaleResult): TargetCheck {
  const s = summary(r);
  const value = t.value(s, r);
  const limit = t.limit(s);
  if (value === null || limit === null) return { target: t, value, limit, met: null, verdict: "not measured" };
  const met = t.kind === "max" ? value <= limit : value >= limit;
  return { target: t, value, limit, met, verdict: met ? "met" : missedBy(t.kind, value, limit, t.unit) };
}

/** The measured cell: the value with its unit and note. */
export function measuredCell(c: TargetCheck, r: ScaleResult): string {
  if (c.value === null) return "not run";
  const v = c.target.unit === "" && c.target.what.startsWith("literal recall") ? c.value.toFixed(5) : `${fmt(c.value)}${c.target.unit}`;
  return `${v}${c.target.note?.(summary(r), r) ?? ""}`;
}
