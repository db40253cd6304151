/**
 * Region and level from a body's or a title's name, by the suffixes of Chinese administrative
 * names: 吉林省人民政府 → 吉林省 (province); 延边朝鲜族自治州人民政府 → 延边州 (prefecture);
 * 长春市科学技术局 → 长春市 (prefecture); 安图县人民政府 → 安图县 (county); 国务院, 全国人民代表大会
 * 常务委员会, 最高人民法院, ministries (科学技术部) → 全国 (national).
 *
 * The only names listed are the 34 province-level divisions with their one-character
 * abbreviations (GB/T 2260) — a 市 cannot say by its suffix whether it is a municipality, and a
 * 文号 names its province by abbreviation (吉政发) — and the 55 minority peoples (GB/T 3304), so
 * that an autonomous prefecture's short name drops exactly its peoples. Everything else goes by suffix.
 */
import type { Level } from "../../model.ts";

export interface Place {
  region: string;
  level: Level;
}

/** Province-level divisions: full name, abbreviations used in 文号. */
const PROVINCES: [string, string][] = [
  ["北京市", "京"], ["天津市", "津"], ["河北省", "冀"], ["山西省", "晋"], ["内蒙古自治区", "蒙"], ["辽宁省", "辽"],
  ["吉林省", "吉"], ["黑龙江省", "黑"], ["上海市", "沪"], ["江苏省", "苏"], ["浙江省", "浙"], ["安徽省", "皖"],
  ["福建省", "闽"], ["江西省", "赣"], ["山东省", "鲁"], ["河南省", "豫"], ["湖北省", "鄂"], ["湖南省", "湘"],
  ["广东省", "粤"], ["广西壮族自治区", "桂"], ["海南省", "琼"], ["重庆市", "渝"], ["四川省", "川"], ["贵州省", "黔"],
  ["云南省", "云"], ["西藏自治区", "藏"], ["陕西省", "陕"], ["甘肃省", "甘"], ["青海省", "青"], ["宁夏回族自治区", "宁"],
  ["新疆维吾尔自治区", "新"], ["香港特别行政区", "港"], ["澳门特别行政区", "澳"], ["台湾省", "台"],
];

/** 吉 → 吉林省. */
export function provinceByAbbreviation(ch: string): string | null {
  return PROVINCES.find(([, a]) => a === ch)?.[0] ?? null;
}

/** Bodies of the central state: named without a place. */
const NATIONAL = /^(?:中华人民共和国|国务院|全国人民代表大会|全国人大|最高人民法院|最高人民检察院|中共中央|中央|国家[\u4e00-\u9fff]{1,16}(?:局|委员会|署|院|部|办公室|中心))/;
/** A ministry (科学技术部, 农业农村部, 财政部): a name ending in 部 with no place before it. */
const MINISTRY = /^[\u4e00-\u9fff]{2,8}部$/;

const AUTONOMOUS_PREFECTURE = /^([\u4e00-\u9fff]{2,12}?自治州)/;
const PREFECTURE = /^([\u4e00-\u9fff]{2,8}?(?:地区|盟)|[\u4e00-\u9fff]{2,6}?(?<![城都超])市(?![场民]))/;
/** A prefecture's short form (延边州, 黔东南州) at the very start of a name. */
const SHORT_PREFECTURE = /^([\u4e00-\u9fff]{2,3}州)(?![市省])/;
const COUNTY = /^([\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|县|旗|区|(?<![城都超])市(?![场民])))/;

/** The 55 recognised minority peoples (GB/T 3304), as autonomous areas name them (族 may be left out). */
const PEOPLES = [
  "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
  "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
  "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春",
  "赫哲", "门巴", "珞巴", "基诺",
].sort((a, b) => b.length - a.length);
const AUTONOMOUS_NAME = new RegExp(`^(.+?)(?:(?:${PEOPLES.join("|")})族?)+自治州$`);

/** 延边朝鲜族自治州 → 延边州; 黔东南苗族侗族自治州 → 黔东南州 (the name without its peoples). */
export function shortPrefecture(name: string): string {
  const m = AUTONOMOUS_NAME.exec(name);
  return m ? `${m[1]}州` : name;
}

/**
 * The place a name starts with, its deepest level (province > prefecture > county), or null.
 * `organ` says the name is a body's (a place is followed by the body: 长春市科学技术局); for a title
 * only a place at its very start counts below the province (长春市科技创新规划).
 */
export function placeOf(name: string, organ = true): Place | null {
  const text = name.replace(/[\s\u3000]/g, "");
  if (!text) return null;
  if (NATIONAL.test(text) || (organ && MINISTRY.test(text))) return { region: "全国", level: "national" };
  let place: Place | null = null;
  let rest = text;
  const province = PROVINCES.find(([full]) => text.startsWith(full));
  if (province) {
    place = { region: province[0], level: "province" };
    rest = text.slice(province[0].length);
    if (!organ) return place;
  }
  const municipality = !!province && province[0].endsWith("市");
  if (!municipality) {
    const pref = AUTONOMOUS_PREFECTURE.exec(rest) ?? PREFECTURE.exec(rest) ?? (place ? null : SHORT_PREFECTURE.exec(rest));
    if (pref) {
      place = { region: shortPrefecture(pref[1]!), level: "prefecture" };
      rest = rest.slice(pref[1]!.length);
    }
  }
  const county = COUNTY.exec(rest);
  if (county && (place || /(?:县|旗)$/.test(county[1]!))) return { region: county[1]!, level: "county" };
  return place;
}
