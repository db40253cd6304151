/**
 * Writes BENCHMARKS.md (the peer table first, then the targets met or missed, figures per scale, the
 * machine and its load) and BENCHMARKS.svg.
 * Results of earlier runs at other scales are kept: they live in a JSON comment at the end of
 * BENCHMARKS.md, so a run at ×100 alone does not erase the ×1000 figures. The hand-written analysis
 * between the `analysis` markers is preserved.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderChart } from "./chart.ts";
import { HARNESS_VERSION, plainP99, simpleP99, summary, type ScaleResult } from "./results.ts";
import { checkTarget, measuredCell, TARGETS } from "./targets.ts";
import { LITERAL_KINDS } from "./literal-mix.ts";

export interface MachineInfo {
  nproc: number;
  cpu: string;
  memoryGB: number;
  node: string;
  platform: string;
  /** Load averages when the run started: the machine is shared, so this says how busy it was. */
  loadavg: number[];
}

export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: os.cpus() is what we have
  }
  return {
    nproc: typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length,
    cpu,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

const DATA_RE = /<!-- bench-data\n([\s\S]*?)\n-->/;
const ANALYSIS_RE = /<!-- analysis:start -->[\s\S]*?<!-- analysis:end -->/;

function readStored(file: string): ScaleResult[] {
  if (!fs.existsSync(file)) return [];
  const m = fs.readFileSync(file, "utf8").match(DATA_RE);
  if (!m) return [];
  try {
    // Figures of an older harness measured other things under the same names: not kept.
    return (JSON.parse(m[1]!) as ScaleResult[]).filter((r) => r.harness === HARNESS_VERSION);
  } catch {
    return [];
  }
}


const SYSTEMS = [
  { key: "scan", label: "best-case scan (texts folded once, `String.prototype.includes`)" },
  { key: "fts5", label: "SQLite FTS5, trigram tokenizer (`better-sqlite3`; `LIKE` for terms under 3 characters)" },
  { key: "flexsearch", label: "FlexSearch 0.8, `Charset.CJK` (candidates checked with `includes`)" },
  { key: "zhangjie", label: "**zhangjie** (`engine.search`, top 20 + total + facets)" },
] as const;

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const recallCell = (x: number | null | undefined) => (x === null || x === undefined ? "–" : x === 1 ? "1.0" : x.toFixed(4));

function peerTable(r: ScaleResult): string[] {
  const sys = r.queryRun?.systems ?? {};
  const primary = r.queryRun ? `, ${sys.scan?.queries ?? sys.zhangjie?.queries ?? 0} queries` : "";
  const lines = [
    `### ×${r.scale} — ${r.textMB} MB, ${r.documents.toLocaleString("en-US")} documents, ${r.passages.toLocaleString("en-US")} passages${primary}`,
    "",
    "| system | p50 (ms) | p99 (ms) | p50 speed-up over the best-case scan | recall | false hits | index build (s) |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { key, label } of SYSTEMS) {
    const f = sys[key];
    if (!f) {
      lines.push(`| ${label} | – | – | – | – | – | – |`);
      continue;
    }
    const build = key === "zhangjie" ? `${r.buildSeconds} (whole build)` : f.buildSeconds === null ? "–" : f.buildSeconds.toFixed(1);
    lines.push(`| ${label} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${f.speedupP50.toFixed(1)}× | ${recallCell(f.recall)} | ${f.falseHits} | ${build} |`);
  }
  return lines;
}

function kindTable(r: ScaleResult): string[] {
  const sys = r.queryRun?.systems ?? {};
  const order = [...LITERAL_KINDS, "term", "literal", "and", "or", "not"];
  const kinds = order.filter((k) => SYSTEMS.some(({ key }) => sys[key]?.byKind[k]));
  if (!kinds.length) return [];
  const lines = [`| kind (n) | ${SYSTEMS.map((s) => s.key).join(" | ")} |`, `|---|${SYSTEMS.map(() => "---:").join("|")}|`];
  for (const k of kinds) {
    const n = sys.zhangjie?.byKind[k]?.n ?? sys.scan?.byKind[k]?.n ?? 0;
    lines.push(
      `| ${k} (${n}) | ${SYSTEMS.map(({ key }) => {
        const f = sys[key]?.byKind[k];
        return f ? `${ms(f.p50Ms)} / ${ms(f.p99Ms)}, ${recallCell(f.recall)}` : "–";
      }).join(" | ")} |`,
    );
  }
  return lines;
}

function httpCell(r: ScaleResult, c: number): string {
  const h = r.httpRuns.find((x) => x.connections === c);
  if (!h) return "–";
  const base = h.rps === 0 ? `none completed in ${h.seconds} s` : `${h.rps}, ${h.p99Ms}`;
  const limited = h.rateLimited ? `; ${h.rateLimited} × 429` : "";
  return h.eventLoop ? `${base}; loop ${h.eventLoop.maxMs}${limited}` : `${base}${limited}`;
}

function adversarialLines(rs: readonly ScaleResult[]): string[] {
  const runs = rs.filter((r) => r.adversarial);
  if (!runs.length) return [];
  const lines = [
    "## Issue 14: crafted queries and the adversarial load",
    "",
    "Crafted queries (src/bench/crafted.ts): the issue's `技|新` × 250, OR chains (`|`, ` OR `) and AND chains of the corpus's most frequent characters, up to the 1,000-character limit. **Worst single request**: the longest query of each shape alone, `limit=1`, over HTTP (120 s timeout; a probe that times out ends the probing). **Load**: 100 connections, every 10th request crafted, the rest the literal-heavy mix; 10 s timeout per request; 400/429/503 count as the server refusing, any other non-2xx status or a failed socket as an error; the issue's target counts the 503s too (only 400 and 429 may refuse). **Baseline**: the same load just before it with the plain queries only, so that what the crafted tenth costs the plain queries (p99 with ÷ without) stands apart from what the machine answers at all.",
    "",
    "| | " + runs.map((r) => `×${r.scale}`).join(" | ") + " |",
    "|---|" + runs.map(() => "---:").join("|") + "|",
  ];
  const row = (label: string, f: (r: ScaleResult) => string) => lines.push(`| ${label} | ${runs.map(f).join(" | ")} |`);
  const a = (r: ScaleResult) => r.adversarial!;
  row("worst single request (ms, status, shape)", (r) => (a(r).worst ? `${a(r).worst!.ms}, ${a(r).worst!.status}, ${a(r).worst!.shape}` : "–"));
  row("each probe (shape: ms/status)", (r) => a(r).probes.map((p) => `${p.shape}: ${p.ms}/${p.status}`).join("; "));
  row("baseline, plain queries only: duration (s), answers/s, p50 / p99 / max (ms)", (r) => {
    const b = a(r).baseline;
    const c = b?.classes.simple;
    return b && c ? `${b.seconds}, ${b.rps}, ${c.p50Ms} / ${plainP99(b)} / ${c.maxMs}` : "–";
  });
  row("what the crafted tenth costs plain queries: p99 with ÷ without", (r) => {
    const b = a(r).baseline;
    if (!b) return "–";
    const base = plainP99(b);
    return base > 0 ? `${(simpleP99(a(r)) / base).toFixed(2)}×` : "–";
  });
  row("load: duration (s), answers/s", (r) => `${a(r).load.seconds}, ${a(r).load.rps}`);
  row("simple queries: sent, answered, p50 / p99 / max of the answered (ms)", (r) => {
    const c = a(r).load.classes.simple;
    return c ? `${c.sent}, ${c.answered}, ${c.p50Ms} / ${c.p99Ms} / ${c.maxMs}` : "–";
  });
  row("simple queries: p99 with timeouts counted at the timeout (ms)", (r) => {
    const c = a(r).load.classes.simple;
    if (!c) return "–";
    const p = simpleP99(a(r));
    return p >= a(r).load.timeoutMs ? `≥ ${p} (${c.timeouts} of ${c.sent} timed out)` : String(p);
  });
  row("crafted queries: sent, answered, p50 / p99 (ms)", (r) => {
    const c = a(r).load.classes.crafted;
    return c ? `${c.sent}, ${c.answered}, ${c.p50Ms} / ${c.p99Ms}` : "–";
  });
  row("timeouts", (r) => String(a(r).load.timeouts));
  row("answers by status", (r) => Object.entries(a(r).load.byStatus).map(([k, v]) => `${k}: ${v}`).join(", "));
  row("errors (failed sockets + unexpected statuses)", (r) => `${a(r).load.connectionErrors} + ${a(r).load.unexpectedStatuses}`);
  row("event-loop delay during the load: max / p99 (ms)", (r) => {
    const e = a(r).eventLoop;
    if (!e) return `no answer within ${a(r).eldWaitSeconds} s after the load (stalled)`;
    if (e.samples === 0) return `stalled for the whole ${Math.round(a(r).load.seconds)} s: the timer never ticked${e.lateMs ? ` (≥ ${Math.round(e.lateMs)})` : ""}`;
    return `${e.maxMs} / ${e.p99Ms}`;
  });
  return lines;
}

export function renderMarkdown(results: readonly ScaleResult[], analysis: string): string {
  const rs = [...results].sort((a, b) => a.scale - b.scale);
  const head = `| | ${rs.map((r) => `×${r.scale}`).join(" | ")} |\n|---|${rs.map(() => "---:").join("|")}|`;
  const row = (label: string, f: (r: ScaleResult) => string) => `| ${label} | ${rs.map(f).join(" | ")} |`;
  const machines = [...new Map(rs.map((r) => [JSON.stringify([r.machine.cpu, r.machine.nproc, r.machine.memoryGB, r.machine.node]), r])).values()];
  const lines: string[] = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (src/bench/run.ts); the analysis section is written by hand. Corpora are the seed",
    "files plus synthetic plans (src/bench/synth.ts, seed \"zhangjie\") up to N× the seeds' 0.26 MB.",
    "",
    "## zhangjie and its peers",
    "",
    "The literal-heavy mix (src/bench/literal-mix.ts, seeded): literals of 2, 3, 4 and 5–8 characters and keyword pairs",
    "(two literals, AND), drawn from the seed documents, so every scale answers the same queries. Every system answers",
    "them in one process over the same primary-edition passages, one system at a time; a query's time is its median",
    "over the rounds. **Recall** is the share of the oracle's passages found (the oracle: the full-language scan,",
    "src/bench/scan.ts); **false hits** are answers that do not hold the literals.",
    "",
  ];
  for (const r of rs) lines.push(...peerTable(r), "");
  lines.push("## Targets (issues 15 and 14)", "", "| scale | issue | target | measured | verdict |", "|---|---|---|---|---|");
  for (const t of TARGETS) {
    const r = rs.find((x) => x.scale === t.scale);
    if (!r) {
      lines.push(`| ×${t.scale} | ${t.issue} | ${t.what} ${t.target} | not run | – |`);
      continue;
    }
    const c = checkTarget(t, r);
    lines.push(`| ×${t.scale} | ${t.issue} | ${t.what} ${t.target} | ${measuredCell(c, r)} | ${c.met === null ? "–" : c.met ? "met" : `**${c.verdict}**`} |`);
  }
  lines.push(
    "",
    "## Machine and load",
    "",
    ...machines.map((r) => `- ${r.machine.nproc} cores (\`nproc\`), ${r.machine.cpu}, ${r.machine.memoryGB} GB, node ${r.machine.node}, ${r.machine.platform}.`),
    "- The 2 cores are shared with other work (the HTTP load generator always, other sessions often). Load average (1/5/15 min) when each scale started, and when its result was recorded: " +
      rs.map((r) => `×${r.scale} ${r.machine.loadavg.join(" / ")} (recorded ${r.date.slice(0, 16).replace("T", " ")} UTC)`).join("; ") +
      ".",
    "- 1-minute load average when each system's timed rounds began: " +
      rs.map((r) => `×${r.scale} ${Object.entries(r.queryRun?.load ?? {}).map(([k, v]) => `${k} ${v}`).join(", ")}`).join("; ") +
      ".",
    "",
    "## Per query kind (p50 / p99 ms, recall)",
    "",
    "The literal-heavy kinds, then today's mix's literal kinds (`term`: the policy terms, `literal`, `and`, `or`, `not`), which the peers express too.",
    "",
  );
  for (const r of rs) {
    const t = kindTable(r);
    if (t.length) lines.push(`### ×${r.scale}`, "", ...t, "");
  }
  lines.push(
    "## Figures",
    "",
    head,
    row("text (MB, corpus files)", (r) => String(r.textMB)),
    row("documents / passages", (r) => `${r.documents} / ${r.passages}`),
    row("build (s)", (r) => String(r.buildSeconds)),
    row("build throughput (MB/s)", (r) => String(r.buildMBps)),
    row("peak RSS of the build (MB)", (r) => String(r.peakRssMB)),
    row("cache on disk (MB)", (r) => String(r.cacheMB)),
    row("restart: openEngine → first answer (s)", (r) => String(r.restartSeconds)),
    row("RSS after the restart (MB)", (r) => String(r.restartRssMB)),
    row("fresh process → first answer (s)", (r) => String(r.coldStartSeconds)),
    row("today's mix p50 / p99 (ms)", (r) => (r.queryRun ? `${ms(r.queryRun.p50Ms)} / ${ms(r.queryRun.p99Ms)}` : "–")),
    row("today's mix: full-language scan p50 (ms), speed-up", (r) => (r.queryRun ? `${ms(r.queryRun.scanP50Ms)}, ${r.queryRun.speedupP50.toFixed(1)}×` : "–")),
    row("HTTP 1 conn (req/s, p99 ms; event loop max ms)", (r) => httpCell(r, 1)),
    row("HTTP 10 conns (req/s, p99 ms; event loop max ms)", (r) => httpCell(r, 10)),
    row("HTTP 100 conns (req/s, p99 ms; event loop max ms)", (r) => httpCell(r, 100)),
    row("engine vs oracle (literal queries)", (r) => {
      const a = r.queryRun?.agreement;
      return a ? `${a.queries} whole + ${a.byTotal} by total, ${a.missing} missed, ${a.falseHits} false` : "–";
    }),
    "",
    "![Query latency of zhangjie and its peers, and build time, against corpus size](BENCHMARKS.svg)",
    "",
    "## Where the build's time goes (s, `engine.build.timings`)",
    "",
  );
  const stages = [...new Set(rs.flatMap((r) => Object.keys(r.timings)))];
  lines.push(`| stage | ${rs.map((r) => `×${r.scale}`).join(" | ")} |`, `|---|${rs.map(() => "---:").join("|")}|`);
  for (const st of stages) lines.push(`| ${st} | ${rs.map((r) => (r.timings[st] === undefined ? "–" : (Math.round(r.timings[st]! * 100) / 100).toString())).join(" | ")} |`);
  lines.push(`| sum of stages / whole build | ${rs.map((r) => `${(Math.round(Object.values(r.timings).reduce((a, b) => a + b, 0) * 100) / 100).toString()} / ${r.buildSeconds}`).join(" | ")} |`);
  lines.push("", "## Today's mix by kind (ms; engine p50 / p99, full-language scan p50)", "");
  const kinds = [...new Set(rs.flatMap((r) => Object.keys(r.queryRun?.byKind ?? {})))];
  lines.push(`| kind | ${rs.map((r) => `×${r.scale}`).join(" | ")} |`, `|---|${rs.map(() => "---:").join("|")}|`);
  for (const k of kinds) {
    lines.push(`| ${k} | ${rs.map((r) => {
      const v = r.queryRun?.byKind[k];
      return v ? `${v.p50Ms.toFixed(2)} / ${v.p99Ms.toFixed(2)}, scan ${v.scanP50Ms.toFixed(1)}` : "–";
    }).join(" | ")} |`);
  }
  const adv = adversarialLines(rs);
  if (adv.length) lines.push("", ...adv);
  const failed = rs.filter((r) => r.failures.length);
  if (failed.length) {
    lines.push("", "## Failures recorded by the runs", "");
    for (const r of failed) lines.push(`- ×${r.scale}: ${r.failures.join("; ")}`);
  }
  const soaks = rs.filter((r) => r.soak);
  if (soaks.length) {
    lines.push("", "## Soak (60 s at 100 connections)", "");
    for (const r of soaks) {
      const s = r.soak!;
      lines.push(`- ×${r.scale}: ${s.rps} req/s, p99 ${s.p99Ms} ms, errors ${s.errors}, timeouts ${s.timeouts}, non-2xx ${s.non2xx}; server heap after GC ${s.before.heapUsedMB} → ${s.after.heapUsedMB} MB, RSS ${s.before.rssMB} → ${s.after.rssMB} MB.`);
    }
  }
  lines.push(
    "",
    "## How each figure is measured",
    "",
    "- **peers** (src/bench/peers/): each behind one interface (`build(passages)`, `query(q) → ids`), built in the restarted process after zhangjie's rounds, warmed on 10 queries, timed (3 rounds; 1 at ×1000), checked against the oracle and freed before the next. Peers index the primary editions' passages, folded (width, case) once; the best-case scan is one `includes` per passage and literal; FTS5 is an in-memory `fts5(text, tokenize='trigram')` table, `optimize`d, a literal of ≥ 3 characters a phrase in one `MATCH`, shorter ones and exclusions `LIKE '%…%'` (a full scan), one prepared statement per SQL shape; FlexSearch is an `Index({encoder: Charset.CJK})` (one term per character) whose candidates for each literal (limit: every passage) are checked with `includes`. Peers return every matching passage; zhangjie returns the top 20 with the total and the facets.",
    "- **recall**: per system, matching primary passages found ÷ matching primary passages (the full-language scan's answer). zhangjie's answers are paged through (`limit` 1000) for queries with at most 10,000 matches; bigger ones are checked by their total (≥ the oracle's count) and left out of its recall figure.",
    "- **speed-up**: the best-case scan's p50 ÷ the system's p50 on the same queries (for FTS5 in the targets: FTS5's p50 ÷ zhangjie's).",
    "- **build**: `openEngine` on an empty cache in a fresh child process (`BuildInfo.seconds`); peak RSS = that process's `resourceUsage().maxRSS`; stages as the engine reports them.",
    "- **restart**: in a second fresh process, with the engine's modules already loaded, from the `openEngine` call to the first answer of `科技创新`; RSS read right then. \"Fresh process → first answer\" also counts Node's and tsx's start-up.",
    "- **today's mix**: policy terms, literal strings of 2–8 characters, two-term AND, OR, NOT, `in:` and `doc:` filters, pasted clauses of 40–90 characters; one warm-up round, 3 timed rounds of `engine.search(q, {limit: 20})`; the full-language scan answers each once.",
    "- **HTTP**: autocannon on loopback against `createApp(engine)` in a third fresh process on the same cache (not the one that built the peers: that process answered 15–30% fewer requests), walking the literal-heavy mix in order across all its connections (one shared cursor: each query is asked in turn, whatever the connection count); `--http-seconds` each (default 5). The engine p99 it is compared with is the literal-heavy mix's in-process p99.",
    "- **event loop**: `perf_hooks.monitorEventLoopDelay` (2 ms resolution) in the server, reset when each HTTP run starts and read when it ends; the max is the longest stall.",
    "- **adversarial** (`--adversarial`, issue 14): see its section; run on the HTTP rounds' server after them; a small closed-loop generator (src/bench/loadgen.ts) times each request by class and counts answers by status.",
    "",
    analysis,
    "",
    `<!-- bench-data\n${JSON.stringify(rs.map((r) => ({ ...r, profile: null })))}\n-->`,
    "",
  );
  return lines.join("\n");
}

