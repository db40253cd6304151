/**
 * Query fuzzing: thousands of seeded hostile queries against engine.search, hundreds against
 * GET /api/search and the search page. Every answer is a well-formed response or a bilingual 400 —
 * never a 500, never a stray exception. Paging parameters are fuzzed the same way.
 */
import fs from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Express } from "express";
import type { Engine } from "../../src/engine.contract.ts";
import type { SearchOptions } from "../../src/search/types.ts";
import { ZhangjieError } from "../../src/errors.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestEngine } from "../support/real-engine.ts";
import { bilingual, checkResponse, expectQueryError, fuzzQueries, HAND_PICKED } from "./fuzz.ts";

let engine: Engine;
let cacheDir: string;
let app: Express;
const serverLog: string[] = [];

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  app = createApp(engine, { log: (l) => serverLog.push(l) });
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** Percent-encode any string, lone surrogates included (as the 3-byte sequences a sloppy client would send). */
export function encodeAny(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** How EJS escapes text (`<%= %>`). */
function ejsEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c]!);
}

describe("engine.search under fuzzing", () => {
  it("answers 4,000 seeded hostile queries with a well-formed response or a bilingual 400", async () => {
    const outcomes = new Map<string, number>();
    for (const seed of [1, 2]) {
      for (const q of fuzzQueries(seed, 2000)) {
        let outcome: string;
        try {
          const res = await engine.search(q);
          checkResponse(res, q);
          outcome = res.mode;
        } catch (err) {
          expectQueryError(err, q);
          outcome = (err as ZhangjieError).code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    // The generator reaches every branch: both modes and each kind of bad query.
    for (const k of ["terms", "similar", "QUERY_EMPTY", "QUERY_NO_TERMS", "QUERY_TOO_LONG", "QUERY_UNBALANCED_QUOTES", "QUERY_EMPTY_FILTER", "QUERY_BAD_FILTER", "QUERY_ONLY_NEGATIVE"]) {
      expect(outcomes.get(k) ?? 0, `${k} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    }
  });

  it("keeps highlights valid with every page size, for every hit of common terms", async () => {
    for (const q of ["的", "创新 发展", "科技 OR 产业", "“科技成果”", "吉林省 -延边", "in:第四章 创新", "doc:吉林 2025"]) {
      const res = await engine.search(q, { limit: 1000 });
      checkResponse(res, q, 1000);
      expect(res.mode, q).toBe("terms");
    }
  });

  it("treats invisible characters in a pasted term as absent (a term with a direction mark or zero-width space still matches literally)", async () => {
    const plain = await engine.search("梅花鹿");
    for (const q of ["梅花鹿\u200f", "\u202e梅花鹿", "梅\u200b花鹿", "梅花\u00ad鹿", "\ufeff梅花鹿", "梅花鹿\u0000", "梅花\u2060鹿"]) {
      const res = await engine.search(q);
      expect(res.mode, JSON.stringify(q)).toBe("terms");
      expect(res.hits.map((h) => [h.id, h.highlights]), JSON.stringify(q)).toEqual(plain.hits.map((h) => [h.id, h.highlights]));
    }
  });

  it("refuses bad paging options with a bilingual 400 and honours good ones", async () => {
    const values: unknown[] = [-1, 0, 1, 7, 1000, 1001, 2 ** 31, 2 ** 53, 1e300, NaN, Infinity, -Infinity, 1.5, -0, "5", "", null, true, [1], {}];
    for (const limit of values) {
      for (const offset of values) {
        const opts = { limit, offset } as unknown as SearchOptions;
        let res;
        try {
          res = await engine.search("创新", opts);
        } catch (err) {
          expectQueryError(err, `limit=${String(limit)} offset=${String(offset)}`);
          continue;
        }
        const l = limit === null ? 20 : (limit as number);
        expect(Number.isInteger(l) && l >= 1, `limit ${String(limit)} accepted`).toBe(true);
        expect(Number.isInteger(offset ?? 0) && ((offset as number) ?? 0) >= 0, `offset ${String(offset)} accepted`).toBe(true);
        checkResponse(res, "创新", Math.min(l, 1000));
      }
    }
    // no options object at all, or null from a JavaScript caller
    expect((await engine.search("创新")).hits.length).toBe(20);
    expect((await engine.search("创新", null as unknown as SearchOptions)).hits.length).toBe(20);
    expect((await engine.search("创新", { offset: 10 ** 9 })).hits).toEqual([]);
  });

  it("turns non-string queries into a 400, not a TypeError", async () => {
    for (const q of [undefined, null, 42, {}, [], ["梅花鹿"], Symbol("q")]) {
      try {
        await engine.search(q as unknown as string);
        throw new Error(`accepted ${String(q)}`);
      } catch (err) {
        expectQueryError(err, String(q));
      }
    }
  });
});

describe("GET /api/search under fuzzing", () => {
  const queries = fuzzQueries(3, 300);

  it("answers every query with 200 and a well-formed body, or 400 {error, code} in both languages", async () => {
    const agent = request(app);
    for (const q of queries) {
      const res = await agent.get(`/api/search?q=${encodeAny(q)}`);
      const where = JSON.stringify(q).slice(0, 120);
      expect([200, 400], `${where}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
      expect(res.headers["content-type"], where).toMatch(/application\/json/);
      if (res.status === 200) checkResponse(res.body, res.body.query);
      else {
        expect(Object.keys(res.body).sort(), where).toEqual(["code", "en", "error", "zh"]);
        expect(bilingual(res.body.error), res.body.error).toBe(true);
      }
    }
    expect(serverLog).toEqual([]); // nothing unexpected was logged
  });

  it("refuses bad limit/offset values (negative, huge, NaN, floats, repeated) with a 400", async () => {
    const bad = ["-1", "0", "1001", "99999999999999999999", "NaN", "Infinity", "1.5", "1e3", "0x10", "５", "abc", "1,000", "%00", "1%20000"];
    for (const v of bad) {
      for (const name of ["limit", "offset"]) {
        if (name === "offset" && ["0", "1001"].includes(v)) continue; // valid offsets
        const res = await request(app).get(`/api/search?q=${encodeURIComponent("创新")}&${name}=${v}`);
        expect(res.status, `${name}=${v}`).toBe(400);
        expect(res.body.code).toBe("BAD_PARAMETER");
        expect(bilingual(res.body.error), res.body.error).toBe(true);
      }
    }
    for (const dup of ["limit=1&limit=2", "offset=1&offset=1", "q=a&q=b", "limit[]=1", "limit[a]=1"]) {
      const res = await request(app).get(`/api/search?q=${encodeURIComponent("创新")}&${dup}`);
      if (dup.includes("[")) expect(res.status, dup).toBe(200); // a different parameter name, ignored
      else {
        expect(res.status, dup).toBe(400);
        expect(res.body.code).toBe("BAD_PARAMETER");
      }
    }
    const ok = await request(app).get(`/api/search?q=${encodeURIComponent("创新")}&limit=1000&offset=3`).expect(200);
    checkResponse(ok.body, "创新", 1000);
    expect(ok.body.hits[0].id).toBe((await engine.search("创新", { limit: 1, offset: 3 })).hits[0]!.id);
  });
});

describe("the search page under fuzzing", () => {
  const queries = [...HAND_PICKED.filter((q) => q.length <= 1001), ...fuzzQueries(4, 250).slice(HAND_PICKED.length)];

  it("renders 200 or a 400 page, never a 500, with the query always shown escaped", async () => {
    const agent = request(app);
    const blank = (await agent.get("/search").expect(200)).text;
    const count = (text: string, s: string) => text.split(s).length - 1;
    for (const q of queries) {
      const res = await agent.get(`/search?q=${encodeAny(q)}`);
      const where = JSON.stringify(q).slice(0, 120);
      expect([200, 400], `${where}: ${res.status}`).toContain(res.status);
      expect(res.headers["content-type"], where).toMatch(/text\/html/);
      // nothing tag-like from the query reaches the page unescaped
      // (the page's own markup has tags too: compare with the page for no query)
      for (const m of q.matchAll(/<[a-z!/?%][^\s<]*/gi)) expect(count(res.text, m[0]), `${where}: ${m[0]} unescaped`).toBeLessThanOrEqual(count(blank, m[0]));
      const shown = q.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
      if (shown && q.length <= 1000 && !/[\ud800-\udfff]/.test(q.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) {
        expect(res.text, where).toContain(`value="${ejsEscape(shown)}"`);
      }
      expect(res.text, where).not.toMatch(/\bat [^\n]*\.(ts|js):\d+/); // no stack trace
    }
    expect(serverLog).toEqual([]);
  });

  it("every link a result page offers (facets, filter removal, pages) leads to a page, not an error", async () => {
    const agent = request(app);
    const filtered = [
      'in:"第四章 推进" 创新', "创新 in：第四章", "DOC:吉林 创新", '创新 doc:"吉林省 科学"', "-in:专栏 创新", '创新 in:第四章"关键"',
      "“科技 创新” in:第四章", "创新 doc:吉林 doc:延边", "科技 in:专栏 in:一", "碳达峰 -碳中和 doc:吉林",
    ];
    const pool = [...filtered, ...fuzzQueries(5, 400).slice(HAND_PICKED.length)];
    let followed = 0;
    for (const q of pool) {
      const res = await agent.get(`/search?q=${encodeAny(q)}`);
      if (res.status !== 200) continue;
      const links = new Set([...res.text.matchAll(/href="(\/search\?[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")));
      for (const href of links) {
        const page = await agent.get(href);
        const shown = new URLSearchParams(href.slice("/search?".length)).get("q") ?? "";
        // Removing the last positive term's companion filter may leave only exclusions: that is the user's query, refused.
        const onlyExclusions = page.status === 400 && page.text.includes("查询只有排除词");
        expect(page.status === 200 || onlyExclusions, `${JSON.stringify(q)} → ${shown}: ${page.status}`).toBe(true);
        followed++;
      }
      if (followed > 800) break;
    }
    expect(followed).toBeGreaterThan(100);
  });
});
