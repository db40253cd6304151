/**
 * Editions, versions and parts, decided from texts and dates and never from file names —
 * constructed cases: a code in books, a notice with an 附件 in its own file, a text published twice
 * with different web dates, an amended regulation with a renumbered, an added and a deleted article,
 * and a repealed document.
 */
import { describe, expect, it } from "vitest";
import { compareVersions } from "../../src/compare/versions.ts";
import type { CatalogEntry } from "../../src/ingest/catalog.ts";
import { ingestFiles } from "../../src/ingest/index.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { citation } from "../../src/search/citation.ts";

const file = (name: string, lines: string[], meta?: CatalogEntry) => ({ name, bytes: Buffer.from(lines.join("\n\n"), "utf8"), meta });
const titles = (docs: DocumentRecord[]) => docs.map((d) => d.title).sort();

describe("parts", () => {
  const BOOK_A = ["示范法典", "第一编　总则", "第一章　基本规定", "第一条　为了保护民事主体的合法权益，制定本法。", "第二条　民法调整平等主体之间的人身关系和财产关系。"];
  const BOOK_B = ["示范法典", "第四编　人格权", "第一章　一般规定", "第九百八十九条　本编调整因人格权的享有和保护产生的民事关系。", "第九百九十条　人格权是民事主体享有的生命权、身体权等权利。", "除前款规定的人格权外，自然人享有基于人身自由、人格尊严产生的其他人格权益。"];

  it("makes books of one code that share a title separate documents titled <work>·<part>, none hidden", async () => {
    // File names say nothing (and would mislead: z.md holds the first book).
    const c = await ingestFiles([file("z.md", BOOK_A), file("a.md", BOOK_B)]);
    expect(titles(c.documents)).toEqual(["示范法典·人格权编", "示范法典·总则编"]);
    for (const d of c.documents) {
      expect(d.editions).toHaveLength(1);
      expect(d.editions[0]!.primary).toBe(true);
      expect(d.part!.work).toBe("示范法典");
    }
    const book = c.documents.find((d) => d.part!.name === "人格权编")!;
    const p = book.editions[0]!.passages.find((x) => x.text.startsWith("除前款"))!;
    // An article is cited by the code, not by the book: articles are numbered across the whole code.
    expect(citation(book, book.editions[0]!, p.path)).toBe("《示范法典》第九百九十条第二款");
    expect(new Set(c.documents.map((d) => d.id)).size).toBe(2);
  });

  it("names an 附件 in its own file by its 附件 line, and a part whose text names nothing by its place", async () => {
    const notice = ["某省示范工作方案", "一、总体要求", "加快推进示范工作，形成一批可复制的经验。", "二、主要任务", "建设一批示范基地。"];
    const annex = ["某省示范工作方案", "附件1", "示范基地名单", "1. 长春示范基地。", "2. 吉林示范基地。"];
    const other = ["某省示范工作方案", "三、保障措施", "各地要加强组织领导，落实工作责任。"];
    const c = await ingestFiles([file("n.txt", notice), file("f.txt", annex), file("o.txt", other)]);
    expect(c.documents.map((d) => d.title)).toEqual(["某省示范工作方案·第一部分", "某省示范工作方案·附件1", "某省示范工作方案·第三部分"]);
    const d = c.documents[1]!;
    const p = d.editions[0]!.passages.find((x) => x.text.startsWith("1."))!;
    expect(citation(d, d.editions[0]!, p.path)).toBe("《某省示范工作方案》附件1 1.“长春示范基地”");
  });
});

describe("documents that only share a title", () => {
  it("keeps notices of different issuers with the same generic title apart: not parts, not editions", async () => {
    const notice = (issuer: string, number: string, body: string) => [
      "关于做好春节期间有关工作的通知", number, "各有关单位：", body, "一、加强值班", "各单位要安排好值班。", issuer, "2023年1月10日",
    ];
    const c = await ingestFiles([
      file("a.txt", notice("长春市人民政府办公室", "长府办发〔2023〕1号", "为确保春节期间社会稳定，现就有关事项通知如下。")),
      file("b.txt", notice("安图县人民政府办公室", "安政办发〔2023〕2号", "春节将至，为做好节日期间工作，通知如下。")),
    ]);
    expect(c.documents.map((d) => [d.title, d.issuer, d.part])).toEqual([
      ["关于做好春节期间有关工作的通知", "长春市人民政府办公室", undefined],
      ["关于做好春节期间有关工作的通知", "安图县人民政府办公室", undefined],
    ]);
    expect(new Set(c.documents.map((d) => d.id)).size).toBe(2);
    expect(c.documents.map((d) => [d.region, d.level])).toEqual([["长春市", "prefecture"], ["安图县", "county"]]);
  });
});

describe("editions", () => {
  const TEXT = ["某省示范条例", "第一章　总则", "第一条　为了规范示范工作，制定本条例。", "第二条　本条例适用于本省行政区域内的示范工作。", "第三条　本条例自2020年1月1日起施行。"];

  it("keeps one text published in two places one document, the authoritative edition primary, whatever the web dates", async () => {
    const c = await ingestFiles([
      file("web.txt", TEXT, { edition: "网页" }),
      file("gazette.txt", TEXT, { edition: "公报", authoritative: true }),
    ]);
    expect(c.documents).toHaveLength(1);
    const d = c.documents[0]!;
    expect(d.editions.map((e) => [e.name, e.primary, e.version])).toEqual([["公报", true, undefined], ["网页", false, undefined]]);
    expect(d.editions[1]!.passages.every((p) => p.counterparts.length === 1)).toBe(true);
  });

  it("keeps the same text with different printed dates editions, not versions", async () => {
    const a = [...TEXT.slice(0, 1), "2019年5月1日某省人民代表大会常务委员会第十次会议通过", ...TEXT.slice(1)];
    const b = [...TEXT.slice(0, 1), "2019年6月1日某省人民代表大会常务委员会公告第3号公布", ...TEXT.slice(1)];
    const c = await ingestFiles([file("a.txt", a), file("b.txt", b)]);
    expect(c.documents).toHaveLength(1);
    expect(c.documents[0]!.editions.map((e) => e.version)).toEqual([undefined, undefined]);
  });
});

