/** The JSON API against the real engine on corpus/. */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord } from "../../src/model.ts";
import type { SearchHit, SearchResponse } from "../../src/search/types.ts";
import type { CompareResponse, IndicatorComparison, PassageSources, TrailResponse } from "../../src/echo/types.ts";
import { createApp } from "../../src/web/app.ts";
import { foldText } from "../../src/analysis/fold.ts";
import { mirrorPair, openTestEngine } from "../support/real-engine.ts";

let engine: Engine;
let cacheDir: string;
let app: Express;
let lower: DocumentRecord;
let higher: DocumentRecord;

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  app = createApp(engine, { log: () => {} });
  ({ lower, higher } = await mirrorPair(engine));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

function expectJsonError(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/application\/json/);
  expect(typeof res.body.error).toBe("string");
  expect(res.body.error.length).toBeGreaterThan(0);
  expect(typeof res.body.code).toBe("string");
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+/);
}

describe("GET /api/docs", () => {
  it("lists every document with its catalogue fields and editions", async () => {
    const res = await request(app).get("/api/docs").expect(200);
    expect(res.body).toHaveLength(engine.documents.length);
    for (const d of res.body) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(["id", "title", "docNumber", "issuer", "date", "region", "level", "editions", "passageCount"]));
      expect(d.passageCount).toBeGreaterThan(0);
      for (const e of d.editions) expect(Object.keys(e)).toEqual(expect.arrayContaining(["id", "name", "source"]));
    }
    const plan = res.body.find((d: { id: string }) => d.id === higher.id);
    expect(plan.level).toBe("province");
    expect(plan.editions.length).toBe(2);
    expect(res.body.find((d: { id: string }) => d.id === lower.id).level).toBe("prefecture");
    // The gazette's notices carry their 文号.
    expect(res.body.map((d: { docNumber: string | null }) => d.docNumber)).toEqual(
      expect.arrayContaining(["吉政发〔2022〕11号", "吉政办发〔2022〕11号", "吉政办发〔2022〕14号"]),
    );
  });
});

describe("GET /api/docs/:id", () => {
  it("returns the outline and the primary edition's passages in reading order", async () => {
    const res = await request(app).get(`/api/docs/${encodeURIComponent(higher.id)}`).expect(200);
    const primary = higher.editions[0]!;
    expect(res.body.title).toBe(higher.title);
    expect(res.body.outline.length).toBeGreaterThan(0);
    expect(res.body.outline[0]).toHaveProperty("children");
    expect(res.body.outline.map((n: { label: string }) => n.label)).toContain("第四章");
    expect(res.body.passages.map((p: { id: string }) => p.id)).toEqual(primary.passages.map((p) => p.id));
    let last = -1;
    for (const p of res.body.passages) {
      expect(p.start).toBeGreaterThan(last);
      expect(primary.text.slice(p.start, p.end)).toBe(p.text);
      last = p.start;
    }
  });

  it("serves the other edition with ?edition=", async () => {
    const other = higher.editions[1]!;
    const res = await request(app).get(`/api/docs/${encodeURIComponent(higher.id)}`).query({ edition: other.id }).expect(200);
    expect(res.body.edition.id).toBe(other.id);
    expect(res.body.passages.map((p: { id: string }) => p.id)).toEqual(other.passages.map((p) => p.id));
  });

  it("404s unknown documents and editions, 400s malformed ids", async () => {
    expectJsonError(await request(app).get("/api/docs/no-such-doc"), 404);
    expectJsonError(await request(app).get(`/api/docs/${encodeURIComponent(higher.id)}?edition=no-such-edition`), 404);
    expectJsonError(await request(app).get("/api/docs/..%2F..%2Fetc%2Fpasswd"), 400);
    expectJsonError(await request(app).get(`/api/docs/${"x".repeat(201)}`), 400);
    expectJsonError(await request(app).get("/api/docs/a%00b"), 400);
  });
});

