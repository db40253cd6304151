/**
 * Bytes → text, or a clear reason why not. Corpus files should be UTF-8; a GB18030 file
 * (common for Chinese government text) is decoded when the result is unmistakably Chinese,
 * with a warning; UTF-16 with a byte-order mark is decoded too. Binary and empty files are refused.
 */
import { isIdeograph } from "../chars.ts";

export type DecodeResult =
  | { ok: true; text: string; encoding: string; warnings: string[] }
  | { ok: false; error: string; code: "empty" | "binary" | "undecodable" };

const SAMPLE = 64 * 1024;

export function decodeBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, code: "empty", error: "empty file (0 bytes) / 空文件" };

  // UTF-16 with a BOM: decode before the NUL check (UTF-16 text is full of NUL bytes).
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const enc = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    try {
      const text = new TextDecoder(enc, { fatal: true }).decode(bytes);
      return finish(text, enc, [`decoded as ${enc.toUpperCase()} (byte-order mark); UTF-8 is expected`]);
    } catch {
      return { ok: false, code: "undecodable", error: `invalid ${enc.toUpperCase()} despite its byte-order mark; skipped / 字节顺序标记与内容不符，无法解码` };
    }
  }

  const sample = bytes.subarray(0, SAMPLE);
  let nul = 0;
  let control = 0;
  for (const b of sample) {
    if (b === 0) nul++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (nul > 0) return { ok: false, code: "binary", error: `binary file (${nul} NUL bytes in the first ${sample.length} bytes), not text; skipped / 二进制文件，已跳过` };
  if (control / sample.length > 0.05) return { ok: false, code: "binary", error: `binary file (${control} control bytes in the first ${sample.length}), not text; skipped / 二进制文件，已跳过` };

  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return finish(text, "utf-8", []);
  } catch {
    /* not UTF-8: try GB18030 below */
  }
  const gb = decodeChineseGb18030(bytes);
  if (gb === undefined) {
    return { ok: false, code: "undecodable", error: "not valid UTF-8 and not GB18030 either; re-save the file as UTF-8 / 编码无法识别（非 UTF-8 / GB18030），请另存为 UTF-8" };
  }
  if (gb === null) {
    return { ok: false, code: "undecodable", error: "not valid UTF-8, and decoding it as GB18030 does not give Chinese text; skipped / 编码无法识别，已跳过" };
  }
  return finish(gb, "gb18030", ["file is GB18030-encoded, not UTF-8: decoded as GB18030 (please re-save as UTF-8) / 文件为 GB18030 编码，已按 GB18030 解码"]);
}

/**
 * GB18030 (a superset of GBK and GB2312) text, when the bytes decode and the result reads as
 * Chinese; null when they decode to something else (any byte soup decodes as *something* in
 * GB18030); undefined when they are not GB18030 at all.
 */
export function decodeChineseGb18030(bytes: Uint8Array): string | null | undefined {
  let gb: string;
  try {
    gb = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  let nonAscii = 0;
  let ideographs = 0;
  for (const ch of gb) {
    if (ch.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (isIdeograph(ch) || /[\u3000-\u303f\uff00-\uffef“”‘’—…·]/.test(ch)) ideographs++;
  }
  return nonAscii > 0 && ideographs / nonAscii >= 0.9 ? gb : null;
}

function finish(text: string, encoding: string, warnings: string[]): DecodeResult {
  // Drop a BOM and normalise line ends; the rest of the pipeline sees "\n" only.
  const t = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (t.trim() === "") return { ok: false, code: "empty", error: "file holds only whitespace, no text / 文件没有内容" };
  return { ok: true, text: t, encoding, warnings };
}
