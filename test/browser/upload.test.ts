/**
 * The upload page in Debian's Chromium (playwright-core): the admin token typed into the form, a
 * regulation chosen and sent; the answer lists the document, which search finds without a restart.
 * A wrong token is refused on the page and changes nothing; a form posted without the page's CSRF
 * token (as another site would) is refused. The page runs under the CSP.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { createApp } from "../../src/web/app.ts";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { REGULATIONS, SEEDS, makeCorpus, tempDir } from "../live/helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
const TOKEN = "browser-token";
const LAW = path.join(REGULATIONS, "专利代理条例(2018-11-06).md");

describe.skipIf(!haveChromium)("the upload page in Chromium", () => {
  let live: LiveEngine;
  let corpusDir: string;
  let cacheDir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    corpusDir = makeCorpus(new Map(fs.readdirSync(SEEDS).map((f) => [f, path.join(SEEDS, f)])));
    cacheDir = tempDir("zj-live-cache-");
    live = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
    const app = createApp(live.engine, { log: () => {}, live: { corpusDir, collection: live.collection, env: { ZHANGJIE_ADMIN_TOKEN: TOKEN } } });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    for (const d of [corpusDir, cacheDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it("refuses a wrong token on the page and changes nothing", async () => {
    const page = await browser.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${base}/upload`);
    await page.fill("input[name=token]", "not-the-token");
    await page.setInputFiles("input[type=file]", LAW);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/upload") && r.request().method() === "POST"), page.click("button[type=submit]")]);
    expect(res.status()).toBe(401);
    await expect(page.locator(".upload-error").textContent()).resolves.toMatch(/管理令牌/);
    expect(fs.existsSync(path.join(corpusDir, "uploads"))).toBe(false);
    expect((await live.engine.search("专利代理机构")).total).toBe(0);
    await page.close();
  }, 60_000);

  it("uploads a regulation through the form; search finds it without a restart", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/upload`);
    await page.fill("input[name=token]", TOKEN);
    await page.setInputFiles("input[type=file]", LAW);
    await page.fill("input[name=region]", "全国");
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/upload") && r.request().method() === "POST"), page.click("button[type=submit]")]);
    expect(res.status()).toBe(201);
    const result = await page.locator(".upload-result").textContent();
    expect(result).toMatch(/uploads\/专利代理条例\(2018-11-06\)\.md/);
    expect(result).toMatch(/专利代理条例/);
    await page.goto(`${base}/search?q=${encodeURIComponent("专利代理机构")}`);
    const first = await page.locator(".hit").first().textContent();
    expect(first).toMatch(/专利代理/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("refuses the form posted without the page's CSRF token (another site's form)", async () => {
    const page = await browser.newPage();
    // A page of another origin that posts to the upload form with the right token field but no CSRF value.
    await page.goto("about:blank");
    await page.setContent(`<form method="post" action="${base}/upload" enctype="multipart/form-data"><input name="token" value="${TOKEN}"><input type="file" name="file"><button>go</button></form>`);
    await page.setInputFiles("input[type=file]", path.join(REGULATIONS, "农业技术推广法(2012-08-31).md"));
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/upload")), page.click("button")]);
    expect(res.status()).toBe(403);
    expect((await live.engine.search("农业技术推广体系")).total).toBe(0);
    await page.close();
  }, 60_000);
});
