/**
 * Focused unit tests of the repair and structure steps, with offsets and edge cases.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_WIDTHS, endsSentence, removeStraySpaces, visualWidth } from "../../src/ingest/chars.ts";
import { calibrateWidths, isPageMark, pdfTextToBlocks } from "../../src/ingest/repair-pdf-text.ts";
import { markdownToBlocks } from "../../src/ingest/markdown-blocks.ts";
import { ordinalValue, parseHeading } from "../../src/ingest/headings.ts";
import { placeBlocks } from "../../src/ingest/section-tree.ts";
import type { RoleBlock } from "../../src/ingest/gazette-split.ts";
import { splitDocuments, titleKey } from "../../src/ingest/gazette-split.ts";
import { parseChineseDate, transmittedTitle } from "../../src/ingest/metadata.ts";
import { buildEdition } from "../../src/ingest/passages.ts";
import { splitLongText } from "../../src/ingest/blocks.ts";
import { decodeBytes } from "../../src/ingest/formats/decode-text.ts";
import { documentId, editionId, passageId, sourceStem } from "../../src/ingest/ids.ts";

/** A fake PDF page: lines of `width` characters (full-width), paragraphs indented by two. */
const FULL = "一二三四五六七八九十一二三四五六七八九十"; // 20 characters

describe("page marks", () => {
  it("recognises page marks in their printed forms", () => {
    for (const m of ["—２１—", "— 18 — ", "- 3 -", "－５－", "第 3 页", "第3页 共40页", "3/40"]) expect(isPageMark(m), m).toBe(true);
    for (const t of ["—— 坚持融合发展", "２０２１—２０３５年", "—２１—２２", "第三页"]) expect(isPageMark(t), t).toBe(false);
  });

  it("drops them between lines and joins the paragraph around them", () => {
    const text = `${FULL}\n\n—２１—\n\n结尾。\n`;
    const r = pdfTextToBlocks(text);
    expect(r.pageMarks).toBe(1);
    expect(r.blocks.map((b) => b.text)).toEqual([`${FULL}结尾。`]);
  });
});

describe("line joining and paragraph recovery", () => {
  const page = (...lines: string[]) => lines.join("\n\n") + "\n";

  it("joins words broken across lines and keeps full-width characters", () => {
    const r = pdfTextToBlocks(page(`${FULL.slice(0, 18)}梅花`, `鹿产业发展“军令`, `状”机制。`, `${FULL}`, `${FULL}`));
    expect(r.blocks[0]!.text).toBe(`${FULL.slice(0, 18)}梅花鹿产业发展“军令状”机制。`);
  });

  it("ends a paragraph at a short line with a closing mark", () => {
    const r = pdfTextToBlocks(page(FULL, "第一段结束。", FULL.slice(2), FULL, "第二段结束。", FULL, FULL));
    expect(r.blocks.map((b) => b.text.slice(-6))).toEqual(["第一段结束。", "第二段结束。", FULL.slice(-6)]);
  });

  it("ends a paragraph flush with the margin when the next line is indented", () => {
    const r = pdfTextToBlocks(page(FULL, FULL.slice(0, 19) + "。", FULL.slice(2), FULL, FULL, FULL, FULL));
    expect(r.blocks).toHaveLength(2);
    expect(r.blocks[0]!.text.endsWith("。")).toBe(true);
  });

  it("does not end a paragraph at a full line that happens to end a sentence", () => {
    const r = pdfTextToBlocks(page(FULL, FULL.slice(0, 19) + "。", FULL, "结尾。", FULL, FULL, FULL));
    expect(r.blocks[0]!.text).toBe(`${FULL}${FULL.slice(0, 19)}。${FULL}结尾。`);
  });

  it("starts a new block at every heading, even after a line without a closing mark", () => {
    const r = pdfTextToBlocks(page("规划标题", "第一章　发展基础", FULL, "末句。", "第一节　发展成就", FULL, FULL, FULL));
    expect(r.blocks.map((b) => b.text)).toEqual(["规划标题", "第一章　发展基础", `${FULL}末句。`, "第一节　发展成就", `${FULL}${FULL}${FULL}`]);
  });

  it("removes stray layout spaces but keeps spaces between Latin words", () => {
    expect(removeStraySpaces("贯彻落实 《中华人民共和国》 （吉政发 〔２０１８〕３１号）")).toBe("贯彻落实《中华人民共和国》（吉政发〔２０１８〕３１号）");
    expect(removeStraySpaces("到 2025 年，整车 EE 架构与 CHTEM II")).toBe("到2025年，整车EE架构与CHTEM II");
    expect(removeStraySpaces("第一章　　发展基础")).toBe("第一章发展基础");
  });

  it("measures width in em: CJK 1, ASCII and spaces ½", () => {
    expect(visualWidth("梅花鹿")).toBe(3);
    expect(visualWidth("R&D 10")).toBe(3);
    expect(visualWidth("　梅")).toBe(1);
  });

  it("assembles a table's rows, including rows broken over several lines", () => {
    const r = pdfTextToBlocks(page(FULL, "目标。", "主要指标", "序号 指标名称 ２０２０年 ２０２５年", "１", "研究与试验发展经费支出占地区生产总值", "比重 （％） １３０ ＞２００", "２ 高新技术企业数量 （家） ２４９５ ５０００", FULL.slice(2), "结尾。"));
    const table = r.blocks.find((b) => b.kind === "table")!;
    expect(table.text.split(" | ")).toEqual([
      "主要指标",
      "序号 指标名称 ２０２０年 ２０２５年",
      "１ 研究与试验发展经费支出占地区生产总值比重 （％） １３０ ＞２００",
      "２ 高新技术企业数量 （家） ２４９５ ５０００",
    ]);
    expect(r.blocks.at(-1)!.text).toBe(`${FULL.slice(2)}结尾。`);
  });
});

