/**
 * Bounded responses (issue 14): a search page's size does not grow with the query or the collection
 * past a fixed bound. Facet lists are capped (top values with a "more" count), a query is at most
 * 1,000 characters, and each of the crafted expensive queries — the longest, with the most facets —
 * answers a search page and an API page under 2 MB (the issue measured 25 MB before).
 */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import { createApp } from "../../src/web/app.ts";
import { craftedQueries } from "../../src/bench/crafted.ts";
import { fullDocuments, openTestEngine } from "../support/real-engine.ts";

const TWO_MB = 2 * 1024 * 1024;

describe("search answers stay small whatever the query", () => {
  let engine: Engine;
  let cacheDir: string;
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("every crafted query's page and API answer is under 2 MB, its facet lists capped with a count of the rest", async () => {
    const app = createApp(engine, { log: () => {} });
    const family = craftedQueries(await fullDocuments(engine)).map((c) => c.q);
    let largest = 0;
    for (const q of family) {
      const page = await request(app).get(`/search?q=${encodeURIComponent(q)}`);
      expect([200, 400, 429, 503]).toContain(page.status);
      largest = Math.max(largest, Buffer.byteLength(page.text));
      expect(Buffer.byteLength(page.text), q.slice(0, 20)).toBeLessThan(TWO_MB);
      const api = await request(app).get(`/api/search?q=${encodeURIComponent(q)}&limit=100`);
      expect(Buffer.byteLength(api.text)).toBeLessThan(TWO_MB);
      if (api.status !== 200) continue;
      for (const [name, list] of Object.entries(api.body.facets as Record<string, unknown[]>)) {
        expect(list.length, name).toBeLessThanOrEqual(name === "chapters" ? 40 : 20);
        expect(api.body.facetTotals[name]).toBeGreaterThanOrEqual(list.length);
      }
    }
    console.log(`largest search page of the crafted family: ${(largest / 1024).toFixed(0)} KB`);
  });

  it("large pages are sent compressed when the client accepts it", async () => {
    const app = createApp(engine, { log: () => {} });
    const res = await request(app).get("/search?q=发展").set("Accept-Encoding", "gzip");
    expect(res.headers["content-encoding"]).toBe("gzip");
    const doc = await request(app).get(`/api/docs/${engine.documents[0]!.id}`).set("Accept-Encoding", "gzip");
    expect(doc.headers["content-encoding"]).toBe("gzip");
    // the search API keeps its lean path: one write, its length measured by Node
    const search = await request(app).get("/api/search?q=梅花鹿&limit=1").set("Accept-Encoding", "gzip");
    expect(search.headers["content-encoding"]).toBeUndefined();
    expect(Number(search.headers["content-length"])).toBe(Buffer.byteLength(search.text));
  });
});
