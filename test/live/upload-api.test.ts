/**
 * POST /api/docs and DELETE /api/docs/:id on a live collection over a copy of the seeds: a regulation
 * uploaded is searchable at once (only it was segmented), the same content twice is a no-op, a
 * different file of the same name is never overwritten, every refusal answers with its status and
 * reason and changes nothing (documents, manifest, files on disk), and a delete removes the document
 * from search at once and its file from disk.
 */
import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/web/app.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { segmenterCalls } from "../../src/analysis/segmenter.ts";
import { indexWords } from "../../src/index/word-cut-pool.ts";
import { FORMATS, REGULATIONS, SEEDS, makeCorpus, tempDir } from "./helpers.ts";

const TOKEN = "s3cret-token";
const env = { ZHANGJIE_ADMIN_TOKEN: TOKEN, ZHANGJIE_UPLOAD_MAX_MB: "1" };
const PATENT = path.join(REGULATIONS, "专利代理条例(2018-11-06).md");
const FACE = path.join(REGULATIONS, "关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定.md");

let corpusDir: string;
let cacheDir: string;
let live: LiveEngine;
let app: Express;

beforeAll(async () => {
  corpusDir = makeCorpus(new Map(fs.readdirSync(SEEDS).map((f) => [f, path.join(SEEDS, f)])));
  cacheDir = tempDir("zj-live-cache-");
  live = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
  app = createApp(live.engine, { log: () => {}, live: { corpusDir, collection: live.collection, env } });
}, 120_000);
afterAll(() => {
  for (const d of [corpusDir, cacheDir]) fs.rmSync(d, { recursive: true, force: true });
});

/** What a refusal must leave as it was. */
function collectionNow(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(`${path.relative(corpusDir, full)}:${fs.statSync(full).size}`);
    }
  };
  walk(corpusDir);
  const s = live.collection.snapshot;
  return JSON.stringify({ docs: live.engine.documents.map((d) => d.id), manifest: s.state.manifest.files.map((f) => [f.path, f.sha256]), files: files.sort(), passages: s.store.passageCount });
}

const upload = (name: string, bytes: Buffer, auth = `Bearer ${TOKEN}`) => request(app).post("/api/docs").set("Authorization", auth).attach("file", bytes, name);

describe("who may change the collection", () => {
  it("answers 401 without the token or with a wrong one, and 403 when uploads are off; search stays open", async () => {
    const before = collectionNow();
    const bytes = fs.readFileSync(PATENT);
    const none = await request(app).post("/api/docs").attach("file", bytes, "a.md");
    expect(none.status).toBe(401);
    expect(none.body.code).toBe("UNAUTHORIZED");
    expect((await upload("a.md", bytes, "Bearer wrong")).status).toBe(401);
    expect((await request(app).delete(`/api/docs/${live.engine.documents[0]!.id}`)).status).toBe(401);
    const off = createApp(live.engine, { log: () => {}, live: { corpusDir, collection: live.collection, env: {} } });
    const r = await request(off).post("/api/docs").set("Authorization", `Bearer ${TOKEN}`).attach("file", bytes, "a.md");
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("UPLOADS_OFF");
    expect((await request(app).get("/api/search").query({ q: "科技创新" })).status).toBe(200);
    expect(collectionNow()).toBe(before);
  });
});

