/**
 * The load generator's HTTP client reads whole answers of every shape the servers send: a
 * Content-Length body arriving in many packets, a chunked body, an answer that closes the
 * connection (the next request opens another), and one that never comes (a timeout).
 */
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawHttpConnection } from "../../src/bench/raw-http.ts";
import { refusedPort, startTestServer, type TestServer } from "../support/test-server.ts";

let test: TestServer;
let server: http.Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  test = await startTestServer((req, res, hold) => {
    seen.push(req.url ?? "");
    const u = new URL(req.url ?? "/", "http://x");
    const kind = u.pathname.slice(1);
    if (kind === "big") {
      const body = Buffer.from("段".repeat(200_000)); // 600 KB: many packets
      res.writeHead(200, { "content-length": body.length });
      res.end(body);
    } else if (kind === "chunked") {
      res.writeHead(201, { "content-type": "text/plain" });
      res.write("first,");
      setTimeout(() => {
        res.write("0\r\n\r\n looks like an end but is data");
        res.end("last");
      }, 20);
    } else if (kind === "close") {
      res.writeHead(503, { connection: "close", "content-length": 2 });
      res.end("no");
    } else if (kind === "never") {
      hold(res);
    } else {
      res.writeHead(Number(u.searchParams.get("status") ?? 200), { "content-length": 1 });
      res.end("x");
    }
  });
  ({ server, port } = test);
});

afterAll(() => test.close());

describe("the load generator's HTTP client", () => {
  it("reads each answer whole, over one kept-alive connection, whatever its framing", async () => {
    const c = new RawHttpConnection(port);
    let sockets = 0;
    server.on("connection", () => sockets++);
    expect(await c.get("/big", 5000)).toBe(200);
    expect(await c.get("/chunked", 5000)).toBe(201);
    expect(await c.get("/small?status=429", 5000)).toBe(429);
    expect(sockets).toBe(1);
    // A server that closes after its answer: the next request opens a new connection.
    expect(await c.get("/close", 5000)).toBe(503);
    expect(await c.get("/small?status=400", 5000)).toBe(400);
    expect(sockets).toBe(2);
    c.close();
  });

  it("times a request out, and the next one on the same client still answers", async () => {
    const c = new RawHttpConnection(port);
    expect(await c.get("/never", 100)).toBe("timeout");
    expect(await c.get("/small", 5000)).toBe(200);
    c.close();
  });

  it("reports a refused connection as an error", async () => {
    const dead = await refusedPort();
    expect(await new RawHttpConnection(dead).get("/", 2000)).toBe("error");
  });
});
