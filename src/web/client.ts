/** Who a request comes from, for per-client limits: the peer address (a proxy in front sets `trust proxy`). */
import type { Request } from "express";

export function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "";
}
