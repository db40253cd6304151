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

/** Remove `cacheDir` when done (afterAll). */
export async function openTestEngine(corpusDir = CORPUS_DIR): Promise<{ engine: Engine; cacheDir: string }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-test-"));
  const engine = await openEngine({ corpusDir, cacheDir, log: () => {} });
  return { engine, cacheDir };
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