describe("width calibration", () => {
  const page = (...lines: string[]) => lines.join("\n\n") + "\n";
  const linesOf = (text: string) => text.split("\n").filter(Boolean);
  // Full lines whose digits print ½ em and whose extraction spaces are ¼ em gaps (20 em each).
  const MIXED = "一二三四五六七 398 项，获 1 项，以及 2 项的";
  // Spaces that are pure layout debris (0 em): 20 ideographs plus two spaces is still a full line.
  const SPACED = "一二三四五 六七八九十一二三四五 六七八九十";

  it("keeps the default for text of ideographs only, and finds each document's own widths", () => {
    expect(calibrateWidths([FULL, FULL, "结尾。"])).toEqual(DEFAULT_WIDTHS);
    const m = calibrateWidths(linesOf(page(FULL, MIXED, FULL, MIXED, FULL, MIXED, "结尾。")));
    expect([m.space, m.ascii]).toEqual([0.25, 0.5]);
    expect(visualWidth(MIXED, m)).toBe(20);
    expect(visualWidth(MIXED)).toBe(21.5); // the default over-measures it
    expect(calibrateWidths(linesOf(page(FULL, SPACED, FULL, SPACED, FULL, "结尾。"))).space).toBe(0);
  });

  it("joins a 。 line that is within a character of the measure once digits and spaces are measured right", () => {
    // "…获 1.3 亿。" is 19 em: a wrapped line whose paragraph ends on the short line after it.
    // Counting the spaces as nothing (18 em) would have ended the paragraph there.
    const r = pdfTextToBlocks(page(FULL, MIXED, FULL, MIXED, "一二三四五六七八九十 398 项，获 1.3 亿。", "其中国家级项目 10 项。", MIXED, FULL, "结尾。"));
    expect(r.widths.space).toBe(0.25);
    expect(r.blocks).toHaveLength(2);
    expect(r.blocks[0]!.text.endsWith("398项，获1.3亿。其中国家级项目10项。")).toBe(true);
    expect(r.blocks[1]!.text).toBe(`一二三四五六七398项，获1项，以及2项的${FULL}结尾。`);
  });

  it("does not let layout spaces make a paragraph's short last line pass for a full one", () => {
    const last = "一 二 三 四 五 六 七八九十一二三四五。"; // 16 ideographs and 6 stray spaces
    expect(visualWidth(last)).toBe(19); // by the default it would be nearly full …
    const r = pdfTextToBlocks(page(FULL, SPACED, FULL, last, "一二三四五六七八九十一二三四。", FULL.slice(2), FULL, SPACED, FULL, "结尾。"));
    expect(r.widths.space).toBe(0);
    // … and the one-line paragraph after it would have been taken for its last line.
    expect(r.blocks.map((b) => b.text.slice(-5))).toEqual(["二三四五。", "一二三四。", "八九十结尾。".slice(-5)]);
  });
});

