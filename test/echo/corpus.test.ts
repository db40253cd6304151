/**
 * Echoes and the mirror map on the real corpus: the Yanbian prefecture plan against the Jilin
 * provincial plan it adapts. Passages are found by distinctive substrings, never by ids.
 */
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { computeEchoes, createEchoIndex, isClause, isEchoStore, primaryEdition, readPairs, type EchoIndex, type EchoStore } from "../../src/echo/index.ts";
import { objectFromSections, objectSections } from "../../src/index/cache-codec.ts";
import { viaFile } from "../support/sections.ts";
import { ZhangjieError } from "../../src/errors.ts";
import type { DocumentRecord, Passage } from "../../src/model.ts";
import type { CompareResponse } from "../../src/echo/types.ts";
import { norm } from "../support/text.ts";

const CORPUS = path.join(import.meta.dirname, "../../corpus");

let docs: DocumentRecord[];
let store: EchoStore;
let index: EchoIndex;
let yanbian: DocumentRecord;
let jilin: DocumentRecord;
let mirror: CompareResponse;

const docByTitle = (prefix: string): DocumentRecord => {
  const d = docs.find((x) => x.title.startsWith(prefix));
  if (!d) throw new Error(`no document titled ${prefix}…`);
  return d;
};

/** The one primary-edition passage of `doc` containing `needle` (folded, whitespace ignored). */
function passageWith(doc: DocumentRecord, needle: string): Passage {
  const n = norm(needle);
  const hits = primaryEdition(doc)!.passages.filter((p) => p.kind !== "heading" && norm(p.text).includes(n));
  if (hits.length !== 1) throw new Error(`${hits.length} passages of ${doc.title} contain ${needle}`);
  return hits[0]!;
}

beforeAll(async () => {
  docs = (await ingestCorpus(CORPUS)).documents;
  store = computeEchoes(docs);
  index = createEchoIndex(store, docs);
  yanbian = docByTitle("延边州科学技术发展");
  jilin = docByTitle("吉林省科学技术发展");
  mirror = index.compare(yanbian.id, jilin.id);
});

describe("chapter alignment, Yanbian → Jilin", () => {
  // Read from both plans: each Yanbian chapter adapts the Jilin chapter in the same place.
  const PAIRS: [string, string][] = [
    ["发展基础", "发展基础"],
    ["发展思路", "发展思路"],
    ["优化区域创新体系", "优化区域科技创新体系"],
    ["实施科技创新重点技术攻关", "推进关键核心技术攻关"],
    ["加速科技成果转化应用", "加快科技成果转化应用"],
    ["发挥企业创新主体作用", "发挥企业创新主体作用"],
    ["完善科技创新生态", "营造拴心留才创新环境"],
    ["保障规划实施", "强化规划实施各项保障"],
  ];
  it("pairs every chapter with the chapter it adapts", () => {
    const chapters = mirror.sections.filter((s) => s.a.path.length === 1);
    expect(chapters.map((s) => [s.a.path[0]!.title, s.b?.path[0]?.title ?? null])).toEqual(PAIRS);
    for (const c of chapters) expect(c.b!.path).toHaveLength(1);
  });

  it("pairs sections inside paired chapters", () => {
    const peer = (title: string): string | null => {
      const s = mirror.sections.find((x) => x.a.path.length === 2 && x.a.path[1]!.title === title);
      if (!s) throw new Error(`no section ${title}`);
      return s.b ? s.b.path.map((h) => h.title).join(" > ") : null;
    };
    expect(peer("总体研判")).toBe("发展基础 > 总体研判");
    expect(peer("基本原则")).toBe("发展思路 > 重要原则");
    expect(peer("壮大医药健康产业")).toBe("推进关键核心技术攻关 > 发挥区域优势打造医药健康产业");
    expect(peer("聚焦农业科技")).toBe("推进关键核心技术攻关 > 聚焦粮食安全强化农业科技");
    expect(peer("助力生态发展")).toBe("推进关键核心技术攻关 > 突出减碳科技助力生态发展");
    expect(peer("实施科技成果转化机制创新行动")).toBe("加快科技成果转化应用 > 完善科技成果转移转化运行机制");
    expect(peer("强化企业科技创新主体地位")).toBe("发挥企业创新主体作用 > 强化企业创新主体地位");
    expect(peer("做好评估督导")).toBe("强化规划实施各项保障 > 做好规划评估督导");
    // The county-by-county section has no provincial counterpart.
    expect(peer("加快发展各具特色的区域创新支撑点")).toBeNull();
  });

  it("gives shares in [0, 1] and whole-document figures that count clauses, headings apart", () => {
    for (const s of mirror.sections) expect(s.share).toBeGreaterThanOrEqual(0), expect(s.share).toBeLessThanOrEqual(1);
    const { copied, adapted, local, reusedShare, headings } = mirror.summary;
    const passages = primaryEdition(yanbian)!.passages;
    expect(copied + adapted + local).toBe(passages.filter((p) => isClause(p)).length);
    expect(headings).toBe(passages.filter((p) => p.kind === "heading" && !isClause(p)).length);
    // The Yanbian plan: 75 clauses, 42 heading lines (章节标题 42) and its title line (a header), 118 passages in all.
    expect([copied + adapted + local, headings]).toEqual([75, 42]);
    expect(mirror.passages).toHaveLength(passages.length);
    expect(mirror.passages.filter((p) => p.kind === "clause")).toHaveLength(75);
    // Most of the Yanbian plan is its own text, yet a large part comes from the Jilin plan.
    expect(reusedShare).toBeGreaterThan(0.25);
    expect(reusedShare).toBeLessThan(0.75);
    expect(copied).toBeGreaterThan(10);
    expect(adapted).toBeGreaterThan(10);
  });
});

