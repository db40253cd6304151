/**
 * Receiving an upload: a multipart body streamed through busboy. Each file's bytes are counted as
 * they arrive and the request is refused (413) the moment one passes the size limit — nothing more
 * is read into memory. Fields (the catalog's metadata, the form's token and CSRF token) are kept as
 * strings. The caller decides what to do with the files (vet.ts, then store.ts).
 */
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import { ZhangjieError } from "../errors.ts";

export const DEFAULT_UPLOAD_MAX_MB = 50;
/** Files per request and fields per request: a form has a handful. */
const MAX_FILES = 20;
const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 4096;

export interface ReceivedFile {
  /** The name the client gave (not yet sanitised). */
  clientName: string;
  bytes: Buffer;
  sha256: string;
}

export interface Received {
  files: ReceivedFile[];
  fields: Record<string, string>;
}

/** ZHANGJIE_UPLOAD_MAX_MB (default 50) in bytes. */
export function uploadMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ZHANGJIE_UPLOAD_MAX_MB;
  const mb = raw && /^\d+(\.\d+)?$/.test(raw) && Number(raw) > 0 ? Number(raw) : DEFAULT_UPLOAD_MAX_MB;
  return Math.floor(mb * 1024 * 1024);
}

export interface ReceiveOptions {
  maxFileBytes: number;
  /**
   * Called when the first file starts, with the fields read so far (a form sends its token fields
   * before its files): throw an ZhangjieError to stop before any file byte is kept.
   */
  beforeFiles?: (fields: Record<string, string>) => void;
}

export function receiveUpload(req: IncomingMessage, opts: ReceiveOptions): Promise<Received> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { fileSize: opts.maxFileBytes, files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
    } catch (err) {
      reject(new ZhangjieError("UPLOAD_MALFORMED", { zh: "请求不是 multipart/form-data 表单", en: `not a multipart/form-data body (${(err as Error).message})` }));
      return;
    }
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const files: ReceivedFile[] = [];
    let failed: ZhangjieError | null = null;
    let pending = 0;
    let ended = false;
    let checked = false;
    const fail = (r: ZhangjieError) => {
      if (failed) return;
      failed = r;
      // Stop reading: the rest of the body is discarded, nothing more is buffered.
      req.unpipe(bb);
      req.resume();
      reject(r);
    };
    const maybeDone = () => {
      if (!failed && ended && pending === 0) resolve({ files, fields });
    };
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) return fail(new ZhangjieError("UPLOAD_MALFORMED", { zh: `字段 ${name} 过长`, en: `field ${name} is too long` }));
      fields[name] = value;
    });
    bb.on("file", (_field, stream, info) => {
      if (failed) return stream.resume();
      if (!checked) {
        checked = true;
        try {
          opts.beforeFiles?.(fields);
        } catch (err) {
          stream.resume();
          return fail(err instanceof ZhangjieError ? err : new ZhangjieError("UPLOAD_MALFORMED", (err as Error).message));
        }
      }
      pending++;
      const chunks: Buffer[] = [];
      const hash = crypto.createHash("sha256");
      let size = 0;
      stream.on("data", (c: Buffer) => {
        if (failed) return;
        size += c.length;
        chunks.push(c);
        hash.update(c);
      });
      stream.on("limit", () => {
        const mb = (opts.maxFileBytes / 1024 / 1024).toFixed(0);
        fail(new ZhangjieError("UPLOAD_TOO_LARGE", { zh: `${info.filename ?? "文件"} 超过 ${mb} MB`, en: `${info.filename ?? "a file"} is over ${mb} MB` }));
      });
      stream.on("close", () => {
        pending--;
        if (!failed) files.push({ clientName: info.filename ?? "", bytes: Buffer.concat(chunks, size), sha256: hash.digest("hex") });
        maybeDone();
      });
    });
    bb.on("filesLimit", () => fail(new ZhangjieError("UPLOAD_MALFORMED", { zh: `一次最多上传 ${MAX_FILES} 个文件`, en: `at most ${MAX_FILES} files per upload` })));
    bb.on("fieldsLimit", () => fail(new ZhangjieError("UPLOAD_MALFORMED", { zh: "字段过多", en: "too many fields" })));
    bb.on("error", (err) => fail(new ZhangjieError("UPLOAD_MALFORMED", { zh: "表单格式不正确", en: `malformed multipart body (${(err as Error).message})` })));
    bb.on("close", () => {
      ended = true;
      maybeDone();
    });
    req.on("aborted", () => fail(new ZhangjieError("UPLOAD_MALFORMED", { zh: "上传中断", en: "the upload was interrupted" })));
    req.pipe(bb);
  });
}
