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
import { CORPUS_DIR } from "../support/real-engine.ts";
import { REGULATIONS_DIR } from "../search/helpers.ts";
import { hasPostgres, SKIP_REASON, testDatabase, type TestDatabase } from "./cluster.ts";
import { LANGUAGE_QUERIES, OPTION_SETS, randomQueries } from "./queries.ts";

if (!hasPostgres) console.warn(SKIP_REASON);

interface Pair {
  name: string;
  engine: Engine;
  cacheDir: string;
  db: TestDatabase;
  collection: PostgresCollection;
  searcher: Searcher;
}

const quiet = () => {};

async function pairOver(name: string, corpusDir: string): Promise<Pair> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-emb-"));
  const engine = await openEngine({ corpusDir, cacheDir, log: quiet });
  const db = await testDatabase();
  await loadCorpus({ corpusDir, databaseUrl: db.url, log: quiet });
  const collection = await PostgresCollection.open({ url: db.url, log: quiet });
  const store = collection.store;
  const echoes = store.echoes();
  const index = echoes ? createEchoIndex(echoes, store.documents()) : null;
  const searcher = searcherOver(store, index ? (id, limit) => index.echoesOf(id, limit) : undefined);
  return { name, engine, cacheDir, db, collection, searcher };
}

async function closePair(p: Pair | undefined): Promise<void> {
  if (!p) return;
  await p.collection.close();
  await p.db.drop();
  fs.rmSync(p.cacheDir, { recursive: true, force: true });
}

/** A response without what may differ between two runs (time taken) or is added by the engine only (sources). */
function comparable(r: SearchResponse): unknown {
  const { tookMs: _t, sources: _s, ...rest } = r;
  return rest;
}

async function both(p: Pair, q: string, opts: SearchOptions): Promise<[unknown, unknown]> {
  let a: unknown;
  let b: unknown;
  try {
    a = comparable(p.engine.search(q, opts));
  } catch (err) {
    a = { error: (err as Error).message };
  }
  try {
    b = comparable(await p.searcher.searchAsync(q, opts));
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

  it("holds the same documents, passages, reports and echoes", () => {
    for (const p of [seeds, regulations]) {
      const store = p.collection.store;
      expect(store.documents().map((d) => d.id)).toEqual(p.engine.documents.map((d) => d.id));
      expect(JSON.parse(JSON.stringify(store.documents()))).toEqual(JSON.parse(JSON.stringify(p.engine.documents)));
      expect(store.reports()).toEqual(p.engine.reports);
      const some = p.engine.documents.flatMap((d) => d.editions[0]!.passages).slice(0, 50);
      for (const x of some) expect(p.engine.echoesOf(x.id)).toEqual(createEchoIndex(store.echoes()!, store.documents()).echoesOf(x.id));
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
      for (const q of randomQueries(p.engine.documents, 150)) {
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
