/**
 * The version comparison over HTTP, against the real engine on a corpus of the regulation fixtures:
 * `GET /api/versions?a=&b=`, `/compare?a=&b=` with two edition ids, the reader's link to it, the
 * new metadata fields of `/api/docs`, and the errors for ids that are not two versions of one document.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/regulations");
let corpusDir: string;
let cacheDir: string;
let engine: Engine;
let docs: DocumentRecord[];
let app: Express;
let law: DocumentRecord;

beforeAll(async () => {
  corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-versions-"));
  for (const f of fs.readdirSync(FIXTURES)) if (f.endsWith(".md") && f !== "README.md") fs.copyFileSync(path.join(FIXTURES, f), path.join(corpusDir, f));
  fs.writeFileSync(path.join(corpusDir, "catalog.json"), JSON.stringify({ "/": { edition: "法规汇编" } }));
  ({ engine, cacheDir } = await openTestEngine(corpusDir));
  docs = await fullDocuments(engine);
  app = createApp(engine, { log: () => {} });
  law = docs.find((d) => d.title === "中华人民共和国农业技术推广法")!;
}, 120_000);
afterAll(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.rmSync(corpusDir, { recursive: true, force: true });
});

const [NEW, OLD] = [0, 1];

describe("GET /api/versions", () => {
  it("aligns two versions article by article", async () => {
    const res = await request(app).get(`/api/versions?a=${encodeURIComponent(law.editions[OLD]!.id)}&b=${encodeURIComponent(law.editions[NEW]!.id)}`).expect(200);
    expect(res.body.doc).toEqual({ id: law.id, title: law.title });
    expect(res.body.a).toMatchObject({ label: "2012年修正", date: "2012-08-31", current: false });
    expect(res.body.b).toMatchObject({ label: "2024年修正", date: "2024-04-26", current: true });
    expect(res.body.summary).toEqual({ unchanged: 36, renumbered: 0, changed: 3, added: 0, deleted: 0 });
    const changed = res.body.changes.filter((c: { kind: string }) => c.kind === "changed");
    expect(changed.map((c: { b: { label: string } }) => c.b.label)).toEqual(["第九条", "第十九条", "第二十三条"]);
    expect(changed[0].diff).toEqual(expect.arrayContaining([{ text: "农村", kind: "added" }]));
  });

  it("answers 400 for ids that are not two versions of one document, 404 for unknown ones", async () => {
    const other = docs.find((d) => d.title === "专利代理条例")!.editions[0]!.id;
    for (const q of [`a=${law.editions[NEW]!.id}&b=${law.editions[NEW]!.id}`, `a=${law.editions[NEW]!.id}&b=${other}`, `a=${law.editions[NEW]!.id}`, "a=..%2F&b=x"]) {
      const res = await request(app).get(`/api/versions?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.code).toBe("BAD_PARAMETER");
    }
    const res = await request(app).get(`/api/versions?a=${law.editions[NEW]!.id}&b=doc-0000000000~nothing`).expect(404);
    expect(res.body.code).toBe("NOT_FOUND");
  });
});

describe("/compare with two versions", () => {
  it("shows the version comparison page: counts, changed words marked, links into both versions", async () => {
    const res = await request(app).get(`/compare?a=${law.editions[OLD]!.id}&b=${law.editions[NEW]!.id}`).expect(200);
    expect(res.text).toContain("版本对照");
    expect(res.text).toMatch(/修改 <strong>3<\/strong> 条/);
    expect(res.text).toMatch(/未变 <strong>36<\/strong> 条/);
    expect(res.text).toContain("<ins>农村</ins>");
    expect(res.text).toContain(`/doc/${law.id}?edition=${law.editions[OLD]!.id}#p-`);
    expect(res.text).toContain(`/doc/${law.id}#p-`);
  });

  it("is linked from the reader of a versioned document", async () => {
    const res = await request(app).get(`/doc/${law.id}`).expect(200);
    expect(res.text).toContain("版本沿革");
    expect(res.text).toContain("现行有效");
    const query = new URLSearchParams({ a: law.editions[OLD]!.id, b: law.editions[NEW]!.id }).toString().replace("&", "&amp;");
    expect(res.text).toContain(`/compare?${query}`);
    const old = await request(app).get(`/doc/${law.id}?edition=${law.editions[OLD]!.id}`).expect(200);
    expect(old.text).toContain("旧版本");
  });

  it("answers 400 with the reason when the ids are not two versions of one document", async () => {
    const other = docs.find((d) => d.title === "专利代理条例")!.editions[0]!.id;
    const res = await request(app).get(`/compare?a=${law.editions[NEW]!.id}&b=${other}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain("同一文件的两个不同版本");
    const mixed = await request(app).get(`/compare?a=${law.editions[NEW]!.id}&b=${law.id}`);
    expect(mixed.status).toBe(400);
    expect(mixed.text).toContain("同为版本编号");
  });
});

describe("GET /api/docs", () => {
  it("lists the new metadata fields, the version of each edition, and cites articles", async () => {
    const res = await request(app).get("/api/docs").expect(200);
    const d = res.body.find((x: { id: string }) => x.id === law.id);
    expect(d).toMatchObject({ type: "法", status: "in-force", region: "全国", level: "national", dates: { adopted: "1993-07-02", amended: ["2012-08-31", "2024-04-26"] } });
    expect(d.editions.map((e: { version: { label: string } }) => e.version.label)).toEqual(["2024年修正", "2012年修正"]);
    expect(d.provenance.dates).toBe("text");
    const search = await request(app).get(`/api/search?q=${encodeURIComponent("农业技术推广机构属于公共服务机构")}`).expect(200);
    expect(search.body.hits[0].citation).toBe("《中华人民共和国农业技术推广法》（2024年修正）第十一条");
  });
});

describe("the Shanghai measure", () => {
  it("keeps its own identity and its echoes point at the national law's articles in the version in force", async () => {
    const sh = docs.find((d) => d.title === "上海市实施《中华人民共和国农业技术推广法》办法")!;
    expect(sh.id).not.toBe(law.id);
    // 第八条's first 款 adapts the law's 第五条 (鼓励和支持科技人员开发、推广应用先进的农业技术…).
    const p = sh.editions[0]!.passages.find((x) => x.text.startsWith("第八条"))!;
    const echoes = await engine.echoesOf(p.id);
    expect(echoes[0]).toMatchObject({ docId: law.id, docTitle: law.title });
    expect(echoes[0]!.path.map((h) => h.label).slice(0, 2)).toEqual(["第一章", "第五条"]);
    expect(law.editions[0]!.passages.some((q) => q.id === echoes[0]!.id)).toBe(true);
  });
});