describe("Yanbian clauses find their Jilin source among their top 3 echoes", () => {
  // Checked by eye: each Yanbian clause (left) was read beside the Jilin clause (right) it adapts.
  const SOURCES: [string, string][] = [
    ["切实加强延边科学技术发展战略谋划", "切实加强全省科学技术发展战略谋划和系统布局"],
    ["（一）科技创新趋势。从国际看", "国内外科技创新趋势。从全球看"],
    ["（二）面临的机遇。构建以国内大循环为主体", "科技创新重大机遇。在国内外经济政治形势新背景"],
    ["全州科技创新工作在“十四五”期间将乘势而上", "我省必须抢抓机遇，加强统筹谋划"],
    ["坚持科技创新在现代化建设中的核心地位", "坚持创新在吉林现代化建设全局中的核心地位"],
    ["（一）坚持“四个面向”。坚持面向世界科技前沿", "坚持“四个面向”。坚持面向世界科技前沿"],
    ["（三）坚持统筹发展。统筹科技创新支撑经济", "坚持支撑发展。统筹科技创新支撑经济"],
    ["研究与试验发展（R&D）经费支出占地区生产总值（GDP）比重（%） 0.36", "比重(%) 1.30"],
    ["围绕“一核、两极、多点支撑”产业空间布局，优化区域创新体系", "打造“一峰牵一脉，一脉带多域”布局"],
    ["充分发挥延吉全国科技创新百强县的区位", "充分发挥长春自创区区位优势"],
    ["支持珲春、敦化作为长吉图区域节点城市建设省级高新区", "实施高新区高质量发展行动"],
    ["落实国家基础研究十年行动规划，坚持问题导向和需求牵引", "培育基础研究高端团队。落实国家基础研究十年行动规划"],
    ["以“六新产业”为主攻方向，围绕新一代信息技术、装备制造", "以“六新产业”“四新设施”为主攻方向，围绕全省汽车"],
    ["1.新一代信息技术。围绕新一代人工智能", "4.新一代信息技术。开发基于高性能计算环境"],
    ["1.中（朝）药。重点围绕人参、梅花鹿、林蛙", "1.中药领域关键技术研究。包括中药材种质资源"],
    ["2.化学药。包括绿色原料药及中间体", "3.化学药关键技术研究。包括绿色原料药及中间体"],
    ["3.生物药。包括基因工程药物", "2.生物药关键技术研究。包括基因工程药物"],
    ["4.日化品及化妆品。包括日化品及化妆品原料新成分", "7.绿色日化品及化妆品关键技术研究"],
    ["5.医疗器械与医用健康材料。包括先进医学影像设备", "4.医疗器械与医用健康材料关键技术研究"],
    ["6.制药设备与检测仪器。包括中药材农机具关键设备", "5.制药设备与检测仪器关键技术研究"],
    ["1.良种培育。以水稻、玉米、大豆等主要农作物种业为主", "1.良种培育技术。主要农作物育种"],
    ["2.种植养殖。围绕畜禽疫病检测与防控", "2.种植养殖技术。畜禽安全高效养殖"],
    ["3.土地治理。主攻农业生态环境保护", "3.土地治理技术。以保护农业生态环境"],
    ["5.农机装备。创制适合长白山地区", "5.农机装备技术。突破土壤植物机器系统"],
    ["1.生态系统保护。依托国家东北虎豹公园", "1.推进生态系统吸碳储碳技术研发"],
    ["2.农业资源综合利用创新。推进温室气体减排", "3.推进农业资源综合利用创新"],
    ["3.宜居城乡低碳可持续发展。推广绿色低碳建材", "4.推进宜居城镇低碳可持续发展"],
    ["1.疫病应急及检测。为突发性疫病", "1.疫病应急及检测技术。为突发性疫病"],
    ["2.社会安全应急。促进信息技术、大数据", "2.社会安全应急关键技术。促进信息技术"],
    ["3.文化科技融合和现代服务业。开展网络视听", "3.文化科技融合和现代服务业领域"],
    ["按照全产业链开发、全价值链提升的思路，统筹科技供给", "实施科技成果转化加速工程，加快科技成果转化应用"],
    ["落实国家、省关于科技成果转化的相关政策", "创新科技成果转化分配机制。落实国家关于科技成果转化的相关政策"],
    ["一是强化企业创新决策主体地位", "强化企业技术创新决策主体地位"],
    ["一是认定一批高新技术企业", "打造一批高新技术企业"],
    ["推动“大校、大院、大所、大企”创新链条", "加大力度实施双创升级工程"],
    ["贯彻落实《中华人民共和国科学技术进步法》《吉林省科学技术奖励办法》", "完善科技创新政策支撑体系。贯彻落实《中华人民共和国科学技术进步法》"],
    ["发挥州科技领导小组作用", "全力发挥省科技工作领导小组作用"],
    ["州及县（市）人民政府要深入贯彻落实创新驱动发展战略", "各地要加大财政科技专项资金投入"],
    ["加强对《延边州科学技术发展“十四五”规划》落实工作的具体指导", "加强对本规划落实工作的具体指导"],
  ];

  it(`pins ${SOURCES.length} clauses (at least 30)`, () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(30);
  });

  for (const [y, j] of SOURCES) {
    it(`${y.slice(0, 16)}… ← ${j.slice(0, 16)}…`, () => {
      const p = passageWith(yanbian, y);
      const source = passageWith(jilin, j);
      const top = index.echoesOf(p.id, 3);
      expect(top.map((e) => e.id)).toContain(source.id);
      // And the other way round: the Yanbian clause is an echo of the Jilin one.
      expect(index.echoesOf(source.id).map((e) => e.id)).toContain(p.id);
    });
  }
});

