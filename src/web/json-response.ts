/**
 * A lean `res.json` for the hot API route (/api/search). Express's res.json → res.send converts a
 * body of 1 KB or more to a Buffer (a UTF-8 encoding pass and a copy) and hashes it for an ETag.
 * Here the JSON string goes to `res.end` as is: Node prepends the header to it and encodes it once,
 * straight into the socket write.
 *
 * No ETag on purpose: a search response carries `tookMs`, so two answers are never byte-identical and
 * a conditional GET could never be answered 304 — the hash was pure cost.
 */
import type { Response } from "express";

export function sendJson(res: Response, body: unknown): void {
  const json = JSON.stringify(body);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  // For GET, Node measures the body passed to end() and writes Content-Length itself (measuring it
  // here too cost a second pass over ~10 KB of mostly Chinese text). A HEAD response has no body, so
  // Node would leave the length out: give it the length the GET would have.
  if (res.req.method === "HEAD") res.setHeader("Content-Length", Buffer.byteLength(json, "utf8"));
  res.end(json, "utf8");
}

/** An answer already serialised as UTF-8 JSON (a query worker's): written as is. */
export function sendJsonBytes(res: Response, body: Uint8Array): void {
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", body.byteLength);
  res.end(body);
}
