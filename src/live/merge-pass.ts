/** Runs the live collection's background merge in a worker thread (merge-worker.ts); resolves with the new main cache's key. */
import { runOnce } from "./one-shot-worker.ts";

export async function mergeInWorker(cacheDir: string, codeKey: string, corpusDir: string, dictPath: string): Promise<{ key: string; journaledAs: string }> {
  const { key, journaledAs } = await runOnce<{ key: string; journaledAs: string }>("merge", { cacheDir, codeKey, corpusDir, dictPath });
  return { key, journaledAs };
}
