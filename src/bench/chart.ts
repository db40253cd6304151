/**
 * The benchmark chart (BENCHMARKS.svg), drawn by hand: two log–log panels against corpus size —
 * query latency on the literal-heavy mix (zhangjie p50 and p99, the peers' p50) and build time (whole
 * build and its echo stage).
 */

export interface ChartPoint {
  textMB: number;
  scale: number;
  p50Ms: number;
  p99Ms: number;
  /** The best-case scan's p50 (0: not measured). */
  scanP50Ms: number;
  fts5P50Ms: number;
  flexP50Ms: number;
  buildSeconds: number;
  echoSeconds: number | null;
}

interface Series {
  name: string;
  color: string;
  dash?: string;
  points: [number, number][];
}

const W = 460;
const H = 300;
const M = { left: 56, right: 16, top: 34, bottom: 44 };

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function decadeTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function fmt(v: number): string {
  if (v >= 1000) return `${v / 1000}k`;
  if (v >= 1) return String(v);
  return String(Number(v.toPrecision(1)));
}

function panel(x0: number, title: string, yLabel: string, series: Series[], xs: number[]): string {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (all.length === 0) return "";
  const xt = decadeTicks(Math.min(...xs), Math.max(...xs));
  const yt = decadeTicks(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const [xlo, xhi] = [Math.log10(xt[0]!), Math.log10(xt[xt.length - 1]!)];
  const [ylo, yhi] = [Math.log10(yt[0]!), Math.log10(yt[yt.length - 1]!)];
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => x0 + M.left + ((Math.log10(x) - xlo) / (xhi - xlo || 1)) * pw;
  const sy = (y: number) => M.top + ph - ((Math.log10(y) - ylo) / (yhi - ylo || 1)) * ph;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const t of xt) {
    parts.push(`<line x1="${sx(t)}" y1="${M.top}" x2="${sx(t)}" y2="${M.top + ph}" stroke="#ddd"/>`);
    parts.push(`<text x="${sx(t)}" y="${M.top + ph + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  }
  for (const t of yt) {
    parts.push(`<line x1="${x0 + M.left}" y1="${sy(t)}" x2="${x0 + M.left + pw}" y2="${sy(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 + M.left - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  }
  parts.push(`<rect x="${x0 + M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${x0 + M.left + pw / 2}" y="${H - 8}" text-anchor="middle" font-size="12">corpus size (MB of text, log)</text>`);
  parts.push(`<text x="${x0 + 14}" y="${M.top + ph / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 + 14} ${M.top + ph / 2})">${esc(yLabel)}</text>`);
  series.forEach((s) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    if (pts.length === 0) return;
    const d = pts.map(([x, y], k) => `${k ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${s.name}: ${y} at ${x} MB`)}</title></circle>`);
  });
  // The legend is drawn last, on a light box, so that lines passing under it do not hide its words.
  const shown = series.filter((s) => s.points.some(([x, y]) => x > 0 && y > 0));
  const legendWidth = 30 + 6.2 * Math.max(0, ...shown.map((s) => s.name.length));
  parts.push(`<rect x="${x0 + M.left + 4}" y="${M.top + 2}" width="${legendWidth.toFixed(0)}" height="${shown.length * 15 + 4}" fill="#fff" fill-opacity="0.85"/>`);
  shown.forEach((s, i) => {
    const ly = M.top + 12 + i * 15;
    parts.push(`<line x1="${x0 + M.left + 8}" y1="${ly - 4}" x2="${x0 + M.left + 26}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    parts.push(`<text x="${x0 + M.left + 30}" y="${ly}" font-size="11">${esc(s.name)}</text>`);
  });
  return parts.join("\n");
}

export function renderChart(points: readonly ChartPoint[], caption: string): string {
  const ps = [...points].sort((a, b) => a.textMB - b.textMB);
  const xs = ps.map((p) => p.textMB);
  const latency = panel(
    0,
    "Query latency (literal-heavy mix) vs corpus size",
    "milliseconds (log)",
    [
      { name: "zhangjie p50", color: "#1f6feb", points: ps.map((p) => [p.textMB, p.p50Ms]) },
      { name: "zhangjie p99", color: "#8250df", points: ps.map((p) => [p.textMB, p.p99Ms]) },
      { name: "best-case scan p50", color: "#cf222e", dash: "5,4", points: ps.map((p) => [p.textMB, p.scanP50Ms]) },
      { name: "SQLite FTS5 trigram p50", color: "#bf8700", dash: "2,3", points: ps.map((p) => [p.textMB, p.fts5P50Ms]) },
      { name: "FlexSearch CJK p50", color: "#1a7f37", dash: "8,3", points: ps.map((p) => [p.textMB, p.flexP50Ms]) },
    ],
    xs,
  );
  const build = panel(
    W,
    "Build time vs corpus size",
    "seconds (log)",
    [
      { name: "build (ingest→index→echo→save)", color: "#1a7f37", points: ps.map((p) => [p.textMB, p.buildSeconds]) },
      { name: "echo stage", color: "#bf8700", dash: "5,4", points: ps.filter((p) => p.echoSeconds !== null).map((p) => [p.textMB, p.echoSeconds!]) },
    ],
    xs,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 22}" viewBox="0 0 ${2 * W} ${H + 22}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    latency,
    build,
    `<text x="${W}" y="${H + 16}" text-anchor="middle" font-size="11" fill="#555">${esc(caption)}</text>`,
    `</svg>`,
    "",
  ].join("\n");
}
