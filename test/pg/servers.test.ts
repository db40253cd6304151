/**
 * Stateless servers: two `npm start` processes over one PostgreSQL database (and a third reading
 * from a hot standby) answer every request alike; an index run on the primary becomes searchable
 * through all three (NOTIFY; the standby's server waits for the replay).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/index/stores/postgres/load.ts";
import { CORPUS_DIR } from "../support/real-engine.ts";
import { freePort, hasPostgres, SKIP_REASON, startReplica, testDatabase, type Cluster, type TestDatabase } from "./cluster.ts";
import { LANGUAGE_QUERIES } from "./queries.ts";
import type { UploadAnswer } from "../../src/live/uploads.ts";

if (!hasPostgres) console.warn(SKIP_REASON);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LATER = "yanbian-st-plan-14th.pdf.txt";
const quiet = () => {};
const TOKEN = "pg-upload-test-token";
// The upload: a regulation none of the seeds is (its term 专利代理师 is in no seed).
const UPLOAD = path.join(ROOT, "test/fixtures/regulations/专利代理条例(2018-11-06).md");

interface Server {
  port: number;
  proc: ChildProcess;
}

/** `npm start` as package.json runs it, with the store chosen by the environment. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/serve.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), ZHANGJIE_CORPUS_DIR: "/nonexistent-corpus", ZHANGJIE_ADMIN_TOKEN: TOKEN }, // the database is the index
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let err = "";
    proc.stdout!.on("data", (b: Buffer) => String(b).includes("http://") && resolve());
    proc.stderr!.on("data", (b: Buffer) => (err += String(b)));
    proc.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  return { port, proc };
}

async function get(s: Server, url: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`http://127.0.0.1:${s.port}${url}`);
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text, (k, v) => (k === "tookMs" ? undefined : v));
  } catch {
    // a page
  }
  return { status: r.status, body };
}

function total(s: Server, q: string): Promise<number> {
  return get(s, `/api/search?q=${encodeURIComponent(q)}&limit=50`).then((r) => (r.body as { total: number }).total);
}

async function upload(s: Server, name: string, bytes: Buffer, token = TOKEN): Promise<{ status: number; body: UploadAnswer }> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(`http://127.0.0.1:${s.port}/api/docs`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: r.status, body: (await r.json()) as UploadAnswer };
}

describe.skipIf(!hasPostgres)("servers over one database", () => {
  let db: TestDatabase;
  let replica: Cluster;
  let corpus: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-corpus-"));
    for (const f of fs.readdirSync(CORPUS_DIR)) if (f !== LATER) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(corpus, f));
    db = await testDatabase();
    await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    replica = await startReplica(db.url);
    const standbyUrl = replica.url(new URL(db.url).pathname.slice(1));
    servers.push(await startServer({ ZHANGJIE_DATABASE_URL: db.url }));
    servers.push(await startServer({ ZHANGJIE_DATABASE_URL: db.url }));
    servers.push(await startServer({ ZHANGJIE_DATABASE_URL: db.url, ZHANGJIE_DATABASE_READ_URL: standbyUrl }));
  }, 240_000);

  afterAll(async () => {
    for (const s of servers) s.proc.kill("SIGTERM");
    await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once("exit", r)))));
    replica?.stop();
    await db?.drop();
    fs.rmSync(corpus, { recursive: true, force: true });
  });

  it("answer every search, document, passage and page alike", async () => {
    const first = servers[0]!;
    const docs = (await get(first, "/api/docs")).body as { id: string }[];
    expect(docs.length).toBeGreaterThan(0);
    const urls = [
      "/api/docs",
      "/api/files",
      ...LANGUAGE_QUERIES.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=50`),
      ...docs.map((d) => `/api/docs/${encodeURIComponent(d.id)}`),
      `/api/compare?a=${encodeURIComponent(docs[0]!.id)}&b=${encodeURIComponent(docs[1]!.id)}`,
    ];
    const hits = ((await get(first, "/api/search?q=科技&limit=30")).body as { hits: { id: string }[] }).hits;
    for (const h of hits) urls.push(`/api/passages/${encodeURIComponent(h.id)}`, `/api/passages/${encodeURIComponent(h.id)}/sources`);
    for (const url of urls) {
      const want = await get(first, url);
      expect(want.status, url).toBeLessThan(500);
      for (const other of servers.slice(1)) expect(await get(other, url), url).toEqual(want);
    }
  }, 240_000);

  it("make an index run on the primary searchable through every server, the standby's included", async () => {
    const probe = "/api/search?q=" + encodeURIComponent("和龙"); // only the Yanbian plan names it
    for (const s of servers) expect(((await get(s, probe)).body as { total: number }).total).toBe(0);
    fs.copyFileSync(path.join(CORPUS_DIR, LATER), path.join(corpus, LATER));
    const r = await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet });
    expect(r.loaded).toBeGreaterThan(0);
    for (const s of servers) {
      await vi.waitFor(async () => expect(((await get(s, probe)).body as { total: number }).total).toBeGreaterThan(0), { timeout: 60_000, interval: 100 });
    }
    const want = await get(servers[0]!, probe);
    for (const s of servers.slice(1)) expect(await get(s, probe)).toEqual(want);
  }, 120_000);

  it("take an upload on one server and its deletion on another; every server, the standby's included, follows", async () => {
    const probe = "专利代理师";
    const bytes = fs.readFileSync(UPLOAD);
    for (const s of servers) expect(await total(s, probe)).toBe(0);
    const [a, b, standby] = servers as [Server, Server, Server];

    expect((await upload(a, "专利代理条例.md", bytes, "wrong-token")).status).toBe(401);
    const added = await upload(a, "专利代理条例.md", bytes);
    expect(added.status).toBe(201);
    expect(added.body.files).toHaveLength(1);
    expect(added.body.files[0]!.status).toBe("added");
    expect(added.body.files[0]!.file).toBe("uploads/专利代理条例.md");
    expect(added.body.documents).toBeGreaterThan(0);
    expect(added.body.passages).toBeGreaterThan(0);
    const ids = added.body.files[0]!.documents.map((d) => d.id);
    // Searchable on the server that took it when it answers; on the others once they follow.
    expect(await total(a, probe)).toBeGreaterThan(0);
    for (const s of [b, standby]) await vi.waitFor(async () => expect(await total(s, probe)).toBeGreaterThan(0), { timeout: 60_000, interval: 100 });
    const want = await get(a, `/api/search?q=${encodeURIComponent(probe)}&limit=50`);
    expect((want.body as { hits: { docId: string }[] }).hits.every((h) => ids.includes(h.docId))).toBe(true);
    for (const s of [b, standby]) {
      expect(await get(s, `/api/search?q=${encodeURIComponent(probe)}&limit=50`)).toEqual(want);
      expect(await get(s, `/api/docs/${encodeURIComponent(ids[0]!)}`)).toEqual(await get(a, `/api/docs/${encodeURIComponent(ids[0]!)}`));
    }

    // The same content again, on another server: nothing added.
    const again = await upload(b, "另一个名字.md", bytes);
    expect(again.status).toBe(200);
    expect(again.body.files[0]!.status).toBe("unchanged");
    expect(again.body.files[0]!.file).toBe("uploads/专利代理条例.md");

    // An index run of the corpus folder leaves the upload alone.
    const reload = await loadCorpus({ corpusDir: corpus, databaseUrl: db.url, log: quiet, force: true });
    expect(reload.removed).toBe(reload.loaded); // every corpus document rewritten, nothing else removed
    for (const s of servers) await vi.waitFor(async () => expect((await get(s, "/api/docs")).body).toEqual((await get(a, "/api/docs")).body), { timeout: 60_000, interval: 100 });
    for (const s of servers) expect(await get(s, `/api/search?q=${encodeURIComponent(probe)}&limit=50`)).toEqual(want);

    // Deleted through another server: gone everywhere.
    const del = await fetch(`http://127.0.0.1:${b.port}/api/docs/${encodeURIComponent(ids[0]!)}`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { removed: string[] }).removed.sort()).toEqual([...ids].sort());
    expect(await total(b, probe)).toBe(0);
    // Until a server has refreshed, its postings (read per query) may already miss the rows its
    // snapshot still lists: wait for the document itself to go.
    for (const s of [a, standby]) {
      await vi.waitFor(async () => expect((await get(s, `/api/docs/${encodeURIComponent(ids[0]!)}`)).status).toBe(404), { timeout: 60_000, interval: 100 });
      expect(await total(s, probe)).toBe(0);
    }
    expect((await get(b, `/api/docs/${encodeURIComponent(ids[0]!)}`)).status).toBe(404);
    const missing = await fetch(`http://127.0.0.1:${a.port}/api/docs/${encodeURIComponent(ids[0]!)}`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(missing.status).toBe(404);
  }, 240_000);
});