describe("versions", () => {
  const V1 = [
    "某省示范条例",
    "2015年3月1日某省第十二届人民代表大会常务委员会第十五次会议通过",
    "第一章　总则",
    "第一条　为了规范示范工作，制定本条例。",
    "第二条　本条例适用于本省行政区域内的示范工作。",
    "第三条　县级以上人民政府负责示范工作的组织实施。",
    "第四条　示范单位应当每年报送工作情况。",
    "第二章　附则",
    "第五条　违反本条例的，由有关部门责令改正。",
    "第六条　本条例自2015年5月1日起施行。",
  ];
  const V2 = [
    "某省示范条例",
    "2015年3月1日某省第十二届人民代表大会常务委员会第十五次会议通过",
    "根据2021年9月28日某省第十三届人民代表大会常务委员会第二十九次会议《关于修改〈某省示范条例〉的决定》修正",
    "第一章　总则",
    "第一条　为了规范示范工作，制定本条例。",
    "第二条　本条例适用于本省行政区域内的示范工作和示范推广工作。",
    "第三条　省人民政府应当建立示范工作协调机制。",
    "第四条　县级以上人民政府负责示范工作的组织实施。",
    "第二章　附则",
    "第五条　违反本条例的，由有关部门责令改正。",
    "第六条　本条例自2015年5月1日起施行。",
  ];

  it("makes an amended text a version of the same document, the latest in force and primary", async () => {
    const c = await ingestFiles([file("new.txt", V2), file("old.txt", V1)]);
    expect(c.documents).toHaveLength(1);
    const d = c.documents[0]!;
    expect(d.editions.map((e) => [e.source, e.primary, e.version])).toEqual([
      ["new.txt", true, { date: "2021-09-28", label: "2021年修正", current: true }],
      ["old.txt", false, { date: "2015-03-01", label: "2015年通过", current: false }],
    ]);
    expect([d.status, d.date, d.dates.amended]).toEqual(["in-force", "2021-09-28", ["2021-09-28"]]);
  });

  it("orders versions by date, not by file order, and cites the old one by its date", async () => {
    const c = await ingestFiles([file("old.txt", V1), file("new.txt", V2)]);
    const d = c.documents[0]!;
    expect(d.editions[0]!.source).toBe("new.txt");
    const old = d.editions[1]!;
    const p = old.passages.find((x) => x.text.startsWith("第四条"))!;
    expect(citation(d, old, p.path)).toBe("《某省示范条例》（2015年3月1日通过，已被修改）第四条");
    const q = d.editions[0]!.passages.find((x) => x.text.startsWith("第四条"))!;
    expect(citation(d, d.editions[0]!, q.path)).toBe("《某省示范条例》（2021年修正）第四条");
  });

  it("puts a copy without a date under the version whose text it holds", async () => {
    const copy = V2.filter((l) => !/会议/.test(l));
    const c = await ingestFiles([file("old.txt", V1), file("new.txt", V2, { authoritative: true }), file("web.txt", copy, { edition: "网页" })]);
    const d = c.documents[0]!;
    expect(d.editions.map((e) => [e.source, e.primary, e.version?.label, e.version?.current])).toEqual([
      ["new.txt", true, "2021年修正", true], ["web.txt", false, "2021年修正", true], ["old.txt", false, "2015年通过", false],
    ]);
    const p = d.editions[1]!.passages.find((x) => x.text.startsWith("第三条"))!;
    expect(citation(d, d.editions[1]!, p.path)).toBe("《某省示范条例》（2021年修正）［2021年修正｜网页］第三条");
    expect(p.counterparts).toHaveLength(1);
  });

  it("compares the versions: changed words, a renumbered article, an added and a deleted one", async () => {
    const d = (await ingestFiles([file("old.txt", V1), file("new.txt", V2)])).documents[0]!;
    const r = compareVersions(d.editions[1]!, d.editions[0]!);
    expect(r.summary).toEqual({ unchanged: 3, renumbered: 1, changed: 1, added: 1, deleted: 1 });
    expect(r.changes.map((c) => `${c.kind}:${c.a?.label ?? "-"}→${c.b?.label ?? "-"}`)).toEqual([
      "unchanged:第一条→第一条",
      "changed:第二条→第二条",
      "added:-→第三条",
      "renumbered:第三条→第四条",
      "deleted:第四条→-",
      "unchanged:第五条→第五条",
      "unchanged:第六条→第六条",
    ]);
    expect(r.changes[1]!.diff!.filter((x) => x.kind !== "same")).toEqual([{ text: "和示范推广工作", kind: "added" }]);
    expect(r.changes[3]!.a!.context.map((h) => h.label)).toEqual(["第一章"]);
  });

  it("lets the catalog say a document is repealed: no version is current and citations say so", async () => {
    const c = await ingestFiles([file("old.txt", V1, { status: "repealed" }), file("new.txt", V2, { status: "repealed" })]);
    const d = c.documents[0]!;
    expect(d.status).toBe("repealed");
    expect(d.editions.map((e) => e.version!.current)).toEqual([false, false]);
    const p = d.editions[0]!.passages.find((x) => x.text.startsWith("第一条"))!;
    expect(citation(d, d.editions[0]!, p.path)).toBe("《某省示范条例》（2021年9月28日修正，已废止）第一条");
  });
});
