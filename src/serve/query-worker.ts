/**
 * A query worker: views the index in shared memory (shared-sections.ts), builds its own searcher
 * over it, and answers searches (parse → match → score → collect → the page) posted by QueryPool.
 * Errors travel back as their code, so the serving thread rethrows the same ZhangjieError.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ZhangjieError } from "../errors.ts";
import { inThreadEngine, loadStore } from "../engine.ts";
import { useDictionary } from "../analysis/segmenter.ts";
import type { SearchOptions } from "../search/types.ts";
import { viewSections, type SharedSections } from "./shared-sections.ts";
import type { WorkerReply, WorkerRequest } from "./query-pool.ts";

/** Any text over SIMILAR_CHARS without operators is searched as a pasted text. */
const WARM_PASTED_TEXT = "为深入贯彻落实创新驱动发展战略，加快建设科技强省，根据国家有关规定，结合本地实际情况，制定本规划并组织实施。";

const data = workerData as { shared: SharedSections; dictPath?: string };
if (data.dictPath) useDictionary(data.dictPath);
const engine = inThreadEngine(loadStore(viewSections(data.shared)), () => {});
// Build the searcher's tables and the echo index (a pasted text looks up its sources) now, not at the
// first query: neither is a query's work, and the first would otherwise overrun its deadline.
await engine.search("的", { limit: 1, similar: false }).catch(() => undefined);
await engine.search(WARM_PASTED_TEXT, { limit: 1 }).catch(() => undefined);

const port = parentPort!;
port.on("message", (msg: WorkerRequest) => {
  void answer(msg.q, msg.opts).then((reply) => port.postMessage({ id: msg.id, ...reply } satisfies WorkerReply));
});
port.postMessage({ id: -1, ready: true } satisfies WorkerReply);

async function answer(q: string, opts: SearchOptions): Promise<Omit<WorkerReply, "id">> {
  try {
    return { response: await engine.search(q, opts) };
  } catch (err) {
    if (err instanceof ZhangjieError) return { error: { code: err.code, zh: err.detail, en: err.detailEn, retryAfter: err.retryAfter } };
    return { error: { code: "INTERNAL", message: String((err as Error)?.stack ?? err) } };
  }
}