describe("专栏 boxes printed inside a paragraph (PDF text)", () => {
  const page = (...lines: string[]) => lines.join("\n\n") + "\n";
  // Box text is set wider (35 em) than the body (20 em).
  const ITEM1 = ["1.新一代信息技术。围绕新一代人工智能、大数据分析应用与现代社会治理融合", "等关键技术攻关。"];
  const ITEM2 = ["2.新材料技术。加快先进复合材料、高性能结构材料、新型储能材料、无机非金", "属材料等产品研发。"];
  const CUT = "一二三四五六七八九十一二制药设备与检测仪"; // a full line that ends mid-word
  const REST = ["器、医疗与健康服务等板块。加快建设敦化国家", "医药城。"];
  const tree = (text: string) => placeBlocks(pdfTextToBlocks(text).blocks.map((b) => ({ ...b, role: "body" as const }))).placed
    .map((p) => `${p.kind}:${p.path.map((r) => r.label).join(">")}:${p.text.slice(0, 6)}`);
  const JOINED = `${FULL.slice(2)}${FULL}${CUT}${REST.join("")}`;

  it("rejoins the paragraph whole and brings the box body back under a heading printed before it", () => {
    const text = page("二、攻关关键技术", FULL.slice(2), FULL, "开展攻关。", "专栏２：关键技术攻关方向",
      "三、壮大医药健康产业", FULL.slice(2), FULL, CUT, ...ITEM1, ...ITEM2, ...REST, "四、聚焦农业科技", FULL.slice(2), "结尾。");
    const blocks = pdfTextToBlocks(text).blocks;
    expect(blocks.map((b) => b.text)).toContain(JOINED);
    expect(tree(text)).toEqual([
      "heading:二:二、攻关关键", "paragraph:二:三四五六七八", "heading:二>专栏2:专栏２：关键",
      "paragraph:二>专栏2>1:1.新一代信", "paragraph:二>专栏2>2:2.新材料技",
      "heading:三:三、壮大医药", `paragraph:三:${JOINED.slice(0, 6)}`, "heading:四:四、聚焦农业", "paragraph:四:三四五六七八",
    ]);
  });

  it("moves a box printed with its heading inside the paragraph to after the paragraph", () => {
    const text = page("三、壮大医药健康产业", FULL.slice(2), FULL, CUT, "专栏２：关键技术攻关方向", ...ITEM1, ...ITEM2, ...REST,
      "四、聚焦农业科技", FULL.slice(2), FULL, FULL, "结尾。");
    expect(pdfTextToBlocks(text).blocks.map((b) => b.text.slice(0, 6))).toEqual(["三、壮大医药", JOINED.slice(0, 6), "专栏２：关键", "1.新一代信", "2.新材料技", "四、聚焦农业", "三四五六七八"]);
    expect(tree(text)).toEqual([
      "heading:三:三、壮大医药", `paragraph:三:${JOINED.slice(0, 6)}`, "heading:三>专栏2:专栏２：关键",
      "paragraph:三>专栏2>1:1.新一代信", "paragraph:三>专栏2>2:2.新材料技", "heading:四:四、聚焦农业", "paragraph:四:三四五六七八",
    ]);
    expect(pdfTextToBlocks(text).blocks.map((b) => b.text)).toContain(JOINED);
  });
});

describe("sentence ends", () => {
  it("treats closing marks and a note after a full sentence as ends, 县（市） as not", () => {
    expect(endsSentence("开展试点。")).toBe(true);
    expect(endsSentence("“军令状”。”")).toBe(true);
    expect(endsSentence("各有关单位：")).toBe(true);
    expect(endsSentence("全面完成。（省能源局负责）")).toBe(true);
    expect(endsSentence("各县(市)")).toBe(false);
    expect(endsSentence("创新型县（市）开展")).toBe(false);
    expect(endsSentence("提前")).toBe(false);
  });
});

