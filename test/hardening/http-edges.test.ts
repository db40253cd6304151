/**
 * HTTP edge cases against the real app: HEAD, methods a resource does not support, long URLs,
 * broken percent-encoding, repeated and nested parameters, hostile ids and paths. Every answer is a
 * deliberate 2xx/4xx — JSON `{error, code}` under /api, an HTML page elsewhere — never a 500.
 */
import type { DocumentRecord } from "../../src/model.ts";
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { bilingual } from "./fuzz.ts";

let engine: Engine;
let docs: DocumentRecord[];
let cacheDir: string;
let app: Express;
let docId: string;
let otherDocId: string;
let passageId: string;
const serverLog: string[] = [];

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  docs = await fullDocuments(engine);
  app = createApp(engine, { log: (l) => serverLog.push(l) });
  docId = docs[0]!.id;
  otherDocId = docs[1]!.id;
  passageId = docs[0]!.editions[0]!.passages[2]!.id;
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

type Method = "get" | "head" | "post" | "put" | "patch" | "delete" | "options";

async function send(method: Method, url: string): Promise<request.Response> {
  return request(app)[method](url).ok(() => true);
}

function expectApiError(res: request.Response, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers["content-type"]).toMatch(/application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(["code", "en", "error", "zh"]);
  if (code) expect(res.body.code).toBe(code);
  expect(bilingual(res.body.error), res.body.error).toBe(true);
  // each language on its own: the Chinese message holds no English sentence, the English no Chinese one
  expect(res.body.zh).toMatch(/\p{Script=Han}/u);
  expect(res.body.zh).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,}/);
  expect(res.body.en).toMatch(/^[^\p{Script=Han}]*[A-Za-z]{3,}/u);
}

function expectPage(res: request.Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/text\/html/);
  expect(res.text).not.toMatch(/\bat [^\n]*\.(ts|js):\d+/);
}

const apiUrls = () => ["/api/docs", `/api/docs/${docId}`, "/api/search?q=%E6%A2%85%E8%8A%B1%E9%B9%BF", `/api/passages/${passageId}`, `/api/compare?a=${docId}&b=${otherDocId}`];
const pageUrls = () => ["/", "/search?q=%E6%A2%85%E8%8A%B1%E9%B9%BF", `/doc/${docId}`, `/passage/${passageId}`, `/compare?a=${docId}&b=${otherDocId}`];

describe("methods", () => {
  it("HEAD answers like GET without a body", async () => {
    for (const url of [...apiUrls(), ...pageUrls()]) {
      const get = await send("get", url);
      const head = await send("head", url);
      expect(head.status, url).toBe(200);
      expect(head.headers["content-type"], url).toBe(get.headers["content-type"]);
      expect(head.text ?? "", url).toBe("");
    }
    expect((await send("head", "/api/search")).status).toBe(400);
    expect((await send("head", "/api/nope")).status).toBe(404);
    expect((await send("head", "/nope")).status).toBe(404);
  });

  it("other methods on an existing resource get 405 with Allow: GET, HEAD (JSON under /api, a page elsewhere)", async () => {
    for (const method of ["post", "put", "patch", "delete"] as const) {
      for (const url of apiUrls()) {
        const res = await send(method, url);
        expectApiError(res, 405, "METHOD_NOT_ALLOWED");
        expect(res.headers.allow).toBe("GET, HEAD");
      }
      for (const url of pageUrls()) {
        const res = await send(method, url);
        expectPage(res, 405);
        expect(res.headers.allow).toBe("GET, HEAD");
      }
    }
    // on a path that does not exist, any method is a 404
    expectApiError(await send("post", "/api/nope"), 404, "NOT_FOUND");
  });

  it("OPTIONS lists the allowed methods", async () => {
    const res = await send("options", "/api/search");
    expect(res.status).toBe(200);
    expect(res.headers.allow).toMatch(/GET/);
  });
});

