/**
 * An upload from start to answer: the token, the multipart body (size cap while streaming), every
 * file vetted through the readers (nothing is written unless all are accepted), duplicates found by
 * content, the files written into corpus/uploads/ atomically, the catalog entry written when the
 * request gives metadata, then one incremental change — acknowledged once it is journaled.
 * Deleting a document removes its files and hides its passages the same way.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ZhangjieError } from "../errors.ts";
import type { CatalogEntry, ParsedFile } from "../ingest/index.ts";
import { CATALOG_FILE, loadCatalog, lookupCatalog, parseCatalog } from "../ingest/catalog.ts";
import { maxFileBytes } from "../ingest/corpus-walk.ts";
import { DEFAULT_LIMITS } from "../ingest/formats/types.ts";
import type { LiveCollection } from "./collection.ts";
import { requireAdmin, requireBearer } from "./auth.ts";
import { receiveUpload, uploadMaxBytes } from "./intake.ts";
import { sanitizeName } from "./names.ts";
import { placeUpload, removeCorpusFile, UPLOAD_DIR } from "./place.ts";
import { vetFile } from "./vet.ts";

/** Catalog fields an upload may give (what the catalog would hold for the file). */
const META_FIELDS = ["title", "docNumber", "issuer", "region", "level", "type", "status"] as const;

export interface UploadedFile {
  /** The name the client gave. */
  name: string;
  /** Where it is in the corpus. */
  file: string;
  /** added: indexed now; unchanged: the same content was already in the collection. */
  status: "added" | "unchanged";
  documents: { id: string; title: string; passages: number }[];
  passages: number;
  warnings: string[];
}

export interface UploadAnswer {
  files: UploadedFile[];
  documents: number;
  passages: number;
  /** Seconds per step of the incremental change (read, segment, echo, journal, swap); empty when nothing was indexed. */
  timings: Record<string, number>;
}

export interface UploadContext {
  corpusDir: string;
  collection: LiveCollection;
  env?: NodeJS.ProcessEnv;
}

/** How many uploads may run at once (ZHANGJIE_UPLOAD_CONCURRENCY, default 2); more get 429. */
export function uploadConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ZHANGJIE_UPLOAD_CONCURRENCY);
  return Number.isInteger(n) && n > 0 ? n : 2;
}