describe("per-sentence sources", () => {
  /**
   * The Yanbian 聚焦粮食安全 paragraph (第四章 四、聚焦农业科技) is built from seven clauses of the
   * Jilin plan's 第四节 聚焦粮食安全强化农业科技. Read by hand, sentence by sentence: each sentence's
   * source (the start of the Jilin passage it adapts), or null for the bare list labels (一是良种培育。),
   * which carry nothing to trace.
   */
  const PINNED: [string, string | null][] = [
    ["聚焦粮食安全，围绕良种培育", "围绕国家粮食安全、种质资源保护研究及利用"],
    ["一是良种培育。", null],
    ["在水稻、玉米、大豆、马铃薯", "1.良种培育技术。主要农作物育种"],
    ["二是高效种植养殖。", null],
    ["围绕主要畜禽疫病检测与防控、高效饲料", "高效种植养殖技术。围绕生态农业发展"],
    ["三是智慧农业。", null],
    ["重点开展农业信息技术、智能化农机装备", "智慧农业技术。重点开展农业信息技术"],
    ["四是农产品加工。", null],
    ["着重加强水稻、大豆深加工", "农业加工技术。重点开展以玉米为原料"],
    ["五是土地治理。", null],
    ["重点开展黑土地保护、秸秆还田", "黑土地保护技术。着力建设黑土地领域"],
  ];

  it("gives each sentence of the 聚焦粮食安全 paragraph its source, whatever the source's rank for the paragraph", () => {
    const p = passageWith(yanbian, "聚焦粮食安全，围绕良种培育");
    const src = index.sources(p.id)!;
    expect(src.sentences.map((s) => p.text.slice(...s.range).slice(0, 8))).toEqual(PINNED.map(([y]) => y.slice(0, 8)));
    const ranks: number[] = [];
    src.sentences.forEach((s, i) => {
      const [, jilinStart] = PINNED[i]!;
      if (jilinStart === null) {
        expect(s.sources, p.text.slice(...s.range)).toEqual([]);
        return;
      }
      const expected = passageWith(jilin, jilinStart);
      expect(s.sources[0]?.id, p.text.slice(...s.range)).toBe(expected.id);
      ranks.push(src.echoes.findIndex((e) => e.id === expected.id));
      // The source's spans lie in the sentence and agree with the source's text.
      for (const sp of s.sources[0]!.spans) {
        expect(sp.a[0]).toBeGreaterThanOrEqual(s.range[0]);
        expect(sp.a[1]).toBeLessThanOrEqual(s.range[1]);
        expect(norm(p.text.slice(...sp.a))).toBe(norm(expected.text.slice(...sp.b)));
      }
    });
    // Several of the right sources rank low for the paragraph as a whole: sentences find them anyway.
    expect(Math.max(...ranks)).toBeGreaterThanOrEqual(4);
  });

  it("lists the paragraph's echoes by how much of it each covers", () => {
    const p = passageWith(yanbian, "聚焦粮食安全，围绕良种培育");
    const echoes = index.echoesOf(p.id);
    expect(echoes.length).toBe(7);
    for (let i = 1; i < echoes.length; i++) expect(echoes[i - 1]!.coverage).toBeGreaterThanOrEqual(echoes[i]!.coverage);
  });

  it("finds the Jilin clause a sentence of the 两山 paragraph adapts (4th for the paragraph)", () => {
    const p = passageWith(yanbian, "忠实践行“两山”理论");
    const source = passageWith(jilin, "围绕“碳达峰、碳中和”目标，加强减碳吸碳储碳");
    const src = index.sources(p.id)!;
    const first = src.sentences[0]!;
    expect(p.text.slice(...first.range)).toContain("紧盯“碳达峰、碳中和”目标");
    expect(first.sources.map((x) => x.id)).toEqual([source.id]);
  });
});

