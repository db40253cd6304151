/**
 * The queries both stores must answer alike: the query language's cases from the engine-level
 * tests (terms, quotes, OR, negation, filters, units, versions, sorts, pages, pasted texts) and a
 * seeded random set cut from the corpus's own passages (any substring, 1–8 characters, alone or
 * with a second term, a negation or a filter).
 */
import type { DocumentRecord } from "../../src/model.ts";
import type { SearchOptions } from "../../src/search/types.ts";
import { rng } from "../support/text.ts";

export const LANGUAGE_QUERIES = [
  "2030", "date:..2020 专利", "in:一", "in:攻关关键技术支撑产业发展", "r&d", "status:已修改", "version:all date:2012",
  "version:all status:已修改", "“科技成果转化”", "不可抗力", "专栏3", "人参 in:专栏", "人参", "信息 date:2021", "信息 type:解释",
  "关键核心技术攻关", "兼顾经济效益", "农业技术", "农业技术推广 level:国家", "农业技术推广 level:省", "农业技术推广 status:现行",
  "农业技术推广", "发展", "技术 in:第四章", "揭榜挂帅 六新产业", "揭榜挂帅", "数据安全 监测", "梅花鹿 OR 人参", "梅花鹿 人参",
  "梅花鹿 量子引力", "梅花鹿", "梅花鹿|人参", "碳达峰 -碳中和", "碳达峰 NOT 碳中和", "碳达峰", "科技 -region:延边", "科技 date:..2021",
  "科技 date:2021..2022", "科技 date:2022", "科技 level:国家", "科技 level:市州", "科技 level:省 level:市州", "科技 region:吉林省",
  "科技 region:延边", "科技 type:规划", "科技 人才 平台", "科技 成果 转化", "科技 成果", "科技", "科技创新平台", "第一条 version:all",
  "第三十二条", "第十一条", "第四章", "职责 version:1999", "职责 version:2012", "职责 version:all", "职责 version:current", "规定",
  "规定时，构成", "２０３０", "；构", "的", "\"的 发展\"", "所称", "农业技术推广 是指", "量子引力", "doc:不存在",
];

export const OPTION_SETS: SearchOptions[] = [{}, { limit: 50 }, { sort: "newest" }, { sort: "document", limit: 10 }, { offset: 5, limit: 5 }, { explain: true, limit: 5 }, { rows: true, limit: 30 }];


export function randomQueries(docs: readonly DocumentRecord[], count: number, seed = 16): string[] {
  const rand = rng(seed);
  const passages = docs.flatMap((d) => d.editions.flatMap((e) => e.passages)).filter((p) => p.text.trim().length > 0);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const cut = () => {
    const t = pick(passages).text.replace(/\s+/g, "");
    const len = 1 + Math.floor(rand() * 8);
    const at = Math.floor(rand() * Math.max(1, t.length - len));
    return t.slice(at, at + len).replace(/["“”|:：()（）-]/g, "");
  };
  const out: string[] = [];
  while (out.length < count) {
    const a = cut();
    if (!a) continue;
    const r = rand();
    if (r < 0.5) out.push(a);
    else if (r < 0.65) out.push(`${a} ${cut()}`);
    else if (r < 0.75) out.push(`${a} -${cut() || "的"}`);
    else if (r < 0.85) out.push(`"${a}"`);
    else if (r < 0.92) out.push(`${a} level:省`);
    else out.push(pick(passages).text.slice(0, 60)); // a pasted passage: similarity mode
  }
  return out;
}