export async function handleUpload(req: IncomingMessage, ctx: UploadContext): Promise<UploadAnswer> {
  const env = ctx.env ?? process.env;
  const received = await receiveUpload(req, { maxFileBytes: uploadMaxBytes(env), beforeFiles: (fields) => requireAdmin(req.headers, fields, env) });
  requireAdmin(req.headers, received.fields, env); // a body without files still needs the token
  if (!received.files.length) throw new ZhangjieError("UPLOAD_MALFORMED", { zh: "没有上传文件", en: "no file in the upload" });
  const meta = metaOf(received.fields);
  const limits = { ...DEFAULT_LIMITS, maxBytes: Math.min(maxFileBytes(env), uploadMaxBytes(env)) };
  const manifest = ctx.collection.snapshot.state.manifest;
  const known = new Map(manifest.files.map((f) => [f.sha256, f.path]));

  // Vet every file first: one refusal refuses the request, and nothing has been written.
  const vetted: { name: string; safe: string; bytes: Buffer; sha256: string; parsed: ParsedFile | null; duplicateOf?: string }[] = [];
  for (const f of received.files) {
    const safe = sanitizeName(f.clientName);
    const duplicateOf = known.get(f.sha256);
    const parsed = duplicateOf ? null : await vetFile(`${UPLOAD_DIR}/${safe}`, f.bytes, meta ?? lookupCatalog(loadCatalog(ctx.corpusDir), `${UPLOAD_DIR}/${safe}`), limits);
    vetted.push({ name: f.clientName, safe, bytes: f.bytes, sha256: f.sha256, parsed, duplicateOf });
  }

  const given: { rel: string; parsed: ParsedFile; sha256: string }[] = [];
  const answers: UploadedFile[] = [];
  for (const v of vetted) {
    if (v.duplicateOf) {
      answers.push({ name: v.name, file: v.duplicateOf, status: "unchanged", documents: [], passages: 0, warnings: [] });
      continue;
    }
    const placed = placeUpload(ctx.corpusDir, v.safe, v.bytes, v.sha256);
    if (placed.existed) {
      answers.push({ name: v.name, file: placed.rel, status: "unchanged", documents: [], passages: 0, warnings: [] });
      continue;
    }
    if (meta) writeCatalogEntry(ctx.corpusDir, placed.rel, meta);
    // Read under the name it was given (ids and the edition's source follow the path).
    const parsed = placed.rel === `${UPLOAD_DIR}/${v.safe}` ? v.parsed! : await vetFile(placed.rel, v.bytes, meta, limits);
    given.push({ rel: placed.rel, parsed, sha256: v.sha256 });
    answers.push({ name: v.name, file: placed.rel, status: "added", documents: [], passages: 0, warnings: parsed.report.warnings });
  }
  let timings: Record<string, number> = {};
  if (given.length) {
    const result = await ctx.collection.change([], given);
    timings = result.timings;
    for (const a of answers) {
      if (a.status !== "added") continue;
      const docs = result.documents.filter((d) => d.editions.some((e) => e.source === a.file));
      a.documents = docs.map((d) => ({ id: d.id, title: d.title, passages: d.editions.reduce((n, e) => n + (e.source === a.file ? e.passages.length : 0), 0) }));
      a.passages = a.documents.reduce((n, d) => n + d.passages, 0);
    }
  }
  return { files: answers, documents: answers.reduce((n, a) => n + a.documents.length, 0), passages: answers.reduce((n, a) => n + a.passages, 0), timings };
}

export interface DeleteAnswer {
  removed: string[];
  files: string[];
}

/** Remove a document: its files leave corpus/, its passages leave search at once. */
export async function handleDelete(headers: IncomingMessage["headers"], id: string, ctx: UploadContext): Promise<DeleteAnswer> {
  requireBearer(headers, ctx.env ?? process.env);
  const doc = ctx.collection.snapshot.store.documents().find((d) => d.id === id);
  if (!doc) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
  const files = [...new Set(doc.editions.map((e) => e.source))];
  for (const f of files) removeCorpusFile(ctx.corpusDir, f);
  const result = await ctx.collection.change(files);
  return { removed: result.removed, files };
}

/** The catalog entry the request's fields give, or undefined when it gives none. */
export function metaOf(fields: Record<string, string>): CatalogEntry | undefined {
  const raw: Record<string, unknown> = {};
  for (const k of META_FIELDS) if (fields[k]?.trim()) raw[k] = fields[k]!.trim();
  if (fields.date?.trim()) raw.dates = { issued: fields.date.trim() };
  if (!Object.keys(raw).length) return undefined;
  const parsed = parseCatalog({ upload: raw });
  if (parsed.warnings.length) throw new ZhangjieError("UPLOAD_MALFORMED", { zh: parsed.warnings.join("；"), en: parsed.warnings.join("; ") });
  return parsed.entries.upload;
}

/** Add the file's entry to corpus/catalog.json, atomically (temp file, fsync, rename). */
function writeCatalogEntry(corpusDir: string, rel: string, entry: CatalogEntry): void {
  const file = path.join(corpusDir, CATALOG_FILE);
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    // missing or unreadable: a new catalog (an unreadable one was ignored by ingest anyway)
  }
  raw[rel] = entry;
  const tmp = path.join(corpusDir, `.${crypto.randomBytes(6).toString("hex")}.catalog.tmp`);
  const fd = fs.openSync(tmp, "wx", 0o644);
  try {
    fs.writeSync(fd, `${JSON.stringify(raw, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
