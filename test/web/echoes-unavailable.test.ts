/**
 * When computing echoes fails at build time the engine still serves search, and a comparison —
 * which needs the echo index — is a clear 503 with the reason, on the page and in the API.
 */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import { ZhangjieError } from "../../src/errors.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestEngine } from "../support/real-engine.ts";

vi.mock("../../src/echo/index.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/echo/index.ts")>()),
  computeEchoes: () => {
    throw new Error("simulated failure while computing echoes");
  },
}));

let engine: Engine;
let cacheDir: string;
let app: Express;
const logged: string[] = [];

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  app = createApp(engine, { log: (l) => logged.push(l) });
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

describe("echo computation failed at build time", () => {
  it("does not freeze the failure into the cache, so the next start tries again", () => {
    expect(engine.build.fromCache).toBe(false);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".zjc"))).toEqual([]);
  });

  it("still searches, with no echoes", async () => {
    const res = await engine.search("梅花鹿");
    expect(res.total).toBeGreaterThan(0);
    expect(res.hits.every((h) => h.echoes.length === 0)).toBe(true);
  });

  it("answers a comparison with 503 ECHOES_UNAVAILABLE, not a 500", async () => {
    const [a, b] = engine.documents;
    await expect(engine.compare(a!.id, b!.id)).rejects.toThrow(ZhangjieError);
    const api = await request(app).get(`/api/compare?a=${encodeURIComponent(a!.id)}&b=${encodeURIComponent(b!.id)}`);
    expect(api.status).toBe(503);
    expect(api.body).toEqual({ error: expect.stringContaining("echo index is unavailable"), code: "ECHOES_UNAVAILABLE", zh: expect.stringContaining("文本呼应索引不可用"), en: expect.stringContaining("echo index is unavailable") });
    const page = await request(app).get(`/compare?a=${encodeURIComponent(a!.id)}&b=${encodeURIComponent(b!.id)}`);
    expect(page.status).toBe(503);
    expect(page.text).toContain("文本呼应索引不可用");
    // An expected condition, not a crash: nothing is logged as an internal error.
    expect(logged.join("\n")).not.toContain("simulated failure");
  });

  it("still names bad ids before the missing index", async () => {
    const res = await request(app).get(`/api/compare?a=no-such-doc&b=${encodeURIComponent(engine.documents[0]!.id)}`);
    expect(res.status).toBe(404);
  });
});
