/**
 * What the user sees when something goes wrong: JSON `{error, code}` under /api, a Chinese page
 * elsewhere. Expected errors keep their status and message; anything unexpected becomes a plain
 * 500 whose details go to the server log only — never a stack trace in a response.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { ERRORS, ZhangjieError } from "../errors.ts";
import { isApiPath } from "./security-headers.ts";

function isApi(req: Request): boolean {
  return isApiPath(req.path);
}

/** Map anything thrown to a ZhangjieError (Express's own 4xx errors, e.g. a malformed %-escape, stay 4xx). */
function asZhangjieError(err: unknown): ZhangjieError {
  if (err instanceof ZhangjieError) return err;
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status === 404) return new ZhangjieError("NOT_FOUND");
  if (typeof status === "number" && status >= 400 && status < 500) return new ZhangjieError("BAD_PARAMETER", { zh: "请求格式不正确", en: "malformed request" });
  return new ZhangjieError("INTERNAL");
}

export interface ErrorPage {
  status: number;
  heading: string;
  message: string;
  detail?: string;
}

function errorPage(e: ZhangjieError): ErrorPage {
  const heading =
    e.status === 404 ? "页面或资料不存在" : e.status === 429 ? "请求过于频繁" : e.code === "SERVER_BUSY" || e.code === "QUERY_TIMEOUT" ? "服务器繁忙" : e.status === 503 ? "此功能暂不可用" : e.status >= 500 ? "服务器出错了" : "请求有误";
  return { status: e.status, heading, message: ERRORS[e.code].zh, detail: e.detail };
}

function renderFailure(req: Request, res: Response, e: ZhangjieError, log: (line: string) => void = console.error): void {
  res.status(e.status);
  if (e.retryAfter !== undefined) res.set("Retry-After", String(Math.max(1, Math.ceil(e.retryAfter))));
  if (isApi(req)) {
    res.json(e.toJSON());
    return;
  }
  const page = errorPage(e);
  res.render("error", { title: `${e.status} ${page.heading}`, error: page }, (renderErr: Error | null, html: string) => {
    if (!renderErr) {
      res.send(html);
      return;
    }
    // The error page itself failed: answer in plain text rather than hand the error on (Express's
    // fallback handler would print a stack trace outside production).
    log(`[web] error page failed: ${String(renderErr)}`);
    res.type("text/plain; charset=utf-8").send(`${e.status} ${page.message}`);
  });
}

/**
 * Mounted after a router's GET handlers on the same paths: any other method on a resource that exists
 * gets a 405 naming the allowed methods (not a 404, which would say the resource is missing).
 * OPTIONS passes on to Express's automatic answer.
 */
export const getOnly: RequestHandler = (req, res, next) => {
  if (req.method === "OPTIONS") return next();
  res.set("Allow", "GET, HEAD");
  throw new ZhangjieError("METHOD_NOT_ALLOWED", `${req.method} ${req.baseUrl}${req.path}`);
};

export const notFound: RequestHandler = (req, res) => {
  renderFailure(req, res, new ZhangjieError("NOT_FOUND", isApi(req) ? `${req.method} ${req.path}` : undefined));
};

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = asZhangjieError(err);
    if (e.code === "INTERNAL") log(`[web] ${req.method} ${req.originalUrl}: ${(err as Error)?.stack ?? String(err)}`);
    renderFailure(req, res, e, log);
  };
}
