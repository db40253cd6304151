/**
 * Every entry under corpus/ is accounted for, and none stops start-up: documents in sub-folders are
 * read with their folder in their source; README*, dotfiles, catalog.json and Office lock files are
 * ignored on purpose; a FIFO, a symlink leaving corpus/, a broken symlink, a name with control
 * characters, a sparse file over the maximum are skipped with their reason; a file and a folder
 * that an unprivileged user cannot read are skipped too (checked as uid 65534). The cache key
 * survives all of it, follows what a symlink points to, and keys an over-size file by its size.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "../../src/engine.ts";
import { computeCacheKey } from "../../src/index/cache-key.ts";
import { readCorpusFile, walkCorpus } from "../../src/ingest/corpus-walk.ts";
import { ingestCorpus } from "../../src/ingest/index.ts";
import type { Corpus, FileReport } from "../../src/model.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DICT = path.join(ROOT, "dict/policy.dict.txt");
const GOOD = "示范办法\n\n第一章　总则\n\n一、目的\n\n为规范梅花鹿养殖，制定本办法。\n";
const PLAN = "鹿乡规划\n\n第一章　发展基础\n\n一、发展成就\n\n梅花鹿产业稳步发展，鹿茸产量持续提升。\n";
const LOCKED = "人参产业意见\n\n一、总体要求\n\n推进人参产业高质量发展。\n";
const OVER_MAX = 201 * 1024 * 1024;

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) {
    spawnSync("chmod", ["-R", "u+rwX", d]);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

/** A corpus with one of each fault next to good files; readable by everyone except where a test says. */
function faultyCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-walk-"));
  temps.push(dir);
  const put = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  put("catalog.json", JSON.stringify({ "jilin/2022/plan.txt": { region: "吉林省", level: "province" }, "good.txt": { region: "测试省", level: "province" } }));
  put("good.txt", GOOD);
  put("jilin/2022/plan.txt", PLAN);
  put("jilin/README.md", "# 说明\n");
  put("README.txt", "notes\n");
  put(".hidden.txt", GOOD);
  put(".git/config", "[core]\n");
  put("jilin/catalog.json", "{}");
  put("~$plan.docx", Buffer.from([0x00, 0x01]));
  put(`bad\u0007name.txt`, GOOD);
  put("secret.txt", GOOD);
  put("locked/inside.txt", LOCKED);
  execFileSync("mkfifo", [path.join(dir, "pipe.txt")]);
  fs.symlinkSync("/etc/passwd", path.join(dir, "passwd.txt"));
  fs.symlinkSync("good.txt", path.join(dir, "link-to-good.txt"));
  fs.symlinkSync("jilin", path.join(dir, "alias"));
  fs.symlinkSync("nowhere.txt", path.join(dir, "broken.txt"));
  // A sparse file over the 200 MB maximum: no disk used, never read.
  const fd = fs.openSync(path.join(dir, "huge.pdf"), "w");
  fs.ftruncateSync(fd, OVER_MAX);
  fs.closeSync(fd);
  for (const d of [dir, path.join(dir, "jilin"), path.join(dir, "jilin/2022"), path.join(dir, "locked")]) fs.chmodSync(d, 0o755);
  return dir;
}

const byFile = (reports: readonly FileReport[]) => new Map(reports.map((r) => [r.file, r]));

