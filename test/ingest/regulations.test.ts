/**
 * The five regulation fixtures (test/fixtures/regulations/): every 第X条 gets the right path, 款 and
 * 项 are right for the articles checked by hand, the two versions of 农业技术推广法 are one document
 * with 2024 primary and exactly the changed articles, the Shanghai measure keeps its own identity,
 * and header dates, 令 numbers and metadata are read.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareVersions } from "../../src/compare/versions.ts";
import { ingestFiles } from "../../src/ingest/index.ts";
import type { Corpus, DocumentRecord, Edition, Passage } from "../../src/model.ts";
import { citation } from "../../src/search/citation.ts";
import { norm } from "../support/text.ts";

const DIR = path.resolve(import.meta.dirname, "../fixtures/regulations");
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".md") && f !== "README.md").sort();
const LAW = "中华人民共和国农业技术推广法";
const SHANGHAI = "上海市实施《中华人民共和国农业技术推广法》办法";
const PATENT = "专利代理条例";
const FACE = "关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定";

/**
 * A chapter title the converter printed without its number (the 2012 text has "农业技术推广体系"
 * where the 2024 text has "## 第二章 农业技术推广体系"): the oracle below reads it as that chapter.
 */
const LOST_CHAPTER_TITLES: Record<string, string> = { 农业技术推广体系: "第二章" };

let corpus: Corpus;
const doc = (title: string): DocumentRecord => {
  const d = corpus.documents.find((x) => x.title === title);
  if (!d) throw new Error(`no ${title}; have ${corpus.documents.map((x) => x.title).join(", ")}`);
  return d;
};
const editionFrom = (file: string): { d: DocumentRecord; e: Edition } => {
  for (const d of corpus.documents) for (const e of d.editions) if (e.source === file) return { d, e };
  throw new Error(`no edition from ${file}`);
};
/** Passages of one article (by label) in an edition. */
const article = (e: Edition, label: string): Passage[] => e.passages.filter((p) => p.path.some((h) => h.kind === "article" && h.label === label));
/** What stands below the article in each of its passages' paths: "", "第二款", "第一款>（三）". */
const below = (e: Edition, label: string): string[] =>
  article(e, label).map((p) => p.path.slice(p.path.findIndex((h) => h.kind === "article") + 1).map((h) => h.label).join(">"));

beforeAll(async () => {
  corpus = await ingestFiles(FILES.map((name) => ({ name, bytes: fs.readFileSync(path.join(DIR, name)) })));
});

describe("every 第X条 of every fixture", () => {
  /**
   * The oracle: the fixture's own lines. A `## 第X章 title` line (or a known lost chapter title)
   * opens a chapter; a line starting with 第X条 is an article under it.
   */
  function expectedArticles(file: string): { line: string; chapter: string | null; label: string }[] {
    const out: { line: string; chapter: string | null; label: string }[] = [];
    let chapter: string | null = null;
    for (const raw of fs.readFileSync(path.join(DIR, file), "utf8").split("\n")) {
      const line = raw.trim();
      const ch = /^#+\s*(第[一二三四五六七八九十]+章)/.exec(line);
      if (ch) chapter = ch[1]!;
      else if (LOST_CHAPTER_TITLES[line]) chapter = LOST_CHAPTER_TITLES[line]!;
      const art = /^(第[一二三四五六七八九十百千零]+条)/.exec(line);
      if (art) out.push({ line, chapter, label: art[1]! });
    }
    return out;
  }

  it("has the path of its chapter and article in its own file's edition", async () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const file of FILES) {
      const { e } = editionFrom(file);
      for (const x of expectedArticles(file)) {
        const p = e.passages.find((q) => norm(q.text) === norm(x.line));
        const got = p ? p.path.slice(0, p.path.findIndex((h) => h.kind === "article") + 1).map((h) => h.label).join(" > ") : "(no passage)";
        const want = [x.chapter, x.label].filter(Boolean).join(" > ");
        checked++;
        if (got !== want) wrong.push(`${file} ${x.label}: ${got} ≠ ${want}`);
      }
    }
    console.log(`第X条 paths: ${checked - wrong.length}/${checked} right`);
    expect(wrong).toEqual([]);
    expect(checked).toBe(36 + 32 + 16 + 39 + 39);
  });
});

