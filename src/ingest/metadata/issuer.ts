/**
 * Who issued a document: the signature above its date, the head of its official title
 * (吉林省人民政府办公厅关于……的意见), the body named in its promulgation lines, or its 文号
 * (吉政办发〔2022〕14号 → 吉林省人民政府办公厅, 国务院令第706号 → 国务院).
 */
import { provinceByAbbreviation } from "./region.ts";

/** An issuing body on its own line (the signature above the date). */
const ISSUER_LINE = /^[\u4e00-\u9fff（）()\s]{2,40}(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|院|署|会|中心|小组|党委|法院|检察院)$/;
export function isIssuerLine(s: string): boolean {
  return ISSUER_LINE.test(s.trim());
}

/**
 * Titles of official documents: <issuer>关于<subject>的<type>. The type list covers the
 * 公文 kinds a policy corpus holds.
 */
export const DOC_TITLE = /^(.{2,60}?)关于(.{2,150})的(通知|意见|实施意见|指导意见|决定|批复|通报|公告|通告|办法|规定|函|报告|命令|决议|规划|方案)$/;

/** A notice that transmits another text: the document is the transmitted text. */
const TRANSMIT = /关于(?:印发|转发|发布|颁布|印送)(.+)的通知$/;
export function transmittedTitle(noticeTitle: string): string | null {
  const m = TRANSMIT.exec(noticeTitle);
  if (!m) return null;
  return m[1]!.replace(/^《(.*)》$/, "$1").replace(/[《》]/g, "").trim() || null;
}

/** The issuer named at the head of an official title: 吉林省人民政府办公厅关于…… → 吉林省人民政府办公厅. */
export function issuerFromTitle(title: string): string | null {
  const m = DOC_TITLE.exec(title);
  return m ? m[1]!.replace(/[\s\u3000]/g, "").trim() || null : null;
}

/** Issuer codes of 文号 that name the body whatever the province: 政发 → 人民政府, 政办发 → 人民政府办公厅. */
const CODES: [RegExp, string][] = [
  [/^政办[发函字]/, "人民政府办公厅"],
  [/^政[发函字令]/, "人民政府"],
];

/** National codes: 国发 → 国务院, 国办发 → 国务院办公厅. */
const NATIONAL: [RegExp, string][] = [
  [/^国办[发函]/, "国务院办公厅"],
  [/^国[发函]/, "国务院"],
];

/** The issuer a 文号 names, when its code is one every reader knows. */
export function issuerFromDocNumber(docNumber: string): string | null {
  const decree = /^([\u4e00-\u9fff]{1,20}?)令第/.exec(docNumber);
  if (decree) return decree[1] === "主席" ? null : decree[1]!;
  for (const [re, body] of NATIONAL) if (re.test(docNumber)) return body;
  const province = provinceByAbbreviation(docNumber[0] ?? "");
  if (!province) return null;
  for (const [re, body] of CODES) if (re.test(docNumber.slice(1))) return province + body;
  return null;
}