describe("a corpus with every kind of fault", () => {
  let dir: string;
  let corpus: Corpus;
  beforeAll(async () => {
    dir = faultyCorpus();
    corpus = await ingestCorpus(dir);
  });

  it("gives every entry exactly one report", () => {
    expect(corpus.reports.map((r) => r.file).sort()).toEqual([
      ".git", ".hidden.txt", "README.txt", "alias", "bad\\u{7}name.txt", "broken.txt", "catalog.json", "good.txt", "huge.pdf",
      "jilin/2022/plan.txt", "jilin/README.md", "jilin/catalog.json", "link-to-good.txt", "locked/inside.txt", "passwd.txt", "pipe.txt", "secret.txt", "~$plan.docx",
    ]);
  });

  it("reads files in sub-folders, with their folder in the source, and finds their catalog entry by path", () => {
    const doc = corpus.documents.find((d) => d.title === "鹿乡规划")!;
    expect(doc.editions.map((e) => e.source)).toEqual(["jilin/2022/plan.txt"]);
    expect([doc.region, doc.level]).toEqual(["吉林省", "province"]);
    expect(doc.editions[0]!.id).toMatch(/~jilin-2022-plan$/);
    expect(byFile(corpus.reports).get("locked/inside.txt")).toMatchObject({ ok: true, documents: 1, format: "text" });
  });

  it("ignores README*, dotfiles, folders' catalog.json and lock files on purpose, saying why", () => {
    const r = byFile(corpus.reports);
    expect(r.get("README.txt")!.ignored).toMatch(/README/);
    expect(r.get("jilin/README.md")!.ignored).toMatch(/README/);
    expect(r.get(".hidden.txt")!.ignored).toMatch(/hidden/);
    expect(r.get(".git")!.ignored).toMatch(/hidden/);
    expect(r.get("catalog.json")!.ignored).toMatch(/the catalog/);
    expect(r.get("jilin/catalog.json")!.ignored).toMatch(/only corpus\/catalog\.json is read/);
    expect(r.get("~$plan.docx")!.ignored).toMatch(/lock file/);
    expect(r.get("alias")!.ignored).toMatch(/symbolic link to the folder jilin inside corpus\//);
    for (const f of ["README.txt", ".hidden.txt", "catalog.json", "alias"]) expect(r.get(f)!.ok).toBe(true);
  });

  it("skips special files, links out of corpus/, broken links, control characters and over-size files, each with its reason", () => {
    const r = byFile(corpus.reports);
    const error = (f: string) => {
      expect(r.get(f)!.ok, f).toBe(false);
      return r.get(f)!.error!;
    };
    expect(error("pipe.txt")).toMatch(/a FIFO \(named pipe\), not a file; not opened/);
    expect(error("passwd.txt")).toMatch(/symbolic link to a place outside corpus\/; not followed/);
    expect(error("broken.txt")).toMatch(/broken symbolic link/);
    expect(error("bad\\u{7}name.txt")).toMatch(/control characters/);
    expect(error("huge.pdf")).toMatch(/over the maximum size: 201 MB > 200 MB \(ZHANGJIE_MAX_FILE_MB\)/);
    expect(r.get("huge.pdf")!.bytes).toBe(OVER_MAX);
    // /etc/passwd is not searchable.
    expect(corpus.documents.flatMap((d) => d.editions.map((e) => e.text)).join("\n")).not.toMatch(/root:x:0/);
  });

  it("follows a symlink to a file inside corpus/, under the link's path", () => {
    const link = byFile(corpus.reports).get("link-to-good.txt")!;
    expect(link).toMatchObject({ ok: true, documents: 1 });
    expect(link.warnings.join(" ")).toMatch(/a symbolic link to good\.txt/);
  });

  it("computes the cache key without throwing, and changes it when a symlink's target changes", () => {
    const before = computeCacheKey(dir, DICT);
    expect(computeCacheKey(dir, DICT)).toBe(before);
    fs.writeFileSync(path.join(dir, "good.txt"), GOOD.replace("梅花鹿", "马鹿"));
    const edited = computeCacheKey(dir, DICT);
    expect(edited).not.toBe(before);
    fs.unlinkSync(path.join(dir, "link-to-good.txt"));
    fs.symlinkSync("jilin/2022/plan.txt", path.join(dir, "link-to-good.txt"));
    expect(computeCacheKey(dir, DICT)).not.toBe(edited);
  });

  it("keys a file over the maximum by its size, without reading it", () => {
    const before = computeCacheKey(dir, DICT);
    fs.truncateSync(path.join(dir, "huge.pdf"), OVER_MAX + 1024 * 1024);
    expect(computeCacheKey(dir, DICT)).not.toBe(before);
  });

  it("opens the engine on it: start-up goes on and the reports are there", async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-walk-cache-"));
    temps.push(cacheDir);
    const lines: string[] = [];
    const engine = await openEngine({ corpusDir: dir, cacheDir, log: (l) => lines.push(l) });
    expect(engine.documents.map((d) => d.title).sort()).toEqual(["人参产业意见", "示范办法", "鹿乡规划"]);
    const log = lines.join("\n");
    expect(log).toMatch(/✗ skipped pipe\.txt: a FIFO/);
    expect(log).toMatch(/– ignored README\.txt: README/);
    expect(log).toMatch(/corpus entries: \d+ indexed, 5 skipped, \d+ ignored/);
  });
});

