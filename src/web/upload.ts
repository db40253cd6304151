/**
 * Changing the collection over HTTP (src/live does the work): the upload page (GET /upload, and the
 * form's POST /upload, which answers with the page again), POST /api/docs (multipart: files and
 * optional catalog fields; `Authorization: Bearer <ZHANGJIE_ADMIN_TOKEN>`) and DELETE /api/docs/:id.
 * Uploads run a few at a time (429 beyond that). Search routes are untouched: they stay open.
 */
import { Router, type Request, type Response } from "express";
import { ZhangjieError } from "../errors.ts";
import type { LiveCollection } from "../live/collection.ts";
import { adminToken, CSRF_FIELD, csrfCookie, newCsrfToken, TOKEN_FIELD } from "../live/auth.ts";
import { uploadMaxBytes } from "../live/intake.ts";
import { handleDelete, handleUpload, uploadConcurrency, type UploadAnswer } from "../live/uploads.ts";
import type { UploadHandlers } from "../index/stores/postgres/uploads.ts";
import { validId } from "./params.ts";

/** The embedded live collection's routes, or other handlers (uploads over PostgreSQL). */
export type LiveRoutes = { corpusDir: string; collection: LiveCollection; env?: NodeJS.ProcessEnv } | { handlers: UploadHandlers; env?: NodeJS.ProcessEnv };

function handlersOf(live: LiveRoutes): UploadHandlers {
  if ("handlers" in live) return live.handlers;
  return {
    upload: (req, env) => handleUpload(req, { ...live, env }),
    remove: (headers, id, env) => handleDelete(headers, id, { ...live, env }),
  };
}

/** Runs uploads at most `limit` at a time; the next one is refused with 429. */
function gate(limit: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  return async (run) => {
    if (running >= limit) throw new ZhangjieError("UPLOAD_BUSY");
    running++;
    try {
      return await run();
    } finally {
      running--;
    }
  };
}

/** /api/docs (POST) and /api/docs/:id (DELETE): mount under /api before the read-only API. */
export function uploadApiRouter(live: LiveRoutes): Router {
  const api = Router();
  const env = live.env ?? process.env;
  const limited = gate(uploadConcurrency(env));
  const handlers = handlersOf(live);
  api.post("/docs", async (req, res) => {
    const answer = await limited(() => handlers.upload(req, env));
    res.status(answer.files.some((f) => f.status === "added") ? 201 : 200).json(answer);
  });
  api.delete("/docs/:id", async (req, res) => {
    res.json(await handlers.remove(req.headers, validId(req.params.id, "id"), env));
  });
  return api;
}

/** The upload page and its form. */
export function uploadPageRouter(live: LiveRoutes): Router {
  const pages = Router();
  const env = live.env ?? process.env;
  const limited = gate(uploadConcurrency(env));
  const handlers = handlersOf(live);
  pages.get("/upload", (_req, res) => renderUpload(res, env, {}));
  pages.post("/upload", async (req, res) => {
    try {
      const answer = await limited(() => handlers.upload(req, env));
      renderUpload(res.status(answer.files.some((f) => f.status === "added") ? 201 : 200), env, { answer });
    } catch (err) {
      if (!(err instanceof ZhangjieError)) throw err;
      renderUpload(res.status(err.status), env, { error: err.zh });
    }
  });
  return pages;
}

function renderUpload(res: Response, env: NodeJS.ProcessEnv, model: { answer?: UploadAnswer; error?: string }): void {
  const csrf = newCsrfToken();
  res.set("Set-Cookie", csrfCookie(csrf));
  res.set("Cache-Control", "no-store");
  res.render("upload", {
    title: "上传文件",
    enabled: adminToken(env) !== null,
    maxMb: Math.round(uploadMaxBytes(env) / 1024 / 1024),
    csrf,
    csrfField: CSRF_FIELD,
    tokenField: TOKEN_FIELD,
    answer: model.answer ?? null,
    error: model.error ?? null,
  });
}

export type { Request };
