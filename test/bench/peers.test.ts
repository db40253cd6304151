// The peers of the benchmark on the real seed corpus: each answers exactly what the full-language
// scan (the oracle) answers, and the comparison shows it when a peer misses or over-answers.
import type { DocumentRecord } from "../../src/model.ts";
import { fullDocuments } from "../support/real-engine.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { buildQueryMix } from "../../src/bench/queries.ts";
import { buildLiteralMix, LITERAL_KINDS } from "../../src/bench/literal-mix.ts";
import { literalText, scanPassages, scanSearch, type ScanPassage } from "../../src/bench/scan.ts";
import { measurePeer, oracleQueries, peerPassages, type OracleQuery } from "../../src/bench/compare.ts";
import { createPeer, matchesLiteral, PEER_NAMES, toLiteralQuery, type Peer, type PeerPassage } from "../../src/bench/peers/index.ts";
import { fts5Statement, ftsPhrase, likeContains } from "../../src/bench/peers/fts5-peer.ts";
import { ScanPeer } from "../../src/bench/peers/scan-peer.ts";
import { foldText } from "../../src/analysis/fold.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zj-peers-"));
let engine: Engine;
let docs: DocumentRecord[];
let passages: ScanPassage[];
let pp: PeerPassage[];
let queries: OracleQuery[];

