/**
 * Constructed cases for every structure rule (issue 10): articles, 款/项/目, units above articles,
 * head and preamble, passage kinds, and the quirks that must not matter — each with the path and the
 * citation it must produce.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/ingest/catalog.ts";
import { ingestFile } from "../../src/ingest/index.ts";
import type { DocumentRecord, Passage } from "../../src/model.ts";
import { ordinalValue, parseHeading } from "../../src/ingest/headings.ts";
import { chineseNumeral } from "../../src/ingest/structure/numerals.ts";
import { bookTitleMarks } from "../../src/ingest/structure/quirks.ts";
import { citation } from "../../src/search/citation.ts";

const md = async (name: string, text: string, meta?: CatalogEntry): Promise<DocumentRecord[]> =>
  (await ingestFile(name, Buffer.from(text, "utf8"), meta ?? { region: "测试省", level: "province" })).documents;
const only = async (text: string, name = "x.md"): Promise<DocumentRecord> => {
  const docs = await md(name, text);
  expect(docs).toHaveLength(1);
  return docs[0]!;
};
const labels = (p: Passage): string => p.path.map((h) => h.label || h.title).join(" > ");
const cite = (d: DocumentRecord, p: Passage): string => citation(d, d.editions[0]!, p.path);
/** The passage whose text starts with `start` (exactly one). */
const at = (d: DocumentRecord, start: string): Passage => {
  const found = d.editions[0]!.passages.filter((p) => p.text.startsWith(start));
  expect(found.map((p) => p.text), start).toHaveLength(1);
  return found[0]!;
};

describe("numerals", () => {
  it("reads Chinese numerals up to 千, with 零 and 〇, and Arabic digits", async () => {
    expect([ordinalValue("一千零三十四"), ordinalValue("一千二百六十"), ordinalValue("两千"), ordinalValue("一百〇五"), ordinalValue("１２３"), ordinalValue("十")]).toEqual([1034, 1260, 2000, 105, 123, 10]);
    expect(Number.isNaN(ordinalValue("第一"))).toBe(true);
  });

  it("writes them back: 1 → 一, 10 → 十, 1010 → 一千零一十", async () => {
    expect([1, 2, 10, 11, 20, 21, 105, 110, 1010, 1034, 1260].map(chineseNumeral)).toEqual(["一", "二", "十", "十一", "二十", "二十一", "一百零五", "一百一十", "一千零一十", "一千零三十四", "一千二百六十"]);
    for (let n = 1; n < 3000; n += 7) expect(ordinalValue(chineseNumeral(n))).toBe(n);
  });
});

describe("the grammar of numbered units", () => {
  it("starts an article at 第X条 whatever follows it, with 千, 零, Arabic digits and 之一", async () => {
    const cases: [string, string, number][] = [
      ["第一千零三十四条　自然人的个人信息受法律保护。", "第一千零三十四条", 1034],
      ["第十条本法所称农业技术，是指……", "第十条", 10],
      ["第1条 为了规范管理，制定本办法。", "第1条", 1],
      ["第二十条之一 国家建立……制度。", "第二十条之一", 20],
      ["第 三 条　任何单位……", "第三条", 3],
      ["第五条", "第五条", 5],
    ];
    for (const [text, label, value] of cases) expect(parseHeading(text), text).toMatchObject({ kind: "article", label, value });
  });

  it("does not take a sentence that cites an article for an article", async () => {
    for (const t of ["第二十条规定的情形，由有关部门处理。", "第三条第二款所列单位应当备案。", "第十条至第十二条的规定适用于……"]) expect(parseHeading(t), t).toBeNull();
    // With a gap it is an article even when a cross-reference word follows.
    expect(parseHeading("第二十条 规定的期限届满后，……")?.kind).toBe("article");
  });

  it("knows 编, 分编, 章, 节 and 总则 / 分则 / 附则 standing alone", async () => {
    expect(parseHeading("第四编　人格权")).toMatchObject({ kind: "part", label: "第四编", title: "人格权" });
    expect(parseHeading("第一分编　通则")).toMatchObject({ kind: "sub-part", label: "第一分编", title: "通则" });
    expect(parseHeading("附　则")).toMatchObject({ kind: "chapter", label: "附则", title: "" });
    expect(parseHeading("总则")).toMatchObject({ kind: "chapter", label: "总则" });
    expect(parseHeading("总则规定的原则适用于本法。")).toBeNull();
  });
});

