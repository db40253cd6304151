/**
 * 文号 in the forms documents print them — 吉政发〔2022〕11号, 国发[2022]5号, 国办发【2022】1号,
 * 某发(2022)3号 — and the 令 numbers of regulations and laws: 国务院令第708号, 中华人民共和国主席令
 * 第十号, 国务院令（第706号）. Shown in one canonical form: 〔〕 around the year, ASCII digits,
 * 中华人民共和国 dropped before a 令 (国务院令第706号, 主席令第十号).
 */
import { toAsciiDigits } from "../structure/numerals.ts";

const OPEN = "[〔［\\[【(（]";
const CLOSE = "[〕］\\]】)）]";
const SERIAL = "[0-9０-９]{1,5}";
const S = "[\\s\\u3000]*";

/** A 文号 on a line of its own: issuer code, year in brackets, serial number, 号. */
export const DOC_NUMBER = new RegExp(`^[\\u4e00-\\u9fff]{1,12}${S}${OPEN}${S}[0-9０-９]{4}${S}${CLOSE}${S}${SERIAL}${S}号$`);

/** A 令 number anywhere in a text; groups: issuing body with 令, the number as printed. */
const DECREE_SOURCE = `(?:中华人民共和国)?([\\u4e00-\\u9fff]{1,20}?令)${S}[（(]?${S}第${S}([0-9０-９〇零一二三四五六七八九十百千]+)${S}号${S}[）)]?`;
export const DECREE = new RegExp(DECREE_SOURCE);

/** 吉政发［２０２２］１１号 → 吉政发〔2022〕11号. */
export function normalizeDocNumber(s: string): string {
  const decree = DECREE.exec(s);
  if (decree && decree.index === 0) return decreeNumber(decree);
  return toAsciiDigits(s.replace(/[\s\u3000]/g, ""))
    .replace(new RegExp(`${OPEN}(\\d{4})${CLOSE}`), "〔$1〕");
}

function decreeNumber(m: RegExpExecArray): string {
  return `${m[1]!.replace(/^中华人民共和国/, "")}第${toAsciiDigits(m[2]!)}号`;
}

/** Every 令 number printed in a text, canonical (国务院令第706号). */
export function findDecrees(text: string): string[] {
  const re = new RegExp(DECREE_SOURCE, "g");
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(decreeNumber(m));
  return out;
}

/** Is this line a 文号 (or a 令 number standing alone)? */
export function isDocNumberLine(line: string): boolean {
  const t = line.trim().replace(/^[（(]|[）)]$/g, "");
  if (t.length > 60 || !t.endsWith("号")) return false; // most lines, at once
  if (DOC_NUMBER.test(t)) return true;
  const m = DECREE.exec(t);
  return !!m && m.index === 0 && m[0].length === t.length;
}
