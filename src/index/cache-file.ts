/**
 * The index cache file: named sections of bytes behind a header that records the cache key,
 * each section's length and a SHA-256 of all section bytes.
 *
 *   "ZJCACHE2\n" | u32 headerBytes | header JSON | section bytes…
 *
 * Written atomically (temp file in the same directory, then rename), so a reader sees the old
 * file or the new one, never half of one. On load every check failing (magic, key, lengths,
 * checksum) is reported as a reason to rebuild, never as an exception.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const MAGIC = Buffer.from("ZJCACHE2\n", "utf8");

interface Header {
  key: string;
  sha256: string;
  sections: { name: string; bytes: number }[];
}

export type Sections = Record<string, Buffer>;

export function writeCacheFile(file: string, key: string, sections: Sections): number {
  const names = Object.keys(sections);
  const bodies = names.map((n) => sections[n]!);
  const hash = crypto.createHash("sha256");
  for (const b of bodies) hash.update(b);
  const header: Header = { key, sha256: hash.digest("hex"), sections: names.map((name, i) => ({ name, bytes: bodies[i]!.length })) };
  const headerBuf = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(headerBuf.length, 0);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  let total = 0;
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      for (const b of [MAGIC, len, headerBuf, ...bodies]) {
        fs.writeSync(fd, b);
        total += b.length;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    // A full disk or a directory in the file's place: leave no half-written temp file behind.
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  removeOrphanedTemps(file);
  return total;
}

/**
 * Temp files of writers that died mid-write (killed during a build) would pile up, one cache-sized
 * file per crash. Remove those whose writing process is gone; a live writer's file is left alone.
 */
function removeOrphanedTemps(file: string): void {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

export type ReadResult = { ok: true; sections: Sections; bytes: number } | { ok: false; reason: string };

export function readCacheFile(file: string, key: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readWhole(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, reason: "no cache file" };
    return { ok: false, reason: `cannot read the cache file (${code ?? (err as Error).message})` };
  }
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: "not a zhangjie cache file" };
  const headerBytes = buf.readUInt32LE(MAGIC.length);
  const bodyStart = MAGIC.length + 4 + headerBytes;
  if (bodyStart > buf.length) return { ok: false, reason: "truncated header" };
  let header: Header;
  try {
    header = JSON.parse(buf.toString("utf8", MAGIC.length + 4, bodyStart)) as Header;
  } catch {
    return { ok: false, reason: "unreadable header" };
  }
  if (!isHeader(header)) return { ok: false, reason: "malformed header" };
  if (header.key !== key) return { ok: false, reason: "corpus, dictionary or code changed" };
  const total = header.sections.reduce((s, x) => s + x.bytes, 0);
  if (bodyStart + total !== buf.length) return { ok: false, reason: `truncated or padded (${buf.length} bytes, expected ${bodyStart + total})` };
  const hash = crypto.createHash("sha256").update(buf.subarray(bodyStart)).digest("hex");
  if (hash !== header.sha256) return { ok: false, reason: "checksum mismatch" };
  const sections: Sections = {};
  let pos = bodyStart;
  for (const s of header.sections) {
    sections[s.name] = buf.subarray(pos, pos + s.bytes);
    pos += s.bytes;
  }
  return { ok: true, sections, bytes: buf.length };
}

/**
 * The whole file in one Buffer. fs.readFileSync refuses files over 2 GiB, which a cache of a
 * corpus over ~1 GB of text reaches; a Buffer may hold 4 GiB, read here in 1 GiB pieces.
 */
function readWhole(file: string): Buffer {
  // O_NONBLOCK: opening a FIFO put in the cache's place must not wait for a writer forever; it is
  // then refused below like a device or a directory. (No effect on a regular file.)
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error("not a regular file"), { code: `not a regular file: ${fileType(stat)}` });
    const size = stat.size;
    const buf = Buffer.allocUnsafe(size);
    let pos = 0;
    while (pos < size) {
      const n = fs.readSync(fd, buf, pos, Math.min(size - pos, 1 << 30), pos);
      if (n === 0) break; // shrank while reading: the length check below reports it
      pos += n;
    }
    return pos === size ? buf : buf.subarray(0, pos);
  } finally {
    fs.closeSync(fd);
  }
}

function fileType(s: fs.Stats): string {
  if (s.isFIFO()) return "a FIFO";
  if (s.isDirectory()) return "a directory";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** A damaged header can still be valid JSON: check its shape before trusting any field. */
function isHeader(h: unknown): h is Header {
  if (typeof h !== "object" || h === null) return false;
  const x = h as Partial<Header>;
  return (
    typeof x.key === "string" &&
    typeof x.sha256 === "string" &&
    Array.isArray(x.sections) &&
    x.sections.every((s) => typeof s === "object" && s !== null && typeof s.name === "string" && Number.isSafeInteger(s.bytes) && s.bytes >= 0)
  );
}
