/**
 * Old binary Office files — Word 97–2003 `.doc`, WPS `.wps`, and their Excel/PowerPoint kin — are
 * OLE compound files (magic D0 CF 11 E0 A1 B1 1A E1). zhangjie does not read them: the file is
 * refused with the advice to save it as .docx or PDF. A password-protected .docx is an OLE file
 * too (its package encrypted inside a stream named EncryptedPackage): it is refused as encrypted.
 */
import { refuse, type FormatReader } from "./types.ts";

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The stream name, in UTF-16LE as OLE directories store names. */
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");

export function isOleFile(head: Uint8Array): boolean {
  return OLE_MAGIC.every((b, i) => head[i] === b);
}

export const legacyOfficeReader: FormatReader = {
  name: "legacy-office",
  isolated: false,
  extensions: [".doc", ".wps", ".xls", ".ppt", ".et", ".dps"],
  sniff: (head) => (isOleFile(head) ? 1 : 0),
  read: async (file) => {
    if (Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).includes(ENCRYPTED_PACKAGE)) {
      return refuse("encrypted", "加密（设有打开密码）的 Office 文档，无法读取；请提供未加密的文件", "a password-protected Office document: not read; provide an unencrypted copy");
    }
    const ext = /\.[^./]+$/.exec(file.path.toLowerCase())?.[0] ?? "";
    const what = ext === ".wps" ? "WPS (.wps)" : ext === ".doc" || ext === "" ? "Word 97–2003 (.doc)" : `Office 97–2003 (${ext})`;
    return refuse("legacy-word", `旧版二进制格式（${what}）无法读取，请另存为 .docx 或 PDF 后放入`, `old binary ${what} file: not read; save it as .docx or PDF`);
  },
};