describe("articles, 款, 项 and 目", () => {
  const LAW = [
    "# 示范管理条例",
    "## 第一章　总则",
    "第一条　为了规范示范管理，制定本条例。",
    "第二条　本条例所称示范，是指下列活动：",
    "（一）试验；",
    "（二）推广；",
    "（三）培训。",
    "本条例所称示范单位，是指从事前款活动的单位。",
    "示范单位应当依法登记。",
    "第三条　示范单位应当具备下列条件：",
    "（一）有固定场所；",
    "（二）有专业人员，包括：",
    "1. 农业技术人员；",
    "2. 管理人员；",
    "（三）有必要的资金。",
    "## 第二章　监督管理",
    "第四条　有关部门应当加强监督。",
    "第五条　违反本条例第三条规定的，责令改正。",
  ].join("\n\n");

  it("gives every article, 款, 项 and 目 its path and the citation lawyers use", async () => {
    const d = await only(LAW);
    const expected: [string, string, string][] = [
      ["第一条", "第一章 > 第一条", "《示范管理条例》第一条"],
      ["第二条", "第一章 > 第二条 > 第一款", "《示范管理条例》第二条第一款"],
      ["（三）培训", "第一章 > 第二条 > 第一款 > （三）", "《示范管理条例》第二条第一款第（三）项"],
      // A paragraph after a list of 项 is the next 款 of the same article, never part of the last 项.
      ["本条例所称示范单位", "第一章 > 第二条 > 第二款", "《示范管理条例》第二条第二款"],
      ["示范单位应当依法登记", "第一章 > 第二条 > 第三款", "《示范管理条例》第二条第三款"],
      // An article of one 款 is cited without it; its 项 and 目 hang directly under it.
      ["第三条", "第一章 > 第三条", "《示范管理条例》第三条"],
      ["（二）有专业人员", "第一章 > 第三条 > （二）", "《示范管理条例》第三条第（二）项"],
      ["2.管理人员", "第一章 > 第三条 > （二） > 2", "《示范管理条例》第三条第（二）项第2目"],
      ["（三）有必要的资金", "第一章 > 第三条 > （三）", "《示范管理条例》第三条第（三）项"],
      ["第四条", "第二章 > 第四条", "《示范管理条例》第四条"],
      ["第五条", "第二章 > 第五条", "《示范管理条例》第五条"],
    ];
    for (const [start, path, cited] of expected) {
      const p = at(d, start);
      expect(labels(p), start).toBe(path);
      expect(cite(d, p), start).toBe(cited);
    }
    expect(at(d, "（三）培训").path.map((h) => h.kind)).toEqual(["chapter", "article", "kuan", "xiang"]);
    expect(at(d, "2.管理人员").path.map((h) => h.kind)).toEqual(["chapter", "article", "xiang", "mu"]);
  });

  it("puts articles in the outline under their chapter, and not their 款 or 项", async () => {
    const d = await only(LAW);
    const outline = d.editions[0]!.outline.map((n) => `${n.label}:${n.children.map((c) => c.label).join(",")}`);
    expect(outline).toEqual(["第一章:第一条,第二条,第三条", "第二章:第四条,第五条"]);
  });

  it("cites a chapter heading by its path, as for plans", async () => {
    const d = await only(LAW);
    expect(cite(d, at(d, "第二章"))).toBe("《示范管理条例》第二章“监督管理”");
  });

  it("nests 编 > 分编 > 章 > 节 > 条 and keeps articles numbered with 千", async () => {
    const code = [
      "# 示范法典",
      "第四编　人格权", "第一章　一般规定", "第九百八十九条　本编调整因人格权的享有和保护产生的民事关系。",
      "第六章　隐私权和个人信息保护", "第一千零三十二条　自然人享有隐私权。", "第一千零三十四条　自然人的个人信息受法律保护。", "个人信息是以电子或者其他方式记录的……信息。",
      "第五编　婚姻家庭", "第一分编　通则", "第一节　一般规定", "第一千零四十条　本编调整因婚姻家庭产生的民事关系。",
      "附　则", "第一千二百六十条　本法自2021年1月1日起施行。",
    ].join("\n\n");
    const d = await only(code);
    expect(labels(at(d, "第一千零三十四条"))).toBe("第四编 > 第六章 > 第一千零三十四条 > 第一款");
    expect(cite(d, at(d, "个人信息是以"))).toBe("《示范法典》第一千零三十四条第二款");
    expect(labels(at(d, "第一千零四十条"))).toBe("第五编 > 第一分编 > 第一节 > 第一千零四十条");
    expect(labels(at(d, "第一千二百六十条"))).toBe("附则 > 第一千二百六十条");
    expect(at(d, "第一千零四十条").path.map((h) => h.kind)).toEqual(["part", "sub-part", "section", "article"]);
  });
});

