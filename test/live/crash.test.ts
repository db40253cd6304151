/**
 * Durability: a process adding and removing documents (and merging at its start) is killed with
 * SIGKILL at random points, again and again. After each kill, the next start loads a consistent
 * index: every acknowledged change is there (an acknowledged add is searchable, an acknowledged
 * removal is gone), nothing half-written is left, and the index is the one a fresh full build of
 * the corpus on disk makes (compared section by section).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_FILE, openEngine } from "../../src/engine.ts";
import { readCacheFile } from "../../src/index/cache-file.ts";
import { openLiveEngine } from "../../src/live/open.ts";
import { Rng } from "../../src/bench/prng.ts";
import { ROOT, REGULATIONS, SEEDS, makeCorpus, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * Runs the child until `kills` ACK lines or `ms` have passed, then SIGKILLs it; returns the ACK lines.
 * `inMerge`: instead, SIGKILLs it `ms` after a background merge begins (or after two minutes without one).
 */
function runAndKill(args: string[], acks: number, ms: number, inMerge = false): Promise<string[]> {
  return new Promise((resolve) => {
    // A background merge after every change: kills land in merges too.
    const env = { ...process.env, ZHANGJIE_LIVE_MERGE_SEGMENTS: "0" };
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/live/crash-child.ts"), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let buf = "";
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill("SIGKILL");
    };
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith("ACK") || line.startsWith("BEGIN") || line.startsWith("MERG")) lines.push(line);
        if (line === "OPEN") setTimeout(kill, inMerge ? 120_000 : ms);
        if (line === "MERGING" && inMerge) setTimeout(kill, ms);
        if (lines.filter((l) => l.startsWith("ACK")).length >= acks) kill();
      }
    });
    child.on("exit", () => resolve(lines));
  });
}

/** Section contents of a cache file, without what is not content (stat fields, timings). */
function contentOf(cacheDir: string): Record<string, string> {
  const read = readCacheFile(path.join(cacheDir, CACHE_FILE), () => JSON.parse(fs.readFileSync(path.join(cacheDir, CACHE_FILE)).subarray(13, 13 + fs.readFileSync(path.join(cacheDir, CACHE_FILE)).readUInt32LE(9)).toString("utf8")).key as string);
  if (!read.ok) throw new Error(read.reason);
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(read.sections)) {
    out[name] =
      name === "manifest"
        ? JSON.stringify(JSON.parse(bytes.toString("utf8")).files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]))
        : name === "echo"
          ? JSON.stringify(JSON.parse(bytes.toString("utf8"), (k, v) => (k === "seconds" || k === "stages" ? undefined : v)))
          : bytes.toString("base64");
  }
  return out;
}

describe("kill -9 during uploads, deletions and merges (at a start and in the background)", () => {
  it("leaves a consistent index after every kill", async () => {
    const base = new Map(fs.readdirSync(REGULATIONS).filter((f) => f.endsWith(".md") && f !== "README.md").slice(0, 3).map((f) => [`regulations/${f}`, path.join(REGULATIONS, f)]));
    const corpusDir = makeCorpus(base);
    const cacheDir = tempDir("zj-live-cache-");
    const poolDir = tempDir("zj-live-pool-");
    dirs.push(corpusDir, cacheDir, poolDir);
    for (const f of fs.readdirSync(REGULATIONS).filter((f) => f.endsWith(".md") && f !== "README.md").slice(3)) fs.copyFileSync(path.join(REGULATIONS, f), path.join(poolDir, f));
    fs.copyFileSync(path.join(SEEDS, "yanbian-st-plan-14th.pdf.txt"), path.join(poolDir, "yanbian.txt"));
    await openEngine({ corpusDir, cacheDir, log: () => {} });

    const rng = new Rng(7);
    const present = new Map<string, boolean>();
    let acknowledged = 0;
    let merging = 0;
    // Six rounds killed at random points; a seventh killed during a background merge.
    for (let round = 0; round < 7; round++) {
      const inMerge = round === 6;
      const acks = await runAndKill([corpusDir, cacheDir, poolDir, String(round + 1)], inMerge ? Infinity : rng.int(1, 3), inMerge ? rng.int(0, 1500) : rng.int(0, 8000), inMerge);
      for (const line of acks) {
        if (line.startsWith("MERG")) {
          if (line === "MERGING") merging++;
          continue;
        }
        const [kind, op, rel] = line.split(" ") as [string, string, string];
        // Begun and not acknowledged: either outcome is right (not checked until acknowledged again).
        if (kind === "BEGIN") present.delete(rel);
        else {
          present.set(rel, op === "add");
          acknowledged++;
        }
      }
      // The next start: consistent, with every acknowledged change.
      const reopened = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
      const sources = new Set(reopened.engine.documents.flatMap((d) => d.editions.map((e) => e.source)));
      for (const [rel, there] of present) expect(sources.has(rel), `${rel} after round ${round}`).toBe(there);
      // Nothing half-written: no temp file of an upload, a catalog or a cache is left.
      const leftovers = [...fs.readdirSync(cacheDir), ...(fs.existsSync(path.join(corpusDir, "uploads")) ? fs.readdirSync(path.join(corpusDir, "uploads")) : [])].filter((n) => n.endsWith(".tmp"));
      expect(leftovers).toEqual([]);
      // The index is the one a fresh build of the files on disk makes.
      const freshCache = tempDir("zj-live-fresh-");
      dirs.push(freshCache);
      await openEngine({ corpusDir, cacheDir: freshCache, log: () => {} });
      expect(contentOf(cacheDir)).toEqual(contentOf(freshCache));
    }
    expect(acknowledged).toBeGreaterThan(2); // the loop did kill processes that had acknowledged changes
    expect(merging).toBeGreaterThan(0); // and a process in the middle of a background merge
  }, 600_000);
});
