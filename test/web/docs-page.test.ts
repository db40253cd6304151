/**
 * The documents page and the file reports over HTTP, against the real engine on a corpus with
 * documents in folders and entries that are skipped or ignored: every document with its metadata
 * and where each field came from, its editions and source files; every skipped file with its reason;
 * corpus text (file names too) escaped.
 */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import { createApp } from "../../src/web/app.ts";
import { DOCS_CORPUS, makeDocsCorpus } from "../support/docs-corpus.ts";
import { openTestEngine } from "../support/real-engine.ts";

let engine: Engine;
let app: Express;
let corpusDir: string;
let cacheDir: string;

beforeAll(async () => {
  corpusDir = makeDocsCorpus();
  ({ engine, cacheDir } = await openTestEngine(corpusDir));
  app = createApp(engine, { log: () => {} });
});
afterAll(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.rmSync(corpusDir, { recursive: true, force: true });
});

const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;");

describe("GET /docs", () => {
  let html: string;
  beforeAll(async () => {
    const res = await request(app).get("/docs").expect(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    html = res.text;
  });

  it("lists every document with its metadata and the source of each field", () => {
    for (const d of engine.documents) expect(html).toContain(escaped(d.title));
    expect(html).toMatch(/<th scope="row">文号<\/th><td>吉政办发〔2022〕11号<\/td><td class="muted">正文<\/td>/);
    expect(html).toMatch(/<th scope="row">地区<\/th><td>延边朝鲜族自治州<\/td><td class="muted">目录 catalog.json<\/td>/);
    expect(html).toMatch(/<th scope="row">级别<\/th><td>省级<\/td>/);
  });

  it("lists each document's editions with their source files, folders included, and their format", () => {
    expect(html).toContain(`<code class="source">${DOCS_CORPUS.docx}</code> · docx`);
    expect(html).toContain(`<code class="source">${DOCS_CORPUS.html}</code> · html`);
    expect(html).toContain(`<code class="source">jilin-gazette-2022-21.md</code> · markdown`);
  });

  it("lists every skipped and ignored entry with its reason, file names escaped", () => {
    const row = (file: string) => {
      const at = html.indexOf(`<code class="source">${escaped(file)}</code>`, html.indexOf('id="files-h"'));
      expect(at, file).toBeGreaterThan(0);
      return html.slice(at, html.indexOf("</tr>", at));
    };
    expect(row(DOCS_CORPUS.legacy)).toMatch(/已跳过[\s\S]*save it as \.docx or PDF/);
    expect(row(DOCS_CORPUS.bomb)).toMatch(/已跳过[\s\S]*zip bomb/);
    expect(row(DOCS_CORPUS.fifo)).toMatch(/已跳过[\s\S]*FIFO/);
    expect(row(DOCS_CORPUS.outside)).toMatch(/已跳过[\s\S]*outside corpus\//);
    expect(row("inbox/通知\\u{7}.txt")).toMatch(/已跳过[\s\S]*control characters/);
    expect(row(DOCS_CORPUS.readme)).toMatch(/已忽略[\s\S]*README/);
    expect(row("catalog.json")).toMatch(/已忽略/);
    // A file whose name is markup is listed as text (and indexed: its name is not its content).
    expect(row(DOCS_CORPUS.markup)).toMatch(/已收录/);
    expect(html).not.toContain("<img src=x");
    expect(html).toMatch(/跳过 <strong>5<\/strong> 个文件/);
  });

  it("is linked from every page's header", async () => {
    const res = await request(app).get("/").expect(200);
    expect(res.text).toContain('<a href="/docs">文件</a>');
  });

  it("answers only GET and HEAD", async () => {
    await request(app).post("/docs").expect(405);
    await request(app).head("/docs").expect(200);
  });
});

describe("GET /api/files", () => {
  it("reports every corpus entry: status, format, reason", async () => {
    const res = await request(app).get("/api/files").expect(200);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    const files = new Map<string, { status: string; format: string | null; reason: string | null; documents: number }>(res.body.files.map((f: { file: string }) => [f.file, f]));
    expect(res.body.summary).toEqual({ entries: files.size, indexed: 6, skipped: 5, ignored: 2 });
    expect(files.get(DOCS_CORPUS.docx)).toMatchObject({ status: "indexed", format: "docx", documents: 1, reason: null });
    expect(files.get(DOCS_CORPUS.bomb)).toMatchObject({ status: "skipped", format: null });
    expect(files.get(DOCS_CORPUS.bomb)!.reason).toMatch(/zip bomb/);
    expect(files.get(DOCS_CORPUS.readme)).toMatchObject({ status: "ignored" });
    await request(app).post("/api/files").expect(405);
  });
});

describe("GET /api/docs (new fields)", () => {
  it("keeps its shape and adds dates, type, status, provenance and each edition's format", async () => {
    const res = await request(app).get("/api/docs").expect(200);
    const plan = res.body.find((d: { docNumber: string }) => d.docNumber === "吉政办发〔2022〕11号");
    expect(Object.keys(plan)).toEqual(expect.arrayContaining(["id", "title", "docNumber", "issuer", "date", "region", "level", "editions", "passageCount", "dates", "type", "status", "provenance"]));
    expect(plan.dates).toEqual({ issued: "2022-05-27" });
    expect(plan.provenance).toMatchObject({ title: "text", docNumber: "text", region: "catalog" });
    expect(plan.editions.map((e: { source: string; format: string }) => [e.source, e.format])).toEqual([
      ["jilin-gazette-2022-21.md", "markdown"], [DOCS_CORPUS.docx, "docx"], [DOCS_CORPUS.html, "html"], ["jilin-st-plan-14th.pdf.txt", "text"],
    ]);
  });
});
