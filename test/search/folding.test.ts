/**
 * Folding for search: traditional characters find simplified text (and back), a 文号 is found
 * whatever bracket it is printed with, and highlights stay exact offsets into the displayed text.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.contract.ts";
import { foldChar, foldForIds, foldText, TRADITIONAL_FOLD } from "../../src/analysis/fold.ts";
import { openTestEngine } from "../support/real-engine.ts";
import { doc, searcherFor } from "./helpers.ts";

describe("the fold table", () => {
  it("maps traditional characters to simplified ones, one code unit to one", () => {
    expect(foldText("揭榜掛帥")).toBe("揭榜挂帅");
    expect(foldText("國務院辦公廳關於印發")).toBe("国务院办公厅关于印发");
    expect(foldText("「十四五」規劃")).toBe('"十四五"规划');
    expect(TRADITIONAL_FOLD.size).toBeGreaterThan(2000);
    for (const [t, s] of TRADITIONAL_FOLD) {
      expect(t).toBeLessThan(0x10000);
      expect(s).toBeLessThan(0x10000);
      expect(TRADITIONAL_FOLD.has(s)).toBe(false); // a target is never folded again: folding is idempotent
    }
  });

  it("never folds a character that is itself simplified (什么, 剩余, 干部 stay as they are)", () => {
    for (const c of "么余干后发里面台才系") expect(foldChar(c)).toBe(c);
    expect(foldText("什么乾安县后來")).toBe("什么干安县后来");
  });

  it("folds the brackets a 文号 is printed with, and title marks, to one form each", () => {
    const forms = ["吉政发〔2022〕11号", "吉政发[2022]11号", "吉政发［2022］11号", "吉政发【2022】11号", "吉政发(2022)11号", "吉政发（2022）11号", "吉政发﹝2022﹞11号"];
    for (const f of forms) expect(foldText(f)).toBe("吉政发(2022)11号");
    expect(foldText("《关于修改〈中华人民共和国农业技术推广法〉的决定》")).toBe(foldText("<关于修改<中华人民共和国农业技术推广法>的决定>"));
  });

  it("ids hash a frozen fold: brackets and traditional characters do not move a passage's id", () => {
    expect(foldForIds("吉政发〔2022〕11号")).toBe("吉政发〔2022〕11号");
    expect(foldForIds("Ｒ＆Ｄ“揭榜掛帥”")).toBe('r&d"揭榜掛帥"');
  });
});

describe("folded search on the seeds", () => {
  let engine: Engine;
  let cacheDir: string;
  beforeAll(async () => {
    ({ engine, cacheDir } = await openTestEngine());
  });
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it("揭榜掛帥 finds every 揭榜挂帅 passage, highlighted exactly as displayed", async () => {
    const trad = await engine.search("揭榜掛帥", { limit: 100 });
    const simp = await engine.search("揭榜挂帅", { limit: 100 });
    expect(trad.mode).toBe("terms");
    expect(trad.total).toBe(simp.total);
    expect(trad.hits.map((h) => h.id)).toEqual(simp.hits.map((h) => h.id));
    for (const h of trad.hits) {
      expect(h.highlights.length).toBeGreaterThan(0);
      for (const [a, b] of h.highlights) expect(h.text.slice(a, b)).toBe("揭榜挂帅");
    }
    // quoted with its punctuation, in traditional script: the same passages as in simplified
    expect((await engine.search('"探索實施"')).hits.map((h) => h.id)).toEqual((await engine.search('"探索实施"')).hits.map((h) => h.id));
  });

  it("a 文号 is found whatever bracket either side used", async () => {
    const doc = engine.documents.find((d) => d.docNumber?.includes("〔"))!;
    const number = doc.docNumber!;
    const inText = (await engine.search(`"${number}"`)).total;
    expect(inText).toBeGreaterThan(0);
    for (const [open, close] of [["[", "]"], ["【", "】"], ["（", "）"], ["(", ")"]]) {
      const q = number.replace("〔", open!).replace("〕", close!);
      expect((await engine.search(`"${q}"`)).total, q).toBe(inText);
      expect((await engine.search(`科技 doc:${q}`)).hits.every((h) => h.docId === doc.id), q).toBe(true);
    }
  });
});

describe("folded search both ways (constructed)", () => {
  it("a traditional-script document is found by a simplified query, highlighted in its own script", () => {
    const s = searcherFor([doc("hk", { title: "香港" }, [{ path: [], text: "推動科技創新，實施「揭榜掛帥」制度。" }])]);
    const res = s.search("揭榜挂帅 科技创新");
    expect(res.total).toBe(1);
    const h = res.hits[0]!;
    expect(h.highlights.map(([a, b]) => h.text.slice(a, b))).toEqual(["科技創新", "揭榜掛帥"]);
    expect(s.search('"实施「揭榜挂帅"').total).toBe(1); // 「」 fold to the same quotation mark as “”
  });
});