beforeAll(async () => {
  engine = await openEngine({ corpusDir: path.resolve("corpus"), cacheDir: tmp, progress: false, log: () => {} });
  docs = await fullDocuments(engine);
  passages = scanPassages(docs);
  pp = peerPassages(passages);
  const mix = [...buildLiteralMix(docs), ...buildQueryMix(docs)];
  queries = oracleQueries(passages, mix);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("the literal form peers answer", () => {
  it("keeps AND, OR and NOT, folds width and case, and leaves filters and pasted text to the engine", () => {
    expect(toLiteralQuery("碳达峰 OR 碳中和 -梅花鹿 ＲＤ")).toEqual({ groups: [["碳达峰", "碳中和"], ["rd"]], not: ["梅花鹿"] });
    expect(toLiteralQuery("科技|创新")).toEqual({ groups: [["科技|创新"]], not: [] });
    expect(toLiteralQuery("科技 in:第四章")).toBeNull();
    expect(toLiteralQuery("doc:延边 科技")).toBeNull();
    expect(toLiteralQuery("-科技")).toBeNull();
    expect(toLiteralQuery("加强科技创新能力建设，支持高校院所与企业共建研发平台，推进科技成果转化和产业化应用。")).toBeNull();
    expect(toLiteralQuery('"科技 创新"')).toEqual({ groups: [["科技创新"]], not: [] });
    expect(matchesLiteral("科技创新与成果转化", { groups: [["创新"], ["转化", "梅花鹿"]], not: ["碳中和"] })).toBe(true);
    expect(matchesLiteral("科技创新与成果转化", { groups: [["创新"]], not: ["成果"] })).toBe(false);
  });
});

describe("every peer on the seed corpus", () => {
  it("draws queries of every literal kind, nearly all of them found somewhere", () => {
    const kinds = new Set(queries.map((q) => q.kind));
    for (const k of [...LITERAL_KINDS, "term", "literal", "and", "or", "not"]) expect(kinds, k).toContain(k);
    const literals = queries.filter((q) => q.kind.startsWith("lit"));
    expect(literals.every((q) => q.want.size > 0)).toBe(true);
    expect(pp.length).toBeLessThan(passages.length); // the gazette's edition of the plan is not primary
  });

  for (const name of PEER_NAMES) {
    it(`${name} answers exactly the oracle's passages for each query`, async () => {
      const peer = createPeer(name);
      await peer.build(pp);
      try {
        for (const q of queries) {
          const got = sorted(peer.query(q.lq).map((i) => pp[i]!.id));
          expect(got, `${name}: ${q.q}`).toEqual(sorted(q.want));
        }
      } finally {
        peer.close();
      }
    });
  }

  it("measures recall 1.0 and no false hit for every peer, with times for every query", async () => {
    for (const name of PEER_NAMES) {
      const f = await measurePeer(name, pp, queries, { rounds: 1, headline: LITERAL_KINDS });
      expect(f.recall, name).toBe(1);
      expect(f.falseHits, name).toBe(0);
      const headline = queries.filter((q) => (LITERAL_KINDS as readonly string[]).includes(q.kind)).length;
      expect(f.recallQueries).toBe(headline);
      expect(f.queries).toBe(headline);
      expect(f.times).toHaveLength(queries.length);
      expect(Object.keys(f.byKind).sort()).toEqual([...new Set(queries.map((q) => q.kind))].sort());
    }
  });

  it("shows a peer that misses matches (recall below 1) and one that answers too much (false hits)", async () => {
    class Dropping extends ScanPeer {
      override readonly name = "scan";
      override query(q: Parameters<Peer["query"]>[0]): number[] {
        return super.query(q).filter((_i, k) => k % 2 === 0);
      }
    }
    class Padding extends ScanPeer {
      override query(q: Parameters<Peer["query"]>[0]): number[] {
        const ids = super.query(q);
        const extra = pp.findIndex((p) => !matchesLiteral(p.folded, q));
        return extra >= 0 ? [...ids, extra] : ids;
      }
    }
    const dropped = await measurePeer(new Dropping(), pp, queries, { rounds: 1, headline: LITERAL_KINDS });
    const wanted = queries.filter((q) => (LITERAL_KINDS as readonly string[]).includes(q.kind)).reduce((n, q) => n + q.want.size, 0);
    const kept = queries.filter((q) => (LITERAL_KINDS as readonly string[]).includes(q.kind)).reduce((n, q) => n + Math.ceil(q.want.size / 2), 0);
    expect(dropped.recall).toBeCloseTo(kept / wanted, 10);
    expect(dropped.falseHits).toBe(0);
    const padded = await measurePeer(new Padding(), pp, queries, { rounds: 1, headline: LITERAL_KINDS });
    expect(padded.recall).toBe(1);
    const headline = queries.filter((q) => (LITERAL_KINDS as readonly string[]).includes(q.kind)).length;
    expect(padded.falseHits).toBe(headline);
    expect(Object.values(padded.byKind).reduce((n, k) => n + k.falseHits, 0)).toBe(queries.length);
  });
});

describe("the oracle's literal text", () => {
  it("ignores whitespace and invisible characters as the query language does: 达到 3000 holds 到3", () => {
    expect(literalText("达到 3000万元，Ｒ＆Ｄ\u200b投入")).toBe("达到3000万元,r&d投入");
    const docs = [{ id: "d", title: "t", editions: [{ passages: [{ id: "p1", text: "达到 3000万元", path: [] }, { id: "p2", text: "到达3000", path: [] }] }] }];
    const ps = scanPassages(docs as never);
    expect(scanSearch(ps, "到3", 10).ids).toEqual(["p1"]);
    expect(scanSearch(ps, '"达到 3"', 10).ids).toEqual(["p1"]);
    const peer = createPeer("scan");
    peer.build(peerPassages(ps));
    expect(peer.query(toLiteralQuery("到3")!)).toEqual([0]);
  });
});

describe("SQLite FTS5 trigram statements", () => {
  it("matches literals of 3+ characters as phrases and shorter ones (and exclusions without a MATCH) with LIKE", () => {
    expect(fts5Statement({ groups: [["科技创新"]], not: [] })).toEqual({ sql: "SELECT rowid FROM passages WHERE passages MATCH ?", params: ['"科技创新"'] });
    expect(fts5Statement({ groups: [["科技"]], not: [] })).toEqual({ sql: "SELECT rowid FROM passages WHERE (text LIKE ? ESCAPE '\\')", params: ["%科技%"] });
    const mixed = fts5Statement({ groups: [["碳达峰", "碳中和"], ["科技"], ["梅花鹿"]], not: ["人参", "鹿茸产品"] });
    expect(mixed.sql).toBe("SELECT rowid FROM passages WHERE passages MATCH ? AND (text LIKE ? ESCAPE '\\') AND text NOT LIKE ? ESCAPE '\\'");
    expect(mixed.params).toEqual(['("碳达峰" OR "碳中和") AND "梅花鹿" NOT "鹿茸产品"', "%科技%", "%人参%"]);
    // A group mixing a short and a long literal is all LIKE: one index cannot answer both.
    expect(fts5Statement({ groups: [["科技", "碳达峰"]], not: ["鹿茸产品"] }).sql).toBe(
      "SELECT rowid FROM passages WHERE (text LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\') AND text NOT LIKE ? ESCAPE '\\'",
    );
  });

  it("escapes quotes for MATCH and %, _ and \\ for LIKE, so they are found literally", () => {
    expect(ftsPhrase('a"b')).toBe('"a""b"');
    expect(likeContains("5%_\\")).toBe("%5\\%\\_\\\\%");
    const texts = ["增长5%以上", "增长5以上", 'say "hi" now', "a_b", "axb"].map((t, i) => ({ id: String(i), folded: foldText(t) }));
    const peer = createPeer("fts5");
    peer.build(texts);
    try {
      expect(peer.query({ groups: [["5%"]], not: [] })).toEqual([0]);
      expect(peer.query({ groups: [['"hi"']], not: [] })).toEqual([2]);
      expect(peer.query({ groups: [["a_b"]], not: [] })).toEqual([3]);
      expect(peer.query({ groups: [["_"]], not: [] })).toEqual([3]);
    } finally {
      peer.close();
    }
  });

  it("uses SQLite's trigram tokenizer (3.34 or later)", () => {
    const db = new Database(":memory:");
    const v = (db.prepare("select sqlite_version() as v").get() as { v: string }).v.split(".").map(Number);
    db.close();
    expect(v[0]! * 100 + v[1]!).toBeGreaterThanOrEqual(334);
  });
});

describe("FlexSearch CJK", () => {
  it("does not take passages holding a literal's characters in another order or place as matches", () => {
    const texts = ["科技创新", "创新科技", "科学技术", "技科"].map((t, i) => ({ id: String(i), folded: t }));
    const peer = createPeer("flexsearch");
    peer.build(texts);
    try {
      expect(peer.query({ groups: [["科技"]], not: [] }).sort()).toEqual([0, 1]);
      expect(peer.query({ groups: [["技科"]], not: [] }).sort()).toEqual([3]);
      expect(peer.query({ groups: [["科技"], ["创新"]], not: ["创新科"] })).toEqual([0]);
      expect(peer.query({ groups: [["科技", "技术"]], not: [] }).sort()).toEqual([0, 1, 2]);
    } finally {
      peer.close();
    }
  });
});
