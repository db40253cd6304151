/**
 * Recall on the real corpus: literal strings drawn at random (seeded) from the passages, plus the
 * policy dictionary terms, must each find every passage that contains them (recall 1.0, editions
 * collapsed), and every hit must contain the string. Also measures what a word-only index would find.
 */
import type { DocumentRecord } from "../../src/model.ts";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import { analyze, isWordChar } from "../../src/analysis/analyzer.ts";
import { fileURLToPath } from "node:url";
import { openTestEngine, fullDocuments } from "../support/real-engine.ts";
import { norm, rng } from "../support/text.ts";

const SAMPLES = 250;
const ISSUE_TERMS = ["碳达峰", "碳中和", "揭榜挂帅", "长吉图", "一主六双", "专精特新", "放管服", "卡脖子", "双碳", "梅花鹿", "科技小巨人"];
const QUOTE = /["＂“”]/;

let engine: Engine;
let docs: DocumentRecord[];
let cacheDir: string;
let all: { id: string; primary: boolean; counterparts: string[]; n: string; text: string }[];

beforeAll(async () => {
  ({ engine, cacheDir } = await openTestEngine());
  docs = await fullDocuments(engine);
  all = docs.flatMap((d) =>
    d.editions.flatMap((e) => e.passages.map((p) => ({ id: p.id, primary: e.primary, counterparts: p.counterparts, n: norm(p.text), text: p.text }))),
  );
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

function drawStrings(): string[] {
  const rand = rng(20220722);
  const out = new Set<string>();
  let guard = 0;
  while (out.size < SAMPLES && guard++ < 100_000) {
    const p = all[Math.floor(rand() * all.length)]!;
    const len = 2 + Math.floor(rand() * 7); // 2–8 characters
    if (p.text.length < len) continue;
    const at = Math.floor(rand() * (p.text.length - len + 1));
    const s = p.text.slice(at, at + len);
    if (QUOTE.test(s) || /\s/.test(s) || !isWordChar(s[0]!) || !isWordChar(s[s.length - 1]!)) continue;
    out.add(s);
  }
  return [...out];
}

function dictTerms(): string[] {
  const file = fileURLToPath(new URL("../../dict/policy.seed.txt", import.meta.url));
  const seed = fs.readFileSync(file, "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
  return [...new Set([...ISSUE_TERMS, ...seed])];
}

/** Passages containing s, with a secondary-edition passage represented by its primary counterpart when that one contains s too. */
function expectedIds(s: string): { raw: Set<string>; collapsed: Set<string> } {
  const needle = norm(s);
  const raw = new Set(all.filter((p) => p.n.includes(needle)).map((p) => p.id));
  const collapsed = new Set<string>();
  for (const p of all) {
    if (!raw.has(p.id)) continue;
    if (!p.primary && p.counterparts.some((c) => raw.has(c) && all.find((x) => x.id === c)?.primary)) continue;
    collapsed.add(p.id);
  }
  return { raw, collapsed };
}

describe("literal recall on the real corpus", () => {
  it("finds every occurrence of ≥200 random strings and the dictionary terms; every hit contains the string", async () => {
    const strings = [...drawStrings(), ...dictTerms()];
    expect(strings.length).toBeGreaterThanOrEqual(SAMPLES);
    let checked = 0;
    let expectedTotal = 0;
    for (const s of strings) {
      const { collapsed } = expectedIds(s);
      if (collapsed.size === 0) continue; // a seed term this corpus lacks
      checked++;
      // Inside quotes every character counts; outside, punctuation would separate terms.
      const q = /[^\p{L}\p{N}]/u.test(s) || /^(OR|NOT)$/.test(s) ? `"${s}"` : s;
      const res = await engine.search(q, { limit: 1000, rows: true }); // rows: every folded passage listed
      expect(res.mode, s).toBe("terms");
      // A hit stands for the identical passages of other documents folded into it ("also in").
      const got = new Set(res.hits.flatMap((h) => [h.id, ...h.alsoIn.map((a) => a.id)]));
      expect(res.matched, s).toBe(collapsed.size);
      expect(got, s).toEqual(collapsed);
      for (const h of res.hits) expect(norm(h.text).includes(norm(s)), `${s} in ${h.id}`).toBe(true);
      for (const h of res.hits) for (const a of h.alsoIn) expect(norm((await engine.passage(a.id))!.passage.text)).toBe(norm(h.text));
      // each highlight covers the string (after folding, ignoring whitespace)
      for (const h of (await engine.search(q, { limit: 10 })).hits) {
        expect(h.highlights.length, s).toBeGreaterThan(0);
        for (const [a, b] of h.highlights) expect(norm(h.text.slice(a, b)), s).toBe(norm(s));
      }
      expectedTotal += collapsed.size;
    }
    expect(checked).toBeGreaterThanOrEqual(200);
    console.log(`recall check: ${checked} strings, ${expectedTotal} expected hits, all found`);
  });

  it("measures the recall of words alone (reported, not a target): well under the backstop's 1.0", () => {
    const tokens = new Map(all.map((p) => [p.id, analyze(p.text).map((t) => t.term)]));
    const wordOnly = (strings: string[]) => {
    let found = 0;
    let total = 0;
    for (const s of strings) {
      const q = analyze(s).map((t) => t.term);
      if (q.length === 0) continue;
      const { raw } = expectedIds(s);
      for (const id of raw) {
        total++;
        const t = tokens.get(id)!;
        // a word index finds the passage when the query's words occur in it consecutively
        let hit = false;
        for (let i = 0; i + q.length <= t.length && !hit; i++) hit = q.every((w, k) => t[i + k] === w);
        if (hit) found++;
      }
    }
      return { found, total, recall: found / total };
    };
    // (a) random character strings; (b) strings a reader would type: 1–3 consecutive words of a passage
    const a = wordOnly(drawStrings());
    const rand = rng(7);
    const typed = new Set<string>();
    while (typed.size < SAMPLES) {
      const p = all[Math.floor(rand() * all.length)]!;
      const t = analyze(p.text);
      if (t.length < 3) continue;
      const i = Math.floor(rand() * (t.length - 2));
      const k = 1 + Math.floor(rand() * 3);
      const s = p.text.slice(t[i]!.start, t[i + k - 1]!.end);
      if (s.length >= 2 && !QUOTE.test(s)) typed.add(s);
    }
    const b = wordOnly([...typed]);
    console.log(`word-only recall: random strings ${a.found}/${a.total} = ${a.recall.toFixed(3)}; word-aligned strings ${b.found}/${b.total} = ${b.recall.toFixed(3)}; with the bigram backstop: 1.000`);
    expect(a.recall).toBeLessThan(1);
    expect(b.recall).toBeLessThan(1);
  });
});
