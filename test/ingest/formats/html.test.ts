/**
 * Web pages: the main text only (menus, breadcrumbs, share buttons, related links, footers and
 * scripts left out) found by text density on pages of different shapes, decoding by the declared
 * charset or by sniffing, the metadata a policy page carries (<meta> tags, the information table,
 * kept out of the text); and Markdown whose HTML comments and tags never reach a passage.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeHtml, declaredCharset } from "../../../src/ingest/formats/html-charset.ts";
import { isoDate } from "../../../src/ingest/formats/html-meta.ts";
import { stripHtmlFromMarkdown } from "../../../src/ingest/formats/markdown.ts";
import { closeReaders, readSource } from "../../../src/ingest/formats/registry.ts";
import { DEFAULT_LIMITS, type ReadResult } from "../../../src/ingest/formats/types.ts";
import { ingestCorpus } from "../../../src/ingest/index.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/formats");
const REGULATIONS = path.resolve(import.meta.dirname, "../../fixtures/regulations");
const read = (name: string, bytes?: Uint8Array) => readSource({ path: name, bytes: bytes ?? fs.readFileSync(path.join(FIXTURES, name)) }, DEFAULT_LIMITS);
const ok = (r: ReadResult) => {
  if (!r.ok) throw new Error(`not read: ${r.error}`);
  return r;
};
const allText = (r: Extract<ReadResult, { ok: true }>) => r.blocks.map((b) => b.text).join("\n");

afterAll(() => closeReaders());

/** GBK bytes of a text (inverting the platform's GB18030 decoder over the two-byte range). */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder("gb18030");
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
    if (b === 0x7f) continue;
    const ch = dec.decode(Uint8Array.of(a, b));
    if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return Buffer.from(out);
}

