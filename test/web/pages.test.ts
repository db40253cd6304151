/** The HTML pages (and their failures) against the real engine on corpus/. */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { createApp } from "../../src/web/app.ts";
import { mirrorPair, openTestEngine } from "../support/real-engine.ts";

let engine: Engine;
let cacheDir: string;
let app: Express;
let lower: DocumentRecord;
let higher: DocumentRecord;

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  app = createApp(engine, { log: () => {} });
  ({ lower, higher } = await mirrorPair(engine));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const decode = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const all = (html: string, re: RegExp) => [...html.matchAll(re)];
/** The cards of a search page, each as its HTML. */
const cards = (html: string) => html.split('<li class="hit"').slice(1);

async function page(url: string, status = 200): Promise<string> {
  const res = await request(app).get(url);
  expect(res.status, url).toBe(status);
  expect(res.headers["content-type"]).toMatch(/text\/html/);
  return res.text;
}

function expectNoStackTrace(html: string) {
  expect(html).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/);
  expect(html).not.toMatch(/node_modules|\.ts:\d+/);
}

describe("search page", () => {
  it("offers the box with its syntax, the examples and the mirror comparison", async () => {
    for (const url of ["/", "/search", "/search?q="]) {
      const html = await page(url);
      expect(html).toMatch(/<label for="q"/);
      expect(html).toContain("查询语法");
      for (const ex of ["梅花鹿", "揭榜挂帅", "碳达峰 -碳中和", "“科技成果转化”"]) {
        expect(html).toContain(`href="/search?q=${encodeURIComponent(ex)}"`);
      }
      expect(decode(html)).toContain(`/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}`);
    }
  });

  it("renders ranked cards for 梅花鹿 with marks, breadcrumbs that reach real anchors, and citations", async () => {
    const api = await engine.search("梅花鹿", { limit: 10 });
    const html = await page(`/search?q=${encodeURIComponent("梅花鹿")}`);
    const cs = cards(html);
    expect(cs.length).toBe(api.hits.length);
    expect(cs.length).toBeGreaterThan(0);
    api.hits.forEach((hit, i) => {
      const card = cs[i]!;
      expect(card).toContain(`id="hit-${hit.id}"`);
      expect(card).toContain("<mark>梅花鹿</mark>");
      expect(decode(card)).toContain(hit.citation);
      expect(card).toContain('class="crumbs"');
      expect(all(card, /<nav class="crumbs"[\s\S]*?<\/nav>/g)[0]![0].match(/<li>/g)!.length).toBe(Math.max(1, hit.path.length));
    });
    // Every crumb points at an anchor that exists in the reader.
    const crumbLinks = all(html, /<nav class="crumbs"[\s\S]*?<\/nav>/g).flatMap((m) => all(m[0], /href="([^"]+)"/g).map((x) => decode(x[1]!)));
    expect(crumbLinks.length).toBeGreaterThan(0);
    const readers = new Map<string, string>();
    for (const link of crumbLinks) {
      const [pathAndQuery, anchor] = link.split("#");
      if (!readers.has(pathAndQuery!)) readers.set(pathAndQuery!, await page(pathAndQuery!));
      expect(readers.get(pathAndQuery!)).toContain(`id="${anchor}"`);
    }
  });

  it("shows echoes under the cards with similarity and shared text marked", async () => {
    const api = await engine.search("揭榜挂帅", { limit: 10 });
    const withEcho = api.hits.find((h) => h.echoes.length > 0);
    expect(withEcho).toBeDefined();
    const html = await page(`/search?q=${encodeURIComponent("揭榜挂帅")}`);
    const card = cards(html).find((c) => c.includes(`id="hit-${withEcho!.id}"`))!;
    expect(card).toContain('class="echoes"');
    expect(card).toMatch(/相似 <strong>\d+%<\/strong>/);
    expect(card).toMatch(/class="echo-text">[^]*<mark>/);
    expect(decode(card)).toContain(withEcho!.echoes[0]!.docTitle);
  });

  it("narrows by document and by chapter through the URL, printing the filter readably", async () => {
    const html = await page(`/search?q=${encodeURIComponent("科技")}`);
    const facet = all(html, /<section class="facet-docs">[\s\S]*?<\/section>/g)[0]![0];
    expect(facet).toContain("<h2>按文件</h2>");
    const qOf = (href: string) => new URL(decode(href), "http://x").searchParams.get("q")!;
    const named = higher.docNumber ?? higher.title;
    const docLink = decode(all(facet, /href="([^"]+)"/g).find((m) => qOf(m[1]!).includes(named))![1]!);
    const narrowedHtml = await page(docLink);
    const q = qOf(docLink);
    expect(q).toBe(`科技 doc:${named}`); // the 文号 (or title), never an opaque id
    for (const h of (await engine.search(q, { limit: 10 })).hits) expect(h.docId).toBe(higher.id);
    expect(cards(narrowedHtml).length).toBeGreaterThan(0);
    expect(narrowedHtml).toContain('class="active-filters"');

    const chapterFacet = all(html, /<section class="facet-chapters">[\s\S]*?<\/section>/g)[0]![0];
    const chapterLink = decode(all(chapterFacet, /href="([^"]+)"/g)[0]![1]!);
    const chq = qOf(chapterLink);
    expect(chq).toMatch(/^科技 doc:\S+ in:"[^"]+"$/);
    expect(chq).not.toMatch(/doc-[0-9a-f]{10}/);
    expect((await engine.search(chq)).total).toBeGreaterThan(0);
    await page(chapterLink);
  });

  it("paginates", async () => {
    const total = (await engine.search("科技")).total;
    expect(total).toBeGreaterThan(20);
    const p1 = await page(`/search?q=${encodeURIComponent("科技")}`);
    const p2 = await page(`/search?q=${encodeURIComponent("科技")}&page=2`);
    expect(p1).toContain('rel="next"');
    expect(p2).toContain('rel="prev"');
    expect(p2).toContain('<ol class="hits" start="11">');
    const ids = (html: string) => all(html, /<li class="hit" id="([^"]+)"/g).map((m) => m[1]);
    expect(ids(p2)).not.toEqual(ids(p1));
    await page(`/search?q=${encodeURIComponent("科技")}&page=0`, 400);
    await page(`/search?q=${encodeURIComponent("科技")}&page=abc`, 400);
  });

  it("explains a bad query with 400 and keeps the page usable", async () => {
    const html = await page(`/search?q=${encodeURIComponent("“梅花鹿")}`, 400);
    expect(html).toContain('role="alert"');
    expect(html).toContain("引号不成对");
    expect(html).toMatch(/<input id="q"/);
    const long = await page(`/search?q=${"x".repeat(1001)}`, 400);
    expect(long).toContain("查询过长");
    expectNoStackTrace(long);
  });

  it("escapes a script-injection query everywhere it is echoed", async () => {
    const evil = "<script>alert(1)</script>";
    const res = await request(app).get(`/search?q=${encodeURIComponent(evil)}`);
    expect([200, 400]).toContain(res.status);
    expect(res.text).not.toContain(evil);
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The only scripts are our own file.
    expect(all(res.text, /<script\b[^>]*>/g).map((m) => m[0])).toEqual(['<script src="/static/app.js" defer>']);
  });
});

