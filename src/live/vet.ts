/**
 * Judging an uploaded file before anything is written: its bytes go through the format registry
 * (the readers sniff the content; the name and the client's type are never trusted) and the whole
 * ingest of one file. A refusal says why, with the status the API answers:
 *   415 not a format zhangjie reads (an image, an archive, a binary, a legacy .doc);
 *   413 too large for the readers;
 *   422 empty, encrypted, corrupt, hostile (a zip bomb), undecodable, or no text left.
 */
import { ZhangjieError } from "../errors.ts";
import { parseFile, type CatalogEntry, type ParsedFile } from "../ingest/index.ts";
import { closeReaders } from "../ingest/formats/registry.ts";
import { DEFAULT_LIMITS, type ReadErrorCode, type ReaderLimits } from "../ingest/formats/types.ts";

const UNSUPPORTED: readonly ReadErrorCode[] = ["unsupported", "binary", "legacy-word"];

export async function vetFile(name: string, bytes: Uint8Array, meta: CatalogEntry | undefined, limits: ReaderLimits = DEFAULT_LIMITS): Promise<ParsedFile> {
  if (bytes.length === 0) throw new ZhangjieError("UPLOAD_UNREADABLE", { zh: `${name} 是空文件`, en: `${name} is empty` });
  let parsed: ParsedFile;
  try {
    parsed = await parseFile(name, bytes, meta, limits);
  } finally {
    await closeReaders();
  }
  const { report } = parsed;
  if (!report.ok) {
    const detail = { zh: `${name}：${report.error ?? ""}`, en: `${name}: ${report.error ?? ""}` };
    if (parsed.code && UNSUPPORTED.includes(parsed.code)) throw new ZhangjieError("UPLOAD_UNSUPPORTED", detail);
    if (parsed.code === "too-large") throw new ZhangjieError("UPLOAD_TOO_LARGE", detail);
    throw new ZhangjieError("UPLOAD_UNREADABLE", detail);
  }
  if (parsed.docs.length === 0) throw new ZhangjieError("UPLOAD_UNREADABLE", { zh: `${name} 中没有可收录的正文`, en: `${name} holds no text to index` });
  return parsed;
}
