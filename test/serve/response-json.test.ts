/**
 * The query workers write /api/search answers with each hit's fixed part (document, path, text,
 * citations, URL, echoes) serialised once per passage and reused (response-json.ts). The bytes must
 * parse to exactly what JSON.stringify of the answer gives — on first use, when the memo is reused,
 * when it evicts, for similar passages (listed without echoes) beside results (with them) — and an
 * answer owns its buffer (it is transferred to the serving thread).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import type { SearchResponse } from "../../src/search/types.ts";
import { ResponseWriter } from "../../src/serve/response-json.ts";
import { seededQueries } from "../live/helpers.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";

let engine: Engine;
let cacheDir: string;
const answers: SearchResponse[] = [];

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-response-json-"));
  engine = await openEngine({ corpusDir: CORPUS_DIR, cacheDir, log: () => {} });
  const doc = (await engine.doc(engine.documents[0]!.id))!;
  const long = doc.editions[0]!.passages.map((p) => p.text).find((t) => t.length > 60)!;
  const queries = [
    ...(await seededQueries(engine, 7, 40)),
    "碳达峰 梅花鹿", // no match: similar passages apart, without echoes
    long.slice(0, 60), // pasted text: similarity mode with sources
    "创新 level:省",
  ];
  for (const q of queries) answers.push(await engine.search(q, { limit: 20 }));
  answers.push(await engine.search("科技", { limit: 50, sort: "newest" }));
}, 120_000);

afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const same = (w: ResponseWriter, r: SearchResponse) => isDeepStrictEqual(JSON.parse(w.bytes(r).toString("utf8")), JSON.parse(JSON.stringify(r)));

describe("answers written with the per-passage memo", () => {
  it("covers results with echoes, similar passages without, sources and filters", () => {
    expect(answers.some((r) => r.hits.some((h) => h.echoes.length > 0))).toBe(true);
    expect(answers.some((r) => (r.similar?.hits.length ?? 0) > 0)).toBe(true);
    expect(answers.some((r) => (r.sources?.length ?? 0) > 0)).toBe(true);
  });

  it("parse to what JSON.stringify gives, first written and then reused", () => {
    const w = new ResponseWriter();
    expect(answers.filter((r) => !same(w, r)).map((r) => r.query)).toEqual([]);
    const written = w.counts.written;
    expect(answers.filter((r) => !same(w, r)).map((r) => r.query)).toEqual([]);
    expect(w.counts.written).toBe(written); // the second pass wrote nothing new
    expect(w.counts.reused).toBeGreaterThan(written);
  });

  it("stay right when the memo is too small and evicts", () => {
    const w = new ResponseWriter(5);
    for (let round = 0; round < 2; round++) expect(answers.filter((r) => !same(w, r)).map((r) => r.query)).toEqual([]);
    expect(w.counts.written).toBeGreaterThan(5);
  });

  it("tell a passage listed with its echoes from the same passage listed without", () => {
    const r = answers.find((a) => a.hits.some((h) => h.echoes.length > 0))!;
    const h = r.hits.find((x) => x.echoes.length > 0)!;
    const bare: SearchResponse = { ...r, hits: [{ ...h, echoes: [] }] };
    const w = new ResponseWriter();
    expect(same(w, r)).toBe(true);
    expect(same(w, bare)).toBe(true);
    expect(same(w, r)).toBe(true);
  });

  it("own their buffer, however small the answer", () => {
    const w = new ResponseWriter();
    const tiny: SearchResponse = { ...answers[0]!, hits: [], facets: { docs: [], chapters: [], regions: [], levels: [], types: [], years: [], statuses: [] }, filters: [], similar: undefined, sources: undefined };
    const b = w.bytes(tiny);
    expect(b.length).toBeLessThan(4096); // small enough that Node would take it from its shared pool
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(b.length);
  });
});
