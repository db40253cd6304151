/**
 * The format registry: a file is read by the reader its bytes call for, whatever its name says
 * (the extension only breaks ties); files too big are refused before reading; a reader that runs
 * out of memory is stopped in its worker, and the next file is read by a fresh one.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseReader, closeReaders, readSource } from "../../../src/ingest/formats/registry.ts";
import { DEFAULT_LIMITS, type ReaderLimits } from "../../../src/ingest/formats/types.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/formats");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const read = (name: string, bytes: Uint8Array, limits: Partial<ReaderLimits> = {}) => readSource({ path: name, bytes }, { ...DEFAULT_LIMITS, ...limits });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

afterAll(() => closeReaders());

describe("choosing a reader by content", () => {
  const pick = (bytes: Uint8Array, name: string) => chooseReader(bytes.subarray(0, 4096), name).name;

  it("reads what the bytes are, whatever the name says", () => {
    expect(pick(fixture("jilin-st-plan.pdf"), "plan.txt")).toBe("pdf");
    expect(pick(fixture("jilin-st-plan.docx"), "plan.bin")).toBe("docx");
    expect(pick(fixture("jilin-st-plan.html"), "plan.md")).toBe("html");
    expect(pick(fixture("legacy.doc"), "notice.docx")).toBe("legacy-office");
    expect(pick(Buffer.from("第一章　总则\n\n为规范……，制定本办法。\n"), "scan.pdf")).toBe("text");
    expect(pick(PNG, "page.pdf")).toBe("unsupported");
  });

  it("lets the extension break ties: Markdown by .md, by # headings otherwise; HTML fragments by .html", () => {
    expect(pick(Buffer.from("正文一段。\n"), "a.md")).toBe("markdown");
    expect(pick(Buffer.from("正文一段。\n"), "a.txt")).toBe("text");
    expect(pick(Buffer.from("# 标题\n\n正文。\n"), "a.txt")).toBe("markdown");
    expect(pick(Buffer.from("<p>正文。</p>"), "a.html")).toBe("html");
    expect(pick(Buffer.from("<!-- INFO END -->\n# 标题\n"), "a.md")).toBe("markdown");
  });

  it("names what it does not read", async () => {
    const r = await read("page.pdf", PNG);
    expect(r).toMatchObject({ ok: false, code: "unsupported" });
    expect(!r.ok && r.error).toMatch(/a PNG image, not a document format zhangjie reads/);
  });

  it("reads a PDF named .txt as a PDF", async () => {
    const r = await read("plan.txt", fixture("jilin-st-plan.pdf"), { maxPages: 2 });
    expect(r).toMatchObject({ ok: true, format: "pdf" });
  });
});

describe("limits", () => {
  it("refuses a file over the size limit without reading it", async () => {
    const r = await read("big.txt", Buffer.alloc(2048, 0x41), { maxBytes: 1024 });
    expect(r).toMatchObject({ ok: false, code: "too-large" });
    expect(!r.ok && r.error).toMatch(/file too large/);
  });

  it("stops a reader that runs out of memory in its worker, and reads the next file with a fresh one", async () => {
    const hostile = Buffer.from(`<!DOCTYPE html><html><body>${"<b>鹿</b>".repeat(1_000_000)}</body></html>`);
    const r = await read("hostile.html", hostile, { maxHeapMb: 128 });
    expect(r).toMatchObject({ ok: false, code: "hostile" });
    expect(!r.ok && r.error).toMatch(/exceeded the memory limit \(128 MB\)/);
    const next = await read("page.html", Buffer.from("<!DOCTYPE html><html><body><p>为规范梅花鹿养殖，制定本办法，请认真贯彻执行。</p></body></html>"));
    expect(next).toMatchObject({ ok: true, format: "html" });
  });
});
