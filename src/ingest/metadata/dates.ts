/**
 * Dates as documents print them: 2022年7月22日, ２０２２年５月２７日, 二〇二二年五月二十七日 (also with
 * ○ or Ｏ for zero), read to ISO (2022-07-22). Impossible dates (2月30日) are not dates.
 */
import { ordinalValue, toAsciiDigits } from "../structure/numerals.ts";

const YEAR = "[0-9０-９〇零Ｏ○一二三四五六七八九]{4}";
const MD = "[0-9０-９一二三四五六七八九十]{1,3}";
const S = "[\\s\\u3000]*";
/** A date anywhere in a text; groups: year, month, day. */
export const DATE_SOURCE = `(${YEAR})${S}年${S}(${MD})${S}月${S}(${MD})${S}日`;

/** A line that is only a date: 2022年7月22日, ２０２２年５月２７日, 二〇二二年七月二十二日. */
export const DATE_LINE = new RegExp(`^${DATE_SOURCE}$`);

const YEAR_DIGITS: Record<string, string> = { 〇: "0", 零: "0", Ｏ: "0", "○": "0", O: "0", 一: "1", 二: "2", 三: "3", 四: "4", 五: "5", 六: "6", 七: "7", 八: "8", 九: "9" };

/** ISO date of year/month/day as printed, or null when it is not a real date. */
export function isoDate(y: string, m: string, d: string): string | null {
  const yearText = toAsciiDigits(y);
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number([...y].map((c) => YEAR_DIGITS[c] ?? "x").join(""));
  const month = ordinalValue(toAsciiDigits(m));
  const day = ordinalValue(toAsciiDigits(d));
  if (!Number.isFinite(year) || !(month >= 1 && month <= 12) || !(day >= 1 && day <= 31)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 2月30日
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** ISO date from a Chinese date line, or null when it is not one (or not a real date). */
export function parseChineseDate(s: string): string | null {
  const m = DATE_LINE.exec(s.trim());
  return m ? isoDate(m[1]!, m[2]!, m[3]!) : null;
}

export interface FoundDate {
  iso: string;
  /** Where the printed date starts and ends in the text. */
  start: number;
  end: number;
}

/** Every real date printed in a text, in order. */
export function findDates(text: string): FoundDate[] {
  const re = new RegExp(DATE_SOURCE, "g");
  const out: FoundDate[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const iso = isoDate(m[1]!, m[2]!, m[3]!);
    if (iso) out.push({ iso, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** "2024年" of an ISO date, and its full printed form 2024年4月26日. */
export function yearOf(iso: string): string {
  return `${iso.slice(0, 4)}年`;
}
export function printedDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}
