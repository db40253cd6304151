import { fullDocuments } from "../support/real-engine.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cnOrdinal, corpusFiles, generateCorpus, splitSentences, wrap } from "../../src/bench/synth.ts";
import { classifyHeading, readSeeds, splitPdfText, visualWidth } from "../../src/bench/seeds.ts";
import { buildQueryMix } from "../../src/bench/queries.ts";
import { parseQuery, scanPassages, scanSearch } from "../../src/bench/scan.ts";
import { checkEngine, oracleQueries } from "../../src/bench/compare.ts";
import { percentile } from "../../src/bench/stats.ts";
import { openEngine } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";

const SEEDS = path.resolve("corpus");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zj-bench-"));

function read(dir: string): Map<string, string> {
  return new Map(corpusFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

describe("seed splitter", () => {
  it("finds the chapters of the seed plans and the documents of the gazette", () => {
    const seeds = readSeeds(SEEDS);
    const titles = seeds.map((s) => s.title);
    expect(titles).toContain("延边州科学技术发展“十四五”规划");
    expect(titles).toContain("吉林省科学技术发展“十四五”规划");
    expect(titles).toContain("吉林省人民政府办公厅关于加快梅花鹿产业发展的意见");
    const jilin = seeds.find((s) => s.title === "吉林省科学技术发展“十四五”规划")!;
    expect(jilin.chapters.map((c) => c.heading.label)).toEqual(["第一章", "第二章", "第三章", "第四章", "第五章", "第六章", "第七章", "第八章"]);
    expect(jilin.secondKind).toBe("section");
    expect(seeds.find((s) => s.title.startsWith("延边州"))!.secondKind).toBe("cn1");
  });

  it("joins PDF lines into paragraphs and drops page marks", () => {
    const { title, blocks } = splitPdfText(" 某规划\n\n第一章　总则\n\n为了加强科技创新，推进\n\n产业发展。\n\n— 3 —\n\n短句。\n");
    expect(title).toBe("某规划");
    expect(blocks).toEqual(["第一章　总则", "为了加强科技创新，推进产业发展。", "短句。"]);
  });

  it("classifies headings by Chinese numbering, not clauses that start with a label", () => {
    expect(classifyHeading("第四章　推进关键核心技术攻关")?.kind).toBe("chapter");
    expect(classifyHeading("专栏３　粮食安全科技重点方向")?.kind).toBe("box");
    expect(classifyHeading("一、发展成就")?.kind).toBe("cn1");
    expect(classifyHeading("（二）工作原则。")).toMatchObject({ kind: "cn2", title: "工作原则" });
    expect(classifyHeading("（一）科技创新环境不断优化。一是科技投入持续保证，较“十二五”期间增加。")).toBeNull();
  });
});

describe("synthetic corpus", () => {
  let a: string;
  beforeAll(() => {
    a = path.join(tmp, "a", "corpus");
    generateCorpus({ seedDir: SEEDS, outDir: a, scale: 3 });
  });

  it("is deterministic: the same seed gives byte-identical files", () => {
    const b = path.join(tmp, "b", "corpus");
    generateCorpus({ seedDir: SEEDS, outDir: b, scale: 3 });
    const fa = read(a);
    const fb = read(b);
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [k, v] of fa) expect(fb.get(k), k).toBe(v);
    expect(fs.readFileSync(path.join(a, "catalog.json"), "utf8")).toBe(fs.readFileSync(path.join(b, "catalog.json"), "utf8"));
  });

  it("another seed gives another corpus", () => {
    const c = path.join(tmp, "c", "corpus");
    generateCorpus({ seedDir: SEEDS, outDir: c, scale: 2, seed: "other" });
    expect(read(c).get("gen-00000.pdf.txt")).not.toBe(read(a).get("gen-00000.pdf.txt"));
  });

  it("reaches the requested size, seeds included, with a catalog entry per file", () => {
    const files = corpusFiles(a);
    const bytes = files.reduce((n, f) => n + fs.statSync(path.join(a, f)).size, 0);
    const seedBytes = corpusFiles(SEEDS).reduce((n, f) => n + fs.statSync(path.join(SEEDS, f)).size, 0);
    expect(bytes).toBeGreaterThanOrEqual(3 * seedBytes);
    expect(bytes).toBeLessThan(3 * seedBytes + 200_000);
    for (const f of corpusFiles(SEEDS)) expect(files).toContain(f);
    const catalog = JSON.parse(fs.readFileSync(path.join(a, "catalog.json"), "utf8")) as Record<string, { level?: string; form?: string }>;
    for (const f of files) expect(catalog[f], f).toBeDefined();
    expect(catalog["gen-00000.pdf.txt"]!.form).toBe("pdf-text");
  });

  it("keeps the heading structure: numbered chapters in order, sections or 一、 under them, 专栏 boxes", () => {
    const gen = [...read(a)].filter(([f]) => f.startsWith("gen-"));
    expect(gen.length).toBeGreaterThan(5);
    let withBoxes = 0;
    const kinds = new Set<string>();
    for (const [f, text] of gen) {
      const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
      const heads = lines.map((l) => classifyHeading(l)).filter((h) => h !== null);
      const top = heads[0]!.kind;
      const tops = heads.filter((h) => h.kind === top).map((h) => h.label);
      const expected = tops.map((_l, i) => (top === "chapter" ? `第${cnOrdinal(i + 1)}章` : `${cnOrdinal(i + 1)}、`));
      expect(tops, f).toEqual(expected);
      expect(tops.length, f).toBeGreaterThanOrEqual(3);
      for (const h of heads) kinds.add(`${top}>${h.kind}`);
      if (heads.some((h) => h.kind === "box")) withBoxes++;
    }
    expect(kinds).toContain("chapter>section");
    expect(kinds).toContain("chapter>cn1");
    expect(withBoxes).toBeGreaterThan(0);
  });

  it("has PDF layout: wrapped lines, page marks, no line starting with closing punctuation", () => {
    const text = read(a).get("gen-00001.pdf.txt")!;
    expect(text).toMatch(/^[—-] ?[0-9０-９]+ ?[—-]$/m);
    const lines = text.split("\n").filter((l) => l.length > 0);
    for (const l of lines) expect("，。、；：？！”）》".includes(l[0]!), l).toBe(false);
    expect(Math.max(...lines.map(visualWidth))).toBeLessThanOrEqual(36);
  });

  it("adapts rather than copies: documents from one template share long passages but differ", () => {
    const gen = [...read(a)].filter(([f]) => f.startsWith("gen-") && !f.includes("reprint")).map(([, t]) => splitPdfText(t));
    const byTemplate = new Map<string, typeof gen>();
    for (const d of gen) {
      const key = d.blocks.filter((b) => classifyHeading(b)?.kind === "chapter" || classifyHeading(b)?.kind === "cn1").slice(0, 2).join("|");
      byTemplate.set(key, [...(byTemplate.get(key) ?? []), d]);
    }
    const pair = [...byTemplate.values()].find((g) => g.length >= 2)!;
    expect(pair).toBeDefined();
    const [x, y] = pair;
    const paras = (d: typeof x) => d!.blocks.filter((b) => b.length > 60);
    const shingles = (s: string) => new Set(Array.from({ length: Math.max(0, s.length - 19) }, (_v, i) => s.slice(i, i + 20)));
    const ys = shingles(paras(y).join("\n"));
    let shared = 0;
    let verbatim = 0;
    const yParas = new Set(paras(y));
    for (const p of paras(x)) {
      if ([...shingles(p)].some((s) => ys.has(s))) shared++;
      if (yParas.has(p)) verbatim++;
    }
    // Most paragraphs echo the sibling document, but not all of them verbatim.
    expect(shared / paras(x).length).toBeGreaterThan(0.5);
    expect(verbatim).toBeLessThan(paras(x).length);
    expect(x!.title).not.toBe(y!.title);
  });

  it("wraps without losing text and never starts a line with closing punctuation", () => {
    const s = "为深入贯彻落实《国家中长期科学和技术发展规划（2021—2035年）》，切实加强科学技术发展战略谋划和系统布局，特制定本规划。";
    for (const w of [5, 10, 28, 33]) {
      const lines = wrap(s, w);
      expect(lines.join("")).toBe(s);
      for (const l of lines.slice(1)) expect("，。、；：？！”）》".includes(l[0]!)).toBe(false);
    }
    expect(splitSentences("甲。乙；丙")).toEqual(["甲。", "乙；", "丙"]);
    expect([1, 9, 10, 11, 20, 23].map(cnOrdinal)).toEqual(["一", "九", "十", "十一", "二十", "二十三"]);
  });
});

describe("scan baseline and engine", () => {
  let engine: Engine;
  beforeAll(async () => {
    const corpus = path.join(tmp, "e", "corpus");
    // ×8: big enough that one family (8 documents) is not a quarter of the collection (the echo stage calls that boilerplate).
    generateCorpus({ seedDir: SEEDS, outDir: corpus, scale: 8 });
    engine = await openEngine({ corpusDir: corpus, cacheDir: path.join(tmp, "e", "cache"), progress: false, log: () => {} });
  });

  it("parses the query language the plain way", () => {
    expect(parseQuery('碳达峰 OR 碳中和 -梅花鹿 in:第四章 doc:x "科技 创新"')).toEqual({
      // Spaces inside a phrase count as nothing, as the query language defines it.
      groups: [["碳达峰", "碳中和"], ["科技创新"]],
      not: ["梅花鹿"],
      doc: ["x"],
      in: ["第四章"],
    });
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
  });

  it("generated documents echo each other", async () => {
    const gen = (await fullDocuments(engine)).filter((d) => d.editions.some((e) => e.source.startsWith("gen-")));
    expect(gen.length).toBeGreaterThan(2);
    const genIds = new Set(gen.map((d) => d.id));
    let echoed = 0;
    for (const d of gen) {
      for (const p of d.editions[0]!.passages.filter((x) => x.kind === "paragraph").slice(0, 40)) {
        if ((await engine.echoesOf(p.id, 5)).some((e) => genIds.has(e.docId) && e.docId !== d.id)) echoed++;
      }
    }
    expect(echoed).toBeGreaterThan(20);
  });

  it("agree on every literal query of the mix: no passage missed, no false hit", async () => {
    const docs = await fullDocuments(engine);
    const seedDocs = docs.filter((d) => d.editions.some((e) => !e.source.startsWith("gen-")));
    const mix = buildQueryMix(seedDocs);
    expect(mix.length).toBeGreaterThan(150);
    expect(mix.filter((m) => m.kind === "pasted").length).toBeGreaterThan(5);
    const passages = scanPassages(docs);
    // Every literal kind the peers can express (terms, literals, AND, OR, NOT), compared whole.
    const agreement = await checkEngine(engine, oracleQueries(passages, mix), Number.MAX_SAFE_INTEGER);
    expect(agreement.queries).toBeGreaterThan(140);
    expect(agreement.byTotal).toBe(0);
    expect(agreement.examples).toEqual([]);
    expect(agreement.missing).toBe(0);
    expect(agreement.falseHits).toBe(0);
    // And the scan itself finds what it should: every literal comes from a seed passage.
    for (const m of mix.filter((x) => x.kind === "literal").slice(0, 20)) expect(scanSearch(passages, m.q).total).toBeGreaterThan(0);
  });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