describe("a government policy page (the Jilin plan)", () => {
  let r: Extract<ReadResult, { ok: true }>;
  beforeAll(async () => {
    r = ok(await read("jilin-st-plan.html"));
  });

  it("keeps the document's text and leaves out the page around it", () => {
    expect(r.format).toBe("html");
    const text = allText(r);
    expect(text).toContain("加强科技发展计划管理。");
    for (const chrome of ["无障碍", "长者模式", "您当前的位置", "首页", "政务服务", "信息公开指南", "分享到", "微信", "相关文件", "打印本页", "关闭窗口", "网站标识码", "吉ICP备", "主办：", "_hmt", "jquery", "font-family"]) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it("starts with the headline (the notice's title), then its 文号, as the document prints them", () => {
    expect(r.blocks.slice(0, 2).map((b) => b.text)).toEqual(["吉林省人民政府办公厅关于印发吉林省科学技术发展“十四五”规划的通知", "吉政办发〔2022〕11号"]);
  });

  it("reads the <meta> tags and the information table, and keeps the table out of the text", () => {
    expect(r.meta).toEqual({
      source: "html-meta",
      title: "吉林省人民政府办公厅关于印发吉林省科学技术发展“十四五”规划的通知",
      docNumber: "吉政办发〔2022〕11号",
      issuer: "吉林省人民政府办公厅",
      dates: { issued: "2022-05-27", published: "2022-06-08" },
      subject: "科技、教育\\科技",
      indexNumber: "11220000013544357T/2022-00132",
    });
    expect(allText(r)).not.toMatch(/索引号|主题分类|成文日期|11220000013544357T/);
  });

  it("keeps tables of data as rows of cells and a one-cell box as its paragraphs", () => {
    const table = r.blocks.find((b) => b.kind === "table")!;
    expect(table.rows![0]).toEqual(["序号", "指标名称", "2020年", "2025年"]);
    expect(table.rows).toHaveLength(7);
    const box = r.blocks.findIndex((b) => b.text === "专栏1 产业技术创新重点方向");
    expect(r.blocks[box + 1]!.text).toMatch(/^1\.汽车产业技术。/);
  });
});

describe("pages of other shapes", () => {
  const page = (body: string, head = '<meta charset="utf-8">') => Buffer.from(`<!DOCTYPE html><html><head>${head}<title>测试页_某某市人民政府</title></head><body>${body}</body></html>`);
  const nav = `<div class="menu"><ul>${"首页 政务公开 政务服务 互动交流 走进某市 专题专栏 数据开放 新闻中心".split(" ").map((w) => `<li><a href="/">${w}</a></li>`).join("")}</ul></div>`;
  const related = `<div class="list"><h3>最新文件</h3><ul>${Array.from({ length: 12 }, (_, i) => `<li><a href="/${i}">某市人民政府关于进一步加强第${i + 1}项重点工作的通知和实施意见</a></li>`).join("")}</ul></div>`;
  const para = (i: number) => `第${i}段，推进科技创新，加强成果转化，完善体制机制，营造良好环境，确保各项任务落到实处。`;

  it("finds the text in a page whose content is plain <br>-separated lines in a table cell, beside a long list of links", async () => {
    const body = `${nav}<table><tr><td class="l">${related}</td><td><div>关于加快科技创新的意见<br><br>${[1, 2, 3, 4].map(para).join("<br>\n")}</div></td></tr></table><div class="foot">版权所有：某市人民政府办公室 地址：某市某路1号 联系电话：0000-0000000</div>`;
    const r = ok(await read("page.htm", page(body)));
    expect(r.blocks.map((b) => b.text)).toEqual(["测试页", "关于加快科技创新的意见", ...[1, 2, 3, 4].map(para)]);
  });

  it("finds the text split over sibling containers and takes the title from <title> when nothing better says it", async () => {
    const body = `${nav}<div class="main"><div class="part">${[1, 2, 3].map((i) => `<p>${para(i)}</p>`).join("")}</div><div class="part">${[4, 5].map((i) => `<p>${para(i)}</p>`).join("")}</div></div>${related}`;
    const r = ok(await read("page.html", page(body)));
    expect(r.blocks.map((b) => b.text)).toEqual(["测试页", ...[1, 2, 3, 4, 5].map(para)]);
    expect(r.meta).toMatchObject({ title: "测试页" });
  });

  it("reads an information list made of spans (not a table), by its labels", async () => {
    const info = `<div class="info"><span>发文机关：</span><span>某市人民政府</span><span>发文字号：</span><span>某政发〔2023〕5号</span><span>成文日期：</span><span>2023-03-01</span></div>`;
    const r = ok(await read("info.html", page(`${info}<div>${[1, 2, 3].map((i) => `<p>${para(i)}</p>`).join("")}</div>`)));
    expect(r.meta).toMatchObject({ issuer: "某市人民政府", docNumber: "某政发〔2023〕5号", dates: { issued: "2023-03-01" } });
    expect(allText(r)).not.toContain("发文机关");
  });

  it("decodes by the declared charset: <meta charset=gbk>, http-equiv gb2312, and mis-declared UTF-8 by sniffing", async () => {
    const content = `<p>${para(1)}</p><p>${para(2)}</p>`;
    const html = (head: string) => `<!DOCTYPE html><html><head>${head}<title>测试页</title></head><body><div>${content}</div></body></html>`;
    const a = ok(await read("a.html", gbk(html('<meta charset="gbk">'))));
    expect(a.warnings).toEqual([]);
    expect(allText(a)).toContain(para(2));
    const b = ok(await read("b.html", gbk(html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))));
    expect(allText(b)).toContain(para(1));
    const c = ok(await read("c.html", gbk(html('<meta charset="utf-8">'))));
    expect(c.warnings.join("\n")).toMatch(/declares charset utf-8 but its bytes are not utf-8/);
    expect(allText(c)).toContain(para(1));
  });
});

describe("a GBK page that declares no charset", () => {
  it("is decoded as GBK because it reads as Chinese, with a warning", async () => {
    const r = ok(await read("gbk-no-charset.html"));
    expect(r.warnings.join("\n")).toMatch(/no charset declared and not UTF-8: decoded as GBK\/GB18030/);
    expect(r.blocks[0]!.text).toBe("吉林省人民政府办公厅关于加快梅花鹿产业发展的意见");
    expect(allText(r)).toContain("为充分发挥我省梅花鹿产业基础和种质资源优势");
    expect(r.meta).toMatchObject({ docNumber: "吉政办发〔2022〕14号", dates: { issued: "2022-06-17", published: "2022-06-24" } });
  });

  it("unless it is not Chinese: then it is refused", () => {
    expect(decodeHtml(Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x74, 0xe9, 0x20, 0xe0, 0x20, 0x50, 0x61, 0x72, 0x69, 0x73]))).toMatchObject({ ok: false });
  });
});

