/**
 * POST /api/docs and DELETE /api/docs/:id over PostgreSQL: the embedded live collection's request
 * handling (token, multipart body with its size cap, every file vetted through the readers before
 * anything is written, duplicates found by content, the same answers) with the database as the
 * place the documents go (intake.ts). The answer comes once this server searches the change; the
 * other servers follow on the NOTIFY.
 */
import type { IncomingMessage } from "node:http";
import type pg from "pg";
import { ZhangjieError } from "../../../errors.ts";
import { maxFileBytes } from "../../../ingest/corpus-walk.ts";
import { DEFAULT_LIMITS } from "../../../ingest/formats/types.ts";
import { requireAdmin, requireBearer } from "../../../live/auth.ts";
import { receiveUpload, uploadMaxBytes } from "../../../live/intake.ts";
import { sanitizeName } from "../../../live/names.ts";
import { UPLOAD_DIR } from "../../../live/place.ts";
import { metaOf, type DeleteAnswer, type UploadAnswer, type UploadedFile } from "../../../live/uploads.ts";
import { vetFile } from "../../../live/vet.ts";
import { addUploads, removeDocument, type IncomingFile } from "./intake.ts";
import type { IndexChange } from "./pool.ts";

/** What the upload routes call (src/web/upload.ts): the live collection's handlers or these. */
export interface UploadHandlers {
  upload(req: IncomingMessage, env: NodeJS.ProcessEnv): Promise<UploadAnswer>;
  remove(headers: IncomingMessage["headers"], id: string, env: NodeJS.ProcessEnv): Promise<DeleteAnswer>;
}

export interface PostgresUploadsOptions {
  /** The primary (writes go there). */
  pool: pg.Pool;
  /** Resolves once this server searches the change (PostgresCollection.caughtUp). */
  caughtUp: (change: IndexChange) => Promise<void>;
}

export function postgresUploads(opts: PostgresUploadsOptions): UploadHandlers {
  return {
    async upload(req, env) {
      const received = await receiveUpload(req, { maxFileBytes: uploadMaxBytes(env), beforeFiles: (fields) => requireAdmin(req.headers, fields, env) });
      requireAdmin(req.headers, received.fields, env); // a body without files still needs the token
      if (!received.files.length) throw new ZhangjieError("UPLOAD_MALFORMED", { zh: "没有上传文件", en: "no file in the upload" });
      const meta = metaOf(received.fields);
      const limits = { ...DEFAULT_LIMITS, maxBytes: Math.min(maxFileBytes(env), uploadMaxBytes(env)) };
      // Vet every file first (outside the writers' lock): one refusal refuses the request, nothing is written.
      const incoming: IncomingFile[] = [];
      for (const f of received.files) {
        const name = sanitizeName(f.clientName);
        const first = `${UPLOAD_DIR}/${name}`;
        const vetted = await vetFile(first, f.bytes, meta, limits);
        // Read again under another name only when the name is taken by another content.
        incoming.push({ name, bytes: f.bytes, sha256: f.sha256, meta: meta ?? null, parse: (rel) => (rel === first ? Promise.resolve(vetted) : vetFile(rel, f.bytes, meta, limits)) });
      }
      const result = await addUploads(opts.pool, incoming);
      if (result.change) await opts.caughtUp(result.change);
      const files: UploadedFile[] = result.files.map((f, i) => {
        const docs = result.documents.filter((d) => d.editions.some((e) => e.source === f.rel));
        const documents = docs.map((d) => ({ id: d.id, title: d.title, passages: d.editions.reduce((n, e) => n + (e.source === f.rel ? e.passages.length : 0), 0) }));
        return { name: received.files[i]!.clientName, file: f.rel, status: f.status, documents, passages: documents.reduce((n, d) => n + d.passages, 0), warnings: f.warnings };
      });
      return { files, documents: files.reduce((n, f) => n + f.documents.length, 0), passages: files.reduce((n, f) => n + f.passages, 0), timings: result.timings };
    },

    async remove(headers, id, env) {
      requireBearer(headers, env);
      const result = await removeDocument(opts.pool, id);
      if (!result) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
      if (result.change) await opts.caughtUp(result.change);
      return { removed: result.removed, files: result.files };
    },
  };
}
