/**
 * `npm start` (src/cli/serve.ts) and `npm run search` as an operator meets them: a taken port, a bad
 * PORT or a missing corpus give one clear line and a non-zero exit, never a stack trace. Each run
 * works in a temp directory with its own copy of the corpus, so the shared index-cache/ is untouched.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR } from "../support/real-engine.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const SERVE = path.join(ROOT, "src", "cli", "serve.ts");
const SEARCH = path.join(ROOT, "src", "cli", "search.ts");

const temps: string[] = [];
let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-serve-"));
  temps.push(workDir);
  fs.mkdirSync(path.join(workDir, "corpus"));
  for (const f of fs.readdirSync(CORPUS_DIR)) fs.copyFileSync(path.join(CORPUS_DIR, f), path.join(workDir, "corpus", f));
});
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a CLI to completion (or until `until` matches its output, then stop it). */
function run(script: string, args: string[], opts: { cwd: string; env?: Record<string, string>; until?: RegExp }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const check = () => {
      if (opts.until && opts.until.test(stdout + stderr)) child.kill("SIGTERM");
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const STACK = /^\s+at .+[:(]\d+/m;

describe("npm start (src/cli/serve.ts)", () => {
  it("serves on a free port", async () => {
    const r = await run(SERVE, [], { cwd: workDir, env: { PORT: "0", HOST: "127.0.0.1" }, until: /http:\/\/127\.0\.0\.1:\d+\// });
    expect(r.stdout).toMatch(/章节 zhangjie: http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.stderr).not.toMatch(STACK);
    expect(fs.existsSync(path.join(workDir, "index-cache", "index.zjc"))).toBe(true);
  });

  it("a port already in use: one clear line, exit 1, no stack trace", async () => {
    const blocker = net.createServer();
    await new Promise<void>((res) => blocker.listen(0, "127.0.0.1", () => res()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run(SERVE, [], { cwd: workDir, env: { PORT: String(port), HOST: "127.0.0.1" } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`端口 ${port} 已被占用.*port ${port} is already in use`));
      expect(r.stderr).not.toMatch(STACK);
      // the URL of a server that never listened is not printed
      expect(r.stdout).not.toMatch(/http:\/\//);
    } finally {
      blocker.close();
    }
  });

  it("an invalid PORT: exit 2 with the reason", async () => {
    for (const port of ["abc", "70000", "-1", "3000x"]) {
      const r = await run(SERVE, [], { cwd: workDir, env: { PORT: port } });
      expect(r.code, port).toBe(2);
      expect(r.stderr).toMatch(/PORT 无效 \(invalid PORT\)/);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it("no corpus directory: exit 1 with the reason", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "zj-serve-empty-"));
    temps.push(empty);
    const r = await run(SERVE, [], { cwd: empty, env: { PORT: "0" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot open the index.*corpus directory not found/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

/** Start `npm start` itself (npm → node), with the corpus and cache of `workDir`; resolves once it listens. */
function npmStart(): Promise<{ npm: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const npm = spawn("npm", ["start"], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ZHANGJIE_CORPUS_DIR: path.join(workDir, "corpus"), ZHANGJIE_CACHE_DIR: path.join(workDir, "index-cache") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`npm start did not listen: ${out}`)), 90_000);
    npm.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ npm, port: Number(m[1]) });
      }
    });
    npm.on("error", reject);
  });
}

/** Whether something accepts connections on the port, polled until `free` holds or 10 s pass. */
async function waitPortFree(port: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const open = await new Promise<boolean>((res) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), res(true)));
      s.once("error", () => res(false));
    });
    if (!open) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe("stopping npm start", () => {
  it("SIGTERM to npm stops the server and frees the port", async () => {
    const { npm, port } = await npmStart();
    npm.kill("SIGTERM");
    expect(await waitPortFree(port)).toBe(true);
  });

  it("SIGKILL to npm still frees the port (the orphaned server exits)", async () => {
    const { npm, port } = await npmStart();
    npm.kill("SIGKILL");
    expect(await waitPortFree(port)).toBe(true);
  });
});

describe("npm run search (src/cli/search.ts)", () => {
  it("a bad query exits 2 with the bilingual reason; a missing corpus exits 1", async () => {
    const bad = await run(SEARCH, ['"梅花鹿'], { cwd: workDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/引号不成对.*unbalanced quotes/);
    const json = await run(SEARCH, ["--json", "--limit", "abc", "梅花鹿"], { cwd: workDir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: "BAD_PARAMETER" });
    const missing = await run(SEARCH, ["--corpus", path.join(workDir, "nope"), "梅花鹿"], { cwd: workDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot open the index/);
    expect(missing.stderr).not.toMatch(STACK);
  });
});
