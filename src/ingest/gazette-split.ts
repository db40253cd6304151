/**
 * Split a source into documents. A gazette issue holds several 通知/意见 after its cover and
 * table of contents; each starts with an official title (……关于……的通知) followed by its
 * 文号, and ends where the next starts or, when it closes with its signature (issuer + date),
 * right after the signature. Cover, contents and periodical notices (《……公报》简介) are
 * front/back matter of the gazette and are dropped (and reported).
 *
 * A notice that transmits (印发) a plan is the plan: the document takes the plan's title, and
 * the notice's own text becomes its first passages, under a "印发通知" heading.
 * A source without any official title is one document titled by its first line.
 */
import { foldForIds } from "../analysis/fold.ts";
import { endsSentence } from "./chars.ts";
import type { Block } from "./blocks.ts";
import { parseHeading } from "./headings.ts";
import { DATE_LINE, DOC_NUMBER, DOC_TITLE, isIssuerLine, issuerFromTitle, parseChineseDate, transmittedTitle } from "./metadata.ts";

export type BlockRole =
  /** The notice's title, first block of a transmitted document. */
  | "notice-title"
  /** The notice's text: 文号, addressees, body, signature. */
  | "notice"
  /** The document's own title. */
  | "title"
  /** 文号, signature lines of the document itself: outside the section tree. */
  | "meta"
  /** The addressee line (各省、自治区、直辖市人民政府…：). */
  | "addressee"
  /** Text before the first numbered unit (为了……，制定本规定。). */
  | "preamble"
  /** Promulgation lines at a regulation's head (…通过, …修正, 国务院令第706号公布, 自…起施行): metadata only. */
  | "promulgation"
  /** 印发 and 抄送 lines at the foot: metadata only. */
  | "colophon"
  | "body";

export interface RoleBlock extends Block {
  role: BlockRole;
  /** A context line (文号, addressee, signature) of a transmitting notice: a header passage. */
  header?: boolean;
  /** The addressee line of a transmitting notice. */
  addressee?: boolean;
}

export interface DocSegment {
  title: string;
  /** False when no title line was found and the title is the file's name. */
  titleFromText: boolean;
  /** Title of the transmitting notice, when there is one. */
  noticeTitle: string | null;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  blocks: RoleBlock[];
}

export interface SplitResult {
  docs: DocSegment[];
  warnings: string[];
}

