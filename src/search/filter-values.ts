/**
 * What the values of the metadata filters mean, and how facets print them back: level (国家 / 省 /
 * 市州 / 县), status (现行 / 已修改 / 已废止), date ranges, versions, region names. Each reader
 * accepts the printed form the facets use, so a facet link always reads back as the value it counted.
 * Anything unknown is 未知 (written `level:未知`, `date:未知`, …).
 */
import type { DocStatus, Level } from "../model.ts";
import { ZhangjieError } from "../errors.ts";

export const UNKNOWN_LABEL = "未知";
const UNKNOWN_WORDS = new Set([UNKNOWN_LABEL, "unknown", "不详", "无"]);

export function isUnknownValue(v: string): boolean {
  return UNKNOWN_WORDS.has(v.toLowerCase());
}

function badValue(field: string, value: string, zh: string, en: string): ZhangjieError {
  return new ZhangjieError("QUERY_BAD_FILTER_VALUE", { zh: `${field}:${value}（${zh}）`, en: `${field}:${value} (${en})` });
}

// ---- level ----------------------------------------------------------------------------------

/** Levels from the highest down; the facet prints LEVEL_LABELS. Ranking prefers the higher level among equals. */
export const LEVEL_ORDER: readonly Level[] = ["national", "province", "prefecture", "county", "unknown"];
export const LEVEL_LABELS: Record<Level, string> = { national: "国家", province: "省", prefecture: "市州", county: "县", unknown: UNKNOWN_LABEL };
const LEVEL_WORDS: Record<string, Level> = {
  国家: "national", 国家级: "national", 中央: "national", 全国: "national", national: "national",
  省: "province", 省级: "province", 自治区: "province", 直辖市: "province", province: "province",
  市州: "prefecture", 市: "prefecture", 州: "prefecture", 地市: "prefecture", 市级: "prefecture", 州级: "prefecture", 地级: "prefecture", prefecture: "prefecture",
  县: "county", 县级: "county", 区县: "county", 县区: "county", 旗: "county", county: "county",
};

export function parseLevel(value: string): Level {
  if (isUnknownValue(value)) return "unknown";
  const l = LEVEL_WORDS[value.toLowerCase()];
  if (!l) throw badValue("level", value, "可写 国家、省、市州、县、未知", "use 国家, 省, 市州, 县 or 未知");
  return l;
}

// ---- status ---------------------------------------------------------------------------------

export const STATUS_ORDER: readonly DocStatus[] = ["in-force", "amended", "repealed", "unknown"];
export const STATUS_LABELS: Record<DocStatus, string> = { "in-force": "现行", amended: "已修改", repealed: "已废止", unknown: UNKNOWN_LABEL };
const STATUS_WORDS: Record<string, DocStatus> = {
  现行: "in-force", 现行有效: "in-force", 有效: "in-force", "in-force": "in-force",
  已修改: "amended", 修改: "amended", 已修订: "amended", 已修正: "amended", amended: "amended",
  已废止: "repealed", 废止: "repealed", 失效: "repealed", 已失效: "repealed", repealed: "repealed",
};

export function parseStatus(value: string): DocStatus {
  if (isUnknownValue(value)) return "unknown";
  const s = STATUS_WORDS[value.toLowerCase()];
  if (!s) throw badValue("status", value, "可写 现行、已修改、已废止、未知", "use 现行, 已修改, 已废止 or 未知");
  return s;
}

// ---- dates ----------------------------------------------------------------------------------

/** A date as an integer yyyymmdd (20220722); 0 means unknown. */
export function dateNumber(iso: string | null | undefined): number {
  if (!iso) return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
}

/** An inclusive range of yyyymmdd numbers, or the unknown dates. */
export type DateRange = { from: number; to: number } | "unknown";

const DATE_PART = /^(\d{4})(?:[-./年](\d{1,2})(?:[-./月](\d{1,2})日?)?月?)?年?$/;

/** One end of a range: 2022 → the year, 2022-06 → the month, 2022-06-15 → the day (as [first, last]). */
function datePart(s: string, field: string, whole: string): [number, number] {
  const m = DATE_PART.exec(s);
  const bad = () => badValue(field, whole, "可写 2022、2022-06、2022-06-15、2021..2022、..2020、2021..", "use 2022, 2022-06, 2022-06-15, 2021..2022, ..2020 or 2021..");
  if (!m) throw bad();
  const y = Number(m[1]);
  if (m[2] === undefined) return [y * 10000 + 101, y * 10000 + 1231];
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) throw bad();
  if (m[3] === undefined) return [y * 10000 + mo * 100 + 1, y * 10000 + mo * 100 + daysIn(y, mo)];
  const d = Number(m[3]);
  if (d < 1 || d > daysIn(y, mo)) throw bad();
  const n = y * 10000 + mo * 100 + d;
  return [n, n];
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date:` values: 2022, 2022-06, 2022-06-15, 2021..2022, 2022-06..2022-07, ..2020, 2021.., 未知. */
export function parseDateRange(value: string): DateRange {
  if (isUnknownValue(value)) return "unknown";
  const v = value.replace(/[～~至…]|\.{2,}/g, "..");
  const parts = v.split("..");
  if (parts.length === 1) {
    const [from, to] = datePart(parts[0]!, "date", value);
    return { from, to };
  }
  if (parts.length !== 2 || (parts[0] === "" && parts[1] === "")) {
    throw badValue("date", value, "范围写作 2021..2022", "write a range as 2021..2022");
  }
  const from = parts[0] ? datePart(parts[0], "date", value)[0] : 0;
  const to = parts[1] ? datePart(parts[1], "date", value)[1] : 99991231;
  if (from > to) throw badValue("date", value, "起始日期晚于结束日期", "the range starts after it ends");
  return { from: Math.max(from, 1), to };
}

export function inRange(date: number, range: DateRange): boolean {
  if (range === "unknown") return date === 0;
  return date !== 0 && date >= range.from && date <= range.to;
}

// ---- regions --------------------------------------------------------------------------------

/** The 55 ethnic minorities whose names make up autonomous area names (延边朝鲜族自治州). */
const ETHNIC =
  "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺";
const AUTONOMOUS = new RegExp(`^(.+?)(?:(?:${ETHNIC})族)+自治(州|县|旗)$`);

/**
 * The forms a region's name is matched in: the name, and for an autonomous prefecture or county its
 * short form (延边朝鲜族自治州 → 延边州, 长白朝鲜族自治县 → 长白县), which is how documents and
 * people usually write it.
 */
export function regionForms(name: string): string[] {
  const m = AUTONOMOUS.exec(name);
  return m ? [name, m[1]! + m[2]!] : [name];
}

/** `region:` matches a part of the name in any of its forms (region:延边 → 延边朝鲜族自治州 / 延边州). */
export function regionMatches(regionName: string, value: string): boolean {
  const names = regionForms(regionName);
  return regionForms(value).some((v) => names.some((n) => n.includes(v)));
}