const DEFAULT_ANALYSIS = "<!-- analysis:start -->\n## Analysis\n\n(to be written after a full run)\n<!-- analysis:end -->";

/** Merge new results with the stored ones (by scale) and rewrite BENCHMARKS.md and BENCHMARKS.svg. */
export function updateReport(root: string, results: readonly ScaleResult[]): string[] {
  const mdFile = path.join(root, "BENCHMARKS.md");
  const svgFile = path.join(root, "BENCHMARKS.svg");
  const byScale = new Map(readStored(mdFile).map((r) => [r.scale, r]));
  for (const r of results) byScale.set(r.scale, r);
  const all = [...byScale.values()].sort((a, b) => a.scale - b.scale);
  const old = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, "utf8") : "";
  const analysis = old.match(ANALYSIS_RE)?.[0] ?? DEFAULT_ANALYSIS;
  fs.writeFileSync(mdFile, renderMarkdown(all, analysis));
  const m = all[all.length - 1]!.machine;
  fs.writeFileSync(
    svgFile,
    renderChart(
      all.map((r) => {
        const s = summary(r);
        return {
          textMB: r.textMB,
          scale: r.scale,
          p50Ms: s.query.p50Ms,
          p99Ms: s.query.p99Ms,
          scanP50Ms: s.peers.scan?.p50Ms ?? 0,
          fts5P50Ms: s.peers.fts5?.p50Ms ?? 0,
          flexP50Ms: s.peers.flexsearch?.p50Ms ?? 0,
          buildSeconds: r.buildSeconds,
          echoSeconds: r.echoSeconds,
        };
      }),
      `zhangjie, ${m.nproc} × ${m.cpu}, node ${m.node}; scales ×${all.map((r) => r.scale).join(", ×")}`,
    ),
  );
  return [mdFile, svgFile];
}
