/**
 * A web page's bytes → text, by its declared character set: a byte-order mark, else
 * `<meta charset>`, `<meta http-equiv="Content-Type" content="…; charset=…">` or an XML
 * declaration's encoding (GBK, GB2312 and GB18030 are all read as GB18030, their superset).
 * A page that declares nothing is UTF-8 when it decodes as UTF-8; otherwise, when it decodes as
 * GB18030 into text that reads as Chinese, it is decoded so, with a warning (older government sites
 * serve GBK pages without saying so). A declaration the bytes contradict is treated as absent.
 */
import { decodeChineseGb18030 } from "./decode-text.ts";

export type HtmlDecode =
  | { ok: true; text: string; encoding: string; warnings: string[] }
  | { ok: false; error: string };

const GB_LABELS = new Set(["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312", "chinese", "iso-ir-58", "gb_2312-80"]);

/** The charset a page declares in its first bytes, lower case, or null. */
export function declaredCharset(head: Uint8Array): string | null {
  const s = Buffer.from(head.subarray(0, 4096)).toString("latin1");
  const m =
    /<meta\s[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(s) ??
    /<\?xml\s[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i.exec(s);
  return m ? m[1]!.toLowerCase() : null;
}

function decodeStrict(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(GB_LABELS.has(label) ? "gb18030" : label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeHtml(bytes: Uint8Array): HtmlDecode {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const t = decodeStrict(bytes.subarray(3), "utf-8");
    if (t !== null) return { ok: true, text: t, encoding: "utf-8", warnings: [] };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const enc = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    const t = decodeStrict(bytes.subarray(2), enc);
    if (t !== null) return { ok: true, text: t, encoding: enc, warnings: [] };
  }
  const warnings: string[] = [];
  const declared = declaredCharset(bytes);
  if (declared) {
    let supported = true;
    try {
      new TextDecoder(GB_LABELS.has(declared) ? "gb18030" : declared);
    } catch {
      supported = false;
    }
    const t = supported ? decodeStrict(bytes, declared) : null;
    if (t !== null) return { ok: true, text: t, encoding: GB_LABELS.has(declared) ? "gb18030" : declared, warnings };
    warnings.push(
      supported
        ? `the page declares charset ${declared} but its bytes are not ${declared}: the charset was guessed / 网页声明的字符集 ${declared} 与内容不符，已自动识别`
        : `the page declares an unknown charset (${declared}): the charset was guessed / 网页声明了未知字符集 ${declared}，已自动识别`,
    );
  }
  const utf8 = decodeStrict(bytes, "utf-8");
  if (utf8 !== null) return { ok: true, text: utf8, encoding: "utf-8", warnings };
  const gb = decodeChineseGb18030(bytes);
  if (typeof gb === "string") {
    warnings.push("no charset declared and not UTF-8: decoded as GBK/GB18030, which reads as Chinese / 网页未声明字符集，已按 GBK/GB18030 解码");
    return { ok: true, text: gb, encoding: "gb18030", warnings };
  }
  return { ok: false, error: "the page's character set cannot be told (not UTF-8, not Chinese GBK/GB18030, nothing declared) / 无法识别网页的字符编码" };
}
