import { describe, expect, it } from "vitest";
import { computeEchoes, createEchoIndex } from "../../src/echo/index.ts";
import { informativeChars } from "../../src/echo/compute.ts";
import { readPairs } from "../../src/echo/store.ts";
import { makeDoc } from "./helpers.ts";

const BOILER = "以习近平新时代中国特色社会主义思想为指导，全面贯彻新发展理念。";
const DUTY = "（省发展改革委、省财政厅按职责分工负责）";
// Unrelated topics, one per document.
const TOPICS = [
  "大力发展梅花鹿标准化规模养殖，增加种群数量，建设一批标准化规模养殖基地",
  "推进重点用能单位能耗在线监测系统建设，加快完善能源计量体系和预警机制",
  "建设高标准农田，推广保护性耕作，提升黑土地耕地质量和粮食综合生产能力",
  "完善城市公共交通网络，推广新能源公交车辆，建设慢行交通和充电基础设施",
  "加强中小学教师队伍建设，推进义务教育优质均衡发展和集团化办学改革试点",
  "健全基层医疗卫生服务体系，推进县域医共体建设，提高基本公共卫生服务水平",
];

describe("computeEchoes on small documents", () => {
  it("boilerplate shared by every document makes no echoes between unrelated passages", () => {
    const docs = TOPICS.map((t, i) => makeDoc(`d${i}`, ["# 总体要求", BOILER + t + "。" + DUTY]));
    const store = computeEchoes(docs);
    expect(store.pairs).toEqual([]);
    expect(store.stats.boilerplateDocLimit).toBe(3);
  });

  it("a reused clause is an echo even when it sits next to the boilerplate", () => {
    const reused = "支持企业牵头组建创新联合体，承担国家和省重大科技项目，带动产业链上下游协同创新";
    const docs = TOPICS.map((t, i) => makeDoc(`d${i}`, ["# 总体要求", BOILER + t + "。" + DUTY]));
    docs.push(makeDoc("prov", ["# 企业创新", BOILER + reused + "。"]));
    docs.push(makeDoc("pref", ["# 企业创新", "全州要" + reused + "，培育一批科技型中小企业。"]));
    const store = computeEchoes(docs);
    const ix = createEchoIndex(store, docs);
    const p = docs[6]!.editions[0]!.passages[1]!;
    const echoes = ix.echoesOf(p.id);
    expect(echoes.map((e) => e.docId)).toEqual(["pref"]);
    const kept = echoes[0]!.spans.map((s) => p.text.slice(...s.a)).join("");
    expect(kept).toContain(reused);
    expect(kept).not.toContain("以习近平");
    // Headings "第1章 企业创新" match too: short texts need most of their characters to match.
    const h = docs[6]!.editions[0]!.passages[0]!;
    expect(ix.echoesOf(h.id).map((e) => e.docId)).toEqual(["pref"]);
  });

  it("editions of one document are never echoes of each other; secondary ids map to the primary twin", () => {
    const clause = "围绕产业链部署创新链，围绕创新链布局产业链，推动科技成果就地转化和产业化";
    const a = makeDoc("a", ["# 转化", clause + "。"], { editions: 2 });
    const b = makeDoc("b", ["# 转化", "全州" + clause + "，打造区域创新高地。"]);
    const store = computeEchoes([a, b]);
    for (const r of readPairs(store)) expect(store.ids[r.a]!.split("~")[0]).not.toBe(store.ids[r.b]!.split("~")[0]);
    const ix = createEchoIndex(store, [a, b]);
    const secondary = a.editions[1]!.passages[1]!;
    expect(ix.echoesOf(secondary.id).map((e) => e.docId)).toEqual(["b"]);
    expect(ix.echoesOf(a.editions[0]!.passages[1]!.id).map((e) => e.docId)).toEqual(["b"]);
  });

  it("caps the candidates aligned per passage", () => {
    const clause = "加快建设科技创新平台，推动高校科研院所与企业共建联合实验室和中试基地";
    const docs = Array.from({ length: 12 }, (_, i) => makeDoc(`d${i}`, [`${clause}，第${i}批。`]));
    const capped = computeEchoes(docs, { maxCandidates: 3, boilerplateDocShare: 1, boilerplateMinDocs: 100, boilerplateMinPassages: 100 });
    const free = computeEchoes(docs, { boilerplateDocShare: 1, boilerplateMinDocs: 100, boilerplateMinPassages: 100 });
    expect(free.stats.echoPairs).toBe((12 * 11) / 2);
    expect(capped.stats.alignedPairs).toBeLessThanOrEqual(12 * 3);
    expect(capped.stats.echoPairs).toBeGreaterThan(0);
  });

  it("worker threads give exactly the single-thread result", () => {
    const clause = "围绕产业链部署创新链，围绕创新链布局产业链，推动科技成果就地转化和产业化";
    const docs = Array.from({ length: 40 }, (_, i) => makeDoc(`d${i}`, ["# 转化", `第${i}市${clause}，${TOPICS[i % TOPICS.length]}。`, TOPICS[(i + 1) % TOPICS.length]!]));
    const loose = { boilerplateMinDocs: 1000, boilerplateMinPassages: 1000 }; // every document repeats the clause
    const one = computeEchoes(docs, { ...loose, workers: 1 });
    const two = computeEchoes(docs, { ...loose, workers: 2 });
    expect(two.stats.workers).toBe(2);
    expect(two.pairs).toEqual(one.pairs);
    expect(two.ids).toEqual(one.ids);
    expect(one.stats.echoPairs).toBeGreaterThan(40);
  });

  it("empty input and empty passages", () => {
    expect(computeEchoes([]).pairs).toEqual([]);
    const e = makeDoc("e", [""]);
    expect(computeEchoes([e, makeDoc("f", [""])]).pairs).toEqual([]);
  });
});

describe("informativeChars", () => {
  it("counts characters under clean shingles and erodes k−1 around boilerplate", () => {
    const none = new Uint8Array(64);
    expect(informativeChars([0, 0, 20], none, 5)).toBe(20);
    expect(informativeChars([0, 0, 4], none, 5)).toBe(0); // shorter than a shingle
    const at10 = new Uint8Array(20);
    at10[10] = 1; // shingle 10–14 is boilerplate; starts 6–14 overlap it
    // clean shingle starts: 0–5 (cover 0–9) and 15 (covers 15–19)
    expect(informativeChars([0, 0, 20], at10, 5)).toBe(15);
    // two blocks: counted separately, boilerplate positions are block-relative offsets of A
    expect(informativeChars([0, 0, 6, 30, 40, 8], none, 5)).toBe(14);
  });
});
