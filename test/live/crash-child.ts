/**
 * The process the kill -9 test kills: opens the live collection (merging a journal left by the
 * previous run), then adds and removes files as uploads and deletions do, printing `BEGIN <op> <rel>` before each change and `ACK <op> <rel>`
 * once each change is acknowledged (journaled), and `MERGING` / `MERGED` as each background merge begins / ends, until it is killed.
 * Usage: node --import tsx test/live/crash-child.ts <corpusDir> <cacheDir> <poolDir> <seed>
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openLiveEngine } from "../../src/live/open.ts";
import { placeUpload, removeCorpusFile, UPLOAD_DIR } from "../../src/live/place.ts";
import { vetFile } from "../../src/live/vet.ts";
import { Rng } from "../../src/bench/prng.ts";

const [corpusDir, cacheDir, poolDir, seed] = process.argv.slice(2) as [string, string, string, string];
const rng = new Rng(Number(seed));
// Background merges (the test runs it with ZHANGJIE_LIVE_MERGE_SEGMENTS=0: after every change) are announced.
const announce = (line: string) => {
  if (line.startsWith("live collection: merging")) process.stdout.write("MERGING\n");
  else if (line.startsWith("live collection: merged") && line.includes("in the background")) process.stdout.write("MERGED\n");
};
const live = await openLiveEngine({ corpusDir, cacheDir, log: announce });
process.stdout.write("OPEN\n");
const pool = fs.readdirSync(poolDir).sort();
for (;;) {
  const name = rng.pick(pool);
  const rel = `${UPLOAD_DIR}/${name}`;
  const removing = fs.existsSync(path.join(corpusDir, rel));
  process.stdout.write(`BEGIN ${removing ? "remove" : "add"} ${rel}\n`);
  if (removing) {
    removeCorpusFile(corpusDir, rel);
    await live.collection.change([rel]);
    process.stdout.write(`ACK remove ${rel}\n`);
  } else {
    const bytes = fs.readFileSync(path.join(poolDir, name));
    const parsed = await vetFile(rel, bytes, undefined);
    const placed = placeUpload(corpusDir, name, bytes, crypto.createHash("sha256").update(bytes).digest("hex"));
    await live.collection.change([], [{ rel: placed.rel, parsed, sha256: crypto.createHash("sha256").update(bytes).digest("hex") }]);
    process.stdout.write(`ACK add ${placed.rel}\n`);
  }
}
