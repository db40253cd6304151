/**
 * The serving limits' defaults and how a server is started: where "expensive" begins (a cost, about
 * 25 ms of work, not a share of the collection), the environment overriding it, and the V8 flags
 * `npm start` and the bench's server run with.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EXPENSIVE_COST, SERVER_V8_FLAGS, servingLimits } from "../../src/serve/limits.ts";
import { estimateCost } from "../../src/search/budget.ts";
import { parseQuery } from "../../src/search/parse.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("expensive queries", () => {
  it("start at EXPENSIVE_COST for both the client limit and the last free worker, unless the environment says otherwise", () => {
    const d = servingLimits({}, 2);
    expect([d.heavyCost, d.lightCost]).toEqual([EXPENSIVE_COST, EXPENSIVE_COST]);
    const e = servingLimits({ ZHANGJIE_QUERY_HEAVY_COST: "5000", ZHANGJIE_QUERY_LIGHT_COST: "7000" }, 2);
    expect([e.heavyCost, e.lightCost]).toEqual([5000, 7000]);
    expect(() => servingLimits({ ZHANGJIE_QUERY_HEAVY_COST: "-1" }, 2)).toThrow(/ZHANGJIE_QUERY_HEAVY_COST/);
  });

  it("are decided by the work, not by the collection's size: a word in 4% of 55,000 passages is plain, in 40% of 546,000 expensive", () => {
    const collection = (passages: number, share: number) => ({ passages, grams: { df: () => Math.round(passages * share) } });
    const cost = (c: ReturnType<typeof collection>, q: string) => estimateCost(parseQuery(q), c.grams, c.passages).cost;
    const x100 = collection(55_475, 0.04); // 建设 at ×100 holds ~19,000 passages: 35%; most plain words far fewer
    const x1000 = collection(546_499, 0.4);
    expect(cost(x100, "建设")).toBeLessThan(EXPENSIVE_COST);
    expect(cost(x1000, "建设")).toBeGreaterThan(EXPENSIVE_COST);
    // ×100's most frequent plain word: ~19,000 matches, still under the line
    expect(cost(collection(55_475, 19_000 / 55_475), "建设")).toBeLessThan(EXPENSIVE_COST);
  });
});

describe("the server's V8 flags", () => {
  it("are on npm start's command line, before the script", () => {
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start!;
    const words = start.split(/\s+/);
    for (const flag of SERVER_V8_FLAGS) {
      expect(words).toContain(flag);
      expect(words.indexOf(flag)).toBeLessThan(words.indexOf("src/cli/serve.ts"));
    }
  });

  it("are flags this Node accepts (an unknown one would stop the server before it starts)", () => {
    const r = spawnSync(process.execPath, [...SERVER_V8_FLAGS, "-e", "process.exit(0)"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
