/**
 * The live collection as it serves: every search goes through a QueryService (cost limit, admission,
 * deadline) over the collection's current snapshot. Queries run on this thread: the query workers
 * view the main cache's sections, and a live collection's later segments are not shared with them yet.
 */
import type { Engine } from "../engine.contract.ts";
import type { LiveEngine } from "../live/open.ts";
import { servingLimits } from "./limits.ts";
import { QueryService } from "./query-service.ts";

export function servedLive(live: LiveEngine, env: NodeJS.ProcessEnv = process.env): Engine {
  const engine = live.engine;
  const current = () => live.collection.snapshot.store;
  // No workers: the deadline applies as it would with them (200 ms unless ZHANGJIE_QUERY_DEADLINE_MS says otherwise).
  const limits = servingLimits(env, 0, { workers: 0, deadlineMs: Number(env.ZHANGJIE_QUERY_DEADLINE_MS) || 200 });
  const service = new QueryService({
    get grams() {
      return current().grams;
    },
    get passages() {
      return current().passageCount;
    },
    inThread: (q, o) => engine.search(q, o),
    pool: null,
    limits,
  });
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === "search") return (q: string, o?: Parameters<Engine["search"]>[1]) => service.search(q, o);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
