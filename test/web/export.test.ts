/**
 * Results to take away: `GET /api/search?…&format=csv|xlsx` holds the whole result set, one row per
 * matching passage (identical passages of other documents included), and both files open and read
 * back with the expected rows: the CSV with a byte-order mark for Excel, the XLSX through exceljs.
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import request from "supertest";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import { createApp } from "../../src/web/app.ts";
import { EXPORT_COLUMNS } from "../../src/web/export.ts";
import { openTestEngine } from "../support/real-engine.ts";
import { norm } from "../support/text.ts";

let engine: Engine;
let cacheDir: string;
let app: Express;
beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  app = createApp(engine, { log: () => {} });
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** Binary bodies as Buffers. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
}

async function readCsv(text: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  // map: keep every cell as text (exceljs would turn 2022-06-17 into a Date)
  const ws = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { delimiter: "," } } as never);
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return rows;
}

async function lookups(ids: readonly string[]) {
  return Promise.all(ids.map(async (id) => (await engine.passage(id))!));
}

/** Every passage the search stands for, in result order: each hit, then the identical passages folded into it. */
async function expectedIds(q: string, sort?: "oldest"): Promise<string[]> {
  const res = await engine.search(q, { limit: 1000, sort, rows: true });
  return res.hits.flatMap((h) => [h.id, ...h.alsoIn.map((a) => a.id)]);
}

describe("export of the whole result set", () => {
  it("CSV: UTF-8 with a BOM, a header row, one row per matching passage with its document's metadata", async () => {
    const q = "梅花鹿";
    const res = await request(app).get(`/api/search?q=${encodeURIComponent(q)}&format=csv`).buffer(true).parse(binary).expect(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="zhangjie-results\.csv"; filename\*=UTF-8''/);
    const body = (res.body as Buffer).toString("utf8");
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const rows = await readCsv(body.slice(1));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const ids = await expectedIds(q);
    const found = await lookups(ids);
    expect(rows.length - 1).toBe(ids.length);
    expect(rows.length - 1).toBe((await engine.search(q)).matched); // all pages, not just the first
    rows.slice(1).forEach((r, i) => {
      const { doc, passage } = found[i]!;
      expect(r[0]).toBe(doc.title);
      expect(r[1]).toBe(doc.docNumber ?? "");
      expect(r[3]).toBe(doc.date ?? "");
      expect(r[4]).toBe(doc.region ?? "");
      expect(norm(r[7]!)).toBe(norm(passage.text));
      expect(r[7]).toContain("梅花鹿");
      expect(r[8]).toMatch(/^《.+》/);
      expect(r[9]).toMatch(/\[(J|Z)\]/);
      expect(r[10]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/doc/[^#]+#p-${passage.id}$`));
    });
  });

  it("CSV rows include the identical passages folded into a hit, and follow the chosen sort", async () => {
    const q = "各市（州）人民政府"; // the addressee line, the same in several documents
    const folded = await engine.search(q, { limit: 1000 });
    expect(folded.matched).toBeGreaterThan(folded.total);
    const res = await request(app).get(`/api/search?q=${encodeURIComponent(q)}&format=csv&sort=oldest`).buffer(true).parse(binary).expect(200);
    const rows = await readCsv((res.body as Buffer).toString("utf8").slice(1));
    expect(rows.length - 1).toBe(folded.matched);
    const texts = rows.slice(1).map((r) => r[7]);
    expect(texts).toEqual((await lookups(await expectedIds(q, "oldest"))).map((l) => l.passage.text));
  });

  it("XLSX: opens in exceljs with the same rows, and a sheet that records the query", async () => {
    const q = "揭榜挂帅";
    const res = await request(app).get(`/api/search?q=${encodeURIComponent(q)}&format=xlsx`).buffer(true).parse(binary).expect(200);
    expect(res.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never); // exceljs types a Node 18 Buffer
    const ws = wb.getWorksheet("检索结果")!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const ids = await expectedIds(q);
    expect(rows.slice(1).map((r) => r[7])).toEqual((await lookups(ids)).map((l) => l.passage.text));
    expect(rows.slice(1).every((r) => r[7]!.includes("揭榜挂帅"))).toBe(true);
    expect(wb.getWorksheet("检索条件")!.getRow(1).values).toEqual([undefined, "检索式", q]);
  });

  it("refuses an unknown format or sort with a 400, and a bad query like the JSON API", async () => {
    expect((await request(app).get("/api/search?q=x&format=pdf")).status).toBe(400);
    expect((await request(app).get("/api/search?q=x&format=csv&sort=random")).status).toBe(400);
    const bad = await request(app).get(`/api/search?q=${encodeURIComponent("“梅花鹿")}&format=csv`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("QUERY_UNBALANCED_QUOTES");
  });

  it("the results page links to both exports of the same search", async () => {
    const res = await request(app).get(`/search?q=${encodeURIComponent("梅花鹿")}&sort=newest`).expect(200);
    const links = [...res.text.matchAll(/href="(\/api\/search\?[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(links).toEqual([
      `/api/search?q=${encodeURIComponent("梅花鹿")}&sort=newest&format=csv`,
      `/api/search?q=${encodeURIComponent("梅花鹿")}&sort=newest&format=xlsx`,
    ]);
  });
});
