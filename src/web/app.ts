/**
 * The web application: security headers, static assets, the JSON API under /api and the HTML pages.
 * `createApp` only builds the app; `src/cli/serve.ts` is the one place that listens.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import type { Engine } from "../engine.contract.ts";
import { apiRouter } from "./api.ts";
import { uploadApiRouter, uploadPageRouter, type LiveRoutes } from "./upload.ts";
import { pageRouter } from "./pages.ts";
import { errorHandler, notFound } from "./failures.ts";
import { printedLabel } from "./links.ts";
import { apiSecurityHeaders, exceptApi, pageSecurityHeaders } from "./security-headers.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const VIEWS_DIR = path.join(ROOT, "views");
export const PUBLIC_DIR = path.join(ROOT, "public");

/** Answers over this size are compressed (gzip/deflate/br as the client accepts). */
export const COMPRESS_OVER_BYTES = 16 * 1024;

export interface AppOptions {
  /** Where unexpected errors are logged (with their stack); default console.error. */
  log?: (line: string) => void;
  /** A live collection: the upload page, POST /api/docs and DELETE /api/docs/:id (src/live). */
  live?: LiveRoutes;
}

export function createApp(engine: Engine, opts: AppOptions = {}): express.Express {
  const log = opts.log ?? ((line: string) => console.error(line));
  const app = express();
  app.set("views", VIEWS_DIR);
  app.set("view engine", "ejs");
  app.set("query parser", "simple");
  // Compile each template once (Express only caches in production by default; the server never
  // reloads templates anyway).
  app.set("view cache", true);
  // Helpers every template may call (they return text; templates escape it).
  app.locals.printedLabel = printedLabel;

  // Large answers compressed: pages and a document's passages. The search API keeps its lean path
  // (json-response.ts: Node measures the body once; compression would send it in chunks).
  const compress = compression({ threshold: COMPRESS_OVER_BYTES });
  app.use(exceptApi(compress));
  app.use("/api/docs", compress);
  // No X-Powered-By anywhere (helmet removes it on pages; /api does not run helmet).
  app.disable("x-powered-by");
  // Two header sets (see security-headers.ts): a short fixed list for JSON, helmet for pages. The API
  // comes first so that its requests pass through as few middlewares as possible; an /api path it
  // does not know falls through to notFound, which answers JSON.
  if (opts.live) app.use("/api", apiSecurityHeaders, uploadApiRouter(opts.live));
  app.use("/api", apiSecurityHeaders, apiRouter(engine));
  app.use(exceptApi(pageSecurityHeaders()));
  app.use("/static", express.static(PUBLIC_DIR, { index: false, maxAge: "1h", dotfiles: "ignore" }));
  // Browsers ask for /favicon.ico whatever the pages link to.
  app.get("/favicon.ico", (_req, res) => res.sendFile(path.join(PUBLIC_DIR, "favicon.ico"), { maxAge: "1d" }));
  if (opts.live) app.use(uploadPageRouter(opts.live));
  app.use(pageRouter(engine));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
