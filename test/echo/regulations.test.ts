/**
 * Regulation-shaped documents (test/fixtures/regulations): a national law and a local measure that
 * implements it, articles numbered differently; headings and promulgation lines; a document without
 * chapters.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { computeEchoes, createEchoIndex, isClause, primaryEdition, readPairs, type EchoIndex, type EchoStore } from "../../src/echo/index.ts";
import { unitClass } from "../../src/echo/mirror.ts";
import type { DocumentRecord } from "../../src/model.ts";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/regulations");
const MEASURE = "上海市实施《农业技术推广法》办法.md";
const LAW = "农业技术推广法(2012-08-31).md";

let docs: DocumentRecord[];
let store: EchoStore;
let index: EchoIndex;
let tmp: string;
const byTitle = (list: DocumentRecord[], start: string): DocumentRecord => list.find((d) => d.title.startsWith(start))!;
const label = (path: { label: string }[]): string => path.map((h) => h.label).join(">");

beforeAll(async () => {
  docs = (await ingestCorpus(FIXTURES)).documents;
  store = computeEchoes(docs);
  index = createEchoIndex(store, docs);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zj-reg-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("echoes between a law and its implementing measure", () => {
  it("no echo has a heading or header line on either side (第一章 总则 ↔ 第一章 总则, 第六章 附则 …)", () => {
    const byId = new Map(docs.flatMap((d) => d.editions.flatMap((e) => e.passages.map((p) => [p.id, p] as const))));
    let n = 0;
    for (const r of readPairs(store)) {
      for (const id of [store.ids[r.a]!, store.ids[r.b]!]) expect(isClause(byId.get(id)!), byId.get(id)!.text).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(10);
    const measure = byTitle(docs, "上海市");
    for (const p of primaryEdition(measure)!.passages) if (/^第.+章/.test(p.text) && p.kind === "heading") expect(index.echoesOf(p.id)).toEqual([]);
  });

  it("an article finds the article it adapts, whatever their numbers", () => {
    const measure = byTitle(docs, "上海市");
    const law = byTitle(docs, "中华人民共和国农业技术推广法");
    const article = (d: DocumentRecord, start: string) => primaryEdition(d)!.passages.find((p) => p.text.startsWith(start))!;
    // 上海 第九条 adapts the law's 第十条 (the extension system).
    const e = index.echoesOf(article(measure, "第九条").id).filter((x) => x.docId === law.id);
    expect(e[0]!.text.startsWith("第十条")).toBe(true);
  });
});

describe("compare pairs articles with articles", () => {
  it("a measure with chapters against the law: chapters with chapters, articles with articles by content", () => {
    const measure = byTitle(docs, "上海市");
    const law = byTitle(docs, "中华人民共和国农业技术推广法");
    const m = index.compare(measure.id, law.id);
    const peer = (l: string) => m.sections.find((s) => label(s.a.path) === l)?.b;
    expect(label(peer("第一章>第七条")!.path)).toBe("第一章>第四条"); // 农业技术推广应当遵循下列原则
    expect(label(peer("第一章>第一条")!.path)).toBe("第一章>第一条");
    expect(label(peer("第三章>第十七条")!.path)).toBe("第三章>第二十条");
    // Never an article with a chapter, nor a chapter with an article.
    for (const s of m.sections) {
      if (!s.b) continue;
      const [ua, ub] = [unitClass(s.a.path.at(-1)!), unitClass(s.b.path.at(-1)!)];
      expect(ua === "chapter" && ub === "article", label(s.a.path)).toBe(false);
      expect(ua === "article" && ub !== "article", label(s.a.path)).toBe(false);
    }
    expect(m.summary.headings).toBeGreaterThan(5);
  });

  it("a document without chapters pairs article by article with one that has them", async () => {
    // The measure with its chapter lines taken out: its articles sit at the top level.
    const flat = fs.readFileSync(path.join(FIXTURES, MEASURE), "utf8").split("\n").filter((l) => !/^#+\s*第.+章/.test(l)).join("\n");
    fs.writeFileSync(path.join(tmp, MEASURE), flat);
    fs.copyFileSync(path.join(FIXTURES, LAW), path.join(tmp, LAW));
    const two = (await ingestCorpus(tmp)).documents;
    const ix = createEchoIndex(computeEchoes(two), two);
    const measure = byTitle(two, "上海市");
    const law = byTitle(two, "中华人民共和国农业技术推广法");
    expect(primaryEdition(measure)!.outline.every((n) => unitClass(n) !== "chapter")).toBe(true);
    const m = ix.compare(measure.id, law.id);
    const peer = (l: string) => m.sections.find((s) => label(s.a.path) === l)?.b;
    expect(label(peer("第七条")!.path)).toBe("第一章>第四条");
    // (the 2012 text prints 第二章's title without its number; ingest restores 第二章, where 第十条 stands)
    expect(label(peer("第九条")!.path)).toBe("第二章>第十条");
    const paired = m.sections.filter((s) => s.b && unitClass(s.a.path.at(-1)!) === "article");
    expect(paired.length).toBeGreaterThan(8);
    for (const s of paired) expect(unitClass(s.b!.path.at(-1)!), label(s.a.path)).toBe("article");
  });
});
