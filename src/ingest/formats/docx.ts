/**
 * Word .docx, read with mammoth into HTML and then by the same block rules as a web page
 * (html-blocks): paragraphs, headings (h1–h6 from Word's heading styles, as hints), tables.
 *
 * Before mammoth sees anything, the zip is checked (zip-guard: a zip bomb is refused from its
 * central directory, before expanding) and only its XML parts are expanded, with size checks;
 * mammoth reads those parts from memory and never touches images or linked files.
 *
 * Automatic numbering — headings whose 第一章 comes from numbering.xml, not from the text — is
 * printed back into the text (docx-numbering), so the outline matches the printed document.
 */
import * as cheerio from "cheerio";
import mammoth from "mammoth";
import { numberParagraphs, type NumberedParagraph } from "./docx-numbering.ts";
import { htmlToBlocks } from "./html-blocks.ts";
import { MAX_NESTING, nestingDepth, tooDeep } from "./markup-depth.ts";
import { checkZip, readEntries, type ZipEntryInfo } from "./zip-guard.ts";
import { refuse, type FormatReader, type MetaHints, type ReaderLimits, type ReadResult, type SourceFile } from "./types.ts";

/** Heading and title styles by the names Word and WPS store (English built-ins, WPS's Chinese names). */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='标题'] => h1:fresh",
];

/** A zip that is not a Word document: say what it is. */
function otherContainer(entries: readonly ZipEntryInfo[]): ReadResult {
  const has = (re: RegExp) => entries.some((e) => re.test(e.name));
  if (has(/^OFD\.xml$/i)) return refuse("unsupported", "OFD 版式文件，暂不支持读取，请另存为 PDF", "an OFD document (China's fixed-layout format): not read; save it as PDF");
  if (has(/^xl\/workbook\.xml$/)) return refuse("unsupported", "Excel 表格（.xlsx），不是文档，已跳过", "an Excel workbook (.xlsx), not a document; skipped");
  if (has(/^ppt\/presentation\.xml$/)) return refuse("unsupported", "PowerPoint 演示文稿（.pptx），不支持读取", "a PowerPoint presentation (.pptx): not read");
  if (has(/^content\.xml$/) && has(/^mimetype$/)) return refuse("unsupported", "OpenDocument 文件（.odt），请另存为 .docx 或 PDF", "an OpenDocument file (.odt): save it as .docx or PDF");
  return refuse("unsupported", "ZIP 压缩包，不是 Word 文档，已跳过", "a zip archive, not a Word document; skipped");
}

/** mammoth's zip interface, over parts already expanded (mammoth never opens the zip itself). */
function zipFacade(parts: Map<string, Buffer>) {
  return {
    exists: (name: string) => parts.has(name),
    read: (name: string, encoding?: string) => {
      const b = parts.get(name);
      if (!b) return Promise.reject(new Error(`${name} is not in the document`));
      return Promise.resolve(encoding === "base64" ? b.toString("base64") : encoding ? new TextDecoder(encoding).decode(b) : new Uint8Array(b));
    },
  };
}

interface MammothNode {
  type: string;
  children?: MammothNode[];
  value?: string;
  numbering?: unknown;
  [k: string]: unknown;
}

function mammothText(n: MammothNode): string {
  if (n.type === "text") return n.value ?? "";
  if (n.type === "tab") return "\t";
  // A paragraph's own text: not that of a paragraph nested in it (a text box).
  if (n.type === "paragraph") return (n.children ?? []).filter((c) => c.type !== "paragraph").map(mammothText).join("");
  return (n.children ?? []).map(mammothText).join("");
}

const norm = (s: string) => s.replace(/\s+/g, "");

/**
 * Put each paragraph's printed number in front of its text. mammoth's paragraphs are matched to
 * document.xml's in order, by their text (mammoth leaves some paragraphs out, e.g. deleted ones).
 */
