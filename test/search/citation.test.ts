/**
 * Citation formats (src/search/citation.ts): plans by chapter path, articles as lawyers cite them,
 * versions named, nested 《》 as 〈〉, non-primary editions in ［］.
 */
import { describe, expect, it } from "vitest";
import type { DocumentRecord, Edition, HeadingRef } from "../../src/model.ts";
import { citation, citedTitle, printedLabel, versionCitation } from "../../src/search/citation.ts";
import { citation as fromPresent } from "../../src/search/present.ts";

const edition = (over: Partial<Edition> = {}): Edition => ({ id: "d~e", name: "单行本", source: "e.txt", primary: true, text: "", outline: [], passages: [], ...over });
const doc = (over: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id: "d", title: "示范规划", docNumber: null, issuer: null, date: null, dates: {}, type: null, region: null, level: "unknown", status: "unknown", provenance: {}, editions: [edition()], ...over,
});
const h = (label: string, title = "", kind?: HeadingRef["kind"]): HeadingRef => ({ label, title, ...(kind ? { kind } : {}) });

describe("plans and notices", () => {
  it("cite the chapter path with the last heading's title and the 文号", () => {
    const d = doc({ title: "吉林省科学技术发展“十四五”规划", docNumber: "吉政办发〔2022〕11号" });
    expect(citation(d, d.editions[0]!, [h("第四章", "推进关键核心技术攻关", "chapter"), h("第二节", "攻关关键技术支撑产业发展", "section")]))
      .toBe("《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）第四章第二节“攻关关键技术支撑产业发展”");
    expect(citation(d, d.editions[0]!, [h("一", "总体要求", "cn"), h("（二）", "基本原则", "paren-cn")])).toBe("《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）一、（二）“基本原则”");
    expect(citation(d, d.editions[0]!, [h("专栏3", "重点方向", "box"), h("1", "良种培育", "num")])).toBe("《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）专栏3 1.“良种培育”");
    expect(citation(d, d.editions[0]!, [])).toBe("《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）");
  });

  it("name a non-primary edition", () => {
    const d = doc({ editions: [edition(), edition({ id: "d~p", name: "单行本（PDF 提取文本）", primary: false })] });
    expect(citation(d, d.editions[1]!, [h("第一章", "发展基础")])).toBe("《示范规划》［单行本（PDF 提取文本）］第一章“发展基础”");
  });

  it("print labels as in running text", () => {
    expect(["一", "十二", "1", "（一）", "第四章", "一千"].map(printedLabel)).toEqual(["一、", "十二、", "1.", "（一）", "第四章", "一千、"]);
    expect(fromPresent).toBe(citation); // present.ts re-exports the one implementation
  });
});

describe("documents structured by articles", () => {
  const article = (n: string) => h(n, "", "article");
  it("name the article, its 款, 项 and 目, not the chapter, and leave out the 令 number", () => {
    const d = doc({ title: "专利代理条例", docNumber: "国务院令第706号" });
    const e = d.editions[0]!;
    expect(citation(d, e, [h("第二章", "专利代理机构和专利代理师", "chapter"), article("第十条"), h("第一款", "", "kuan"), h("（三）", "", "xiang")])).toBe("《专利代理条例》第十条第一款第（三）项");
    expect(citation(d, e, [article("第十一条"), h("第二款", "", "kuan")])).toBe("《专利代理条例》第十一条第二款");
    expect(citation(d, e, [article("第三条"), h("（二）", "", "xiang"), h("2", "", "mu")])).toBe("《专利代理条例》第三条第（二）项第2目");
    expect(citation(d, e, [article("第三条"), h("一", "", "xiang")])).toBe("《专利代理条例》第三条第（一）项");
    expect(citation(d, e, [article("第一千零三十四条")])).toBe("《专利代理条例》第一千零三十四条");
    expect(citation(d, e, [h("序言", "", "preamble")])).toBe("《专利代理条例》（国务院令第706号）序言");
  });

  it("print 《》 and <> nested in a title as 〈〉", () => {
    expect(citedTitle("上海市实施《中华人民共和国农业技术推广法》办法")).toBe("《上海市实施〈中华人民共和国农业技术推广法〉办法》");
    expect(citedTitle("关于修改<某法>的决定")).toBe("《关于修改〈某法〉的决定》");
  });
});

describe("versions", () => {
  const current = edition({ id: "d~2024", name: "2024年修正", version: { date: "2024-04-26", label: "2024年修正", current: true } });
  const older = edition({ id: "d~2012", name: "2012年修正", primary: false, version: { date: "2012-08-31", label: "2012年修正", current: false } });
  const copy = edition({ id: "d~2012b", name: "2012年修正｜网页", primary: false, version: { date: "2012-08-31", label: "2012年修正", current: false } });
  const d = doc({ title: "中华人民共和国农业技术推广法", status: "in-force", editions: [current, older, copy] });
  const path = [h("第十一条", "", "article"), h("第二款", "", "kuan")];

  it("name the current version by its label and a superseded one by its date", () => {
    expect(citation(d, current, path)).toBe("《中华人民共和国农业技术推广法》（2024年修正）第十一条第二款");
    expect(citation(d, older, path)).toBe("《中华人民共和国农业技术推广法》（2012年8月31日修正，已被修改）第十一条第二款");
    expect(citation(d, copy, path)).toBe("《中华人民共和国农业技术推广法》（2012年8月31日修正，已被修改）［2012年修正｜网页］第十一条第二款");
  });

  it("say 已废止 for a repealed document", () => {
    expect(versionCitation({ date: "2021-09-28", label: "2021年修正", current: false }, true)).toBe("2021年9月28日修正，已废止");
    expect(versionCitation({ date: "2022-01-05", label: "2022年版", current: false })).toBe("2022年1月5日版本，已被修改");
  });
});
