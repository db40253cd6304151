/**
 * Admission control (fair under load): a bound on the queries in flight on the whole server (503
 * SERVER_BUSY past it) and, per client, on the expensive ones (429 TOO_MANY_REQUESTS past it). Both
 * answer at once with `Retry-After`; nothing waits unboundedly.
 */
import { ZhangjieError } from "../errors.ts";

export interface AdmissionLimits {
  queueMax: number;
  perClientExpensive: number;
}

/** Seconds a refused client is told to wait. */
export const RETRY_AFTER_SECONDS = 1;

export class Admission {
  private inFlight = 0;
  private readonly expensive = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {}

  get queued(): number {
    return this.inFlight;
  }

  /** Admits a query or throws 503/429; the returned function releases it (once). */
  enter(client: string, expensive: boolean): () => void {
    if (this.inFlight >= this.limits.queueMax) throw refused("SERVER_BUSY", { zh: `进行中的查询已达 ${this.limits.queueMax} 个`, en: `${this.limits.queueMax} queries in flight` });
    const mine = this.expensive.get(client) ?? 0;
    if (expensive && mine >= this.limits.perClientExpensive) {
      throw refused("TOO_MANY_REQUESTS", { zh: `每个客户端最多同时进行 ${this.limits.perClientExpensive} 个复杂查询`, en: `at most ${this.limits.perClientExpensive} expensive queries at once per client` });
    }
    this.inFlight++;
    if (expensive) this.expensive.set(client, mine + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (!expensive) return;
      const left = (this.expensive.get(client) ?? 1) - 1;
      if (left > 0) this.expensive.set(client, left);
      else this.expensive.delete(client);
    };
  }
}

export function refused(code: "SERVER_BUSY" | "TOO_MANY_REQUESTS" | "QUERY_TIMEOUT", detail?: { zh: string; en: string }): ZhangjieError {
  const e = new ZhangjieError(code, detail);
  e.retryAfter = RETRY_AFTER_SECONDS;
  return e;
}