describe("classes", () => {
  const classOf = (needle: string): string => {
    const p = passageWith(yanbian, needle);
    return mirror.passages.find((x) => x.id === p.id)!.class;
  };
  it("clauses about purely local matters are local", () => {
    for (const needle of [
      "龙井市：以提升吉林延边国家农业科技园区、延边黄牛国家现代农业产业园创新能力为重点",
      "汪清县：坚持以生态绿色食品产业为引领",
      "安图县：依托长白山资源优势",
      "敦化市：以创建全省绿色转型创新发展示范区",
      "（四）科技合作交流不断深化",
      "（一）科技创新环境不断优化。一是科技投入持续保证",
      "全州科技发展工作主要实施“1254”战略",
      "7.保健食品和特医食品技术研究。以人参为主原料",
    ])
      expect(classOf(needle), needle).toBe("local");
  });
  it("near-verbatim clauses are copied, rewritten ones adapted", () => {
    expect(classOf("（一）坚持“四个面向”。坚持面向世界科技前沿")).toBe("copied");
    expect(classOf("5.医疗器械与医用健康材料。包括先进医学影像设备")).toBe("copied");
    expect(classOf("2.化学药。包括绿色原料药及中间体")).toBe("copied");
    // Only its inline title changed (坚持统筹发展 / 坚持支撑发展); the body is verbatim: 91% covered.
    expect(classOf("（三）坚持统筹发展。统筹科技创新支撑经济")).toBe("copied");
    expect(classOf("1.中（朝）药。重点围绕人参、梅花鹿、林蛙")).toBe("adapted");
    expect(classOf("（二）面临的机遇。构建以国内大循环为主体")).toBe("adapted");
  });
  it("headings are classed by their title against the counterpart section's title", () => {
    const heading = (title: string) => {
      const p = primaryEdition(yanbian)!.passages.find((x) => x.kind === "heading" && x.path[x.path.length - 1]!.title === title)!;
      return mirror.passages.find((x) => x.id === p.id)!;
    };
    expect(heading("发展基础").class).toBe("copied");
    expect(heading("优化区域创新体系").class).toBe("copied"); // 优化区域|创新体系 covers 8 of 8
    expect(heading("完善科技创新生态").class).not.toBe("copied");
    expect(heading("加快发展各具特色的区域创新支撑点")).toMatchObject({ class: "local", echo: null });
  });
});