describe("heading recognition", () => {
  it("recognises each numbering kind with a canonical label and the title", () => {
    const cases: [string, string, string, string, boolean][] = [
      ["第四章　推进关键核心技术攻关", "chapter", "第四章", "推进关键核心技术攻关", false],
      ["第二节 攻关关键技术支撑产业发展", "section", "第二节", "攻关关键技术支撑产业发展", false],
      ["一、发展成就", "cn", "一", "发展成就", false],
      ["（二）工作原则。", "paren-cn", "（二）", "工作原则", false],
      ["(五) 加强良种繁育。实施梅花鹿种质资源保护工程。", "paren-cn", "（五）", "加强良种繁育", true],
      ["（一）科技创新环境不断优化。一是科技投入持续保证。", "paren-cn", "（一）", "科技创新环境不断优化", true],
      ["1. 大力发展新能源。推动风电发展。", "num", "1", "大力发展新能源", true],
      ["１．汽车产业技术", "num", "1", "汽车产业技术", false],
      ["（3）细则", "paren-num", "（3）", "细则", false],
      ["专栏１　产业技术创新重点方向", "box", "专栏1", "产业技术创新重点方向", false],
      ["专栏 1：“十四五”时期全州科技发展目标", "box", "专栏1", "“十四五”时期全州科技发展目标", false],
      ["——坚持融合发展。加快要素融合。", "dash", "——", "坚持融合发展", true],
      ["———着眼１个创新远景目标。着眼２０３５。", "dash", "——", "着眼１个创新远景目标", true],
      ["第二十三条 本办法自发布之日起施行。", "article", "第二十三条", "", true],
      ["第一条【立法目的】为了规范管理，制定本条例。", "article", "第一条", "立法目的", true],
    ];
    for (const [text, kind, label, title, inline] of cases) {
      expect(parseHeading(text), text).toMatchObject({ kind, label, title, inline });
    }
  });

  it("does not take numbers, years, decimals or cross-references for headings", () => {
    for (const t of ["2025年，全省创新主体充满活力。", "1.5亿元用于科技投入。", "４２６家企业", "第三章规定的各项措施要落实到位，确保取得实效，推动高质量发展，各地要认真执行。", "一是科技投入持续保证。"]) {
      expect(parseHeading(t), t).toBeNull();
    }
    expect(parseHeading("１汽车产业技术。重点突破。", { bareNumber: true })).toMatchObject({ kind: "num", label: "1", title: "汽车产业技术" });
    expect(parseHeading("１汽车产业技术。重点突破。")).toBeNull();
  });

  it("reads Chinese ordinals", () => {
    expect([ordinalValue("四"), ordinalValue("十一"), ordinalValue("二十三"), ordinalValue("一百零五"), ordinalValue("１２")]).toEqual([4, 11, 23, 105, 12]);
  });
});

describe("nesting", () => {
  const body = (...texts: string[]): RoleBlock[] => texts.map((text) => ({ text, kind: "text", role: "body" }));
  const paths = (blocks: RoleBlock[]) => placeBlocks(blocks).placed.map((p) => `${p.kind}:${p.path.map((r) => r.label).join(">")}`);

  it("nests by what encloses what: 一、 under 第X章 here, under 第X节 there", () => {
    expect(paths(body("第一章 甲", "一、乙", "（一）丙。正文。", "二、丁", "第二章 戊", "一、己"))).toEqual([
      "heading:第一章", "heading:第一章>一", "paragraph:第一章>一>（一）", "heading:第一章>二", "heading:第二章", "heading:第二章>一",
    ]);
    expect(paths(body("第一章 甲", "第一节 乙", "一、丙", "第二节 丁", "正文。", "第二章 戊"))).toEqual([
      "heading:第一章", "heading:第一章>第一节", "heading:第一章>第一节>一", "heading:第一章>第二节", "paragraph:第一章>第二节", "heading:第二章",
    ]);
  });

  it("lets clause heads enclose their numbered items, and dash items label only themselves", () => {
    expect(paths(body("三、任务", "（一）行动。正文。", "1. 甲。正文。", "2. 乙。正文。", "（二）行动。正文。", "——原则。说明。", "正文。"))).toEqual([
      "heading:三", "paragraph:三>（一）", "paragraph:三>（一）>1", "paragraph:三>（一）>2", "paragraph:三>（二）", "paragraph:三>（二）>——", "paragraph:三>（二）",
    ]);
  });

  it("keeps box items and tables under the box and closes it at the next plain paragraph", () => {
    const blocks: RoleBlock[] = [...body("第二节 甲", "专栏３　重点方向", "１良种培育。正文。", "２种植养殖。正文。"),
      { text: "序号 指标 | 1 甲 2", kind: "table", role: "body" }, ...body("加强管理。正文。")];
    expect(paths(blocks)).toEqual([
      "heading:第二节", "heading:第二节>专栏3", "paragraph:第二节>专栏3>1", "paragraph:第二节>专栏3>2", "table:第二节>专栏3", "paragraph:第二节",
    ]);
  });

  it("gives passages without any heading an empty path", () => {
    expect(paths(body("正文一。", "正文二。"))).toEqual(["paragraph:", "paragraph:"]);
  });
});

