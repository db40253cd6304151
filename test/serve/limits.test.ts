/**
 * The serving limits' defaults: where "expensive" begins (a cost, about 25–40 ms of work, not a share
 * of the collection), and the environment overriding it.
 */
import { describe, expect, it } from "vitest";
import { EXPENSIVE_COST, servingLimits } from "../../src/serve/limits.ts";
import { estimateCost } from "../../src/search/budget.ts";
import { parseQuery } from "../../src/search/parse.ts";

describe("expensive queries", () => {
  it("start at EXPENSIVE_COST for both the client limit and the last free worker, unless the environment says otherwise", () => {
    const d = servingLimits({}, 2);
    expect([d.heavyCost, d.lightCost]).toEqual([EXPENSIVE_COST, EXPENSIVE_COST]);
    const e = servingLimits({ ZHANGJIE_QUERY_HEAVY_COST: "5000", ZHANGJIE_QUERY_LIGHT_COST: "7000" }, 2);
    expect([e.heavyCost, e.lightCost]).toEqual([5000, 7000]);
    expect(() => servingLimits({ ZHANGJIE_QUERY_HEAVY_COST: "-1" }, 2)).toThrow(/ZHANGJIE_QUERY_HEAVY_COST/);
  });

  it("are decided by the work, not by the collection's size: a word in 4% or 56% of 55,000 passages is plain, in 40% of 546,000 expensive", () => {
    const collection = (passages: number, share: number) => ({ passages, grams: { df: () => Math.round(passages * share) } });
    const cost = (c: ReturnType<typeof collection>, q: string) => estimateCost(parseQuery(q), c.grams, c.passages).cost;
    const x100 = collection(55_475, 0.04);
    const x1000 = collection(546_499, 0.4);
    expect(cost(x100, "建设")).toBeLessThan(EXPENSIVE_COST);
    expect(cost(x1000, "建设")).toBeGreaterThan(EXPENSIVE_COST);
    // ×100's most frequent plain word (创新, 30,912 matching passages): still under the line
    expect(cost(collection(55_475, 30_912 / 55_475), "创新")).toBeLessThan(EXPENSIVE_COST);
  });
});
