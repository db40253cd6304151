/**
 * Bad input at start-up loses nothing: bad corpus files are reported and skipped while every seed
 * document stays searchable; a damaged, misplaced or unreadable cache file is rebuilt into the same
 * answers as a clean build; a cache directory that cannot be written still serves, and says why.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, CACHE_FILE } from "../../src/engine.ts";
import type { Engine } from "../../src/engine.contract.ts";
import { CORPUS_DIR, fullDocuments } from "../support/real-engine.ts";

const temps: string[] = [];
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) {
    try {
      fs.chmodSync(d, 0o755);
    } catch {
      /* already gone */
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function copyCorpus(): string {
  const dir = tmp("zj-hard-corpus-");
  for (const f of fs.readdirSync(CORPUS_DIR)) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(dir, f));
  return dir;
}

async function open(corpusDir: string, cacheDir: string): Promise<{ engine: Engine; log: string }> {
  const lines: string[] = [];
  const engine = await openEngine({ corpusDir, cacheDir, log: (l) => lines.push(l) });
  return { engine, log: lines.join("\n") };
}

/** Queries whose answers (ids, scores, highlights, citations, echoes) must not depend on how the engine was opened. */
const PROBES = ["梅花鹿", "揭榜挂帅", "碳达峰 -碳中和", "“科技成果转化”", "in:专栏 创新", "长吉图 OR 一主六双", "２０２５", "R&D"];

async function fingerprint(engine: Engine): Promise<unknown> {
  return {
    passages: engine.build.passages,
    documents: (await fullDocuments(engine)).map((d) => [d.id, d.title, d.editions.map((e) => [e.id, e.passages.length])]),
    answers: await Promise.all(
      PROBES.map(async (q) => {
        const r = await engine.search(q, { limit: 50 });
        return [q, r.total, r.mode, r.hits.map((h) => [h.id, h.score, h.highlights, h.citation, h.echoes.map((e) => e.id)])];
      }),
    ),
  };
}

/** GB18030 bytes of a text, by inverting the platform's GB18030 decoder over the two-byte range. */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder("gb18030");
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(a, b));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

let cleanCorpus: string;
let reference: unknown;
let referenceEngine: Engine;

beforeAll(async () => {
  cleanCorpus = copyCorpus();
  referenceEngine = (await open(cleanCorpus, tmp("zj-hard-ref-"))).engine;
  reference = await fingerprint(referenceEngine);
});

