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

/** The prefecture S&T plan and the provincial plan it mirrors, found by level and title, not by id. */
export function mirrorPair(engine: Engine): { lower: DocumentRecord; higher: DocumentRecord } {
  const pair = suggestedComparisons(engine)[0];
  if (!pair) {
    const docs = engine.documents.map((d) => `${d.title} (${d.level})`).join("; ");
    throw new Error(`no lower/higher document pair in the corpus: ${docs}`);
  }
  return { lower: pair.a, higher: pair.b };
}
