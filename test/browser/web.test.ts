/**
 * The web interface in a real browser: Debian's Chromium driven by playwright-core against the app on
 * an ephemeral loopback port, with the real engine on corpus/. Screenshots go to test-artifacts/.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord } from "../../src/model.ts";
import { createApp } from "../../src/web/app.ts";
import { mirrorPair, openTestEngine } from "../support/real-engine.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[browser test] skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install chromium)`);

const ARTIFACTS = path.resolve("test-artifacts");

describe.skipIf(!haveChromium)("the web interface in Chromium", () => {
  let engine: Engine;
  let cacheDir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let lower: DocumentRecord;
  let higher: DocumentRecord;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ engine, cacheDir } = await openTestEngine());
    ({ lower, higher } = await mirrorPair(engine));
    const app = createApp(engine, { log: () => {} });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on("dialog", async (d) => {
      cspViolations.push(`unexpected dialog: ${d.message()}`);
      await d.dismiss();
    });
    await page.goto(base + url);
    return page;
  }

  it("searches 梅花鹿, follows a breadcrumb to the highlighted passage, copies a citation", async () => {
    const page = await open("/");
    await page.getByLabel("检索政策文件条款").fill("梅花鹿");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=/);

    const expected = (await engine.search("梅花鹿", { limit: 10 })).hits;
    const cards = page.locator("li.hit");
    await expect.poll(() => cards.count()).toBe(expected.length);
    expect(await cards.evaluateAll((els) => els.map((e) => e.id))).toEqual(expected.map((h) => `hit-${h.id}`));
    const first = cards.first();
    expect(await first.locator(".hit-text mark").first().textContent()).toBe("梅花鹿");
    expect(await first.locator(".crumbs a").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "search.png"), fullPage: true });

    // Copy the first card's citation; the clipboard holds the citation and the passage's absolute URL.
    // (located by its target, not by its label: the label changes to 已复制 when clicked)
    const copy = first.locator('.cite .copy-btn[data-copy-target^="cite-"]:not(.copy-quote)');
    await expect.poll(() => copy.isVisible()).toBe(true);
    expect(await first.getByRole("button", { name: "复制引用" }).count()).toBe(1);
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe("已复制");
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(`${expected[0]!.citation} ${base}${expected[0]!.url}`);

    // Follow the deepest crumb of the first card into the reader.
    const crumb = first.locator(".crumbs a").last();
    const href = (await crumb.getAttribute("href"))!;
    await crumb.click();
    await page.waitForURL((u) => u.pathname.startsWith("/doc/") && u.hash.startsWith("#p-"));
    const anchor = decodeURIComponent(href.split("#")[1]!);
    const target = page.locator(":target");
    expect(await target.getAttribute("id")).toBe(anchor);
    const bg = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe("rgba(0, 0, 0, 0)");
    expect(await target.isVisible()).toBe(true);
    const box = (await target.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(900);
    await page.screenshot({ path: path.join(ARTIFACTS, "reader.png") });

    // The card's own link lands on the passage itself, also highlighted.
    await page.goto(base + expected[0]!.url);
    expect(await page.locator(":target").getAttribute("id")).toBe(`p-${expected[0]!.id}`);
    expect(await page.locator(":target .passage-text").textContent()).toBe(expected[0]!.text);
    await page.close();
  });

  it("opens the comparison from the search page and shows the sections side by side", async () => {
    const page = await open("/search?q=" + encodeURIComponent("揭榜挂帅"));
    await page.locator(".comparisons a").first().click();
    await page.waitForURL(/\/compare\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("a")).toBe(lower.id);
    expect(url.searchParams.get("b")).toBe(higher.id);

    const row = page.locator("li.map-row", { has: page.locator(".side-b a") }).first();
    const a = (await row.locator(".side-a").boundingBox())!;
    const b = (await row.locator(".side-b").boundingBox())!;
    expect(b.x).toBeGreaterThan(a.x + a.width - 1);
    expect(Math.abs(a.y - b.y)).toBeLessThan(5);
    // Each clause of A beside its counterpart in B, both as text.
    const pairRow = page.locator("li.clause-pair.adapted", { has: page.locator(".clause-b mark") }).first();
    const ca = (await pairRow.locator(".clause-a").boundingBox())!;
    const cb = (await pairRow.locator(".clause-b").boundingBox())!;
    expect(cb.x).toBeGreaterThan(ca.x + ca.width - 1);
    expect(Math.abs(ca.y - cb.y)).toBeLessThan(5);
    expect(await pairRow.locator(".clause-a mark").count()).toBeGreaterThan(0);
    expect(await page.locator("li.clause-pair.copied, li.clause-pair.adapted").count()).toBeGreaterThan(0);
    expect(await page.locator("li.clause-pair.local").count()).toBeGreaterThan(0);

    // Select an adapted passage: the aligned pair appears with shared and changed text marked.
    await pairRow.locator(".pair-link").click();
    await page.waitForURL(/#pair$/);
    const pair = page.locator("#pair");
    expect(await pair.isVisible()).toBe(true);
    expect(await pair.locator(".pair-side").count()).toBe(2);
    expect(await pair.locator("mark").count()).toBeGreaterThan(0);
    expect(await pair.locator("del, ins").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "compare-pair.png") });
    await page.goto(`${base}/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, "compare.png") });
    await page.close();
  });

  it("renders a script-injection query as text", async () => {
    const evil = "<script>alert(1)</script>";
    const page = await open("/");
    await page.getByLabel("检索政策文件条款").fill(evil);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    expect(await page.inputValue("#q")).toBe(evil);
    expect(await page.title()).toContain(evil);
    expect(await page.locator("script").count()).toBe(1);
    await page.close();
  });

  it("reads well at phone width and works without JavaScript", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await phone.newPage();
    await page.goto(`${base}/search?q=${encodeURIComponent("揭榜挂帅")}`);
    expect(await page.locator("li.hit").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Without scripts the copy buttons stay hidden and the citation is plain selectable text.
    expect(await page.locator(".copy-btn").first().isVisible()).toBe(false);
    expect(await page.locator(".cite-text").first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "search-phone.png"), fullPage: false });
    await page.goto(`${base}/compare?a=${encodeURIComponent(lower.id)}&b=${encodeURIComponent(higher.id)}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // On a phone each pair stacks, B under A, and the A/B tags stay visible.
    const pair = page.locator("li.clause-pair.adapted", { has: page.locator(".clause-b mark") }).first();
    await pair.scrollIntoViewIfNeeded();
    const tagA = pair.locator(".clause-a .side-tag");
    const tagB = pair.locator(".clause-b .side-tag");
    expect(await tagA.isVisible()).toBe(true);
    expect(await tagB.isVisible()).toBe(true);
    expect(await tagA.textContent()).toBe("A");
    expect(await tagB.textContent()).toBe("B");
    const ta = (await tagA.boundingBox())!;
    const tb = (await tagB.boundingBox())!;
    expect(ta.width).toBeGreaterThan(8);
    expect(tb.y).toBeGreaterThan(ta.y + ta.height); // stacked
    expect(ta.x + ta.width).toBeLessThanOrEqual(390);
    await pair.screenshot({ path: path.join(ARTIFACTS, "compare-pair-phone.png") });
    await page.screenshot({ path: path.join(ARTIFACTS, "compare-phone.png") });
    // The passage page (sources by sentence, the trail) also fits the phone.
    const hit = (await engine.search("强化企业技术创新决策主体地位")).hits.find((h) => h.docId === higher.id)!;
    await page.goto(`${base}/passage/${encodeURIComponent(hit.id)}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator("svg.trail-chart").isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "passage-phone.png"), fullPage: true });
    await phone.close();
  });

  it("says plainly when nothing matches, with similar passages apart (API total 0)", async () => {
    const q = "碳达峰 梅花鹿";
    const api = await (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json();
    expect(api).toMatchObject({ total: 0, hits: [], mode: "terms", reason: "no-match" });
    const page = await open(`/search?q=${encodeURIComponent(q)}`);
    expect(await page.locator(".summary").textContent()).toContain("没有找到包含“碳达峰”和“梅花鹿”的段落。");
    expect(await page.locator('ol.hits[start="1"] > li.hit').count()).toBe(0);
    const similar = page.locator(".similar-block");
    expect(await similar.isVisible()).toBe(true);
    expect(await similar.locator("h2").textContent()).toContain("不是检索结果");
    expect(await similar.locator("li.hit").count()).toBe(api.similar.hits.length);
    await page.screenshot({ path: path.join(ARTIFACTS, "no-match.png"), fullPage: false });
    await page.close();
  });

  it("a result opens the reader with the query's terms marked and the passage targeted", async () => {
    const page = await open(`/search?q=${encodeURIComponent("揭榜掛帥")}`);
    const first = page.locator("li.hit").first();
    await first.locator("h3 a").click();
    await page.waitForURL((u) => u.pathname.startsWith("/doc/") && u.searchParams.get("q") === "揭榜掛帥" && u.hash.startsWith("#p-"));
    const target = page.locator(":target");
    expect(await target.locator("mark").first().textContent()).toBe("揭榜挂帅"); // the traditional query marks the simplified text
    expect(await target.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
    expect(await page.locator(".search-marks").textContent()).toContain("已标出检索词");
    expect(await page.locator(".doc-body mark").count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "reader-marked.png") });
    await page.close();
  });

  it("copies the quoted text with its citation", async () => {
    const page = await open(`/search?q=${encodeURIComponent("梅花鹿")}`);
    const first = page.locator("li.hit").first();
    const button = first.locator(".copy-quote");
    await expect.poll(() => button.isVisible()).toBe(true);
    await button.click();
    await expect.poll(() => button.textContent()).toBe("已复制");
    const hit = (await engine.search("梅花鹿", { limit: 1 })).hits[0]!;
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`“${hit.text}”${hit.citation} ${base}${hit.url}`);
    await page.close();
  });

  it("on a phone the facets fold above the results; printing shows the query, filters and date, not the facets", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    const page = await phone.newPage();
    await page.goto(`${base}/search?q=${encodeURIComponent("科技 level:省")}`);
    const facets = page.locator("details.facets");
    const results = page.locator(".results");
    expect(await facets.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect((await facets.boundingBox())!.y).toBeLessThan((await results.boundingBox())!.y);
    await facets.locator("summary").click();
    expect(await facets.locator(".facet-docs a").first().isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, "search-phone-facets.png") });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-head").isVisible()).toBe(true);
    expect(await page.locator(".print-head").textContent()).toMatch(/检索式：科技 level:省[\s\S]*筛选：层级：省[\s\S]*检索时间：\d{4}-\d{2}-\d{2}/);
    expect(await facets.isVisible()).toBe(false);
    expect(await page.locator("li.hit").first().isVisible()).toBe(true);
    await page.pdf({ path: path.join(ARTIFACTS, "search-print.pdf") }).catch(() => undefined);
    await phone.close();
  });

  it("shows a paragraph's sources sentence by sentence and the trail of a clause", async () => {
    const para = (await engine.search("聚焦粮食安全，围绕良种培育")).hits.find((h) => h.docId === lower.id)!;
    const page = await open(`/passage/${encodeURIComponent(para.id)}`);
    expect(await page.locator(".coverage-strip rect").count()).toBe((await engine.passageSources(para.id))!.sentences.length);
    const colours = await page.locator(".sentence.src-1").evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(colours.length).toBeGreaterThan(0);
    expect(colours[0]).not.toBe("rgba(0, 0, 0, 0)");
    // Following a sentence's source number lands on that source beside the text.
    await page.locator(".sentence sup a").first().click();
    expect(await page.locator(":target").getAttribute("class")).toMatch(/^source src-/);
    await page.screenshot({ path: path.join(ARTIFACTS, "passage-sources.png"), fullPage: true });
    const clause = (await engine.search("强化企业技术创新决策主体地位")).hits.find((h) => h.docId === higher.id)!;
    await page.goto(`${base}/passage/${encodeURIComponent(clause.id)}`);
    const dots = page.locator("svg.trail-chart circle.trail-dot");
    expect(await dots.count()).toBe((await engine.trail(clause.id))!.entries.length);
    expect(await page.locator("svg.trail-chart circle.earliest").count()).toBe(1);
    await page.locator("#trail").screenshot({ path: path.join(ARTIFACTS, "trail.png") });
    await page.close();
  });

  it("loaded every script and style under the content security policy", () => {
    expect(cspViolations).toEqual([]);
  });
});