describe("head, preamble and the lines that carry only metadata", () => {
  const INTERPRETATION = [
    "# 关于审理示范纠纷案件适用法律若干问题的规定",
    "2021年6月8日 最高人民法院审判委员会第1841次会议通过",
    "自2021年8月1日起施行",
    "<!-- INFO END -->",
    "为正确审理示范纠纷案件，根据有关法律，结合审判实践，制定本规定。",
    "第一条　本规定适用于示范纠纷案件。",
    "第二条　人民法院应当依法审理。",
  ].join("\n\n");

  it("reads promulgation lines into dated acts and keeps them out of the passages", async () => {
    const d = await only(INTERPRETATION);
    expect(d.dates).toEqual({ adopted: "2021-06-08", effective: "2021-08-01" });
    expect([d.issuer, d.date, d.type, d.region, d.level]).toEqual(["最高人民法院", "2021-06-08", "规定", "测试省", "province"]);
    const texts = d.editions[0]!.passages.map((p) => p.text);
    expect(texts.some((t) => /会议通过|起施行$|INFO/.test(t))).toBe(false);
  });

  it("makes the preamble a passage of its own, labelled 序言, not fused with the head", async () => {
    const d = await only(INTERPRETATION);
    const p = at(d, "为正确审理");
    expect(p.text).toBe("为正确审理示范纠纷案件，根据有关法律，结合审判实践，制定本规定。");
    expect([p.kind, p.path]).toEqual(["paragraph", [{ label: "序言", title: "", kind: "preamble" }]]);
    expect(cite(d, p)).toBe("《关于审理示范纠纷案件适用法律若干问题的规定》序言");
    expect(labels(at(d, "第一条"))).toBe("第一条");
  });

  it("reads a 令 number, its body and every kind of date from the head", async () => {
    const d = await only([
      "示范代理条例",
      "（1991年3月4日中华人民共和国国务院令第76号发布　根据2018年9月6日国务院第23次常务会议修订通过　2018年11月6日中华人民共和国国务院令第706号公布　自2019年3月1日起施行）",
      "第一章　总则", "第一条　为了规范代理行为，制定本条例。",
    ].join("\n\n"), "x.txt");
    expect([d.docNumber, d.issuer, d.date]).toEqual(["国务院令第706号", "国务院", "2018-11-06"]);
    expect(d.dates).toEqual({ amended: ["2018-09-06"], promulgated: "2018-11-06", effective: "2019-03-01", issued: "2018-11-06" });
    expect(d.editions[0]!.passages.map((p) => p.kind)).toEqual(["header", "heading", "paragraph"]);
  });

  it("labels an addressee line, keeps title, 文号 and signature as header passages and 印发/抄送 lines as metadata", async () => {
    const notice = [
      "某省人民政府办公厅关于加强示范工作的通知",
      "某政办发〔2023〕5号",
      "各市（州）人民政府，省政府各厅委办、各直属机构：",
      "为加强示范工作，经省政府同意，现就有关事项通知如下。",
      "一、提高认识",
      "示范工作是重要工作。",
      "某省人民政府办公厅",
      "二〇二三年三月六日",
      "抄送：省委各部门，省人大常委会办公厅。",
      "某省人民政府办公厅　2023年3月7日印发",
    ].join("\n\n");
    const d = await only(notice, "n.md");
    const kinds = d.editions[0]!.passages.map((p) => `${p.kind}:${labels(p)}:${p.text.slice(0, 6)}`);
    expect(kinds).toEqual([
      "header:某省人民政府办公厅关于加强示范工作的通知:某省人民政府",
      "header::某政办发〔2",
      "header:主送:各市（州）人",
      "paragraph:序言:为加强示范工",
      "heading:一:一、提高认识",
      "paragraph:一:示范工作是重",
      "header::某省人民政府",
      "header::二〇二三年三",
    ]);
    expect([d.docNumber, d.issuer, d.date, d.type]).toEqual(["某政办发〔2023〕5号", "某省人民政府办公厅", "2023-03-06", "通知"]);
    expect(d.editions[0]!.text).not.toContain("抄送");
    expect(d.editions[0]!.text).not.toContain("印发");
  });

  it("keeps a text without any numbered unit as plain body, not a preamble", async () => {
    const d = await only("示范简报\n\n今年示范工作进展顺利。\n\n各地要继续努力。\n", "b.txt");
    expect(d.editions[0]!.passages.map((p) => [p.kind, p.path.length])).toEqual([["header", 1], ["paragraph", 0], ["paragraph", 0]]);
  });
});