describe("every echo", () => {
  it("has spans whose texts agree after width folding; changes lie only between spans", () => {
    let checked = 0;
    for (const d of docs)
      for (const ed of d.editions)
        for (const p of ed.passages)
          for (const e of index.echoesOf(p.id)) {
            expect(e.docId).not.toBe(d.id); // never an edition of the same document
            expect(e.similarity).toBeGreaterThan(0);
            expect(e.similarity).toBeLessThanOrEqual(1);
            expect(e.spans.length).toBeGreaterThan(0);
            let lastA = 0;
            for (const s of e.spans) {
              expect(s.a[0]).toBeGreaterThanOrEqual(lastA);
              expect(s.a[1]).toBeLessThanOrEqual(p.text.length);
              expect(s.b[1]).toBeLessThanOrEqual(e.text.length);
              // Inside a span the texts are equal once width-folded (layout whitespace ignored);
              // the tolerated edits (substitutions, inserted/dropped items) are the gaps between spans.
              expect(norm(p.text.slice(...s.a))).toBe(norm(e.text.slice(...s.b)));
              lastA = s.a[1];
            }
            const bs = e.spans.map((s) => s.b).sort((x, y) => x[0] - y[0]);
            for (let i = 1; i < bs.length; i++) expect(bs[i]![0]).toBeGreaterThanOrEqual(bs[i - 1]![1]);
            // similarity = shared characters / shorter passage's characters (whitespace not counted)
            const shared = e.spans.reduce((n, s) => n + norm(p.text.slice(...s.a)).length, 0);
            const shorter = Math.min(norm(p.text).length, norm(e.text).length);
            expect(e.similarity).toBeCloseTo(Math.min(1, shared / shorter), 2);
            checked++;
          }
    expect(checked).toBeGreaterThan(150);
  });

  it("is never a heading or a header line, on either side", () => {
    const kindOf = new Map(docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => [p.id, p] as const))));
    for (const r of readPairs(store)) {
      expect(isClause(kindOf.get(store.ids[r.a]!)!)).toBe(true);
      expect(isClause(kindOf.get(store.ids[r.b]!)!)).toBe(true);
    }
    for (const d of docs) for (const p of primaryEdition(d)!.passages) if (!isClause(p)) expect(index.echoesOf(p.id)).toEqual([]);
    // The gazette's cover notices (各市（州）人民政府…： / 现将…印发给你们，请认真贯彻执行。) take no part.
    const notices = docs.flatMap((d) => primaryEdition(d)!.passages).filter((p) => p.path[0]?.label === "印发通知");
    expect(notices.length).toBeGreaterThan(4);
    for (const p of notices) expect(index.echoesOf(p.id)).toEqual([]);
  });

  it("is ranked: most of the passage covered first", () => {
    const p = passageWith(yanbian, "聚焦粮食安全，围绕良种培育");
    const all = index.echoesOf(p.id);
    expect(all.length).toBeGreaterThan(3);
    expect(index.echoesOf(p.id, 2)).toEqual(all.slice(0, 2));
    expect(index.echoesOf(p.id, 0)).toEqual([]);
  });
});

