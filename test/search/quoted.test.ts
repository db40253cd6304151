/**
 * Literal means literal: inside quotes every character counts, punctuation included (after width
 * folding). A property test over random substrings with punctuation of the seed passages: every hit
 * of the quoted query contains the quoted text, and every passage containing it is found.
 */
import type { DocumentRecord } from "../../src/model.ts";
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import { isWordChar } from "../../src/analysis/analyzer.ts";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { norm } from "../support/text.ts";
import { doc, searcherFor } from "./helpers.ts";

const QUOTE = /["＂“”]/;
const PUNCT = /[^\p{L}\p{N}\s]/u;

describe("quoted punctuation is literal (constructed)", () => {
  const s = searcherFor([
    doc("a", { title: "甲" }, [
      { path: [], text: "驾驶机动车超过规定时，构成违法行为。" },
      { path: [], text: "驾驶机动车超过规定时速百分之五十的，处罚款。" },
      { path: [], text: "有关部门应当加强监管；构建长效机制。" },
      { path: [], text: "机构设置应当精简。" },
    ]),
  ]);

  it('"规定时，" finds the clause with the comma, not 规定时速', () => {
    const res = s.search('"规定时，"');
    expect(res.hits.map((h) => h.text)).toEqual(["驾驶机动车超过规定时，构成违法行为。"]);
    // a half-width comma in the query is the same character after width folding
    expect(s.search('"规定时,"').hits.map((h) => h.id)).toEqual(res.hits.map((h) => h.id));
    // highlighted as displayed, comma included
    const [a, b] = res.hits[0]!.highlights[0]!;
    expect(res.hits[0]!.text.slice(a, b)).toBe("规定时，");
  });

  it('outside quotes punctuation separates terms: ；构 is the term 构; "；构" is literal', () => {
    expect(s.search("；构").total).toBe(3); // 构成, 构建, 机构
    expect(s.search('"；构"').hits.map((h) => h.text)).toEqual(["有关部门应当加强监管；构建长效机制。"]);
    expect(s.search("规定时，构成").total).toBe(1); // 规定时 AND 构成
  });
});

describe("quoted punctuation is literal (seeds, property)", () => {
  let engine: Engine;
  let docs: DocumentRecord[];
  let cacheDir: string;
  let passages: { id: string; text: string; n: string; primary: boolean; counterparts: string[] }[];
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
    docs = await fullDocuments(engine);
    passages = docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => ({ id: p.id, text: p.text, n: norm(p.text), primary: e.primary, counterparts: p.counterparts }))));
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("every hit of a quoted substring with punctuation contains it, and every passage holding it is found", async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 2, max: 10 }), async (pi, at, len) => {
        const p = passages[pi % passages.length]!;
        if (p.text.length < len) return;
        const start = at % (p.text.length - len + 1);
        const piece = p.text.slice(start, start + len);
        // punctuation inside, something searchable, nothing that would close the quote
        if (!PUNCT.test(piece) || QUOTE.test(piece) || ![...piece].some((c) => isWordChar(c))) return;
        const needle = norm(piece);
        const res = await engine.search(`"${piece}"`, { limit: 1000, rows: true });
        expect(res.mode).toBe("terms");
        for (const h of res.hits) expect(norm(h.text), `${piece} in ${h.id}`).toContain(needle);
        const found = new Set(res.hits.flatMap((h) => [h.id, ...h.otherEditions.map((o) => o.passageId), ...h.alsoIn.map((a) => a.id)]));
        for (const q of passages) if (q.n.includes(needle)) expect(found.has(q.id), `${piece}: ${q.id}`).toBe(true);
        expect(found.has(p.id)).toBe(true);
        checked++;
      }),
      { numRuns: 400, seed: 20240426 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
