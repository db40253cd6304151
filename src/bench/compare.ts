/**
 * zhangjie side by side with its peers (issue 15): every system answers the same queries over the
 * same primary-edition passages, in one process, one system at a time (a peer is built, timed,
 * checked and freed before the next, so none pays for another's heap). The oracle is the
 * full-language scan of src/bench/scan.ts; a system's recall is the share of the oracle's passages
 * it found, its false hits the passages it returned that do not match.
 */
import { performance } from "node:perf_hooks";
import type { Engine } from "../engine.contract.ts";
import type { SearchOptions, SearchResponse } from "../search/types.ts";
import { createPeer, matchesLiteral, toLiteralQuery, type LiteralQuery, type Peer, type PeerName, type PeerPassage } from "./peers/index.ts";
import type { BenchQuery } from "./queries.ts";
import { literalText, scanSearch, type ScanPassage } from "./scan.ts";
import { percentile } from "./stats.ts";

export interface KindFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of the oracle's passages found over this kind's checked queries (null: none checked). */
  recall: number | null;
  falseHits: number;
}

export interface SystemFigures {
  /** Queries timed (the literal-heavy mix: the headline figures). */
  queries: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Best-case scan p50 / this system's p50, on the same queries. */
  speedupP50: number;
  recall: number | null;
  /** Queries whose answer was checked against the oracle (all, for peers). */
  recallQueries: number;
  /** Passages answered that do not match their query (headline kinds; per kind in `byKind`). */
  falseHits: number;
  /** Seconds to build the peer's index (null for zhangjie: see the build figures). */
  buildSeconds: number | null;
  /** Every kind the system answered, the literal-heavy kinds and today's literal kinds. */
  byKind: Record<string, KindFigures>;
}

/** A query of the mix that peers can answer, with the oracle's answer. */
export interface OracleQuery extends BenchQuery {
  lq: LiteralQuery;
  /** Ids of the primary passages that match (the full-language scan). */
  want: Set<string>;
}

/** One search, awaited (the engine may answer from a query worker or a store). */
export function search(engine: Engine, q: string, opts: SearchOptions): Promise<SearchResponse> {
  return engine.search(q, opts);
}

export function peerPassages(passages: readonly ScanPassage[]): PeerPassage[] {
  return passages.filter((p) => p.primary).map((p) => ({ id: p.id, folded: p.folded }));
}

/** The queries of the mix peers can express, each with the full-language scan's answer. */
export function oracleQueries(passages: readonly ScanPassage[], mix: readonly BenchQuery[]): OracleQuery[] {
  const out: OracleQuery[] = [];
  for (const m of mix) {
    const lq = toLiteralQuery(m.q);
    if (!lq) continue;
    out.push({ ...m, lq, want: new Set(scanSearch(passages, m.q, Number.MAX_SAFE_INTEGER, true).ids) });
  }
  return out;
}

/** What one system did on the queries of one kind. */
export interface Tally {
  /** Per query: its median time over the rounds. */
  times: number[];
  /** Oracle passages found, oracle passages, queries whose answer was checked, wrong answers. */
  found: number;
  wanted: number;
  checked: number;
  falseHits: number;
}

export function newTally(): Tally {
  return { times: [], found: 0, wanted: 0, checked: 0, falseHits: 0 };
}

/** Figures from per-kind tallies; the headline is over `headline` kinds. */
export function figures(tallies: ReadonlyMap<string, Tally>, headline: readonly string[], scanP50: number | null, buildSeconds: number | null): SystemFigures {
  const byKind: Record<string, KindFigures> = {};
  const head = newTally();
  for (const [kind, t] of tallies) {
    byKind[kind] = { n: t.times.length, p50Ms: percentile(t.times, 50), p99Ms: percentile(t.times, 99), recall: t.wanted ? t.found / t.wanted : t.checked ? 1 : null, falseHits: t.falseHits };
    if (headline.includes(kind)) {
      head.times.push(...t.times);
      head.found += t.found;
      head.wanted += t.wanted;
      head.checked += t.checked;
      head.falseHits += t.falseHits;
    }
  }
  const p50 = percentile(head.times, 50);
  const mean = head.times.length ? head.times.reduce((a, b) => a + b, 0) / head.times.length : 0;
  return {
    queries: head.times.length,
    p50Ms: p50,
    p99Ms: percentile(head.times, 99),
    meanMs: mean,
    speedupP50: scanP50 !== null && p50 > 0 ? scanP50 / p50 : 1,
    recall: head.wanted ? head.found / head.wanted : head.checked ? 1 : null,
    recallQueries: head.checked,
    falseHits: head.falseHits,
    buildSeconds,
    byKind,
  };
}