describe("stock phrases", () => {
  const SENTENCE = "以习近平新时代中国特色社会主义思想为指导";
  it("the formula every document uses does not make unrelated passages echoes", () => {
    const carbon = passageWith(docByTitle("吉林省碳达峰实施方案"), SENTENCE);
    const deer = passageWith(docByTitle("吉林省人民政府办公厅关于加快梅花鹿"), SENTENCE);
    expect(index.echoesOf(carbon.id).map((e) => e.id)).not.toContain(deer.id);
    expect(index.echoesOf(deer.id).map((e) => e.id)).not.toContain(carbon.id);
  });
  it("no echo rests on the formula: without it, the shared text still makes an echo", () => {
    const n = norm(SENTENCE.slice(0, -2)); // …思想为指 — the S&T plans say 为指引
    for (const d of docs)
      for (const p of primaryEdition(d)!.passages) {
        if (!norm(p.text).includes(n)) continue;
        for (const e of index.echoesOf(p.id)) {
          const outside = e.spans.map((s) => norm(p.text.slice(...s.a)).replace(n, "")).join("");
          expect(outside.length, `${p.text.slice(0, 30)} ~ ${e.text.slice(0, 30)}`).toBeGreaterThanOrEqual(store.params.minDistinctive);
        }
      }
  });
  it("formulas are shared text that weighs little: the 指导思想 echo's distinctive characters are a fraction of its shared ones", () => {
    // Yanbian's 指导思想 follows Jilin's: the political formula (以习近平…为指引，全面贯彻…精神 /
    // 落实习近平总书记视察吉林…重要讲话重要指示精神) weighs almost nothing, what only the two S&T plans
    // say (融入新发展格局 / 坚持“四个面向” / 全面提升科技创新…引领能力) counts in full.
    const y = passageWith(yanbian, "坚持科教兴州、人才强州、创新驱动");
    const j = passageWith(jilin, "关于科技创新工作的重要论述");
    const pair = [...readPairs(store)].find((r) => new Set([store.ids[r.a], store.ids[r.b]]).has(y.id) && new Set([store.ids[r.a], store.ids[r.b]]).has(j.id))!;
    expect(pair).toBeDefined();
    expect(pair.distinctive).toBeLessThan(0.75 * pair.matched);
    const section = mirror.sections.find((s) => s.a.path.length === 2 && s.a.path[1]!.title === "指导思想")!;
    expect(section.b?.path.map((h) => h.title)).toEqual(["发展思路", "指导思想"]);
  });
  it("responsibility notes (（省发展改革委、省财政厅按职责分工负责）) repeated through the clauses make no echo by themselves", () => {
    const carbon = docByTitle("吉林省碳达峰实施方案");
    const withNote = primaryEdition(carbon)!.passages.filter((p) => p.text.includes("按职责分工负责"));
    expect(withNote.length).toBeGreaterThan(20);
    // Clauses of the carbon plan that share only a note with the Jilin S&T plan: none echo it.
    for (const p of withNote) for (const e of index.echoesOf(p.id)) if (e.docId === jilin.id) expect(e.spans.map((s) => p.text.slice(...s.a)).join("")).not.toMatch(/^[^。]*按职责分工负责[)）]$/);
  });
});

describe("editions, lookups and errors", () => {
  it("a passage of a secondary edition answers through its primary twin, with spans on its own text", () => {
    const pdf = jilin.editions.find((e) => !e.primary)!;
    const p = pdf.passages.find((x) => norm(x.text).includes(norm("统筹科技创新支撑经济、社会、生态、文化发展能力同步提升")))!;
    const echoes = index.echoesOf(p.id, 3);
    expect(echoes.map((e) => e.docId)).toContain(yanbian.id);
    for (const e of echoes) for (const s of e.spans) expect(norm(p.text.slice(...s.a))).toBe(norm(e.text.slice(...s.b)));
  });
  it("unknown passage ids have no echoes; compare rejects unknown and equal ids", () => {
    expect(index.echoesOf("no-such-passage")).toEqual([]);
    expect(() => index.compare("no-such-doc", jilin.id)).toThrow(ZhangjieError);
    try {
      index.compare(yanbian.id, "no-such-doc");
    } catch (e) {
      expect((e as ZhangjieError).status).toBe(404);
    }
    try {
      index.compare(jilin.id, jilin.id);
      expect.unreachable();
    } catch (e) {
      expect((e as ZhangjieError).code).toBe("BAD_PARAMETER");
    }
  });
  it("the store survives the cache codec (index-cache) and gives the same answers", () => {
    const copy = objectFromSections(viaFile(objectSections("echo", store as unknown as Record<string, unknown>)), "echo");
    expect(isEchoStore(copy)).toBe(true);
    const again = createEchoIndex(copy as EchoStore, docs);
    const p = passageWith(yanbian, "2.化学药。包括绿色原料药及中间体");
    expect(again.echoesOf(p.id)).toEqual(index.echoesOf(p.id));
    expect(again.compare(yanbian.id, jilin.id)).toEqual(mirror);
    expect(isEchoStore({ version: 0 })).toBe(false);
  });
  it("stores every pair once, between primary editions of different documents", () => {
    const primaryIds = new Set(docs.map((d) => primaryEdition(d)!.passages.map((p) => p.id)).flat());
    const docOf = new Map(docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => [p.id, d.id] as const))));
    const seen = new Set<string>();
    for (const r of readPairs(store)) {
      const a = store.ids[r.a]!;
      const b = store.ids[r.b]!;
      expect(primaryIds.has(a) && primaryIds.has(b)).toBe(true);
      expect(docOf.get(a)).not.toBe(docOf.get(b));
      const key = [a, b].sort().join();
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});