describe("gazette Markdown", () => {
  it("ignores # levels, strips markup and rejoins a paragraph cut by a page", () => {
    const md = "## 第二节 甲\n\n#### 第一章 乙\n\n**光电技术。**围绕核心器件，提前\n\n布局碳中和。\n\n3. 全彩色超高清 $\\mu$ LED 显示器。\n";
    expect(markdownToBlocks(md).map((b) => b.text)).toEqual(["第二节 甲", "第一章 乙", "光电技术。围绕核心器件，提前布局碳中和。", "3.全彩色超高清μ LED显示器。"]);
  });

  it("moves a table printed into a paragraph after it, caption included", () => {
    const md = "### 第三节 发展目标\n\n到2025年，全省创新主体充满活力，创新\n\n主要指标\n\n序号\t指标\n1\t甲\n\n链与产业链有机衔接。\n";
    expect(markdownToBlocks(md).map((b) => [b.kind, b.text])).toEqual([
      ["text", "第三节 发展目标"],
      ["text", "到2025年，全省创新主体充满活力，创新链与产业链有机衔接。"],
      ["table", "主要指标 | 序号 指标 | 1 甲"],
    ]);
  });
});

describe("documents and metadata", () => {
  it("parses Chinese dates to ISO and refuses impossible ones", () => {
    expect(parseChineseDate("2022年7月22日")).toBe("2022-07-22");
    expect(parseChineseDate("２０２２年５月２７日")).toBe("2022-05-27");
    expect(parseChineseDate("二〇二二年六月十七日")).toBe("2022-06-17");
    expect(parseChineseDate("2022年2月30日")).toBeNull();
    expect(parseChineseDate("2022年7月")).toBeNull();
  });

  it("finds the transmitted title of a 印发 notice", () => {
    expect(transmittedTitle("吉林省人民政府关于印发吉林省碳达峰实施方案的通知")).toBe("吉林省碳达峰实施方案");
    expect(transmittedTitle("某某办公厅关于印发《某某办法》的通知")).toBe("某某办法");
    expect(transmittedTitle("吉林省人民政府办公厅关于加快梅花鹿产业发展的意见")).toBeNull();
    expect(titleKey("吉林省科学技术发展\"十四五\" 规划")).toBe(titleKey("吉林省科学技术发展“十四五”规划"));
  });

  it("splits documents at official titles followed by a 文号 and drops front matter", () => {
    const blocks = ["公报", "目录", "某省人民政府关于印发某某方案的通知", "某政发〔2022〕1号", "各市：", "现将《某某方案》印发给你们。", "某省人民政府", "2022年1月2日", "某某方案", "一、总则", "正文。",
      "某省人民政府办公厅关于加快某产业发展的意见", "某政办发〔2022〕2号", "各市：", "一、要求", "正文。", "某省人民政府办公厅", "2022年3月4日", "《某省人民政府公报》简介", "简介正文。"]
      .map((text) => ({ text, kind: "text" as const }));
    const r = splitDocuments(blocks, "file");
    expect(r.docs.map((d) => [d.title, d.noticeTitle, d.docNumber, d.issuer, d.date])).toEqual([
      ["某某方案", "某省人民政府关于印发某某方案的通知", "某政发〔2022〕1号", "某省人民政府", "2022-01-02"],
      ["某省人民政府办公厅关于加快某产业发展的意见", null, "某政办发〔2022〕2号", "某省人民政府办公厅", "2022-03-04"],
    ]);
    expect(r.docs[1]!.blocks.map((b) => b.text)).not.toContain("简介正文。");
    expect(r.warnings.join("\n")).toMatch(/front matter/);
  });
});

