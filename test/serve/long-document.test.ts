/**
 * Bounded responses (issue 14): the reader and `/api/docs/:id` of a document of 1,000,000 short lines
 * answer a page at a time, each under 2 MB, with the whole outline on every page; pages chain from
 * the first passage to the last without a gap or an overlap, and a heading's link opens its page.
 */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { documentSummary } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import type { DocumentRecord, Edition, OutlineNode, Passage } from "../../src/model.ts";
import { createApp } from "../../src/web/app.ts";
import { MAX_PAGE_CHARS, PAGE_PASSAGES } from "../../src/web/passage-pages.ts";
import { fakeEngine } from "../web/fake-engine.ts";

const LINES = 1_000_000;
const CHAPTER_EVERY = 10_000;
const TWO_MB = 2 * 1024 * 1024;

/** A document of LINES short lines, a 第N章 heading every CHAPTER_EVERY lines. */
function longDocument(): DocumentRecord {
  const docId = "long-doc";
  const editionId = `${docId}~main`;
  const passages: Passage[] = new Array(LINES);
  const outline: OutlineNode[] = [];
  let at = 0;
  let chapter = { label: "第0章", title: "前言" };
  for (let i = 0; i < LINES; i++) {
    const isHeading = i % CHAPTER_EVERY === 0;
    if (isHeading) chapter = { label: `第${i / CHAPTER_EVERY + 1}章`, title: `第${i / CHAPTER_EVERY + 1}部分` };
    const text = isHeading ? `${chapter.label} ${chapter.title}` : `第${i}行 科技创新资料。`;
    const id = `${docId}-p${i}`;
    passages[i] = { id, docId, editionId, seq: i, kind: isHeading ? "heading" : "paragraph", path: [chapter], text, start: at, end: at + text.length, counterparts: [] };
    if (isHeading) outline.push({ ...chapter, passageId: id, children: [] });
    at += text.length + 1;
  }
  const edition: Edition = { id: editionId, name: "全文", source: "long.txt", primary: true, text: passages.map((p) => p.text).join("\n"), outline, passages };
  return { id: docId, title: "一百万行的文件", docNumber: null, issuer: null, date: null, dates: {}, type: null, region: null, level: "unknown", status: "unknown", provenance: {}, editions: [edition] };
}

describe("a document of 1,000,000 lines", () => {
  let app: ReturnType<typeof createApp>;
  let doc: DocumentRecord;
  beforeAll(() => {
    doc = longDocument();
    const engine: Engine = { ...fakeEngine(), documents: [documentSummary(doc)], doc: async (id) => (id === doc.id ? doc : undefined) };
    app = createApp(engine, { log: () => {} });
  });

  it("the reader answers a page under 2 MB, with the whole outline and a link to the next page", async () => {
    const res = await request(app).get(`/doc/${doc.id}`).expect(200);
    expect(Buffer.byteLength(res.text)).toBeLessThan(TWO_MB);
    const shown = [...res.text.matchAll(/class="passage [^"]*" id="p-([^"]+)"/g)].map((m) => m[1]);
    expect(shown.length).toBe(PAGE_PASSAGES);
    expect(shown[0]).toBe(`${doc.id}-p0`);
    // every heading of the document is in the outline, on every page
    const toc = res.text.slice(res.text.indexOf('class="toc"'), res.text.indexOf('class="doc-body"'));
    expect((toc.match(/<li>/g) ?? []).length).toBe(LINES / CHAPTER_EVERY);
    expect(res.text).toContain("共 1000000 段");
    expect(res.text).toMatch(/rel="next" href="\/doc\/long-doc\?from=1000"/);
  });

  it("a heading's outline link opens the page that starts at it", async () => {
    const first = await request(app).get(`/doc/${doc.id}`).expect(200);
    const href = /href="(\/doc\/long-doc\?at=long-doc-p500000#p-long-doc-p500000)"/.exec(first.text)?.[1];
    expect(href).toBeDefined();
    const res = await request(app).get(href!.replace(/&amp;/g, "&").split("#")[0]!).expect(200);
    expect(Buffer.byteLength(res.text)).toBeLessThan(TWO_MB);
    expect(res.text).toContain('id="p-long-doc-p500000"');
    expect(res.text).toMatch(/rel="prev"/);
  });

  it("/api/docs/:id pages its passages with offset and limit, each answer under 2 MB, and the pages cover the document once", async () => {
    const res = await request(app).get(`/api/docs/${doc.id}`).expect(200);
    expect(Buffer.byteLength(res.text)).toBeLessThan(TWO_MB);
    expect(res.body.passagesTotal).toBe(LINES);
    expect(res.body.passages.length).toBe(PAGE_PASSAGES);
    expect(res.body.nextOffset).toBe(PAGE_PASSAGES);
    expect(res.body.outline.length).toBe(LINES / CHAPTER_EVERY);
    // The last pages, chained by nextOffset, end at the last passage without a gap.
    let offset = LINES - 2500;
    const seen: number[] = [];
    while (offset !== null) {
      const page = await request(app).get(`/api/docs/${doc.id}?offset=${offset}&limit=1000`).expect(200);
      expect(Buffer.byteLength(page.text)).toBeLessThan(TWO_MB);
      for (const p of page.body.passages as { id: string }[]) seen.push(Number(p.id.slice(p.id.lastIndexOf("p") + 1)));
      offset = page.body.nextOffset;
    }
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => LINES - 2500 + i));
    await request(app).get(`/api/docs/${doc.id}?limit=0`).expect(400);
    await request(app).get(`/api/docs/${doc.id}?limit=1001`).expect(400);
  });

  it("a page never holds more than MAX_PAGE_CHARS of text: long passages make shorter pages", async () => {
    const long = longDocument();
    const big = "长".repeat(MAX_PAGE_CHARS / 4);
    for (let i = 0; i < 20; i++) long.editions[0]!.passages[i] = { ...long.editions[0]!.passages[i]!, text: big };
    const engine: Engine = { ...fakeEngine(), documents: [documentSummary(long)], doc: async () => long };
    const res = await request(createApp(engine, { log: () => {} })).get(`/api/docs/${long.id}`).expect(200);
    expect(res.body.passages.length).toBe(4);
    expect(res.body.nextOffset).toBe(4);
  });
});