describe("walking", () => {
  it("reports a file that vanishes, or turns into a FIFO, between listing and reading", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-walk-race-"));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, "a.txt"), GOOD);
    fs.writeFileSync(path.join(dir, "b.txt"), GOOD);
    const walk = walkCorpus(dir);
    expect(walk.files.map((f) => f.rel)).toEqual(["a.txt", "b.txt"]);
    fs.unlinkSync(path.join(dir, "a.txt"));
    fs.unlinkSync(path.join(dir, "b.txt"));
    execFileSync("mkfifo", [path.join(dir, "b.txt")]);
    expect(readCorpusFile(walk.files[0]!)).toEqual({ ok: false, error: "cannot read: vanished while the corpus was read (ENOENT) / 文件已不存在" });
    // Opened without blocking, then refused: a FIFO is not read.
    expect(readCorpusFile(walk.files[1]!)).toMatchObject({ ok: false, error: expect.stringMatching(/a FIFO \(named pipe\) \(changed since the corpus was listed\); not read/) });
  });

  it("says why when corpus/ itself cannot be read, without throwing", () => {
    expect(walkCorpus("/nonexistent/corpus").error).toMatch(/ENOENT/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zj-walk-f-")), "f");
    temps.push(path.dirname(file));
    fs.writeFileSync(file, "x");
    expect(walkCorpus(file).error).toMatch(/not a directory/);
  });
});

const AS_NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];
const canDropPrivileges = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;
/** The check runs the checkout's own code as uid 65534: a clone inside a private (mode 700) folder cannot be read by it. */
const checkoutReadable =
  canDropPrivileges &&
  spawnSync("setpriv", [...AS_NOBODY, "test", "-r", path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "-a", "-r", path.join(ROOT, "src/engine.ts")]).status === 0;
if (!canDropPrivileges) console.warn("[unprivileged corpus test] skipped: needs root and setpriv (util-linux) to run the check as uid 65534");
else if (!checkoutReadable) console.warn(`[unprivileged corpus test] skipped: uid 65534 cannot read the checkout at ${ROOT} (a parent folder is private); clone it under a readable folder such as /tmp to run it`);

describe.skipIf(!checkoutReadable)("as an unprivileged user (uid 65534)", () => {
  it("skips a file and a folder it cannot read (EACCES), reads the rest, computes the cache key and starts", () => {
    const dir = faultyCorpus();
    fs.chmodSync(path.join(dir, "secret.txt"), 0o000);
    fs.chmodSync(path.join(dir, "locked"), 0o000);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-walk-nobody-cache-"));
    temps.push(cacheDir);
    fs.chmodSync(cacheDir, 0o777);
    const script = path.join(dir, "..", `zj-walk-nobody-${process.pid}.mts`);
    fs.writeFileSync(script, `
import { openEngine } from ${JSON.stringify(path.join(ROOT, "src/engine.ts"))};
import { computeCacheKey } from ${JSON.stringify(path.join(ROOT, "src/index/cache-key.ts"))};
const key = computeCacheKey(process.argv[2], ${JSON.stringify(DICT)});
const engine = await openEngine({ corpusDir: process.argv[2], cacheDir: process.argv[3], log: () => {} });
console.log(JSON.stringify({ key, documents: engine.documents.map((d) => d.title), reports: engine.reports }));
`);
    fs.chmodSync(script, 0o644);
    try {
      const r = spawnSync("setpriv", [...AS_NOBODY, process.execPath, path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), script, dir, cacheDir], {
        encoding: "utf8",
        env: { ...process.env, HOME: os.tmpdir() },
        timeout: 240_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { key: string; documents: string[]; reports: FileReport[] };
      expect(out.key).toMatch(/^[0-9a-f]{64}$/);
      const reports = byFile(out.reports);
      expect(reports.get("secret.txt")).toMatchObject({ ok: false });
      expect(reports.get("secret.txt")!.error).toMatch(/permission denied \(EACCES\)/);
      expect(reports.get("locked")!.error).toMatch(/cannot list this folder: permission denied \(EACCES\)/);
      expect(out.documents.sort()).toEqual(["示范办法", "鹿乡规划"]);
    } finally {
      fs.rmSync(script, { force: true });
    }
  });
});
