/**
 * Metadata read from the documents (issue 9, "Metadata read from the documents"): 文号 in all its
 * forms, dates, issuers, type, region and level by general rules, the container's hints, folders,
 * and the catalog (per file and per folder, last and strongest) — each field with its provenance.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lookupCatalog, parseCatalog } from "../../src/ingest/catalog.ts";
import type { ParsedDoc } from "../../src/ingest/editions.ts";
import { ingestCorpus, ingestFiles, parseFile } from "../../src/ingest/index.ts";
import {
  documentMeta, findDates, isDocNumberLine, issuerFromDocNumber, normalizeDocNumber, parseChineseDate, parsePromulgation,
  placeOf, readColophon, typeFromTitle, type TextFacts,
} from "../../src/ingest/metadata/index.ts";
import { relateDocuments } from "../../src/ingest/relations/index.ts";
import type { Corpus, DocumentRecord } from "../../src/model.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../corpus");
const facts = (over: Partial<TextFacts>): TextFacts => ({ title: "某某办法", titleFromText: true, docNumber: null, issuer: null, signed: null, acts: [], printed: null, ...over });

describe("文号 and 令 numbers", () => {
  it("recognises every bracket form and prints them one way", async () => {
    const forms: [string, string][] = [
      ["吉政发〔2022〕11号", "吉政发〔2022〕11号"],
      ["吉政发[2022]11号", "吉政发〔2022〕11号"],
      ["国办发【2022】1号", "国办发〔2022〕1号"],
      ["某发(2022)3号", "某发〔2022〕3号"],
      ["某政办发（２０２２）１４号", "某政办发〔2022〕14号"],
      ["吉政发 〔2022〕 11 号", "吉政发〔2022〕11号"],
      ["中华人民共和国国务院令第708号", "国务院令第708号"],
      ["中华人民共和国主席令第十号", "主席令第十号"],
      ["国务院令（第706号）", "国务院令第706号"],
    ];
    for (const [printed, canonical] of forms) {
      expect(isDocNumberLine(printed), printed).toBe(true);
      expect(normalizeDocNumber(printed), printed).toBe(canonical);
    }
    for (const t of ["2022年11号", "吉政发2022年11号文件", "国务院令第706号公布了本条例。"]) expect(isDocNumberLine(t), t).toBe(false);
  });

  it("names the issuer a 文号 names when its code is general", async () => {
    expect(["吉政发〔2022〕11号", "吉政办发〔2022〕14号", "国发〔2021〕3号", "国办发〔2022〕1号", "国务院令第706号", "主席令第十号", "某科发〔2022〕1号"].map(issuerFromDocNumber))
      .toEqual(["吉林省人民政府", "吉林省人民政府办公厅", "国务院", "国务院办公厅", "国务院", null, null]);
  });
});

describe("dates", () => {
  it("reads dates in Arabic, full-width and Chinese numerals, with 〇 or ○", async () => {
    expect(parseChineseDate("二〇二二年五月二十七日")).toBe("2022-05-27");
    expect(parseChineseDate("二○二二年五月二十七日")).toBe("2022-05-27");
    expect(parseChineseDate("２０２２年５月２７日")).toBe("2022-05-27");
    expect(findDates("自2021年7月15日起施行，2021年2月29日不是日期").map((d) => d.iso)).toEqual(["2021-07-15"]);
  });

  it("reads promulgation lines into acts with their kinds, bodies and 令 numbers", async () => {
    expect(parsePromulgation("2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议通过")).toEqual([
      { kind: "adopted", date: "2021-01-22", verb: "通过", body: "全国人民代表大会常务委员会", decree: null },
    ]);
    expect(parsePromulgation("（2010年10月28日第十一届全国人民代表大会常务委员会第十七次会议通过　根据2018年12月29日第十三届全国人民代表大会常务委员会第七次会议《关于修改〈中华人民共和国社会保险法〉的决定》修正）")!.map((a) => [a.kind, a.date, a.verb]))
      .toEqual([["adopted", "2010-10-28", "通过"], ["amended", "2018-12-29", "修正"]]);
    expect(parsePromulgation("2018年11月6日 中华人民共和国国务院令第706号公布")).toEqual([{ kind: "promulgated", date: "2018-11-06", verb: "公布", body: "国务院", decree: "国务院令第706号" }]);
    expect(parsePromulgation("自2021年7月15日起施行")).toEqual([{ kind: "effective", date: "2021-07-15", verb: "施行", body: null, decree: null }]);
    expect(parsePromulgation("2018年9月6日 国务院第23次常务会议修订通过")![0]).toMatchObject({ kind: "amended", verb: "修订", body: "国务院" });
    for (const t of ["2022年7月22日", "本条例自2019年3月1日起施行。", "2025年1月1日起，全省推行新制度。"]) expect(parsePromulgation(t), t).toBeNull();
  });

  it("reads 印发 and 抄送 lines as metadata", async () => {
    expect(readColophon("吉林省人民政府办公厅　2022年5月27日印发")).toEqual({ kind: "printed", issuer: "吉林省人民政府办公厅", date: "2022-05-27" });
    expect(readColophon("抄送：省委各部门，省人大常委会办公厅。")).toEqual({ kind: "copied" });
    expect(readColophon("各地要及时印发实施方案。")).toBeNull();
  });
});

describe("issuer, type, region and level by general rules", () => {
  it("derives region and level from a body's name by its suffixes", async () => {
    const cases: [string, string | null, string][] = [
      ["吉林省人民政府", "吉林省", "province"],
      ["延边朝鲜族自治州人民政府", "延边州", "prefecture"],
      ["黔东南苗族侗族自治州人民政府", "黔东南州", "prefecture"],
      ["长春市科学技术局", "长春市", "prefecture"],
      ["吉林省长春市人民政府", "长春市", "prefecture"],
      ["安图县人民政府", "安图县", "county"],
      ["上海市人民代表大会常务委员会", "上海市", "province"],
      ["广西壮族自治区人民政府办公厅", "广西壮族自治区", "province"],
      ["国务院", "全国", "national"],
      ["全国人民代表大会常务委员会", "全国", "national"],
      ["最高人民法院", "全国", "national"],
      ["科学技术部", "全国", "national"],
      ["国家市场监督管理总局", "全国", "national"],
    ];
    for (const [name, region, level] of cases) expect(placeOf(name), name).toEqual({ region, level });
    expect(placeOf("城市更新领导小组")).toBeNull();
  });

  it("reads a place only at the head of a title", async () => {
    expect(placeOf("延边州科学技术发展“十四五”规划", false)).toEqual({ region: "延边州", level: "prefecture" });
    expect(placeOf("吉林省城市更新行动方案", false)).toEqual({ region: "吉林省", level: "province" });
    expect(placeOf("中华人民共和国农业技术推广法", false)).toEqual({ region: "全国", level: "national" });
    expect(placeOf("关于审理案件适用法律若干问题的规定", false)).toBeNull();
  });

  it("reads the type from the end of the title", async () => {
    const cases: [string, string | null][] = [
      ["吉林省碳达峰实施方案", "方案"], ["吉林省科学技术发展“十四五”规划", "规划"], ["关于加快梅花鹿产业发展的意见", "意见"],
      ["专利代理条例", "条例"], ["上海市实施《中华人民共和国农业技术推广法》办法", "办法"], ["中华人民共和国农业技术推广法", "法"],
      ["某某管理办法（试行）", "办法"], ["某某实施细则", "细则"], ["关于适用某法的解释", "解释"], ["某某情况", null],
    ];
    for (const [title, type] of cases) expect(typeFromTitle(title), title).toBe(type);
  });
});

describe("sources in order, the catalog last and strongest", () => {
  it("takes text first, then the container's hints, then what can be derived, then folders", async () => {
    const m = documentMeta({
      facts: facts({ title: "某县科技创新实施方案", signed: "2023-02-01" }),
      hints: { source: "html-meta", issuer: "安图县人民政府", docNumber: "安政发[2023]2号", dates: { published: "2023-02-03" }, title: "网页标题" },
      source: "吉林省/延边州/page.html",
    });
    expect(m).toMatchObject({ title: "某县科技创新实施方案", docNumber: "安政发〔2023〕2号", issuer: "安图县人民政府", date: "2023-02-01", type: "方案", region: "安图县", level: "county" });
    expect(m.dates).toEqual({ published: "2023-02-03", issued: "2023-02-01" });
    expect(m.provenance).toMatchObject({ title: "text", docNumber: "html-meta", issuer: "html-meta", dates: "text", type: "text", region: "derived", level: "derived" });
  });

  it("uses the hints' title when the text has no title line, and a folder's place when nothing else names one", async () => {
    const m = documentMeta({ facts: facts({ title: "file-stem", titleFromText: false }), hints: { source: "docx-meta", title: "某某工作要点" }, source: "延边州/2023/a.docx" });
    expect([m.title, m.type, m.region, m.level]).toEqual(["某某工作要点", "要点", "延边州", "prefecture"]);
    expect(m.provenance).toMatchObject({ title: "docx-meta", region: "folder", level: "folder" });
  });

  it("lets the catalog override every field, but not a shared file's title and 文号", async () => {
    const catalog = { title: "改过的标题", docNumber: "某发[2020]9号", issuer: "某机关", dates: { issued: "2020-01-02" }, type: "通知", region: "某省", level: "province" as const, status: "repealed" as const };
    const m = documentMeta({ facts: facts({ docNumber: "原发〔2019〕1号", signed: "2019-05-05" }), catalog, source: "a.txt" });
    expect(m).toMatchObject({ title: "改过的标题", docNumber: "某发〔2020〕9号", issuer: "某机关", date: "2020-01-02", type: "通知", region: "某省", level: "province", status: "repealed" });
    expect(Object.values(m.provenance).every((s) => s === "catalog")).toBe(true);
    const shared = documentMeta({ facts: facts({ docNumber: "原发〔2019〕1号" }), catalog, source: "a.txt", shared: true });
    expect([shared.title, shared.docNumber, shared.issuer]).toEqual(["某某办法", "原发〔2019〕1号", "某机关"]);
  });

  it("merges folder entries (outermost first) and the file's own entry", async () => {
    const cat = parseCatalog({
      "jilin/": { region: "吉林省", level: "province", dates: { issued: "2020-01-01" } },
      "jilin/yanbian/": { region: "延边州", level: "prefecture" },
      "jilin/yanbian/plan.txt": { edition: "单行本", dates: { effective: "2020-02-02" }, status: "现行有效" },
      "other.txt": { level: "nowhere" },
    });
    expect(cat.warnings.join("\n")).toMatch(/other.txt: unknown level "nowhere"/);
    expect(lookupCatalog(cat, "jilin/yanbian/plan.txt")).toEqual({ region: "延边州", level: "prefecture", edition: "单行本", dates: { issued: "2020-01-01", effective: "2020-02-02" }, status: "in-force" });
    expect(lookupCatalog(cat, "jilin/a.txt")).toEqual({ region: "吉林省", level: "province", dates: { issued: "2020-01-01" } });
    expect(lookupCatalog(cat, "hebei/a.txt")).toBeUndefined();
  });

  it("applies catalog entries through ingest and says where each field came from", async () => {
    const text = "某某市科技创新行动方案\n\n一、总体要求\n\n加快创新。\n";
    const c = await ingestFiles([
      { name: "a/plan.txt", bytes: Buffer.from(text), meta: { issuer: "某某市人民政府", region: "某某市", level: "prefecture", dates: { issued: "2021-03-04" } } },
    ]);
    const d = c.documents[0]!;
    expect([d.title, d.issuer, d.date, d.type, d.region, d.level]).toEqual(["某某市科技创新行动方案", "某某市人民政府", "2021-03-04", "方案", "某某市", "prefecture"]);
    expect(d.provenance).toMatchObject({ title: "text", issuer: "catalog", dates: "catalog", type: "text", region: "catalog", level: "catalog" });
  });

  it("reads a reader's hints through relations (ParsedDoc.hints)", async () => {
    const parsed: ParsedDoc[] = (await parseFile("p.txt", Buffer.from("第一部分　总体要求\n\n加快创新。\n"))).docs.map((p) => ({ ...p, hints: { source: "html-meta", title: "某省科技厅关于加快创新的通知", issuer: "某省科技厅", dates: { issued: "2022-01-05", published: "2022-01-06" }, region: "河北省" } }));
    const [d] = relateDocuments(parsed) as [DocumentRecord];
    expect([d.title, d.issuer, d.date, d.type, d.region, d.level]).toEqual(["某省科技厅关于加快创新的通知", "某省科技厅", "2022-01-05", "通知", "河北省", "province"]);
    expect(d.provenance).toMatchObject({ title: "html-meta", issuer: "html-meta", dates: "html-meta", region: "html-meta" });
  });
});

describe("the four seed documents", () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await ingestCorpus(CORPUS);
  });
  const meta = (title: string) => {
    const d = corpus.documents.find((x) => x.title === title)!;
    return [d.title, d.docNumber, d.issuer, d.date, d.type, d.region, d.level];
  };

  it("have title, 文号, issuer, date, type, region and level right", async () => {
    expect(meta("吉林省碳达峰实施方案")).toEqual(["吉林省碳达峰实施方案", "吉政发〔2022〕11号", "吉林省人民政府", "2022-07-22", "方案", "吉林省", "province"]);
    expect(meta("吉林省科学技术发展“十四五”规划")).toEqual(["吉林省科学技术发展“十四五”规划", "吉政办发〔2022〕11号", "吉林省人民政府办公厅", "2022-05-27", "规划", "吉林省", "province"]);
    expect(meta("吉林省人民政府办公厅关于加快梅花鹿产业发展的意见")).toEqual(["吉林省人民政府办公厅关于加快梅花鹿产业发展的意见", "吉政办发〔2022〕14号", "吉林省人民政府办公厅", "2022-06-17", "意见", "吉林省", "province"]);
    // The Yanbian plan's text names no issuer, 文号 or date; its region comes from the catalog.
    expect(meta("延边州科学技术发展“十四五”规划")).toEqual(["延边州科学技术发展“十四五”规划", null, null, null, "规划", "延边朝鲜族自治州", "prefecture"]);
  });

  it("say where each field came from", async () => {
    const d = corpus.documents.find((x) => x.title === "吉林省碳达峰实施方案")!;
    expect(d.provenance).toEqual({ title: "text", docNumber: "text", issuer: "text", dates: "text", type: "text", region: "catalog", level: "catalog" });
    expect(d.dates).toEqual({ issued: "2022-07-22" });
    expect(corpus.documents.map((x) => x.status)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
  });
});