describe("charset and date units", () => {
  it("finds the declared charset in <meta charset>, http-equiv and an XML declaration", () => {
    expect(declaredCharset(Buffer.from('<html><head><meta charset="GB2312">'))).toBe("gb2312");
    expect(declaredCharset(Buffer.from("<meta http-equiv=Content-Type content='text/html; charset=gbk'>"))).toBe("gbk");
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="GB18030"?><html>'))).toBe("gb18030");
    expect(declaredCharset(Buffer.from("<html><body>"))).toBeNull();
  });

  it("reads dates as sites print them", () => {
    expect(["2022年05月27日", "2022-06-08 16:12", "2022/6/8", "2022.06.08", "2022年2月30日", "无"].map(isoDate)).toEqual(["2022-05-27", "2022-06-08", "2022-06-08", "2022-06-08", undefined, undefined]);
  });
});

describe("HTML in Markdown", () => {
  it("drops comments (also over several lines), tags and entities, and keeps 《…<…>…》 book-title brackets", () => {
    expect(stripHtmlFromMarkdown("# 标题\n<!-- INFO END -->\n正文&nbsp;一<br/>正文二 <span>三</span>\n<!--\n注释\n-->\n《中华人民共和国<农业技术推广法>》")).toBe(
      "# 标题\n\n正文 一\n正文二 三\n\n\n\n《中华人民共和国<农业技术推广法>》");
  });

  it("lets no comment or tag of the regulation fixtures reach a passage", async () => {
    const c = await ingestCorpus(REGULATIONS);
    const passages = c.documents.flatMap((d) => d.editions.flatMap((e) => e.passages));
    expect(passages.length).toBeGreaterThan(100);
    for (const p of passages) expect(p.text).not.toMatch(/<!--|-->|INFO END|<\/?[a-z][a-z0-9]*[\s>/]/i);
    expect(c.reports.filter((r) => r.file === "README.md").map((r) => r.ignored)).toEqual([expect.stringMatching(/README/)]);
  });
});

describe("a table listing documents is text, not an information table", () => {
  it("keeps a 名称 | 文号 | 发布日期 table in the content", async () => {
    const rows = [["名称", "文号", "发布日期"], ["关于加强科技创新的意见", "某政发〔2023〕1号", "2023-01-05"], ["关于促进成果转化的通知", "某政办发〔2023〕2号", "2023-02-06"]];
    const table = `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>`;
    const body = `<div><p>附：近期印发的相关文件，请各地各部门结合实际，认真贯彻落实，确保取得实效。</p>${table}<p>以上文件已在本网站公开，请各单位及时查阅，抓好贯彻落实，确保各项措施落地见效。</p></div>`;
    const r = ok(await read("list.html", Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>附件</title></head><body>${body}</body></html>`)));
    expect(r.blocks.find((b) => b.kind === "table")?.rows).toEqual(rows);
    expect(r.meta?.docNumber).toBeUndefined();
  });
});

describe("hostile pages", () => {
  it("refuses a page nested ten thousand deep before parsing it (parsers slow down with depth), and reads a deep but real one", async () => {
    const nested = (n: number) => Buffer.from(`<!DOCTYPE html><html><body>${"<div>".repeat(n)}为规范梅花鹿养殖，制定本办法，请认真贯彻执行。${"</div>".repeat(n)}</body></html>`);
    const r = await read("deep.html", nested(10_000));
    expect(r).toMatchObject({ ok: false, code: "hostile" });
    expect(!r.ok && r.error).toMatch(/elements nested 10000 deep \(the limit is 1000\): not a real document/);
    expect(ok(await read("ok.html", nested(200))).blocks.map((b) => b.text)).toContain("为规范梅花鹿养殖，制定本办法，请认真贯彻执行。");
  });

  it("does not count elements whose end tag may be left out: a legacy page of unclosed <p> is read", async () => {
    const paras = Array.from({ length: 3000 }, (_, i) => `<p>第${i + 1}条，推进科技创新，加强成果转化，完善体制机制。`).join("\n");
    const r = ok(await read("legacy.html", Buffer.from(`<html><body><div>${paras}</div></body></html>`)));
    expect(r.blocks.length).toBeGreaterThanOrEqual(3000);
  });
});
