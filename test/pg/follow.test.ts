/**
 * Following the collection: the loader's second run reads nothing when no file changed and writes
 * only a new file's documents; a server holding the collection refreshes on the load's NOTIFY and
 * then answers as an embedded engine over the whole corpus does; a hot standby (pg_basebackup -R)
 * serves the searches of a server whose writes went to the primary.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openEngine, searcherOver } from "../../src/engine.ts";
import { loadCorpus } from "../../src/index/stores/postgres/load.ts";
import { PostgresCollection } from "../../src/index/stores/postgres/store.ts";
import type { SearchResponse } from "../../src/search/types.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { hasPostgres, SKIP_REASON, startReplica, testDatabase, type Cluster, type TestDatabase } from "./cluster.ts";

if (!hasPostgres) console.warn(SKIP_REASON);
const quiet = () => {};
const LATER = "yanbian-st-plan-14th.pdf.txt"; // the file added after the first load

function comparable(r: SearchResponse): unknown {
  const { tookMs: _t, sources: _s, ...rest } = r;
  return rest;
}

describe.skipIf(!hasPostgres)("a collection followed through loads, on the primary and on a standby", () => {
  let db: TestDatabase;
  let replica: Cluster;
  let corpus: string;
  let primaryServer: PostgresCollection;
  let standbyServer: PostgresCollection;

  beforeAll(async () => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-corpus-"));
    for (const f of fs.readdirSync(CORPUS_DIR)) if (f !== LATER) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(corpus, f));
    db = await testDatabase();
    await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    replica = await startReplica(db.url);
    const name = new URL(db.url).pathname.slice(1);
    primaryServer = await PostgresCollection.open({ url: db.url, log: quiet });
    standbyServer = await PostgresCollection.open({ url: db.url, readUrl: replica.url(name), log: quiet });
  }, 240_000);

  afterAll(async () => {
    await primaryServer?.close();
    await standbyServer?.close();
    replica?.stop();
    await db?.drop();
    fs.rmSync(corpus, { recursive: true, force: true });
  });

  it("reads from a standby that is in recovery", async () => {
    const c = new pg.Client({ connectionString: replica.url(new URL(db.url).pathname.slice(1)) });
    await c.connect();
    const r = await c.query<{ r: boolean; n: string }>("SELECT pg_is_in_recovery() AS r, (SELECT count(*) FROM documents) AS n");
    await c.end();
    expect(r.rows[0]!.r).toBe(true);
    expect(Number(r.rows[0]!.n)).toBe(primaryServer.store.documents().length);
    expect(standbyServer.store.documents().map((d) => d.id)).toEqual(primaryServer.store.documents().map((d) => d.id));
  });

  it("reads nothing again when no file changed, even when a file was touched", async () => {
    const f = path.join(corpus, fs.readdirSync(corpus).find((x) => x.endsWith(".md"))!);
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(f, t, t);
    const r = await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    expect(r.changed).toBe(false);
    expect(r.loaded).toBe(0);
  });

  it("loads only a new file's documents; both servers refresh and answer as an embedded engine over the whole corpus", async () => {
    const before = primaryServer.store.documents().map((d) => d.id);
    const generation = primaryServer.store.generation;
    expect(before.length).toBeGreaterThan(0);
    // The term is the new file's: not found before it is loaded.
    const probe = "和龙"; // only the Yanbian plan names it
    const searcherBefore = searcherOver(standbyServer.store);
    const had = (await searcherBefore.searchAsync(probe)).total;
    expect(had).toBe(0);

    fs.copyFileSync(path.join(CORPUS_DIR, LATER), path.join(corpus, LATER));
    const r = await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    expect(r.changed).toBe(true);
    expect(r.removed).toBe(0);
    await vi.waitFor(() => expect(primaryServer.store.generation).toBeGreaterThan(generation), { timeout: 60_000, interval: 50 });
    await vi.waitFor(() => expect(standbyServer.store.generation).toBe(primaryServer.store.generation), { timeout: 60_000, interval: 50 });
    const after = primaryServer.store.documents();
    const added = after.filter((d) => !before.includes(d.id));
    expect(r.loaded).toBe(added.length); // nothing else rewritten
    expect(added.every((d) => d.editions.some((e) => e.source === LATER))).toBe(true);

    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-emb-"));
    const engine = await openEngine({ corpusDir: corpus, cacheDir, log: quiet });
    try {
      expect(after.map((d) => d.id)).toEqual(engine.documents.map((d) => d.id));
      const onPrimary = searcherOver(primaryServer.store);
      const onStandby = searcherOver(standbyServer.store);
      for (const q of [probe, "科技创新", "人才 -碳中和", "第四章", "梅花鹿|人参"]) {
        const want = comparable(await engine.search(q, { limit: 100 }));
        const got = comparable(await onStandby.searchAsync(q, { limit: 100 }));
        // Echoes are not wired into these searchers: compared without them.
        const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "echoes" ? undefined : v)));
        expect(strip(got), q).toEqual(strip(want));
        expect(comparable(await onPrimary.searchAsync(q, { limit: 100 })), q).toEqual(got);
      }
      expect((await onStandby.searchAsync(probe)).total).toBeGreaterThan(0);
    } finally {
      await engine.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 240_000);

  it("forgets a removed file's documents", async () => {
    const generation = standbyServer.store.generation;
    fs.rmSync(path.join(corpus, LATER));
    const r = await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    expect(r.removed).toBeGreaterThan(0);
    expect(r.loaded).toBe(0);
    await vi.waitFor(() => expect(standbyServer.store.generation).toBeGreaterThan(generation), { timeout: 60_000, interval: 50 });
    expect(standbyServer.store.documents().some((d) => d.editions.some((e) => e.source === LATER))).toBe(false);
    expect((await searcherOver(standbyServer.store).searchAsync("和龙")).total).toBe(0);
  }, 120_000);
});
