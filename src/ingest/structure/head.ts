/**
 * The head and foot of a document: what stands between its title and its first numbered unit,
 * and the lines that carry only metadata.
 * - promulgation lines (…通过, …修正, 国务院令第706号公布, 自…起施行) are read into dated acts and
 *   become metadata, not passages;
 * - a repeat of the title, a 文号 line and the addressee line (各省、自治区、直辖市人民政府…：) are
 *   context (header passages), the addressee labelled as such;
 * - other text before the first numbered unit is the preamble (为了……，制定本规定。), a passage of
 *   its own — when a numbered unit follows at all (a text without any stays plain body);
 * - 印发 and 抄送 lines anywhere become metadata;
 * - inside a transmitting notice, its 文号, addressee and signature lines are header passages.
 */
import type { Block } from "../blocks.ts";
import type { DocSegment, RoleBlock } from "../gazette-split.ts";
import { titleKey } from "../gazette-split.ts";
import { parseHeading } from "../headings.ts";
import { DATE_LINE, DATE_SOURCE, isDocNumberLine, isoDate, isIssuerLine, parsePromulgation, readColophon, type Act } from "../metadata/index.ts";

export interface HeadFacts {
  acts: Act[];
  printed: { issuer: string; date: string } | null;
  /** A 文号 (or 令) line found in the head when the split found none. */
  docNumber: string | null;
}

const ADDRESSEE = /^(?:各|[\u4e00-\u9fff]{2,20}(?:人民政府|委员会|党委|厅|局|部|办公室|单位|机构))[^。！？!?]{0,400}[：:]$/;

export function isAddressee(text: string): boolean {
  const t = text.trim();
  return ADDRESSEE.test(t) && !parseHeading(t);
}

/** Is block k a numbered unit (anything but a dash item)? */
function isUnit(b: Block): boolean {
  if (b.kind !== "text") return false;
  const h = parseHeading(b.text);
  return !!h && h.kind !== "dash";
}

export function readHead(seg: DocSegment): { blocks: RoleBlock[]; facts: HeadFacts } {
  const blocks = seg.blocks.map((b) => ({ ...b }));
  const facts: HeadFacts = { acts: [], printed: null, docNumber: null };
  markNoticeContext(blocks);
  const titleAt = blocks.findIndex((b) => b.role === "title");
  const key = titleKey(seg.title);
  const preamble: number[] = [];
  let unitFound = false;
  for (let k = titleAt + 1; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (b.role !== "body" && b.role !== "meta") continue;
    if (isUnit(b)) { unitFound = true; break; }
    if (b.role === "meta") { if (isAddressee(b.text)) b.role = "addressee"; continue; }
    const acts = b.kind === "text" ? parsePromulgation(b.text) : null;
    if (acts) { b.role = "promulgation"; facts.acts.push(...acts); }
    else if (titleKey(b.text) === key) b.role = "title";
    else if (isDocNumberLine(b.text)) { b.role = "meta"; facts.docNumber ??= b.text.trim(); }
    else if (isAddressee(b.text)) b.role = "addressee";
    else preamble.push(k);
  }
  if (unitFound) for (const k of preamble) blocks[k]!.role = "preamble";
  if (!facts.acts.some((a) => a.kind === "effective")) {
    const effective = effectiveInText(blocks);
    if (effective) facts.acts.push({ kind: "effective", date: effective, verb: "施行", body: null, decree: null });
  }
  for (const b of blocks) {
    if (b.role !== "body" && b.role !== "meta") continue;
    const c = readColophon(b.text);
    if (!c) continue;
    b.role = "colophon";
    if (c.kind === "printed") facts.printed ??= { issuer: c.issuer, date: c.date };
  }
  return { blocks, facts };
}

/** 本办法自1996年4月1日起施行 (the final provisions): the effective date, when the head does not give one. */
const EFFECTIVE = new RegExp(`本[\\u4e00-\\u9fff]{1,8}自${DATE_SOURCE}起?施行`);

function effectiveInText(blocks: RoleBlock[]): string | null {
  let found: string | null = null;
  for (const b of blocks) {
    if (b.role !== "body" || b.kind !== "text") continue;
    const m = EFFECTIVE.exec(b.text);
    if (m) found = isoDate(m[1]!, m[2]!, m[3]!) ?? found;
  }
  return found;
}

/** A transmitting notice's 文号, addressee and signature lines are context, not clauses. */
function markNoticeContext(blocks: RoleBlock[]): void {
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (b.role !== "notice") continue;
    const t = b.text.trim();
    if (isDocNumberLine(t) || DATE_LINE.test(t) || (isIssuerLine(t) && DATE_LINE.test(blocks[k + 1]?.text.trim() ?? ""))) b.header = true;
    else if (isAddressee(t)) { b.header = true; b.addressee = true; }
  }
}