describe("malformed and hostile URLs", () => {
  it("broken percent-encoding in a path is a 400, not a 500", async () => {
    for (const bad of ["%E0%A4%A", "%", "%ZZ", "%E0%A4", "abc%", "%C0%AF", "%ED%A0%80"]) {
      const api = await send("get", `/api/docs/${bad}`);
      expect([400, 404], `/api/docs/${bad}`).toContain(api.status);
      expectApiError(api, api.status);
      const page = await send("get", `/doc/${bad}`);
      expect([400, 404], `/doc/${bad}`).toContain(page.status);
      expectPage(page, page.status);
      expectPage(await send("get", `/passage/${bad}`), (await send("get", `/passage/${bad}`)).status);
    }
    expectApiError(await send("get", "/api/docs/%E0%A4%A"), 400, "BAD_PARAMETER");
  });

  it("broken percent-encoding in a query string is decoded leniently, then judged like any query", async () => {
    for (const bad of ["%E0%A4%A", "%", "%ZZ", "%ED%A0%80", "%FF%FE", "%C0%AF", "%E6%A2%85%E8%8A%B1%E9%B9"]) {
      const res = await send("get", `/api/search?q=${bad}`);
      expect([200, 400], bad).toContain(res.status);
      if (res.status === 400) expectApiError(res, 400);
      expectPage(await send("get", `/search?q=${bad}`), res.status);
    }
  });

  it("hostile ids: traversal, NUL, over-long, odd characters", async () => {
    for (const id of ["..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "%00", "a%0Ab", "a%20b", "%3Cscript%3E", "x".repeat(201), "doc%2F1", "%F0%9F%98%80"]) {
      expectApiError(await send("get", `/api/docs/${id}`), 400, "BAD_PARAMETER");
      expectApiError(await send("get", `/api/passages/${id}`), 400, "BAD_PARAMETER");
      expectPage(await send("get", `/doc/${id}`), 400);
    }
    for (const url of ["/static/..%2F..%2Fpackage.json", "/static/%2e%2e/%2e%2e/package.json", "/static/../src/engine.ts", "/static/.env"]) {
      const res = await send("get", url);
      expect(res.status, url).toBe(404);
      expect(res.text).not.toMatch(/"name": "zhangjie"|openEngine/);
    }
  });

  it("very long URLs: a long query is refused with a reason, an over-size request line by the HTTP server (431)", async () => {
    const q = encodeURIComponent("梅".repeat(1001));
    expectApiError(await send("get", `/api/search?q=${q}`), 400, "QUERY_TOO_LONG");
    expectPage(await send("get", `/search?q=${q}`), 400);
    expectApiError(await send("get", `/api/docs/${"a".repeat(3000)}`), 400, "BAD_PARAMETER");
    expectPage(await send("get", `/${"a/".repeat(3000)}`), 404);
    // Past Node's header limit (16 KB) the HTTP parser answers before the app sees anything.
    const huge = await send("get", `/api/search?q=${"x".repeat(20_000)}`);
    expect(huge.status).toBe(431);
  });

  it("repeated or nested parameters are refused (or ignored when they name another key)", async () => {
    expectApiError(await send("get", "/api/search?q=a&q=b"), 400, "BAD_PARAMETER");
    expectPage(await send("get", "/search?q=a&q=b"), 400);
    expectPage(await send("get", "/search?q=%E5%88%9B%E6%96%B0&page=1&page=2"), 400);
    expectApiError(await send("get", `/api/docs/${docId}?edition=a&edition=b`), 400, "BAD_PARAMETER");
    expectApiError(await send("get", `/api/compare?a=${docId}&a=${otherDocId}&b=${otherDocId}`), 400, "BAD_PARAMETER");
    expectPage(await send("get", `/compare?a=${docId}&b=${otherDocId}&b=${docId}`), 400);
    // the simple query parser does not build arrays or objects from brackets: q[] is another key
    expectApiError(await send("get", "/api/search?q[]=a"), 400, "QUERY_EMPTY");
    expectApiError(await send("get", "/api/search?q[a]=b"), 400, "QUERY_EMPTY");
    expectPage(await send("get", "/search?q[a]=b"), 200);
    expect((await send("get", "/api/search?q=%E5%88%9B%E6%96%B0&__proto__=1&constructor=2")).status).toBe(200);
  });

  it("page numbers are validated like limit/offset", async () => {
    for (const p of ["0", "-1", "1.5", "NaN", "99999999", "1e3", "abc"]) expectPage(await send("get", `/search?q=%E5%88%9B%E6%96%B0&page=${p}`), 400);
    expectPage(await send("get", "/search?q=%E5%88%9B%E6%96%B0&page=2"), 200);
    // past the last page: sent to the last page there is, not an error and not an empty page
    const past = await send("get", "/search?q=%E5%88%9B%E6%96%B0&page=9999");
    expect(past.status).toBe(302);
    const last = new URL(past.headers.location!, "http://x").searchParams.get("page");
    expect(Number(last)).toBeGreaterThan(1);
    expectPage(await send("get", past.headers.location!), 200);
  });

  it("logged nothing unexpected", () => {
    expect(serverLog).toEqual([]);
  });
});
