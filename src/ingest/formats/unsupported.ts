/**
 * Files that are recognisably something zhangjie does not read — images, archives, other office
 * formats — are refused by name, so the report says what the file is instead of "binary".
 */
import { refuse, type FormatReader } from "./types.ts";

interface Magic {
  what: string;
  zh: string;
  test: (h: Uint8Array) => boolean;
}

const at = (h: Uint8Array, bytes: number[], offset = 0) => bytes.every((b, i) => h[offset + i] === b);
const ascii = (h: Uint8Array, s: string, offset = 0) => at(h, [...s].map((c) => c.charCodeAt(0)), offset);

const MAGICS: Magic[] = [
  { what: "a PNG image", zh: "PNG 图片", test: (h) => at(h, [0x89, 0x50, 0x4e, 0x47]) },
  { what: "a JPEG image", zh: "JPEG 图片", test: (h) => at(h, [0xff, 0xd8, 0xff]) },
  { what: "a GIF image", zh: "GIF 图片", test: (h) => ascii(h, "GIF8") },
  { what: "a TIFF image", zh: "TIFF 图片", test: (h) => ascii(h, "II*\0") || ascii(h, "MM\0*") },
  { what: "a BMP image", zh: "BMP 图片", test: (h) => ascii(h, "BM") && h.length > 14 && h[6] === 0 && h[7] === 0 },
  { what: "a WebP image", zh: "WebP 图片", test: (h) => ascii(h, "RIFF") && ascii(h, "WEBP", 8) },
  { what: "a RAR archive", zh: "RAR 压缩包", test: (h) => ascii(h, "Rar!") },
  { what: "a 7-Zip archive", zh: "7z 压缩包", test: (h) => at(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { what: "a gzip archive", zh: "gzip 压缩包", test: (h) => at(h, [0x1f, 0x8b]) },
];

export const unsupportedReader: FormatReader = {
  name: "unsupported",
  isolated: false,
  extensions: [],
  sniff: (head) => (MAGICS.some((m) => m.test(head)) ? 0.9 : 0),
  read: async (file) => {
    const m = MAGICS.find((x) => x.test(file.bytes.subarray(0, 64)));
    const what = m?.what ?? "a binary file";
    const zh = m?.zh ?? "二进制文件";
    const hint = m && /image/.test(what) ? "; scanned pages are read from PDF files (OCR)" : "";
    return refuse("unsupported", `${zh}，不是可读取的文档格式（支持文本、Markdown、PDF、DOCX、HTML），已跳过`, `${what}, not a document format zhangjie reads (text, Markdown, PDF, DOCX, HTML)${hint}; skipped`);
  },
};
