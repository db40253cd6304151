/**
 * The documents page in Debian's Chromium (playwright-core): a corpus with documents in folders and
 * files that are skipped or ignored; the page lists the documents with their metadata and sources,
 * every skipped file with its reason, is reached from the header, and runs under the CSP.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import type { Engine } from "../../src/engine.contract.ts";
import { createApp } from "../../src/web/app.ts";
import { DOCS_CORPUS, makeDocsCorpus } from "../support/docs-corpus.ts";
import { openTestEngine } from "../support/real-engine.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[browser test] skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install chromium)`);

const ARTIFACTS = path.resolve("test-artifacts");

describe.skipIf(!haveChromium)("the documents page in Chromium", () => {
  let engine: Engine;
  let corpusDir: string;
  let cacheDir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    corpusDir = makeDocsCorpus();
    ({ engine, cacheDir } = await openTestEngine(corpusDir));
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
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(corpusDir, { recursive: true, force: true });
  });

  it("lists the documents and the skipped files, reached from the header", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on("dialog", async (d) => {
      problems.push(`unexpected dialog: ${d.message()}`);
      await d.dismiss();
    });
    await page.goto(`${base}/`);
    await page.locator(".site-header nav").getByRole("link", { name: "文件", exact: true }).click();
    await page.waitForURL(/\/docs$/);

    const cards = page.locator("li.doc-card");
    await expect.poll(() => cards.count()).toBe(engine.documents.length);
    expect((await cards.locator("h3").allTextContents()).map((t) => t.trim())).toEqual(engine.documents.map((d) => d.title));

    const plan = cards.filter({ hasText: "吉林省科学技术发展“十四五”规划" });
    expect(await plan.locator("table.doc-meta tr", { hasText: "文号" }).locator("td").allTextContents()).toEqual(["吉政办发〔2022〕11号", "正文"]);
    const sources = await plan.locator(".editions code.source").allTextContents();
    expect(sources).toEqual(expect.arrayContaining([DOCS_CORPUS.docx, DOCS_CORPUS.html]));

    const skipped = page.locator("tr.file.skipped");
    expect(await skipped.count()).toBe(5);
    const reasons = new Map<string, string>();
    for (const row of await skipped.all()) reasons.set((await row.locator("code").textContent())!, (await row.locator(".reason").textContent())!);
    expect(reasons.get(DOCS_CORPUS.bomb)).toMatch(/zip bomb/);
    expect(reasons.get(DOCS_CORPUS.legacy)).toMatch(/save it as \.docx or PDF/);
    expect(reasons.get(DOCS_CORPUS.fifo)).toMatch(/FIFO/);
    expect(reasons.get(DOCS_CORPUS.outside)).toMatch(/outside corpus\//);
    expect(reasons.get("inbox/通知\\u{7}.txt")).toMatch(/control characters/);
    expect(await page.locator("tr.file.ignored", { hasText: "README.md" }).count()).toBe(1);
    // The markup in a file name is text on the page.
    expect(await page.locator("tr.file.indexed code", { hasText: "<img src=x onerror=alert(1)>" }).count()).toBe(1);
    expect(await page.locator("img").count()).toBe(0);

    // The summary's link goes to the first skipped file.
    await page.locator(".summary a[href='#skipped']").click();
    expect(await page.locator(":target code").textContent()).toBe((await skipped.first().locator("code").textContent())!);
    await page.screenshot({ path: path.join(ARTIFACTS, "docs.png"), fullPage: true });
    await context.close();
    expect(problems).toEqual([]);
  });
});