export interface PeerRunOptions {
  /** Timed rounds; a query's time is its median over the rounds. */
  rounds: number;
  headline: readonly string[];
  log?: (line: string) => void;
}

/** Build one peer, time every query, compare its answers with the oracle's, free it. */
export async function measurePeer(which: PeerName | Peer, passages: readonly PeerPassage[], queries: readonly OracleQuery[], o: PeerRunOptions): Promise<SystemFigures & { times: number[] }> {
  const peer = typeof which === "string" ? createPeer(which) : which;
  const name = peer.name;
  const t0 = performance.now();
  await peer.build(passages);
  const buildSeconds = (performance.now() - t0) / 1000;
  o.log?.(`  peer ${name}: built in ${buildSeconds.toFixed(2)} s`);
  try {
    for (const q of queries.slice(0, 10)) peer.query(q.lq); // warm-up (JIT, statement cache)
    const perQuery = queries.map(() => [] as number[]);
    const answers: number[][] = [];
    for (let r = 0; r < o.rounds; r++) {
      queries.forEach((q, i) => {
        const t = performance.now();
        const ids = peer.query(q.lq);
        perQuery[i]!.push(performance.now() - t);
        if (r === 0) answers.push(ids);
      });
    }
    const tallies = new Map<string, Tally>();
    const times: number[] = [];
    queries.forEach((q, i) => {
      const t = tallies.get(q.kind) ?? tallies.set(q.kind, newTally()).get(q.kind)!;
      const ms = percentile(perQuery[i]!, 50);
      t.times.push(ms);
      times.push(ms);
      const got = new Set(answers[i]!.map((k) => passages[k]!.id));
      for (const id of got) if (!q.want.has(id)) t.falseHits++;
      for (const id of q.want) if (got.has(id)) t.found++;
      t.wanted += q.want.size;
      t.checked++;
    });
    return { ...figures(tallies, o.headline, null, buildSeconds), times };
  } finally {
    peer.close();
  }
}

export interface EngineCheck {
  /** Literal queries whose whole answer was compared with the oracle's. */
  queries: number;
  /** Queries too big to page through (over `maxWanted` matches), checked by their total only. */
  byTotal: number;
  missing: number;
  falseHits: number;
  examples: string[];
  /** Per kind: passages found and wanted, queries checked, false hits (no times). */
  tallies: Map<string, Tally>;
}

/**
 * The engine against the oracle, for every query peers can express: every matching primary passage
 * is a hit or a hit's counterpart in another edition (recall), and every hit's text matches (no false
 * hit). A query with more than `maxWanted` matches is checked by its total only (the engine's total
 * counts every matching passage once, so it is at least the oracle's count). When no passage matches,
 * the engine answers by similarity (mode "similar"): its literal answer is then empty.
 */
export async function checkEngine(engine: Engine, queries: readonly OracleQuery[], maxWanted: number): Promise<EngineCheck> {
  const out: EngineCheck = { queries: 0, byTotal: 0, missing: 0, falseHits: 0, examples: [], tallies: new Map() };
  const note = (s: string) => {
    if (out.examples.length < 8) out.examples.push(s);
  };
  for (const q of queries) {
    const t = out.tallies.get(q.kind) ?? out.tallies.set(q.kind, newTally()).get(q.kind)!;
    if (q.want.size > maxWanted) {
      const res = await search(engine, q.q, { limit: 1 });
      out.byTotal++;
      // `matched` counts every matching passage (identical passages folded into one hit included).
      const matched = res.mode === "similar" ? 0 : (res.matched ?? res.total);
      if (matched < q.want.size) {
        out.missing += q.want.size - matched;
        note(`${q.q}: matched ${matched} < ${q.want.size} matching passages`);
      }
      continue;
    }
    const got = new Set<string>();
    const page = 1000;
    for (let offset = 0; ; offset += page) {
      // rows: every identical passage folded into a hit is listed in its alsoIn.
      const res = await search(engine, q.q, { limit: page, offset, rows: true });
      // No passage holds every term: the engine says so and answers by similarity instead (README).
      if (res.mode === "similar") break;
      for (const h of res.hits) {
        got.add(h.id);
        for (const o of h.otherEditions) got.add(o.passageId);
        for (const a of h.alsoIn ?? []) got.add(a.id);
        if (!matchesLiteral(literalText(h.text), q.lq)) {
          out.falseHits++;
          t.falseHits++;
          note(`false hit for ${q.q}: ${h.id}`);
        }
      }
      if (res.hits.length < page || offset + page >= res.total) break;
    }
    out.queries++;
    t.checked++;
    t.wanted += q.want.size;
    for (const id of q.want) {
      if (got.has(id)) t.found++;
      else {
        out.missing++;
        note(`missed ${q.q} in ${id}`);
      }
    }
  }
  return out;
}
