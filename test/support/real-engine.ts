/** The real engine on corpus/ (or another corpus dir), built into a fresh temp cache — never the shared index-cache/. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openEngine } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { suggestedComparisons } from "../../src/web/compare-page.ts";

export const CORPUS_DIR = fileURLToPath(new URL("../../corpus", import.meta.url));

/**
 * Remove `cacheDir` when done (afterAll). With ZHANGJIE_TEST_STORE=postgres the engine runs over the
 * PostgreSQL store instead (the corpus loaded into a fresh database): the same tests, the other store.
 */
export async function openTestEngine(corpusDir = CORPUS_DIR): Promise<{ engine: Engine; cacheDir: string }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-test-"));
  const database = process.env.ZHANGJIE_TEST_STORE === "postgres" ? { url: await loadedTestDatabase(corpusDir) } : undefined;
  const engine = await openEngine({ corpusDir, cacheDir, log: () => {}, database });
  return { engine, cacheDir };
}

async function loadedTestDatabase(corpusDir: string): Promise<string> {
  const { testDatabase } = await import("../pg/cluster.ts");
  const { loadCorpus } = await import("../../src/index/stores/postgres/load.ts");
  const db = await testDatabase({ dropAtExit: true });
  await loadCorpus({ corpusDir, databaseUrl: db.url, log: () => {} });
  return db.url;
}

/** Every document with its editions' texts and passages (the engine lists summaries only). */
export async function fullDocuments(engine: Engine): Promise<DocumentRecord[]> {
  const docs = await Promise.all(engine.documents.map((d) => engine.doc(d.id)));
  return docs.map((d, i) => {
    if (!d) throw new Error(`listed document ${engine.documents[i]!.id} not found`);
    return d;
  });
}

/** The prefecture S&T plan and the provincial plan it mirrors, found by level and title, not by id. */
export async function mirrorPair(engine: Engine): Promise<{ lower: DocumentRecord; higher: DocumentRecord }> {
  const pair = (await suggestedComparisons(engine))[0];
  if (!pair) {
    const docs = engine.documents.map((d) => `${d.title} (${d.level})`).join("; ");
    throw new Error(`no lower/higher document pair in the corpus: ${docs}`);
  }
  const [lower, higher] = await Promise.all([engine.doc(pair.a.id), engine.doc(pair.b.id)]);
  return { lower: lower!, higher: higher! };
}