describe("GET /api/search", () => {
  it("finds 梅花鹿 with exact highlights, citations and reader URLs", async () => {
    const res = await request(app).get("/api/search").query({ q: "梅花鹿" }).expect(200);
    const body = res.body as SearchResponse;
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.length).toBe(Math.min(20, body.total));
    for (const h of body.hits) {
      expect(foldText(h.text)).toContain("梅花鹿");
      expect(h.highlights.some(([s, e]) => h.text.slice(s, e) === "梅花鹿")).toBe(true);
      expect(h.url).toBe(`/doc/${h.docId}#p-${h.id}`);
      expect(h.citation).toContain(h.docTitle);
      expect(Array.isArray(h.echoes)).toBe(true);
    }
  });

  it("pages with limit and offset", async () => {
    const all = (await request(app).get("/api/search").query({ q: "科技", limit: 30 }).expect(200)).body as SearchResponse;
    expect(all.hits.length).toBe(30);
    const page = (await request(app).get("/api/search").query({ q: "科技", limit: 10, offset: 10 }).expect(200)).body as SearchResponse;
    expect(page.hits.map((h) => h.id)).toEqual(all.hits.slice(10, 20).map((h) => h.id));
    expect(page.total).toBe(all.total);
    const max = (await request(app).get("/api/search").query({ q: "科技", limit: 1000 }).expect(200)).body as SearchResponse;
    expect(max.hits.length).toBe(Math.min(1000, max.total));
  });

  it("answers bad queries and bad parameters with 400 {error, code}", async () => {
    for (const q of ["", "   ", "，。！", "x".repeat(1001), "“梅花鹿", "doc:"]) {
      expectJsonError(await request(app).get("/api/search").query({ q }), 400);
    }
    expectJsonError(await request(app).get("/api/search"), 400);
    expectJsonError(await request(app).get("/api/search?q=a&q=b"), 400);
    for (const limit of ["0", "1001", "-1", "abc", "1.5"]) {
      expectJsonError(await request(app).get("/api/search").query({ q: "梅花鹿", limit }), 400);
    }
    expectJsonError(await request(app).get("/api/search").query({ q: "梅花鹿", offset: "-5" }), 400);
    expectJsonError(await request(app).get("/api/search").query({ q: "梅花鹿", offset: "100001" }), 400);
  });

  it("treats markup in a query as text", async () => {
    const res = await request(app).get("/api/search").query({ q: "<script>alert(1)</script>" });
    expect([200, 400]).toContain(res.status);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
  });
});

describe("GET /api/passages/:id", () => {
  it("returns the passage as a hit with all of its echoes", async () => {
    const hit = ((await request(app).get("/api/search").query({ q: "揭榜挂帅" }).expect(200)).body as SearchResponse).hits.find(
      (h) => h.docId === lower.id,
    )!;
    expect(hit).toBeDefined();
    const res = await request(app).get(`/api/passages/${encodeURIComponent(hit.id)}`).expect(200);
    const body = res.body as SearchHit;
    expect(body.id).toBe(hit.id);
    expect(body.text).toBe(hit.text);
    expect(body.echoes.length).toBeGreaterThanOrEqual(hit.echoes.length);
    expect(body.echoes.some((e) => e.docId === higher.id)).toBe(true);
    for (const e of body.echoes) {
      expect(e.similarity).toBeGreaterThan(0);
      expect(e.similarity).toBeLessThanOrEqual(1);
    }
  });

  it("404s unknown passages, 400s malformed ids", async () => {
    expectJsonError(await request(app).get("/api/passages/no-such-passage"), 404);
    expectJsonError(await request(app).get("/api/passages/..%2Fx"), 400);
    expectJsonError(await request(app).get(`/api/passages/${"p".repeat(500)}`), 400);
  });
});

describe("GET /api/passages/:id/trail and /sources", () => {
  it("answers where a clause travelled and where each sentence comes from", async () => {
    const hit = (await engine.search("揭榜挂帅")).hits.find((h) => h.docId === higher.id && h.text.includes("强化企业技术创新决策主体地位"))!;
    const trail = (await request(app).get(`/api/passages/${encodeURIComponent(hit.id)}/trail`).expect(200).expect("content-type", /json/)).body as TrailResponse;
    expect(trail.passage.id).toBe(hit.id);
    expect(trail.entries.map((e) => e.docId)).toEqual([higher.id, lower.id]);
    expect(trail.entries[0]!.relation).toBe("self");
    const src = (await request(app).get(`/api/passages/${encodeURIComponent(hit.id)}/sources`).expect(200)).body as PassageSources;
    expect(src.sentences.length).toBeGreaterThan(1);
    expect(src.sentences.map((s) => hit.text.slice(...s.range)).join("")).toBe(hit.text);
  });
  it("404s unknown passages and 400s bad ids", async () => {
    expectJsonError(await request(app).get("/api/passages/no-such-passage/trail"), 404);
    expectJsonError(await request(app).get("/api/passages/no-such-passage/sources"), 404);
    expectJsonError(await request(app).get(`/api/passages/${"p".repeat(500)}/trail`), 400);
  });
});

