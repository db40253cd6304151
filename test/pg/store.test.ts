/**
 * The PostgreSQL store answers every query as the embedded store does: the same response (hits in
 * the same order, scores, highlights, facets, echoes) over the seeds and over the regulation
 * fixtures, for the query language's cases and a seeded random set. The loader's second run reads
 * nothing when no file changed, and loads only a new file when one is added.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, searcherOver } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { createEchoIndex } from "../../src/echo/index.ts";
import { loadCorpus } from "../../src/index/stores/postgres/load.ts";
import { PostgresCollection } from "../../src/index/stores/postgres/store.ts";
import type { Searcher } from "../../src/search/searcher.ts";
import type { SearchOptions, SearchResponse } from "../../src/search/types.ts";
import { CORPUS_DIR, fullDocuments } from "../support/real-engine.ts";
import { REGULATIONS_DIR } from "../search/helpers.ts";
import { hasPostgres, SKIP_REASON, testDatabase, type TestDatabase } from "./cluster.ts";
import { LANGUAGE_QUERIES, OPTION_SETS, randomQueries } from "./queries.ts";

if (!hasPostgres) console.warn(SKIP_REASON);

interface Pair {
  name: string;
  /** The embedded engine and the engine over PostgreSQL, on the same corpus. */
  engine: Engine;
  pgEngine: Engine;
  cacheDir: string;
  db: TestDatabase;
  /** A second server's view of the same database (its posting fetches are counted). */
  collection: PostgresCollection;
  searcher: Searcher;
}

const quiet = () => {};

async function pairOver(name: string, corpusDir: string): Promise<Pair> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-emb-"));
  const engine = await openEngine({ corpusDir, cacheDir, log: quiet });
  const db = await testDatabase();
  await loadCorpus({ corpusDir, databaseUrl: db.url, log: quiet });
  const pgEngine = await openEngine({ corpusDir, cacheDir, log: quiet, database: { url: db.url } });
  const collection = await PostgresCollection.open({ url: db.url, log: quiet });
  const store = collection.store;
  const echoes = store.echoes();
  const index = echoes ? createEchoIndex(echoes, store.documents()) : null;
  const searcher = searcherOver(store, index ? (id, limit) => index.echoesOf(id, limit) : undefined);
  return { name, engine, pgEngine, cacheDir, db, collection, searcher };
}

async function closePair(p: Pair | undefined): Promise<void> {
  if (!p) return;
  await p.collection.close();
  await p.pgEngine.close();
  await p.engine.close();
  await p.db.drop();
  fs.rmSync(p.cacheDir, { recursive: true, force: true });
}

/** A response without the time it took. */
function comparable(r: SearchResponse): unknown {
  const { tookMs: _t, ...rest } = r;
  return rest;
}

async function both(p: Pair, q: string, opts: SearchOptions): Promise<[unknown, unknown]> {
  let a: unknown;
  let b: unknown;
  try {
    a = comparable(await p.engine.search(q, opts));
  } catch (err) {
    a = { error: (err as Error).message };
  }
  try {
    b = comparable(await p.pgEngine.search(q, opts));
  } catch (err) {
    b = { error: (err as Error).message };
  }
  return [a, b];
}

describe.skipIf(!hasPostgres)("PostgreSQL store = embedded store", () => {
  let seeds: Pair;
  let regulations: Pair;
  beforeAll(async () => {
    seeds = await pairOver("seeds", CORPUS_DIR);
    regulations = await pairOver("regulations", REGULATIONS_DIR);
  }, 240_000);
  afterAll(async () => {
    await closePair(seeds);
    await closePair(regulations);
  });

  it("holds the same documents, passages, reports and echoes", async () => {
    for (const p of [seeds, regulations]) {
      const store = p.collection.store;
      expect(JSON.parse(JSON.stringify(p.pgEngine.documents))).toEqual(JSON.parse(JSON.stringify(p.engine.documents)));
      expect(p.pgEngine.reports).toEqual(p.engine.reports);
      const full = await fullDocuments(p.engine);
      expect(JSON.parse(JSON.stringify(store.documents()))).toEqual(JSON.parse(JSON.stringify(full)));
      for (const d of full) expect(JSON.parse(JSON.stringify(await p.pgEngine.doc(d.id)))).toEqual(JSON.parse(JSON.stringify(d)));
      const some = full.flatMap((d) => d.editions[0]!.passages).slice(0, 60);
      for (const x of some) {
        expect(await p.pgEngine.echoesOf(x.id)).toEqual(await p.engine.echoesOf(x.id));
        expect(await p.pgEngine.passageHit(x.id)).toEqual(await p.engine.passageHit(x.id));
        expect(await p.pgEngine.passageSources(x.id)).toEqual(await p.engine.passageSources(x.id));
      }
      const [a, b] = p.engine.documents;
      if (a && b) expect(await p.pgEngine.compare(a.id, b.id)).toEqual(await p.engine.compare(a.id, b.id));
    }
  });

  it("answers the query language's cases alike, with every option", async () => {
    for (const p of [seeds, regulations]) {
      for (const q of LANGUAGE_QUERIES) {
        for (const opts of OPTION_SETS) {
          const [a, b] = await both(p, q, opts);
          expect(b, `${p.name}: ${q} ${JSON.stringify(opts)}`).toEqual(a);
        }
      }
    }
  }, 240_000);

  it("answers a seeded random query set alike (literal recall: every passage the embedded store finds)", async () => {
    let matched = 0;
    for (const p of [seeds, regulations]) {
      for (const q of randomQueries(await fullDocuments(p.engine), 150)) {
        const [a, b] = await both(p, q, { limit: 200 });
        expect(b, `${p.name}: ${q}`).toEqual(a);
        if ((a as SearchResponse).total > 0) matched++;
      }
    }
    expect(matched).toBeGreaterThan(200); // cut from the passages: most match (a negation or a filter may leave none)
  }, 240_000);

  it("fetches a query's postings in one round trip (two for the similar passages offered beside no match)", async () => {
    const f = seeds.collection.store.fetcher;
    await seeds.searcher.searchAsync("梅花鹿"); // first query of the searcher also reads the definition markers' grams
    let before = f.roundTrips;
    await seeds.searcher.searchAsync("科技创新 人才 -碳中和 level:省");
    expect(f.roundTrips - before).toBe(1);
    before = f.roundTrips;
    await seeds.searcher.searchAsync("科技创新 人才 -碳中和 level:省");
    expect(f.roundTrips - before).toBe(0); // every list cached
    before = f.roundTrips;
    const r = await seeds.searcher.searchAsync("鹿茸引力波 暗物质探测器"); // the offer reads the text's bigrams (波暗) too
    expect(r.total).toBe(0);
    expect(f.roundTrips - before).toBe(2);
  });
});