describe("bad corpus files next to the seed corpus", () => {
  const GB_TEXT = "鹿乡规划\n\n第一章　总则\n\n一、目的\n\n为发展梅花鹿产业，建设鹿乡特色小镇，制定本规划。\n";
  const LONG_SENTENCE = "推进鹿茸精深加工，延伸产业链条。";
  let engine: Engine;
  let log: string;

  beforeAll(async () => {
    const dir = copyCorpus();
    fs.writeFileSync(path.join(dir, "empty.txt"), "");
    fs.writeFileSync(path.join(dir, "scan.pdf"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0x00, 0xff, 0xd8, 0x01, 0x02, 0x03]));
    fs.writeFileSync(path.join(dir, "gb-plan.txt"), gb18030(GB_TEXT));
    fs.writeFileSync(path.join(dir, "one-line.txt"), LONG_SENTENCE.repeat(Math.ceil(100_000 / LONG_SENTENCE.length)).slice(0, 100_000));
    // 100,000 characters without a single sentence end or line break
    fs.writeFileSync(path.join(dir, "no-breaks.txt"), "鹿".repeat(50_000) + "茸".repeat(50_000));
    fs.mkdirSync(path.join(dir, "subdir"));
    ({ engine, log } = await open(dir, tmp("zj-hard-bad-")));
  });

  it("opens, and reports each bad file with its reason", () => {
    const report = (f: string) => engine.reports.find((r) => r.file === f);
    expect(report("empty.txt")).toMatchObject({ ok: false });
    expect(report("empty.txt")!.error).toMatch(/empty/);
    expect(report("scan.pdf")).toMatchObject({ ok: false });
    // %PDF- and garbage: read as a PDF, refused as damaged.
    expect(report("scan.pdf")!.error).toMatch(/not a readable PDF/);
    expect(log).toMatch(/skipped empty\.txt/);
    expect(log).toMatch(/skipped scan\.pdf/);
    expect(report("gb-plan.txt")).toMatchObject({ ok: true });
    expect(report("gb-plan.txt")!.warnings.join(" ")).toMatch(/GB18030/);
    expect(report("one-line.txt")).toMatchObject({ ok: true });
    expect(report("one-line.txt")!.warnings.join(" ")).toMatch(/100000 characters/);
    expect(report("no-breaks.txt")?.ok).toBeDefined();
  });

  it("keeps every seed document, passage for passage", async () => {
    const seedEngine = referenceEngine;
    for (const d of await fullDocuments(seedEngine)) {
      const here = await engine.doc(d.id);
      expect(here, d.title).toBeDefined();
      expect(here!.editions.map((e) => e.passages.map((p) => [p.id, p.text]))).toEqual(d.editions.map((e) => e.passages.map((p) => [p.id, p.text])));
    }
  });

  it("finds every seed passage by a literal piece of its own text", async () => {
    for (const d of await fullDocuments(referenceEngine)) {
      for (const p of d.editions[0]!.passages) {
        const piece = p.text.replace(/\s+/g, "").slice(0, 12);
        if (!/[\p{L}\p{N}]{2}/u.test(piece) || /["“”＂]/.test(piece)) continue;
        const r = await engine.search(`"${piece}"`, { limit: 1000, rows: true });
        const ids = r.hits.flatMap((h) => [h.id, ...h.otherEditions.map((o) => o.passageId), ...h.alsoIn.map((a) => a.id)]);
        expect(ids, `${d.title}: ${piece}`).toContain(p.id);
      }
    }
  });

  it("makes the GB18030 file and the long lines searchable too", async () => {
    const gb = await engine.search("鹿乡特色小镇");
    expect(gb.hits[0]?.text).toContain("鹿乡特色小镇");
    const long = await engine.search("鹿茸精深加工", { limit: 1000 });
    expect(long.total).toBeGreaterThan(10);
    for (const h of long.hits) expect(h.text.length).toBeLessThan(10_000);
  });
});

describe("a damaged cache is rebuilt into the same answers", () => {
  let cacheDir: string;
  const cacheFile = () => path.join(cacheDir, CACHE_FILE);

  beforeAll(async () => {
    cacheDir = tmp("zj-hard-cache-");
    const first = await open(cleanCorpus, cacheDir);
    expect(first.engine.build.fromCache).toBe(false);
    expect(await fingerprint(first.engine)).toEqual(reference);
    expect((await open(cleanCorpus, cacheDir)).engine.build.fromCache).toBe(true);
  });

  /** Apply the damage, open, check it rebuilt with the reference answers, and that the next open loads the repaired cache. */
  async function expectRebuild(damage: () => void, reason: RegExp): Promise<void> {
    damage();
    const { engine, log } = await open(cleanCorpus, cacheDir);
    expect(engine.build.fromCache, log).toBe(false);
    expect(log).toMatch(reason);
    expect(await fingerprint(engine)).toEqual(reference);
    const again = await open(cleanCorpus, cacheDir);
    expect(again.engine.build.fromCache, again.log).toBe(true);
    expect(await fingerprint(again.engine)).toEqual(reference);
  }

  it("truncated at several points", async () => {
    for (const keep of [0.99, 0.5, 0.01]) {
      await expectRebuild(() => fs.truncateSync(cacheFile(), Math.floor(fs.statSync(cacheFile()).size * keep)), /truncated|not a zhangjie cache/);
    }
    await expectRebuild(() => fs.truncateSync(cacheFile(), 10), /not a zhangjie cache|truncated/);
  });

  it("with one byte flipped in the magic, the header length, the header, the body and the last byte", async () => {
    const at = (size: number) => [0, 9, 11, 20, 60, Math.floor(size / 3), Math.floor(size / 2), size - 1];
    const size = fs.statSync(cacheFile()).size;
    for (const pos of at(size)) {
      await expectRebuild(() => {
        const buf = fs.readFileSync(cacheFile());
        // Each rebuild rewrites the file, whose size can change by a byte (the echo stats hold timings).
        const p = Math.min(pos, buf.length - 1);
        buf[p] = buf[p]! ^ 0x5a;
        fs.writeFileSync(cacheFile(), buf);
      }, /index cache (not used|unreadable)/);
    }
  });

  it("with a header that parses but lies about its sections", async () => {
    await expectRebuild(() => {
      const buf = fs.readFileSync(cacheFile());
      const len = buf.readUInt32LE(9);
      const header = JSON.parse(buf.toString("utf8", 13, 13 + len)) as { sections: unknown };
      header.sections = { corpus: 1 }; // not a list
      const h = Buffer.from(JSON.stringify(header).padEnd(len, " "), "utf8");
      expect(h.length).toBe(len);
      h.copy(buf, 13);
      fs.writeFileSync(cacheFile(), buf);
    }, /index cache not used/);
  });

  it("replaced by a directory: serves, says it could not save, and leaves no temp files", async () => {
    fs.rmSync(cacheFile());
    fs.mkdirSync(cacheFile());
    fs.writeFileSync(path.join(cacheFile(), "keep"), "x"); // a non-empty directory cannot be replaced by rename
    const { engine, log } = await open(cleanCorpus, cacheDir);
    expect(engine.build.fromCache).toBe(false);
    expect(log).toMatch(/could not save the index cache/);
    expect(await fingerprint(engine)).toEqual(reference);
    expect(fs.readdirSync(cacheDir).sort()).toEqual([CACHE_FILE]);
    fs.rmSync(cacheFile(), { recursive: true });
    await expectRebuild(() => {}, /saved index cache/);
  });

  it("temp files of a writer that died mid-write are cleaned up; a live writer's are left alone", async () => {
    const dead = path.join(cacheDir, `${CACHE_FILE}.4194305.0badf00d.tmp`); // above Linux's pid_max: no such process
    const live = path.join(cacheDir, `${CACHE_FILE}.${process.ppid}.0badf00d.tmp`);
    fs.writeFileSync(dead, "half a cache");
    fs.writeFileSync(live, "being written");
    await expectRebuild(() => fs.truncateSync(cacheFile(), 100), /truncated/);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    fs.rmSync(live);
  });

  it("unreadable (mode 000): rebuilt, or — for root, who can still read it — loaded intact", async () => {
    fs.chmodSync(cacheFile(), 0o000);
    const { engine, log } = await open(cleanCorpus, cacheDir);
    const root = process.getuid?.() === 0;
    expect(engine.build.fromCache, log).toBe(root);
    if (!root) expect(log).toMatch(/cannot read|permission|EACCES/i);
    expect(await fingerprint(engine)).toEqual(reference);
    if (fs.existsSync(cacheFile())) fs.chmodSync(cacheFile(), 0o644);
  });
});

describe("a cache directory that cannot be written", () => {
  it("is a regular file: the engine serves and says why it could not save", async () => {
    const file = path.join(tmp("zj-hard-ro-"), "not-a-dir");
    fs.writeFileSync(file, "x");
    const { engine, log } = await open(cleanCorpus, file);
    expect(engine.build.fromCache).toBe(false);
    expect(log).toMatch(/could not save the index cache \(.*(EEXIST|ENOTDIR).*\)/);
    expect(await fingerprint(engine)).toEqual(reference);
    expect(fs.readFileSync(file, "utf8")).toBe("x");
  });

  it("lies under a regular file: same", async () => {
    const file = path.join(tmp("zj-hard-ro-"), "file");
    fs.writeFileSync(file, "x");
    const { engine, log } = await open(cleanCorpus, path.join(file, "cache"));
    expect(log).toMatch(/could not save the index cache \(.*ENOTDIR.*\)/);
    expect(await fingerprint(engine)).toEqual(reference);
  });

  it.skipIf(process.getuid?.() === 0)("is read-only (mode 555; not meaningful for root): same", async () => {
    const dir = tmp("zj-hard-ro-");
    fs.chmodSync(dir, 0o555);
    const { engine, log } = await open(cleanCorpus, dir);
    expect(log).toMatch(/could not save the index cache \(.*EACCES.*\)/);
    expect(await fingerprint(engine)).toEqual(reference);
  });

  it("is missing: created, saved, and loaded next time", async () => {
    const dir = path.join(tmp("zj-hard-missing-"), "a", "b", "cache");
    const { engine } = await open(cleanCorpus, dir);
    expect(engine.build.fromCache).toBe(false);
    expect(fs.existsSync(path.join(dir, CACHE_FILE))).toBe(true);
    const again = await open(cleanCorpus, dir);
    expect(again.engine.build.fromCache).toBe(true);
    expect(await fingerprint(again.engine)).toEqual(reference);
  });
});

describe("astral characters (CJK extension B, emoji) survive the cache", () => {
  it("a cached index finds what a fresh build finds", async () => {
    const dir = copyCorpus();
    fs.writeFileSync(path.join(dir, "astral.txt"), "试点方案\n\n第一章　总则\n\n一、村名𠀀𠀁屯梅花鹿养殖示范区建设，😀表情包。\n");
    const cacheDir = tmp("zj-hard-astral-");
    const fresh = (await open(dir, cacheDir)).engine;
    const cached = (await open(dir, cacheDir)).engine;
    expect(cached.build.fromCache).toBe(true);
    for (const q of ["𠀀𠀁", "名𠀀", "𠀁屯", "😀表情", "𠀀 梅花鹿"]) {
      const a = await fresh.search(q);
      const b = await cached.search(q);
      expect(a.mode, q).toBe("terms");
      expect(a.total, q).toBe(1);
      expect([b.mode, b.total, b.hits.map((h) => [h.id, h.highlights])], q).toEqual([a.mode, a.total, a.hits.map((h) => [h.id, h.highlights])]);
    }
  });
});
