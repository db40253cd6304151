/**
 * A query worker: views the index in shared memory (shared-sections.ts), builds its own searcher
 * over it, and answers searches (parse → match → score → collect → the page) posted by QueryPool.
 * Errors travel back as their code, so the serving thread rethrows the same ZhangjieError.
 * Over a live collection it follows the collection's states (worker-state.ts): the pool posts each
 * new one and sends it queries only once this worker answers over it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ZhangjieError } from "../errors.ts";
import { inThreadEngine, loadStore } from "../engine.ts";
import { useDictionary } from "../analysis/segmenter.ts";
import type { Engine } from "../engine.contract.ts";
import type { SearchOptions } from "../search/types.ts";
import { viewSections, type SharedSections } from "./shared-sections.ts";
import type { WorkerMessage, WorkerReply, WorkerRequest } from "./query-pool.ts";
import { liveStateEngine, type LiveSource } from "./worker-state.ts";
import { ResponseWriter } from "./response-json.ts";

/** Any text over SIMILAR_CHARS without operators is searched as a pasted text. */
const WARM_PASTED_TEXT = "为深入贯彻落实创新驱动发展战略，加快建设科技强省，根据国家有关规定，结合本地实际情况，制定本规划并组织实施。";

type Searching = Omit<Engine, "build">;

const data = workerData as { shared: SharedSections; dictPath?: string; live?: LiveSource };
if (data.dictPath) useDictionary(data.dictPath);
const base = loadStore(viewSections(data.shared));
let engine: Searching = await warmed(inThreadEngine(base, () => {}));
/** Writes the answers of `engine`'s collection state (its memo is that state's). */
let writer = new ResponseWriter();

/**
 * Build the searcher's tables and the echo index (a pasted text looks up its sources) now, not at the
 * first query: neither is a query's work, and the first would otherwise overrun its deadline.
 */
async function warmed(e: Searching): Promise<Searching> {
  await e.search("的", { limit: 1, similar: false }).catch(() => undefined);
  await e.search(WARM_PASTED_TEXT, { limit: 1 }).catch(() => undefined);
  return e;
}

const port = parentPort!;
port.on("message", (msg: WorkerMessage) => {
  if ("state" in msg) {
    const { generation, baseKey } = msg.state;
    adopting = adopting.then(() => follow(generation, baseKey));
  }
  else running = running.then(() => reply(msg));
});
port.postMessage({ id: -1, ready: true } satisfies WorkerReply);

/**
 * Queries are answered one after another, in the order posted (the pool posts the next light one
 * before this one is done): a query's time counts from when it starts here.
 */
let running: Promise<void> = Promise.resolve();

async function reply(msg: WorkerRequest): Promise<void> {
  const opts = msg.budgetMs === undefined ? msg.opts : { ...msg.opts, deadline: Date.now() + msg.budgetMs };
  const r = await answer(msg.q, opts, msg.serialized === true);
  port.postMessage({ id: msg.id, ...r } satisfies WorkerReply, r.json ? [r.json.buffer as ArrayBuffer] : []);
}

/** States are adopted one after another, in the order posted (a later one never overtaken by an earlier). */
let adopting: Promise<void> = Promise.resolve();

/** The pool sends no query while a state is being adopted: it is adopted between two queries, whole. */
async function follow(generation: number, baseKey: string): Promise<void> {
  try {
    if (!data.live) throw new Error("no live collection to follow");
    engine = await warmed(liveStateEngine(data.live, base, baseKey));
    writer = new ResponseWriter();
    port.postMessage({ id: -2, generation } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ id: -2, generation, error: { code: "INTERNAL", message: `state ${generation}: ${(err as Error).message}` } } satisfies WorkerReply);
  }
}

/**
 * A search's answer: as an object, or serialised here as UTF-8 JSON whose buffer is then moved to
 * the serving thread (which writes it as is: no clone of the object graph, no stringify there).
 */
async function answer(q: string, opts: SearchOptions, serialized: boolean): Promise<Omit<WorkerReply, "id">> {
  try {
    const [answering, writing] = [engine, writer];
    const response = await answering.search(q, opts);
    // (the writer of the state that answered: one adopted meanwhile brought its own)
    return serialized ? { json: writing.bytes(response) } : { response };
  } catch (err) {
    if (err instanceof ZhangjieError) return { error: { code: err.code, zh: err.detail, en: err.detailEn, retryAfter: err.retryAfter } };
    return { error: { code: "INTERNAL", message: String((err as Error)?.stack ?? err) } };
  }
}
