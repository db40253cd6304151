/**
 * The format registry: which reader reads a file, decided by its bytes (each reader sniffs the head
 * of the file; the extension only breaks ties), and the one entry point every path that brings
 * documents in uses: `readSource(file, limits)`.
 *
 * Adding a format = one module in this folder + one line in READERS.
 */
import { legacyOfficeReader } from "./legacy-office.ts";
import { docxReader } from "./docx.ts";
import { htmlReader } from "./html.ts";
import { markdownReader } from "./markdown.ts";
import { pdfReader } from "./pdf.ts";
import { ReaderSandbox } from "./sandbox.ts";
import { textReader } from "./text.ts";
import { unsupportedReader } from "./unsupported.ts";
import { DEFAULT_LIMITS, refuse, type FormatReader, type ReaderLimits, type ReadResult, type SourceFile } from "./types.ts";

export const READERS: readonly FormatReader[] = [
  pdfReader,
  docxReader,
  legacyOfficeReader,
  htmlReader,
  markdownReader,
  textReader,
  unsupportedReader,
];

/** Bytes each reader sees when sniffing. */
const HEAD_BYTES = 4096;

export function readerByName(name: string): FormatReader | undefined {
  return READERS.find((r) => r.name === name);
}

function extensionOf(path: string): string {
  const m = /\.[^./]+$/.exec(path.toLowerCase());
  return m ? m[0] : "";
}

/** The reader most sure these bytes are its format; on equal scores, the one that owns the extension. */
export function chooseReader(head: Uint8Array, path: string): FormatReader {
  const ext = extensionOf(path);
  let best = textReader;
  let bestScore = -1;
  for (const r of READERS) {
    const score = r.sniff(head, path) + (r.extensions.includes(ext) ? 0.001 : 0);
    if (score > bestScore) { best = r; bestScore = score; }
  }
  return best;
}

let sandbox: ReaderSandbox | null = null;

/** Read one file with the reader its bytes call for. Never throws. */
export async function readSource(file: SourceFile, limits: ReaderLimits = DEFAULT_LIMITS): Promise<ReadResult> {
  if (file.bytes.length > limits.maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    return refuse("too-large", `文件过大（${mb(file.bytes.length)} MB，上限 ${mb(limits.maxBytes)} MB），已跳过`, `file too large (${mb(file.bytes.length)} MB, the maximum is ${mb(limits.maxBytes)} MB); skipped`);
  }
  const reader = chooseReader(file.bytes.subarray(0, HEAD_BYTES), file.path);
  try {
    if (!reader.isolated) return await reader.read(file, limits);
    sandbox ??= new ReaderSandbox((job, hooks) => readerByName(job.reader)!.read(job.file, job.limits, hooks));
    return await sandbox.run({ reader: reader.name, file, limits });
  } catch (e) {
    // A reader bug must not take the corpus down with it.
    return refuse("failed", `读取失败：${(e as Error).message}`, `the ${reader.name} reader failed: ${(e as Error).message}`);
  }
}

/** Stop the reader worker (ingest calls it when the corpus is read; the next read starts a new one). */
export async function closeReaders(): Promise<void> {
  const s = sandbox;
  sandbox = null;
  await s?.close();
}
