/**
 * The order in which query workers take queued queries (QueryPool): light ones first, at most
 * `heavyLimit` heavy ones running, and a heavy one that has waited HEAVY_WAIT_MS goes before the
 * light ones when it may run — under a steady load it would otherwise wait for a moment with no
 * light query queued (the adversarial bench saw 10 s timeouts).
 */
import { describe, expect, it } from "vitest";
import { HEAVY_WAIT_MS, LIGHT_DEPTH, mayHold, nextJob } from "../../src/serve/query-pool.ts";

const light = (queuedAt: number) => ({ heavy: false, queuedAt });
const heavy = (queuedAt: number) => ({ heavy: true, queuedAt });

describe("which queued query a free worker takes", () => {
  it("nothing from an empty queue", () => {
    expect(nextJob([], 0, 1, 0)).toBe(-1);
  });

  it("the first light one while a fresh heavy one waits behind it", () => {
    expect(nextJob([light(0), light(1), heavy(5)], 0, 1, 10)).toBe(0);
  });

  it("the heavy one first once it has waited HEAVY_WAIT_MS and no heavy one runs", () => {
    expect(nextJob([light(200), light(201), heavy(100)], 0, 1, 100 + HEAVY_WAIT_MS)).toBe(2);
  });

  it("never a heavy one while the heavy limit is reached, however long it waited: the next light one, or none", () => {
    expect(nextJob([heavy(0), light(50)], 1, 1, 10_000)).toBe(1);
    expect(nextJob([heavy(0)], 1, 1, 10_000)).toBe(-1);
  });

  it("a heavy one at the head is taken as before", () => {
    expect(nextJob([heavy(0), heavy(1)], 0, 1, 1)).toBe(0);
  });
});

describe("what a busy worker may be posted ahead", () => {
  it("a free worker takes anything", () => {
    expect(mayHold([], { heavy: true })).toBe(true);
    expect(mayHold([], { heavy: false })).toBe(true);
  });

  it("a busy one the next light query behind a light one, up to LIGHT_DEPTH", () => {
    expect(mayHold([{ heavy: false }], { heavy: false })).toBe(LIGHT_DEPTH > 1);
    expect(mayHold(Array.from({ length: LIGHT_DEPTH }, () => ({ heavy: false })), { heavy: false })).toBe(false);
  });

  it("never a heavy query behind another, nor anything behind a heavy one", () => {
    expect(mayHold([{ heavy: false }], { heavy: true })).toBe(false);
    expect(mayHold([{ heavy: true }], { heavy: false })).toBe(false);
  });
});