describe("quirks that must not matter", () => {
  const base = ["# 示范条例", "## 第一章　总则", "第一条　为了规范，制定本条例。", "第二条　本条例适用于示范。", "## 第二章　附则", "第三条　本条例自公布之日起施行。"];
  let reference: DocumentRecord;
  beforeAll(async () => {
    reference = await only(base.join("\n\n"));
  });
  const shape = (d: DocumentRecord) => d.editions[0]!.passages.map((p) => `${p.kind}|${labels(p)}`);

  it("reads headings with tabs, no-break, ideographic and zero-width characters the same", async () => {
    const variants = [
      base.map((l) => l.replace("第一章　总则", "第一章\t总则").replace("第二章　附则", "第\u00a0二\u00a0章\u00a0附则")),
      base.map((l) => l.replace("第一章", "第一\u200b章").replace("第二条", "第\u200d二条").replace("第三条", "\ufeff第三条")),
      base.map((l) => l.replace("第一章　总则", "第 一 章\u3000\u3000总 则")),
    ];
    for (const v of variants) {
      const d = await only(v.join("\n\n"));
      expect(shape(d)).toEqual(shape(reference));
      expect(d.editions[0]!.text).not.toMatch(/[\u200b-\u200d\ufeff\t]/);
      expect(labels(at(d, "第三条"))).toBe("第二章 > 第三条");
    }
  });

  it("puts a heading whose title is on the next line back together, and an article label with its text", async () => {
    const d = await only(["# 示范条例", "第一章", "总则", "第一条", "为了规范，制定本条例。", "第二条　本条例适用于示范。", "第二章", "附则", "第三条　本条例自公布之日起施行。"].join("\n\n"));
    expect(shape(d)).toEqual(shape(reference));
    expect(at(d, "第一章").text).toBe("第一章　总则");
    expect(at(d, "第一条").text).toBe("第一条　为了规范，制定本条例。");
  });

  it("splits several articles printed on one line, and a chapter printed with its articles", async () => {
    const d = await only(["# 示范条例", "第一章　总则 第一条　为了规范，制定本条例。第二条　本条例适用于示范。", "第二章　附则", "第三条　本条例自公布之日起施行。"].join("\n\n"));
    expect(shape(d)).toEqual(shape(reference));
    expect(cite(d, at(d, "第二条"))).toBe("《示范条例》第二条");
  });

  it("does not split at a cross-reference to an article inside a sentence", async () => {
    const d = await only(["# 示范条例", "第一条　依照本条例第二条的规定办理。第二条所列单位除外。", "第二条　本条例适用于示范。"].join("\n\n"));
    expect(d.editions[0]!.passages.map((p) => p.text.slice(0, 3))).toEqual(["示范条", "第一条", "第二条"]);
  });

  it("drops Markdown comments and prints <…> and 〈…〉 inside 《》 as 〈…〉", async () => {
    const d = await only(["# 示范条例", "<!-- 转换说明\n多行注释 -->", "第一条　根据《关于修改<示范法>的决定》和《实施〈示范法〉办法》，制定本条例。<!-- 尾注 -->"].join("\n\n"));
    expect(at(d, "第一条").text).toBe("第一条　根据《关于修改〈示范法〉的决定》和《实施〈示范法〉办法》，制定本条例。");
    expect(d.editions[0]!.text).not.toMatch(/<!--|注释/);
    expect(bookTitleMarks("《上海市实施《示范法》办法》与 a<b")).toBe("《上海市实施〈示范法〉办法》与 a<b");
  });

  it("cites a title holding 《》 with 〈〉", async () => {
    const d = await only(["# 上海市实施《中华人民共和国示范法》办法", "第一条　为了实施《中华人民共和国示范法》，制定本办法。", "本办法适用于本市。"].join("\n\n"));
    expect(d.title).toBe("上海市实施《中华人民共和国示范法》办法");
    expect(cite(d, at(d, "本办法适用于本市"))).toBe("《上海市实施〈中华人民共和国示范法〉办法》第一条第二款");
    expect([d.region, d.level, d.type]).toEqual(["测试省", "province", "办法"]);
  });

  it("restores a chapter label lost in conversion when the chapter numbers leave exactly its gap", async () => {
    const d = await only(["# 示范法", "## 第一章 总则", "第一条　为了规范，制定本法。", "推广体系", "第二条　国家建立推广体系。", "## 第三章 附则", "第三条　本法自公布之日起施行。"].join("\n\n"));
    expect(at(d, "第二章").text).toBe("第二章\u3000推广体系");
    expect(labels(at(d, "第二条"))).toBe("第二章 > 第二条");
    // Without the gap, the same line is a paragraph of the article before it.
    const e = await only(["# 示范法", "## 第一章 总则", "第一条　为了规范，制定本法。", "推广体系", "第二条　国家建立推广体系。", "## 第二章 附则", "第三条　本法自公布之日起施行。"].join("\n\n"));
    expect(labels(at(e, "推广体系"))).toBe("第一章 > 第一条 > 第二款");
  });
});