function injectLabels(numbered: NumberedParagraph[]): (doc: MammothNode) => MammothNode {
  return (doc) => {
    let at = 0;
    const visit = (n: MammothNode): void => {
      if (n.type === "paragraph") {
        const key = norm(mammothText(n));
        for (let j = at; j < Math.min(numbered.length, at + 200); j++) {
          if (norm(numbered[j]!.text) !== key) continue;
          const label = numbered[j]!.label;
          at = j + 1;
          if (label) {
            n.children = [{ type: "run", children: [{ type: "text", value: label }], isBold: false, isItalic: false, isUnderline: false, isStrikethrough: false, isAllCaps: false, isSmallCaps: false, verticalAlignment: "baseline", styleId: null, styleName: null, font: null, fontSize: null, highlight: null }, ...(n.children ?? [])];
            // The number is in the text now: not a list item any more.
            n.numbering = null;
          }
          break;
        }
      }
      for (const c of n.children ?? []) visit(c);
    };
    visit(doc);
    return doc;
  };
}

function coreHints(xml: string | undefined): MetaHints | undefined {
  if (!xml) return undefined;
  const $ = cheerio.load(xml, { xml: true });
  const title = $("dc\\:title").first().text().trim();
  const created = $("dcterms\\:created").first().text().trim().slice(0, 10);
  const hints: MetaHints = { source: "docx-meta" };
  if (title && /[\u4e00-\u9fff]/.test(title) && !/\.(docx?|wps)$/i.test(title)) hints.title = title;
  if (/^\d{4}-\d{2}-\d{2}$/.test(created)) hints.created = created;
  return hints.title || hints.created ? hints : undefined;
}

async function readDocx(file: SourceFile, limits: ReaderLimits): Promise<ReadResult> {
  const check = await checkZip(file.bytes, limits.maxExpandedBytes);
  if (!check.ok) {
    if (check.reason === "bomb") return refuse("hostile", `压缩炸弹（伪装成文档的 ZIP：${check.detail}），未解压，已跳过`, `a zip bomb disguised as a document (${check.detail}); refused before expanding`);
    if (check.reason === "encrypted") return refuse("encrypted", "文档已加密，无法读取", "encrypted zip entries: not read");
    return refuse("corrupt", `DOCX 文件已损坏（不是有效的 ZIP），无法读取`, `not a readable DOCX: the zip is damaged (${check.detail})`);
  }
  if (!check.entries.some((e) => e.name === "word/document.xml")) return otherContainer(check.entries);
  let parts: Map<string, Buffer>;
  try {
    parts = await readEntries(file.bytes, (name) => /\.(xml|rels)$/i.test(name), limits.maxExpandedBytes);
  } catch (e) {
    return refuse("corrupt", `DOCX 文件已损坏，无法解压（${(e as Error).message}）`, `not a readable DOCX: ${(e as Error).message}`);
  }
  const xml = (name: string) => parts.get(name)?.toString("utf8");
  for (const [name] of parts) {
    const depth = nestingDepth(xml(name)!);
    if (depth > MAX_NESTING) return tooDeep(depth);
  }
  const numbered = numberParagraphs(xml("word/document.xml") ?? "", xml("word/numbering.xml"), xml("word/styles.xml"));
  const result = await mammoth.convertToHtml({ file: zipFacade(parts) } as unknown as Parameters<typeof mammoth.convertToHtml>[0], {
    styleMap: STYLE_MAP,
    transformDocument: injectLabels(numbered),
    convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
    ignoreEmptyParagraphs: true,
  });
  const $ = cheerio.load(result.value);
  const blocks = htmlToBlocks($, $("body")[0] ?? $.root()[0]!);
  const errors = result.messages.filter((m) => m.type === "error");
  const warnings = errors.length ? [`${errors.length} part(s) of the document could not be read: ${errors[0]!.message} / 部分内容无法读取`] : [];
  const labelled = numbered.filter((p) => p.label).length;
  if (labelled) warnings.push(`${labelled} automatic numbers (Word numbering) printed into the text / 已还原 ${labelled} 处自动编号`);
  return { ok: true, blocks, format: "docx", warnings, meta: coreHints(xml("docProps/core.xml")) };
}

export const docxReader: FormatReader = {
  name: "docx",
  isolated: true,
  extensions: [".docx", ".docm", ".dotx"],
  // PK\x03\x04: a zip; whether it is a Word document is decided from its entries.
  sniff: (head) => (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? 0.8 : 0),
  read: readDocx,
};