describe("GET /api/indicators", () => {
  it("lines up the indicator tables of two plans by indicator name", async () => {
    const res = await request(app).get("/api/indicators").query({ doc: [lower.id, higher.id] }).expect(200);
    const body = res.body as IndicatorComparison;
    expect(body.docs.map((d) => d.id)).toEqual([lower.id, higher.id]);
    const both = body.rows.filter((r) => r.values.every((v) => v !== null));
    expect(both.length).toBeGreaterThanOrEqual(4);
    expect(body.docs[0]!.columns).toEqual(["2020年", "2025年"]);
  });
  it("400s fewer than two documents or bad ids, 404s unknown ones", async () => {
    expectJsonError(await request(app).get("/api/indicators").query({ doc: lower.id }), 400);
    expectJsonError(await request(app).get("/api/indicators"), 400);
    expectJsonError(await request(app).get("/api/indicators").query({ doc: [lower.id, "../x"] }), 400);
    expectJsonError(await request(app).get("/api/indicators").query({ doc: [lower.id, "no-such-doc"] }), 404);
  });
});

describe("GET /api/search with a pasted clause", () => {
  it("gives, beside its occurrence, the province clause it adapts (出处)", async () => {
    const paste = "鼓励企业参与制定重大技术创新计划和规划，扩大企业创新决策话语权。支持企业参与、承担国家和省级重大科技项目的实施。";
    const body = (await request(app).get("/api/search").query({ q: paste, limit: 5 }).expect(200)).body as SearchResponse;
    expect(body.mode).toBe("similar");
    expect(body.hits[0]!.docId).toBe(lower.id); // it occurs verbatim in the prefecture plan
    expect(body.sources!.map((s) => s.docId)).toContain(higher.id);
    expect(body.sources!.every((s) => s.docId !== lower.id)).toBe(true);
    const src = body.sources!.find((s) => s.docId === higher.id)!;
    expect(src.text).toContain("强化企业技术创新决策主体地位");
    for (const s of src.spans) expect(foldText(paste.slice(...s.a)).replace(/\s/g, "")).toBe(foldText(src.text.slice(...s.b)).replace(/\s/g, ""));
  });
  it("has no sources for a query in the query language", async () => {
    const body = (await request(app).get("/api/search").query({ q: "揭榜挂帅" }).expect(200)).body as SearchResponse;
    expect(body.sources).toBeUndefined();
  });
});

describe("GET /api/compare", () => {
  it("maps the prefecture plan against the provincial plan", async () => {
    const res = await request(app).get("/api/compare").query({ a: lower.id, b: higher.id }).expect(200);
    const body = res.body as CompareResponse;
    expect(body.a.id).toBe(lower.id);
    expect(body.b.id).toBe(higher.id);
    expect(body.sections.length).toBeGreaterThan(0);
    expect(body.passages.length).toBe(lower.editions[0]!.passages.length);
    const { copied, adapted, local, headings } = body.summary;
    // Clauses are counted; heading lines apart.
    expect(copied + adapted + local).toBe(body.passages.filter((p) => p.kind === "clause").length);
    expect(headings).toBe(body.passages.filter((p) => p.kind === "heading").length);
    expect(headings).toBeGreaterThan(0);
    // The indicator table, cell by cell: changed figures listed per column.
    const table = body.tables[0]!;
    expect(table.rows.some((r) => r.status === "adapted" && r.changes.some((c) => /2025/.test(c.column)))).toBe(true);
    expect(body.summary.reusedShare).toBeGreaterThan(0);
    expect(body.sections.some((s) => s.b !== null && s.share > 0)).toBe(true);
  });

  it("400s missing or malformed ids, 404s unknown ones", async () => {
    expectJsonError(await request(app).get("/api/compare"), 400);
    expectJsonError(await request(app).get("/api/compare").query({ a: lower.id }), 400);
    expectJsonError(await request(app).get("/api/compare").query({ a: lower.id, b: "../x" }), 400);
    expectJsonError(await request(app).get("/api/compare").query({ a: lower.id, b: "no-such-doc" }), 404);
    expectJsonError(await request(app).get("/api/compare").query({ a: lower.id, b: lower.id }), 400);
  });
});

it("answers unknown API routes with 404 JSON", async () => {
  expectJsonError(await request(app).get("/api/nothing-here"), 404);
});