describe("honest answers", () => {
  it("a terms query without a match says so plainly, and offers similar passages apart, not as results", async () => {
    const q = "碳达峰 梅花鹿";
    expect(await engine.search(q)).toMatchObject({ total: 0, reason: "no-match" });
    const html = await page(`/search?q=${encodeURIComponent(q)}`);
    expect(decode(html)).toContain("没有找到包含“碳达峰”和“梅花鹿”的段落。");
    const mainList = all(html, /<ol class="hits" start="1">([\s\S]*?)<\/ol>/g)[0]![1]!;
    expect(mainList).not.toContain('class="hit"');
    expect(html).toContain('class="similar-block"');
    expect(html).toContain("不是检索结果");
    expect(html).not.toContain("导出全部结果"); // nothing to export
  });

  it("a pasted text is labelled as a search for where it comes from", async () => {
    const clause = (await engine.doc(engine.documents[0]!.id))!.editions[0]!.passages.find((p) => p.text.length > 60 && !/["“”]/.test(p.text))!.text.slice(0, 80);
    expect((await engine.search(clause)).reason).toBe("pasted-text");
    const html = await page(`/search?q=${encodeURIComponent(clause)}`);
    expect(html).toContain("查找出处");
  });
});

describe("small things", () => {
  it("serves a favicon, linked from every page", async () => {
    const ico = await request(app).get("/favicon.ico").expect(200);
    expect(ico.headers["content-type"]).toMatch(/icon/);
    await request(app).get("/static/favicon.svg").expect(200).expect("content-type", /svg/);
    expect(await page("/")).toContain('rel="icon" href="/static/favicon.svg"');
  });

  it("page messages are in Chinese only (the English stays in the API)", async () => {
    for (const [url, status] of [
      ["/search?q=x&page=abc", 400],
      ["/search?q=x&sort=random", 400],
      ["/search?q=%E6%A2%85%E8%8A%B1%E9%B9%BF%20level:%E4%B9%A1", 400],
      ["/doc/no-such-document", 404],
      [`/compare?a=${encodeURIComponent(higher.id)}&b=${encodeURIComponent(higher.id)}`, 400],
    ] as const) {
      const html = await page(url, status);
      const text = decode(html.replace(/<script[\s\S]*?<\/script>|<[^>]+>/g, " "));
      const message = text.slice(text.indexOf("章节"));
      expect(message, url).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,}/);
    }
  });

  it("prints the query, the filters and the date above the results", async () => {
    const html = await page(`/search?q=${encodeURIComponent("梅花鹿 level:省")}`);
    const head = all(html, /<div class="print-only print-head">([\s\S]*?)<\/div>/g)[0]![1]!;
    expect(decode(head)).toContain("检索式：梅花鹿 level:省");
    expect(decode(head)).toContain("筛选：层级：省");
    expect(head).toMatch(/检索时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const css = (await request(app).get("/static/style.css")).text;
    expect(css).toMatch(/@media print \{[\s\S]*\.print-only \{ display: block; \}/);
  });

  it("puts the facets in a folding block before the results (above them on a phone)", async () => {
    const html = await page(`/search?q=${encodeURIComponent("科技")}`);
    expect(html.indexOf('<details class="facets" open')).toBeGreaterThan(0);
    expect(html.indexOf('<details class="facets" open')).toBeLessThan(html.indexOf('<div class="results">'));
  });
});

describe("reader", () => {
  it("opened from a result, marks the search's terms and keeps the targeted passage", async () => {
    const html = await page(`/search?q=${encodeURIComponent("梅花鹿")}`);
    const href = decode(all(cards(html)[0]!, /<h3 id="hit-title-[^"]+"><a href="([^"]+)"/g)[0]![1]!);
    expect(href).toMatch(/^\/doc\/[^?#]+\?q=%E6%A2%85%E8%8A%B1%E9%B9%BF#p-/);
    const reader = await page(href.split("#")[0]!);
    const anchor = href.split("#")[1]!;
    expect(reader).toContain(`id="${anchor}"`);
    expect(reader).toContain("已标出检索词");
    const marked = all(reader, /<mark>([^<]*)<\/mark>/g).map((m) => m[1]);
    expect(marked.length).toBeGreaterThan(5);
    expect(new Set(marked)).toEqual(new Set(["梅花鹿"]));
    const target = all(reader, new RegExp(`<div class="passage [^"]*has-marks[^"]*" id="${anchor}">`, "g"));
    expect(target).toHaveLength(1);
    // without the search, nothing is marked
    expect(await page(href.split("?")[0]!)).not.toContain("<mark>");
    // a query that cannot be read marks nothing and is no error
    expect(await page(`${href.split("?")[0]!}?q=${encodeURIComponent("“梅花鹿")}`)).not.toContain("<mark>");
  });


  it("shows the outline, an anchor, a cite link per passage, and echo markers", async () => {
    const ed = lower.editions[0]!;
    const html = await page(`/doc/${encodeURIComponent(lower.id)}`);
    expect(decode(html)).toContain(lower.title);
    for (const p of ed.passages) expect(html).toContain(`id="p-${p.id}"`);
    expect(all(html, /class="cite-link"/g).length).toBe(ed.passages.length);
    const toc = all(html, /<nav class="toc"[\s\S]*?<\/nav>/g)[0]![0];
    const tocTargets = all(toc, /href="#p-([^"]+)"/g).map((m) => m[1]);
    expect(tocTargets.length).toBeGreaterThan(8);
    for (const t of tocTargets) expect(html).toContain(`id="p-${t}"`);
    expect(html).toContain('class="echo-marker"');
  });

  it("switches editions where a document has two", async () => {
    const [primary, other] = higher.editions;
    const html = await page(`/doc/${encodeURIComponent(higher.id)}`);
    expect(html).toContain('class="edition-switch"');
    expect(decode(html)).toContain(`/doc/${higher.id}?edition=${other!.id}`);
    expect(html).toContain(`id="p-${primary!.passages[0]!.id}"`);
    const otherHtml = await page(`/doc/${encodeURIComponent(higher.id)}?edition=${encodeURIComponent(other!.id)}`);
    expect(otherHtml).toContain(`id="p-${other!.passages[0]!.id}"`);
    expect(otherHtml).toMatch(/<span aria-current="page" class="current">/);
  });

  it("answers unknown, malformed and traversal ids with a Chinese error page", async () => {
    const nf = await page("/doc/no-such-doc", 404);
    expect(nf).toContain("页面或资料不存在");
    expect(nf).toContain("no-such-doc");
    await page(`/doc/${encodeURIComponent(lower.id)}?edition=nope`, 404);
    for (const bad of ["/doc/..%2F..%2Fetc%2Fpasswd", "/doc/%2e%2e", `/doc/${"d".repeat(201)}`, "/doc/%E0%A4%A", `/doc/x?edition=..%2Fy`]) {
      const html = await page(bad, 400);
      expect(html).toContain("请求有误");
      expect(html).not.toContain("root:");
      expectNoStackTrace(html);
    }
  });
});

describe("passage page", () => {
  it("shows the passage, its citation and all its echoes", async () => {
    const hit = (await engine.search("揭榜挂帅")).hits.find((h) => h.docId === lower.id)!;
    const full = (await engine.passageHit(hit.id))!;
    const html = await page(`/passage/${encodeURIComponent(hit.id)}`);
    expect(decode(html)).toContain(full.citation);
    expect(html).toContain('id="echoes"');
    expect(all(html, /<li class="echo">/g).length).toBe(full.echoes.length);
    await page("/passage/no-such-passage", 404);
    await page("/passage/..%2F..%2Fetc", 400);
  });

  it("colours each sentence by its source, with a coverage strip and the numbered sources beside it", async () => {
    const hit = (await engine.search("聚焦粮食安全，围绕良种培育")).hits.find((h) => h.docId === lower.id)!;
    const src = (await engine.passageSources(hit.id))!;
    const html = await page(`/passage/${encodeURIComponent(hit.id)}`);
    expect(html).toContain('class="coverage-strip"');
    const sentences = all(html, /<span class="sentence (src-\d|src-none)">/g);
    expect(sentences.length).toBe(src.sentences.length);
    // As many colours as distinct best sources; the sentence text reads as the passage.
    const best = new Set(src.sentences.map((s) => s.sources[0]?.id).filter(Boolean));
    expect(new Set(sentences.map((m) => m[1]).filter((c) => c !== "src-none")).size).toBe(best.size);
    expect(all(html, /<li id="src-\d+" class="source src-/g).length).toBe(best.size);
    const quote = all(html, /<blockquote class="hit-text sentences">([\s\S]*?)<\/blockquote>/g)[0]![1]!;
    expect(decode(quote.replace(/<sup[\s\S]*?<\/sup>/g, "").replace(/<[^>]+>/g, ""))).toBe(hit.text);
  });

  it("draws where the clause travelled as an SVG timeline with a table of the same facts", async () => {
    const hit = (await engine.search("强化企业技术创新决策主体地位")).hits.find((h) => h.docId === higher.id)!;
    const trail = (await engine.trail(hit.id))!;
    const html = await page(`/passage/${encodeURIComponent(hit.id)}`);
    expect(html).toContain('<svg class="trail-chart"');
    expect(all(html, /<circle class="trail-dot/g).length).toBe(trail.entries.length);
    expect(all(html, /<circle class="trail-dot earliest/g).length).toBe(trail.entries.filter((e) => e.earliest).length);
    expect(html).toContain(`href="/api/passages/${encodeURIComponent(hit.id)}/trail"`);
    expect(decode(html)).toContain("日期不详"); // the Yanbian plan gives no date
  });
});

describe("indicators page", () => {
  it("puts the indicator tables of two plans side by side", async () => {
    const html = await page(`/indicators?doc=${encodeURIComponent(lower.id)}&doc=${encodeURIComponent(higher.id)}`);
    const text = decode(html.replace(/<[^>]+>/g, " "));
    expect(text).toContain("高新技术企业数量");
    expect(text).toMatch(/69\s+100\s+2495\s+5000/);
    expect(html).toMatch(/<td class="changed">/);
    await page(`/indicators?doc=${encodeURIComponent(lower.id)}`, 400);
    await page(`/indicators?doc=${encodeURIComponent(lower.id)}&doc=nope`, 404);
  });
});

describe("search page with a pasted clause", () => {
  it("shows the 出处 block beside the occurrences", async () => {
    const paste = "鼓励企业参与制定重大技术创新计划和规划，扩大企业创新决策话语权。支持企业参与、承担国家和省级重大科技项目的实施。";
    const html = await page(`/search?q=${encodeURIComponent(paste)}`);
    expect(html).toContain('class="panel paste-sources"');
    expect(decode(html)).toMatch(/出处[\s\S]*吉林省科学技术发展/);
    expect(html).toMatch(/<li class="paste-source">[\s\S]*?<mark>/);
    expect(await page(`/search?q=${encodeURIComponent("揭榜挂帅")}`)).not.toContain("paste-sources");
  });
});

describe("compare page", () => {
  it("lays the two plans side by side with shares and classed passages", async () => {
    const cmp = await engine.compare(lower.id, higher.id);
    const html = await page(`/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}`);
    expect(decode(html)).toContain(lower.title);
    expect(decode(html)).toContain(higher.title);
    expect(all(html, /<li class="map-row/g).length).toBeGreaterThanOrEqual(cmp.sections.length);
    // Every clause of A, none of its headings, as a pair with its counterpart in B.
    const clauses = cmp.passages.filter((p) => p.kind === "clause");
    expect(all(html, /<li class="clause-pair (copied|adapted|local)/g).length).toBe(clauses.length);
    expect(html).toMatch(/class="side-b">[\s\S]*?<a href="\/doc\//);
    expect(html).toMatch(/<rect class="fill"[^>]*width="\d/);
    expect(decode(html)).toContain(`A 的 ${clauses.length} 段条文中`);
    expect(decode(html)).toContain(`章节标题 ${cmp.summary.headings}`);
    // Both sides readable in full, shared words marked on both.
    const copied = clauses.find((p) => p.class === "copied" && p.echo)!;
    const row = all(html, new RegExp(`<li class="clause-pair copied" id="c-${copied.id}">[\\s\\S]*?</li>`, "g"))[0]![0];
    const text = decode(row.replace(/<[^>]+>/g, ""));
    expect(text).toContain((await engine.passage(copied.id))!.passage.text);
    expect(text).toContain((await engine.passage(copied.echo!.id))!.passage.text);
    expect(all(row, /<mark>/g).length).toBeGreaterThanOrEqual(2);
    // The indicator table compares cell by cell: changed figures as a → b, not a character diff.
    expect(html).toContain('<table class="table-diff">');
    expect(decode(html)).toMatch(/1\.10<\/span> → <span class="fig-b">&gt;2\.00|1\.10<\/span> → <span class="fig-b">>2\.00/);
    expect(html).toContain(`/indicators?doc=${encodeURIComponent(lower.id)}&amp;doc=${encodeURIComponent(higher.id)}`);
  });

  it("shows the aligned pair of a selected passage with shared and changed text", async () => {
    const cmp = await engine.compare(lower.id, higher.id);
    const adapted = cmp.passages.find((p) => p.class === "adapted" && p.echo) ?? cmp.passages.find((p) => p.echo)!;
    const html = await page(`/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}&p=${encodeURIComponent(adapted.id)}`);
    const pair = all(html, /<section id="pair"[\s\S]*?<\/section>/g)[0]![0];
    const pairText = decode(pair.replace(/<[^>]+>/g, ""));
    expect(pairText).toContain((await engine.passage(adapted.id))!.passage.text);
    expect(pairText).toContain((await engine.passage(adapted.echo!.id))!.passage.text);
    expect(pair).toMatch(/<mark>/);
    if (adapted.class === "adapted") expect(pair).toMatch(/<(del|ins)>/);
    expect(html).toContain(`id="c-${adapted.id}"`);
  });

  it("offers a form without ids, and errors for half or unknown pairs", async () => {
    const html = await page("/compare");
    expect(html).toContain('<select id="cmp-a" name="a"');
    await page(`/compare?a=${encodeURIComponent(lower.id)}`, 400);
    await page(`/compare?a=${encodeURIComponent(lower.id)}&b=nope`, 404);
    await page(`/compare?a=${encodeURIComponent(lower.id)}&b=..%2Fetc`, 400);
    await page(`/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(lower.id)}`, 400);
  });
});

describe("everything else", () => {
  it("has a Chinese 404 page", async () => {
    const html = await page("/no/such/page", 404);
    expect(html).toContain("页面或资料不存在");
    expect(html).toContain('<html lang="zh-CN">');
  });

  it("sends security headers and a script-src 'self' content policy", async () => {
    for (const url of ["/", "/no/such/page", "/static/app.js"]) {
      const res = await request(app).get(url);
      const csp = res.headers["content-security-policy"] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBeDefined();
      expect(res.headers["x-powered-by"]).toBeUndefined();
    }
  });

  it("gives JSON (answers, errors and unknown /api paths) a policy that allows nothing, and nosniff", async () => {
    const urls = ["/api/docs", `/api/search?q=${encodeURIComponent("梅花鹿")}`, "/api/search?limit=x", "/api/no/such/thing"];
    for (const url of urls) {
      const res = await request(app).get(url);
      expect(res.headers["content-type"], url).toMatch(/^application\/json/);
      expect(res.headers["content-security-policy"], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["cross-origin-resource-policy"], url).toBe("same-origin");
      expect(res.headers["x-powered-by"], url).toBeUndefined();
    }
    // Search answers differ in tookMs every time, so they carry no ETag (never a 304 to be had).
    const search = await request(app).get(urls[1]!);
    expect(search.status).toBe(200);
    expect(search.headers.etag).toBeUndefined();
    expect(Number(search.headers["content-length"])).toBe(Buffer.byteLength(search.text));
    expect(search.body.hits.length).toBeGreaterThan(0);
    const head = await request(app).head(urls[1]!);
    // (not equal to the GET's: tookMs differs from one answer to the next)
    expect(Number(head.headers["content-length"])).toBeGreaterThan(100);
    expect(head.headers["content-type"]).toBe(search.headers["content-type"]);
  });

  it("puts no inline scripts or styles in any page", async () => {
    const urls = [
      "/",
      `/search?q=${encodeURIComponent("揭榜挂帅")}`,
      `/doc/${encodeURIComponent(higher.id)}`,
      `/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}`,
      "/nope",
    ];
    for (const url of urls) {
      const html = (await request(app).get(url)).text;
      for (const m of all(html, /<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1]).toMatch(/src="\/static\//);
        expect(m[2]).toBe("");
      }
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });

  it("serves static files but nothing outside public/", async () => {
    await request(app).get("/static/style.css").expect(200).expect("content-type", /css/);
    await request(app).get("/static/app.js").expect(200).expect("content-type", /javascript/);
    for (const url of ["/static/..%2Fpackage.json", "/static/%2e%2e/package.json", "/static/../package.json", "/static/..%5Cpackage.json"]) {
      const res = await request(app).get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.text).not.toContain('"name": "zhangjie"');
    }
  });

  it("hides unexpected failures behind a plain 500 without a stack trace", async () => {
    const logged: string[] = [];
    const broken: Engine = {
      documents: engine.documents,
      reports: engine.reports,
      build: engine.build,
      doc: () => {
        throw new TypeError("another secret");
      },
      passage: (id) => engine.passage(id),
      search: () => {
        throw new Error("secret internal detail");
      },
      passageHit: (id) => engine.passageHit(id),
      highlighter: (q) => engine.highlighter(q),
      echoesOf: (id, limit) => engine.echoesOf(id, limit),
      echoCount: (id) => engine.echoCount(id),
      passageSources: (id) => engine.passageSources(id),
      trail: (id) => engine.trail(id),
      compare: (a, b) => engine.compare(a, b),
      edition: (id) => engine.edition(id),
      versions: (a, b) => engine.versions(a, b),
      indicators: (ids) => engine.indicators(ids),
      close: () => engine.close(),
    };
    const bad = createApp(broken, { log: (l) => logged.push(l) });
    const htmlRes = await request(bad).get("/search?q=x");
    expect(htmlRes.status).toBe(500);
    expect(htmlRes.text).toContain("服务器出错了");
    expect(htmlRes.text).not.toContain("secret");
    expectNoStackTrace(htmlRes.text);
    const apiRes = await request(bad).get("/api/search?q=x");
    expect(apiRes.status).toBe(500);
    expect(apiRes.body).toEqual({ error: expect.any(String), code: "INTERNAL", zh: "服务器内部错误", en: "internal server error" });
    expect(apiRes.text).not.toContain("secret");
    const docRes = await request(bad).get("/doc/whatever");
    expect(docRes.status).toBe(500);
    expect(docRes.text).not.toContain("another secret");
    // The details go to the server log instead.
    expect(logged.join("\n")).toContain("secret internal detail");
  });
});