/** Compare titles as printed in different places: no spaces, quotes, book-title marks; width-folded. */
export function titleKey(s: string): string {
  return foldForIds(s).replace(/[\s"'《》〈〉「」『』“”‘’]/g, "");
}

const BACK_MATTER = /^《[^》]{2,40}》(?:简介|征订|订阅|启事|稿约|编辑部)/;

function findDocNumber(blocks: Block[], from: number, within: number): number {
  for (let k = from; k < Math.min(blocks.length, from + within); k++) if (DOC_NUMBER.test(blocks[k]!.text)) return k;
  return -1;
}

/** Index of the date block of the last signature (issuer line + date line) in [from, to), or -1. */
function findSignature(blocks: Block[], from: number, to: number): number {
  for (let k = to - 1; k > from; k--) {
    if (DATE_LINE.test(blocks[k]!.text) && isIssuerLine(blocks[k - 1]!.text)) return k;
  }
  return -1;
}

function firstSignature(blocks: Block[], from: number, to: number): number {
  for (let k = from + 1; k < to; k++) if (DATE_LINE.test(blocks[k]!.text) && isIssuerLine(blocks[k - 1]!.text)) return k;
  return -1;
}

export function splitDocuments(blocks: Block[], fallbackTitle: string): SplitResult {
  const warnings: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === "text" && DOC_TITLE.test(b.text) && findDocNumber(blocks, i + 1, 3) >= 0) starts.push(i);
  }

  if (starts.length === 0) return { docs: [singleDocument(blocks, fallbackTitle, warnings)], warnings };

  if (starts[0]! > 0) warnings.push(`dropped ${starts[0]} blocks of front matter before the first document (cover, table of contents)`);
  const docs: DocSegment[] = [];
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    let to = s + 1 < starts.length ? starts[s + 1]! : blocks.length;
    const head = blocks[from]!.text;
    const numberIdx = findDocNumber(blocks, from + 1, 3);
    const docNumber = blocks[numberIdx]!.text;
    const transmitted = transmittedTitle(head);

    // Where the transmitted text starts: the first block after the 文号 that repeats its title.
    let bodyStart = -1;
    if (transmitted) {
      const key = titleKey(transmitted);
      for (let k = numberIdx + 1; k < to; k++) if (blocks[k]!.kind === "text" && titleKey(blocks[k]!.text) === key) { bodyStart = k; break; }
      if (bodyStart < 0) warnings.push(`"${head}": the transmitted text's title (${transmitted}) was not found; the notice and its text are kept together`);
    }

    // Periodical notices end the last document.
    for (let k = (bodyStart >= 0 ? bodyStart : numberIdx) + 1; k < to; k++) {
      if (BACK_MATTER.test(blocks[k]!.text)) { warnings.push(`dropped ${to - k} blocks of back matter from "${blocks[k]!.text}" on`); to = k; break; }
    }
    // A document that closes with its signature ends there.
    const sigFrom = bodyStart >= 0 ? bodyStart : numberIdx;
    const sig = findSignature(blocks, sigFrom, to);
    if (sig >= 0 && sig + 1 < to) {
      const trailing = blocks.slice(sig + 1, to);
      if (trailing.every((b) => !parseHeading(b.text) || b.headingHint)) {
        warnings.push(`dropped ${to - sig - 1} blocks after the signature of "${head}" (not part of any document)`);
        to = sig + 1;
      }
    }

    const out: RoleBlock[] = [];
    let date: string | null = null;
    let issuer = issuerFromTitle(head);
    if (bodyStart >= 0) {
      out.push({ ...blocks[from]!, role: "notice-title" });
      for (let k = from + 1; k < bodyStart; k++) out.push({ ...blocks[k]!, role: "notice" });
      const nsig = firstSignature(blocks, from, bodyStart);
      if (nsig >= 0) { date = parseChineseDate(blocks[nsig]!.text); issuer ??= blocks[nsig - 1]!.text; }
      out.push({ ...blocks[bodyStart]!, role: "title" });
      for (let k = bodyStart + 1; k < to; k++) out.push({ ...blocks[k]!, role: sig >= 0 && k >= sig - 1 ? "meta" : "body" });
      if (date === null && sig >= 0) date = parseChineseDate(blocks[sig]!.text);
    } else {
      out.push({ ...blocks[from]!, role: "title" });
      for (let k = from + 1; k < to; k++) {
        const isMeta = k === numberIdx || (sig >= 0 && k >= sig - 1) || (k === numberIdx + 1 && /[：:]$/.test(blocks[k]!.text) && !parseHeading(blocks[k]!.text));
        out.push({ ...blocks[k]!, role: isMeta ? "meta" : "body" });
      }
      if (sig >= 0) { date = parseChineseDate(blocks[sig]!.text); issuer ??= blocks[sig - 1]!.text; }
    }
    docs.push({ title: bodyStart >= 0 ? blocks[bodyStart]!.text : transmitted ?? head, titleFromText: true, noticeTitle: bodyStart >= 0 ? head : null, docNumber, issuer, date, blocks: out });
  }
  return { docs, warnings };
}

/** A file that is one document (a standalone plan): its title is its first line when that looks like a title. */
function singleDocument(blocks: Block[], fallbackTitle: string, warnings: string[]): DocSegment {
  const first = blocks[0];
  const looksLikeTitle = !!first && first.kind === "text" && first.text.length <= 80 && !endsSentence(first.text) && !parseHeading(first.text);
  const title = looksLikeTitle ? first!.text : fallbackTitle;
  if (!looksLikeTitle) warnings.push(`no title line found; the document is titled by its file name (${fallbackTitle})`);
  const numberIdx = findDocNumber(blocks, looksLikeTitle ? 1 : 0, 4);
  const sig = findSignature(blocks, 0, blocks.length);
  const out: RoleBlock[] = blocks.map((b, k) => ({
    ...b,
    role: looksLikeTitle && k === 0 ? "title" : k === numberIdx || (sig >= 0 && k >= sig - 1 && k <= sig) ? "meta" : "body",
  }));
  return {
    title,
    titleFromText: looksLikeTitle,
    noticeTitle: null,
    docNumber: numberIdx >= 0 ? blocks[numberIdx]!.text : null,
    issuer: issuerFromTitle(title) ?? (sig >= 0 ? blocks[sig - 1]!.text : null),
    date: sig >= 0 ? parseChineseDate(blocks[sig]!.text) : null,
    blocks: out,
  };
}
