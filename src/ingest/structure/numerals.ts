/**
 * Chinese and Arabic numerals as documents print them in unit labels: 第一千零三十四条, 第２０条,
 * 二〇二二年. Values up to 9,999 (千), which covers every article of the longest code.
 */

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Full-width digits to ASCII (other characters unchanged). */
export function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * 十一 → 11, 二十三 → 23, 一百零五 → 105, 一千零三十四 → 1034, ASCII or full-width digits too.
 * NaN when the text is not a number.
 */
export function ordinalValue(s: string): number {
  const ascii = toAsciiDigits(s);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (!s) return NaN;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in DIGITS) current = DIGITS[ch]!;
    else if (ch in UNITS) { total += (current || 1) * UNITS[ch]!; current = 0; }
    else return NaN;
  }
  return total + current;
}

const CN = "零一二三四五六七八九";

/** 1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 1034 → 一千零三十四 (1 … 9999); other numbers in ASCII. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  if (n < 10) return CN[n]!;
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ""}`;
  const places: [number, string][] = [[1000, "千"], [100, "百"], [10, "十"], [1, ""]];
  let out = "";
  let pendingZero = false;
  for (const [value, unit] of places) {
    const d = Math.floor(n / value) % 10;
    if (d === 0) { if (out) pendingZero = true; continue; }
    if (pendingZero) { out += "零"; pendingZero = false; }
    out += CN[d]! + unit;
  }
  return out;
}
