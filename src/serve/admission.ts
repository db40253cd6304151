/**
 * Admission control (fair under load): a bound on the queries in flight on the whole server (503
 * SERVER_BUSY past it) and, per client, on the expensive ones (429 TOO_MANY_REQUESTS past it). A
 * client that already has many queries in flight (a bulk client, a load) may start no expensive one:
 * its plain queries are answered, the expensive ones refused until it has fewer. All answer at once
 * with `Retry-After`; nothing waits unboundedly.
 */
import { ZhangjieError } from "../errors.ts";

export interface AdmissionLimits {
  queueMax: number;
  perClientExpensive: number;
  /** Queries of any kind a client may have in flight and still start an expensive one (default: no limit). */
  perClientBusy?: number;
}

/** Seconds a refused client is told to wait. */
export const RETRY_AFTER_SECONDS = 1;

export class Admission {
  private inFlight = 0;
  private readonly expensive = new Map<string, number>();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {}

  get queued(): number {
    return this.inFlight;
  }

  /** Admits a query or throws 503/429; the returned function releases it (once). */
  enter(client: string, expensive: boolean): () => void {
    if (this.inFlight >= this.limits.queueMax) throw refused("SERVER_BUSY", { zh: `进行中的查询已达 ${this.limits.queueMax} 个`, en: `${this.limits.queueMax} queries in flight` });
    const all = this.perClient.get(client) ?? 0;
    if (expensive) this.admitExpensive(client, all);
    this.inFlight++;
    this.perClient.set(client, all + 1);
    if (expensive) this.expensive.set(client, (this.expensive.get(client) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      decrement(this.perClient, client);
      if (expensive) decrement(this.expensive, client);
    };
  }

  private admitExpensive(client: string, all: number): void {
    const { perClientExpensive, perClientBusy = Infinity } = this.limits;
    if ((this.expensive.get(client) ?? 0) >= perClientExpensive) {
      throw refused("TOO_MANY_REQUESTS", { zh: `每个客户端最多同时进行 ${perClientExpensive} 个复杂查询`, en: `at most ${perClientExpensive} expensive queries at once per client` });
    }
    if (all >= perClientBusy) {
      throw refused("TOO_MANY_REQUESTS", {
        zh: `此客户端已有 ${all} 个查询在进行（超过 ${perClientBusy} 个时不接受复杂查询）`,
        en: `this client has ${all} queries in flight (past ${perClientBusy}, no expensive query is started)`,
      });
    }
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

export function refused(code: "SERVER_BUSY" | "TOO_MANY_REQUESTS" | "QUERY_TIMEOUT", detail?: { zh: string; en: string }): ZhangjieError {
  const e = new ZhangjieError(code, detail);
  e.retryAfter = RETRY_AFTER_SECONDS;
  return e;
}