describe("uploading", () => {
  it("adds a regulation, searchable at once, segmenting only it", async () => {
    expect((await request(app).get("/api/search").query({ q: "专利代理机构" })).body.total).toBe(0);
    const before = segmenterCalls();
    const res = await upload("专利代理条例(2018-11-06).md", fs.readFileSync(PATENT));
    const calls = segmenterCalls() - before;
    expect(res.status).toBe(201);
    expect(res.body.files).toHaveLength(1);
    const f = res.body.files[0];
    expect(f.status).toBe("added");
    expect(f.file).toBe("uploads/专利代理条例(2018-11-06).md");
    expect(f.documents).toHaveLength(1);
    expect(f.documents[0].title).toBe("专利代理条例");
    expect(f.passages).toBeGreaterThan(50);
    expect(fs.readFileSync(path.join(corpusDir, f.file)).equals(fs.readFileSync(PATENT))).toBe(true);
    const hits = (await request(app).get("/api/search").query({ q: "专利代理机构" })).body;
    expect(hits.total).toBeGreaterThan(0);
    expect(hits.hits[0].docId).toBe(f.documents[0].id);
    // Only the new document's passages were cut.
    const doc = (await live.engine.doc(f.documents[0].id))!;
    const again = segmenterCalls();
    await indexWords(doc.editions.flatMap((e) => e.passages.map((p) => p.text)), { workers: 0 });
    expect(calls).toBe(segmenterCalls() - again);
  });

  it("treats the same content again as a no-op, and never overwrites another file of the same name", async () => {
    const before = collectionNow();
    const same = await upload("another-name.md", fs.readFileSync(PATENT));
    expect(same.status).toBe(200);
    expect(same.body.files[0].status).toBe("unchanged");
    expect(same.body.files[0].file).toBe("uploads/专利代理条例(2018-11-06).md");
    expect(collectionNow()).toBe(before);
    const other = await upload("专利代理条例(2018-11-06).md", fs.readFileSync(FACE));
    expect(other.status).toBe(201);
    expect(other.body.files[0].file).toBe("uploads/专利代理条例(2018-11-06) (2).md");
    expect(fs.readFileSync(path.join(corpusDir, "uploads/专利代理条例(2018-11-06).md")).equals(fs.readFileSync(PATENT))).toBe(true);
    expect(other.body.files[0].documents[0].title).toMatch(/人脸识别/);
  });

  it("keeps a sanitised name inside corpus/uploads/ and the catalog fields given", async () => {
    const text = "关于推进测试工作的通知\n\n一、总体要求\n\n做好测试工作，确保上传文件可检索。\n\n二、工作措施\n\n（一）建立健全测试制度。\n";
    const res = await request(app)
      .post("/api/docs")
      .set("Authorization", `Bearer ${TOKEN}`)
      .field("region", "吉林省")
      .field("level", "province")
      .attach("file", Buffer.from(text), "../../corpus/../.hidden:evil?name.txt");
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(201);
    expect(res.body.files[0].file).toBe("uploads/hidden_evil_name.txt");
    const doc = (await live.engine.doc(res.body.files[0].documents[0].id))!;
    expect(doc.region).toBe("吉林省");
    expect(doc.level).toBe("province");
    expect(JSON.parse(fs.readFileSync(path.join(corpusDir, "catalog.json"), "utf8"))["uploads/hidden_evil_name.txt"]).toEqual({ region: "吉林省", level: "province" });
  });
});

describe("refusals change nothing", () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
  const cases: [string, () => Buffer, string, number, string][] = [
    ["too large (while streaming)", () => Buffer.alloc(1_300_000, "条"), "big.txt", 413, "UPLOAD_TOO_LARGE"],
    ["an image named .txt", () => png, "plan.txt", 415, "UPLOAD_UNSUPPORTED"],
    ["a legacy .doc", () => fs.readFileSync(path.join(FORMATS, "legacy.doc")), "legacy.doc", 415, "UPLOAD_UNSUPPORTED"],
    ["a zip bomb", () => fs.readFileSync(path.join(FORMATS, "bomb.docx")), "bomb.docx", 422, "UPLOAD_UNREADABLE"],
    ["an encrypted PDF", () => fs.readFileSync(path.join(FORMATS, "encrypted.pdf")), "e.pdf", 422, "UPLOAD_UNREADABLE"],
    ["a truncated PDF", () => fs.readFileSync(path.join(FORMATS, "truncated.pdf")), "t.pdf", 422, "UPLOAD_UNREADABLE"],
    ["an empty file", () => Buffer.alloc(0), "empty.txt", 422, "UPLOAD_UNREADABLE"],
  ];
  for (const [what, bytes, name, status, code] of cases) {
    it(`refuses ${what} with ${status}`, async () => {
      const before = collectionNow();
      const res = await upload(name, bytes());
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.zh.length).toBeGreaterThan(4);
      expect(res.body.en.length).toBeGreaterThan(4);
      expect(collectionNow()).toBe(before);
    }, 60_000);
  }

  it("refuses a whole request when one of its files is refused", async () => {
    const before = collectionNow();
    const res = await request(app).post("/api/docs").set("Authorization", `Bearer ${TOKEN}`).attach("file", fs.readFileSync(path.join(REGULATIONS, "农业技术推广法(2012-08-31).md")), "law.md").attach("file", png, "x.txt");
    expect(res.status).toBe(415);
    expect(collectionNow()).toBe(before);
  });

  it("refuses a body that is not multipart with 400", async () => {
    const before = collectionNow();
    const res = await request(app).post("/api/docs").set("Authorization", `Bearer ${TOKEN}`).set("Content-Type", "application/json").send("{}");
    expect(res.status).toBe(400);
    expect(collectionNow()).toBe(before);
  });
});

