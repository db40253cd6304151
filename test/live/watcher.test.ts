/**
 * The corpus watcher: a file dropped into a sub-folder of corpus/ (written in pieces, as a copy
 * does) is indexed whole without a restart; a file edited is indexed again; a file removed leaves
 * search; a hidden temp file is ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLiveEngine, type LiveEngine } from "../../src/live/open.ts";
import { watchCorpus, type CorpusWatcher } from "../../src/live/watcher.ts";
import { ingestFile } from "../../src/ingest/index.ts";
import { REGULATIONS, SEEDS, makeCorpus, tempDir } from "./helpers.ts";

const LAW = path.join(REGULATIONS, "农业技术推广法(2024-04-26).md");
let corpusDir: string;
let cacheDir: string;
let live: LiveEngine;
let watcher: CorpusWatcher;
let batches: string[][] = [];
let waiting: ((rels: string[]) => void) | null = null;

/** The next batch the watcher indexes that holds `rel`. */
function indexed(rel: string): Promise<string[]> {
  return new Promise((resolve) => {
    waiting = (rels) => {
      if (rels.includes(rel)) {
        waiting = null;
        resolve(rels);
      }
    };
  });
}

beforeAll(async () => {
  corpusDir = makeCorpus(new Map(fs.readdirSync(SEEDS).map((f) => [f, path.join(SEEDS, f)])));
  cacheDir = tempDir("zj-live-cache-");
  live = await openLiveEngine({ corpusDir, cacheDir, log: () => {} });
  watcher = watchCorpus({
    corpusDir,
    collection: live.collection,
    log: () => {},
    onIndexed: (rels) => {
      batches.push(rels);
      waiting?.(rels);
    },
  });
  await watcher.ready;
}, 120_000);
afterAll(async () => {
  await watcher.close();
  for (const d of [corpusDir, cacheDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe("the corpus watcher", () => {
  it("indexes a file written in pieces into a new sub-folder, whole", async () => {
    const rel = "laws/2024/农业技术推广法.md";
    const bytes = fs.readFileSync(LAW);
    const want = await ingestFile(rel, bytes);
    const done = indexed(rel);
    fs.mkdirSync(path.join(corpusDir, "laws/2024"), { recursive: true });
    // A temp file beside it is never read.
    fs.writeFileSync(path.join(corpusDir, "laws/2024/.partial.tmp"), "x");
    const fd = fs.openSync(path.join(corpusDir, rel), "w");
    const half = Math.floor(bytes.length / 2);
    fs.writeSync(fd, bytes.subarray(0, half));
    await new Promise((r) => setTimeout(r, 150));
    fs.writeSync(fd, bytes.subarray(half));
    fs.closeSync(fd);
    await done;
    const doc = (await live.engine.doc(live.engine.documents.find((d) => d.editions.some((e) => e.source === rel))!.id))!;
    expect(doc).toBeDefined();
    expect(doc.editions[0]!.passages.length).toBe(want.documents[0]!.editions[0]!.passages.length);
    expect((await live.engine.search("农业技术推广")).total).toBeGreaterThan(0);
    expect(batches.flat().some((r) => r.includes(".partial"))).toBe(false);
    expect(live.collection.snapshot.state.manifest.files.some((f) => f.path.includes(".partial"))).toBe(false);
  }, 60_000);

  it("indexes an edited file again and drops a removed one", async () => {
    const rel = "laws/2024/农业技术推广法.md";
    const text = fs.readFileSync(LAW, "utf8").replace(/农业技术推广/g, "农技服务推广");
    let done = indexed(rel);
    fs.writeFileSync(path.join(corpusDir, rel), text);
    await done;
    expect((await live.engine.search("农技服务推广")).total).toBeGreaterThan(0);
    done = indexed(rel);
    fs.rmSync(path.join(corpusDir, rel));
    await done;
    expect((await live.engine.search("农技服务推广")).total).toBe(0);
    expect(live.engine.documents.some((d) => d.editions.some((e) => e.source === rel))).toBe(false);
  }, 60_000);
});