describe("passages, offsets and ids", () => {
  it("builds canonical text with exact offsets, reading order and outline", () => {
    const e = buildEdition({
      docId: "doc-x", editionId: "doc-x~src", name: "n", source: "src.txt", primary: true,
      blocks: [
        { text: "第一章 总则", kind: "heading", path: [{ label: "第一章", title: "总则" }], outline: true },
        { text: "正文。", kind: "paragraph", path: [{ label: "第一章", title: "总则" }], outline: false },
        { text: "正文。", kind: "paragraph", path: [{ label: "第一章", title: "总则" }], outline: false },
        { text: "一、目的", kind: "heading", path: [{ label: "第一章", title: "总则" }, { label: "一", title: "目的" }], outline: true },
      ],
    });
    expect(e.text).toBe("第一章 总则\n正文。\n正文。\n一、目的");
    expect(e.passages.map((p) => [p.start, p.end, p.seq])).toEqual([[0, 6, 0], [7, 10, 1], [11, 14, 2], [15, 19, 3]]);
    for (const p of e.passages) expect(e.text.slice(p.start, p.end)).toBe(p.text);
    // Identical texts get different ids (occurrence number), both stable.
    expect(e.passages[1]!.id).not.toBe(e.passages[2]!.id);
    expect(e.passages[1]!.id).toBe(passageId("doc-x~src", "正文。", 0));
    expect(e.outline).toEqual([{ label: "第一章", title: "总则", passageId: e.passages[0]!.id, children: [{ label: "一", title: "目的", passageId: e.passages[3]!.id, children: [] }] }]);
  });

  it("makes ids from content: width-folded text and title, URL-safe stems", () => {
    expect(passageId("e", "２０２５年", 0)).toBe(passageId("e", "2025年", 0));
    expect(passageId("e", "甲", 0)).toMatch(/^[a-f0-9]{12}$/);
    expect(documentId("吉林省科学技术发展“十四五”规划")).toBe(documentId("吉林省科学技术发展\"十四五\"规划"));
    expect(documentId("甲")).toMatch(/^doc-[a-f0-9]{10}$/);
    expect(sourceStem("jilin-st-plan-14th.pdf.txt")).toBe("jilin-st-plan-14th-pdf");
    expect(sourceStem("吉林公报.md")).toMatch(/^src-[a-f0-9]{8}$/);
    expect(editionId("doc-1", "A B.md")).toBe("doc-1~a-b");
  });

  it("cuts oversized text at sentence ends and hard-cuts text without any", () => {
    const s = "句子内容很长很长。".repeat(400);
    const pieces = splitLongText(s);
    expect(pieces.join("")).toBe(s);
    for (const p of pieces) { expect(p.endsWith("。")).toBe(true); expect(p.length).toBeLessThanOrEqual(1500); }
    const x = "甲".repeat(4000);
    expect(splitLongText(x).map((p) => p.length)).toEqual([1500, 1500, 1000]);
    expect(splitLongText("短句。")).toEqual(["短句。"]);
  });
});

describe("decoding", () => {
  it("decodes UTF-8 with BOM and UTF-16LE with BOM, normalises line ends", () => {
    const r = decodeBytes(Buffer.from("\uFEFF甲\r\n乙", "utf8"));
    expect(r).toMatchObject({ ok: true, text: "甲\n乙", encoding: "utf-8" });
    const u16 = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("梅花鹿", "utf16le")]));
    expect(u16).toMatchObject({ ok: true, text: "梅花鹿", encoding: "utf-16le" });
  });
});