describe("deleting", () => {
  it("removes a document from search at once and its file from disk", async () => {
    const hit = (await request(app).get("/api/search").query({ q: "专利代理机构" })).body.hits[0];
    const res = await request(app).delete(`/api/docs/${hit.docId}`).set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body.removed).toEqual([hit.docId]);
    expect(res.body.files).toEqual(["uploads/专利代理条例(2018-11-06).md"]);
    expect(fs.existsSync(path.join(corpusDir, "uploads/专利代理条例(2018-11-06).md"))).toBe(false);
    expect((await request(app).get("/api/search").query({ q: "专利代理机构" })).body.total).toBe(0);
    expect((await request(app).get(`/api/docs/${hit.docId}`)).status).toBe(404);
    expect((await request(app).delete(`/api/docs/${hit.docId}`).set("Authorization", `Bearer ${TOKEN}`)).status).toBe(404);
  });
});

describe("the concurrent-upload limit", () => {
  it("answers 429 to an upload beyond the limit while one is streaming, and changes nothing", async () => {
    const one = createApp(live.engine, { log: () => {}, live: { corpusDir, collection: live.collection, env: { ...env, ZHANGJIE_UPLOAD_CONCURRENCY: "1" } } });
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = one.listen(0, "127.0.0.1", () => resolve(s));
    });
    const port = (server.address() as import("node:net").AddressInfo).port;
    const http = await import("node:http");
    try {
      // A: an upload whose body is still arriving (its end is held back).
      const boundary = "----zjboundary";
      const law = fs.readFileSync(path.join(REGULATIONS, "农业技术推广法(2012-08-31).md"));
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="law.md"\r\nContent-Type: text/plain\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const a = http.request({ port, method: "POST", path: "/api/docs", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": head.length + law.length + tail.length } });
      const answerA = new Promise<{ status: number; body: string }>((resolve) => a.on("response", (r) => { let b = ""; r.on("data", (d) => (b += d)); r.on("end", () => resolve({ status: r.statusCode!, body: b })); }));
      a.write(head);
      a.write(law.subarray(0, 100));
      // B: uploads of content already in the collection (a no-op if one got through before A began).
      const before = collectionNow();
      let busy = 0;
      for (let i = 0; i < 200 && !busy; i++) {
        const b = await request(one).post("/api/docs").set("Authorization", `Bearer ${TOKEN}`).attach("file", fs.readFileSync(FACE), "face.md");
        if (b.status === 429) {
          busy++;
          expect(b.body.code).toBe("UPLOAD_BUSY");
        } else expect(b.body.files[0].status).toBe("unchanged");
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(busy).toBe(1);
      expect(collectionNow()).toBe(before);
      a.end(Buffer.concat([law.subarray(100), tail]));
      const done = await answerA;
      expect(done.status).toBe(201);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 60_000);
});