describe("款 and 项, checked by hand", () => {
  it("专利代理条例: 第六条 has three 款; 第八条 one 款 with four 项; 第二十五条 and 第二十六条 five 项 then a second 款", async () => {
    const { e } = editionFrom("专利代理条例(2018-11-06).md");
    expect(below(e, "第六条")).toEqual(["第一款", "第二款", "第三款"]);
    expect(below(e, "第八条")).toEqual(["", "（一）", "（二）", "（三）", "（四）"]);
    const fiveThenKuan = ["第一款", "第一款>（一）", "第一款>（二）", "第一款>（三）", "第一款>（四）", "第一款>（五）", "第二款"];
    expect(below(e, "第二十五条")).toEqual(fiveThenKuan);
    expect(below(e, "第二十六条")).toEqual(fiveThenKuan);
    expect(below(e, "第三十二条")).toEqual(["第一款", "第二款"]);
    expect(article(e, "第二十五条").at(-1)!.text).toMatch(/^专业代理机构在执业过程中泄露委托人的发明创造内容/);
  });

  it("人脸识别 规定: 第一条 three 款, 第二条 one 款 with eight 项, 第六条 three 款", async () => {
    const { e } = editionFrom(`${FACE}.md`);
    expect(below(e, "第一条")).toEqual(["第一款", "第二款", "第三款"]);
    expect(below(e, "第二条")).toEqual(["", "（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]);
    expect(below(e, "第六条")).toEqual(["第一款", "第二款", "第三款"]);
  });

  it("农业技术推广法 2024: 第二条 eight 项 then a second 款; 第十一条 seven 项; 第二十二条 four 款", async () => {
    const { e } = editionFrom("农业技术推广法(2024-04-26).md");
    expect(below(e, "第二条")).toEqual(["第一款", ...["一", "二", "三", "四", "五", "六", "七", "八"].map((n) => `第一款>（${n}）`), "第二款"]);
    expect(below(e, "第十一条")).toEqual(["", ...["一", "二", "三", "四", "五", "六", "七"].map((n) => `（${n}）`)]);
    expect(below(e, "第二十二条")).toEqual(["第一款", "第二款", "第三款", "第四款"]);
  });

  it("上海 办法: 第二十二条 six 项 then two more 款; 第三十一条 one 款 with two 项", async () => {
    const { e } = editionFrom("上海市实施《农业技术推广法》办法.md");
    expect(below(e, "第二十二条")).toEqual(["第一款", ...["一", "二", "三", "四", "五", "六"].map((n) => `第一款>（${n}）`), "第二款", "第三款"]);
    expect(below(e, "第三十一条")).toEqual(["", "（一）", "（二）"]);
  });
});

describe("citations", () => {
  const cite = (title: string, file: string, label: string, k: number): string => {
    const { d, e } = editionFrom(file);
    expect(d.title).toBe(title);
    const p = article(e, label)[k]!;
    return citation(d, e, p.path);
  };

  it("name the article, its 款 and 项, and the version", async () => {
    expect(cite(PATENT, "专利代理条例(2018-11-06).md", "第二十五条", 3)).toBe("《专利代理条例》第二十五条第一款第（三）项");
    expect(cite(PATENT, "专利代理条例(2018-11-06).md", "第二十五条", 6)).toBe("《专利代理条例》第二十五条第二款");
    expect(cite(LAW, "农业技术推广法(2024-04-26).md", "第二条", 8)).toBe("《中华人民共和国农业技术推广法》（2024年修正）第二条第一款第（八）项");
    expect(cite(LAW, "农业技术推广法(2024-04-26).md", "第十一条", 7)).toBe("《中华人民共和国农业技术推广法》（2024年修正）第十一条第（七）项");
    expect(cite(SHANGHAI, "上海市实施《农业技术推广法》办法.md", "第二十二条", 7)).toBe("《上海市实施〈中华人民共和国农业技术推广法〉办法》第二十二条第二款");
    expect(cite(FACE, `${FACE}.md`, "第一条", 2)).toBe(`《${FACE}》第一条第三款`);
  });

  it("name a superseded version by its date", async () => {
    expect(cite(LAW, "农业技术推广法(2012-08-31).md", "第九条", 0)).toBe("《中华人民共和国农业技术推广法》（2012年8月31日修正，已被修改）第九条");
  });
});

describe("versions, and the Shanghai measure's own identity", () => {
  it("makes the two versions of 农业技术推广法 one document, the 2024 version primary and in force", async () => {
    const d = doc(LAW);
    expect(d.editions.map((e) => [e.source, e.primary, e.version])).toEqual([
      ["农业技术推广法(2024-04-26).md", true, { date: "2024-04-26", label: "2024年修正", current: true }],
      ["农业技术推广法(2012-08-31).md", false, { date: "2012-08-31", label: "2012年修正", current: false }],
    ]);
    expect(d.status).toBe("in-force");
    expect(corpus.documents.filter((x) => x.title.includes("农业技术推广法")).map((x) => x.title).sort()).toEqual([SHANGHAI, LAW].sort());
  });

  it("links the older version's clauses to the identical clauses of the current one, and not the changed ones", async () => {
    const [current, older] = doc(LAW).editions as [Edition, Edition];
    const ids = new Set(current.passages.map((p) => p.id));
    const same = article(older, "第十条")[0]!;
    expect(same.counterparts.filter((id) => ids.has(id))).toHaveLength(1);
    expect(current.passages.find((p) => p.id === same.counterparts[0])!.text).toBe(same.text);
    for (const label of ["第九条", "第十九条"]) expect(article(older, label)[0]!.counterparts, label).toEqual([]);
  });

  it("compares the versions article by article: exactly 第九条, 第十九条 and 第二十三条 changed", async () => {
    const [current, older] = doc(LAW).editions as [Edition, Edition];
    const r = compareVersions(older, current);
    expect(r.summary).toEqual({ unchanged: 36, renumbered: 0, changed: 3, added: 0, deleted: 0 });
    const changed = r.changes.filter((c) => c.kind === "changed");
    expect(changed.map((c) => [c.a!.label, c.b!.label])).toEqual([["第九条", "第九条"], ["第十九条", "第十九条"], ["第二十三条", "第二十三条"]]);
    const words = (k: number, kind: string) => changed[k]!.diff!.filter((x) => x.kind === kind).map((x) => x.text);
    expect(words(0, "added")).toEqual(["农村", "草原"]);
    expect(words(0, "removed").join("")).toBe("科学技术部门对农业技术推广工作进行指导。同级人民政府");
    expect(words(1, "removed")).toEqual(["科学技术等"]);
    expect(words(2, "added")).toEqual(["农村", "草原"]);
  });

  it("keeps the Shanghai measure a document of its own: not an edition or a version of the national law", async () => {
    const d = doc(SHANGHAI);
    expect(d.editions).toHaveLength(1);
    expect(d.editions[0]!.version).toBeUndefined();
    expect(d.part).toBeUndefined();
    expect(d.id).not.toBe(doc(LAW).id);
  });
});

describe("header dates, 令 numbers and metadata", () => {
  const meta = (d: DocumentRecord) => ({ title: d.title, docNumber: d.docNumber, issuer: d.issuer, date: d.date, type: d.type, region: d.region, level: d.level });

  it("reads title, 文号 / 令, issuer, date, type, region and level", async () => {
    expect(meta(doc(LAW))).toEqual({ title: LAW, docNumber: null, issuer: "全国人民代表大会常务委员会", date: "2024-04-26", type: "法", region: "全国", level: "national" });
    expect(meta(doc(PATENT))).toEqual({ title: PATENT, docNumber: "国务院令第706号", issuer: "国务院", date: "2018-11-06", type: "条例", region: "全国", level: "national" });
    expect(meta(doc(FACE))).toEqual({ title: FACE, docNumber: null, issuer: "最高人民法院", date: "2021-06-08", type: "规定", region: "全国", level: "national" });
    expect(meta(doc(SHANGHAI))).toEqual({ title: SHANGHAI, docNumber: null, issuer: null, date: "1996-04-01", type: "办法", region: "上海市", level: "province" });
  });

  it("reads the dates with their kinds", async () => {
    expect(doc(LAW).dates).toEqual({ adopted: "1993-07-02", amended: ["2012-08-31", "2024-04-26"] });
    expect(doc(PATENT).dates).toEqual({ amended: ["2018-09-06"], promulgated: "2018-11-06", effective: "2019-03-01", issued: "2018-11-06" });
    expect(doc(FACE).dates).toEqual({ adopted: "2021-06-08", effective: "2021-08-01" });
    expect(doc(SHANGHAI).dates).toEqual({ effective: "1996-04-01" });
    expect(doc(PATENT).provenance).toMatchObject({ title: "text", docNumber: "text", issuer: "text", dates: "text", type: "text", region: "derived", level: "derived" });
  });

  it("keeps promulgation lines and the INFO comment out of every passage", async () => {
    for (const d of corpus.documents) for (const e of d.editions) {
      for (const p of e.passages) {
        expect(p.text).not.toMatch(/会议通过$|修正）?$|号公布$|施行$|INFO END/);
        expect(e.text.slice(p.start, p.end)).toBe(p.text);
      }
    }
    const face = editionFrom(`${FACE}.md`).e;
    expect(face.passages.map((p) => p.kind).slice(0, 3)).toEqual(["header", "paragraph", "paragraph"]);
    expect(face.passages[1]!.path).toEqual([{ label: "序言", title: "", kind: "preamble" }]);
  });
});
