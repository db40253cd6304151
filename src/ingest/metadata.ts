/**
 * What a document says about itself: 文号 (吉政办发〔2022〕11号), the issuing body, the date
 * (2022年7月22日 → 2022-07-22). All read from the text by pattern, never from file names.
 */
import { ordinalValue, toAsciiDigits } from "./headings.ts";

/** 文号: issuer abbreviation, year in 〔〕 (or [] ［］), serial number, 号. */
export const DOC_NUMBER = /^[\u4e00-\u9fff]{1,12}[〔［[][0-9０-９]{4}[〕］\]][0-9０-９]{1,5}号$/;

const CN_YEAR_DIGITS: Record<string, string> = { 〇: "0", 零: "0", Ｏ: "0", O: "0", 一: "1", 二: "2", 三: "3", 四: "4", 五: "5", 六: "6", 七: "7", 八: "8", 九: "9" };

/** A line that is only a date: 2022年7月22日, ２０２２年７月２２日, 二〇二二年七月二十二日. */
export const DATE_LINE = /^([0-9０-９〇零Ｏ一二三四五六七八九]{4})[\s\u3000]*年[\s\u3000]*([0-9０-９一二三四五六七八九十]{1,3})[\s\u3000]*月[\s\u3000]*([0-9０-９一二三四五六七八九十]{1,3})[\s\u3000]*日$/;

/** ISO date from a Chinese date line, or null when it is not one (or not a real date). */
export function parseChineseDate(s: string): string | null {
  const m = DATE_LINE.exec(s.trim());
  if (!m) return null;
  const yearText = toAsciiDigits(m[1]!);
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number([...m[1]!].map((c) => CN_YEAR_DIGITS[c] ?? "x").join(""));
  const month = ordinalValue(m[2]!);
  const day = ordinalValue(m[3]!);
  if (!Number.isFinite(year) || !(month >= 1 && month <= 12) || !(day >= 1 && day <= 31)) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null; // 2月30日
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

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
  return m ? m[1]!.trim() : null;
}
