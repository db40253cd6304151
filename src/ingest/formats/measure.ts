/**
 * Reading speed per format, on the format fixtures (test/fixtures/formats) and the seed texts:
 *
 *   npx tsx src/ingest/formats/measure.ts [--runs 3] [--json]
 *
 * Each file is read through the registry (readSource) as ingest reads it — untrusted containers in
 * the reader worker. The first read of a worker-read format includes starting the worker; the speed
 * reported is megabytes per second over the median of the following runs, of the file (compressed
 * formats read few bytes for much text) and of the text it gives.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeReaders, readSource } from "./registry.ts";
import { DEFAULT_LIMITS } from "./types.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const FIXTURES = path.join(ROOT, "test/fixtures/formats");
const CASES: { label: string; file: string; pages?: number }[] = [
  { label: "text (PDF-extracted)", file: path.join(ROOT, "corpus/jilin-st-plan-14th.pdf.txt") },
  { label: "markdown (gazette)", file: path.join(ROOT, "corpus/jilin-gazette-2022-21.md") },
  { label: "pdf (text layer)", file: path.join(FIXTURES, "jilin-st-plan.pdf"), pages: 55 },
  { label: "pdf (scanned, OCR)", file: path.join(FIXTURES, "jilin-st-plan-scanned.pdf"), pages: 1 },
  { label: "docx (Word-style)", file: path.join(FIXTURES, "jilin-st-plan.docx") },
  { label: "docx (LibreOffice)", file: path.join(FIXTURES, "jilin-st-plan.lo.docx") },
  { label: "html (policy page)", file: path.join(FIXTURES, "jilin-st-plan.html") },
];

const args = process.argv.slice(2);
const runs = Math.max(1, Number(args[args.indexOf("--runs") + 1]) || 3);
const json = args.includes("--json");

interface Row { label: string; format: string; bytes: number; firstSeconds: number; medianSeconds: number; mbPerSecond: number; textMbPerSecond: number; pagesPerSecond?: number; blocks: number }

const rows: Row[] = [];
for (const c of CASES) {
  const bytes = fs.readFileSync(c.file);
  const times: number[] = [];
  let format = "";
  let blocks = 0;
  let textBytes = 0;
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const r = await readSource({ path: path.basename(c.file), bytes }, DEFAULT_LIMITS);
    times.push((performance.now() - t) / 1000);
    if (!r.ok) throw new Error(`${c.file}: ${r.error}`);
    format = r.format;
    blocks = r.blocks.length;
    textBytes = r.blocks.reduce((n, b) => n + Buffer.byteLength(b.text), 0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  const row: Row = { label: c.label, format, bytes: bytes.length, firstSeconds: times[0]!, medianSeconds: median, mbPerSecond: bytes.length / 1024 / 1024 / median, textMbPerSecond: textBytes / 1024 / 1024 / median, blocks };
  if (c.pages) row.pagesPerSecond = c.pages / median;
  rows.push(row);
  if (!json) process.stderr.write(`  ${c.label}: ${row.mbPerSecond.toFixed(2)} MB/s\n`);
}
await closeReaders();

if (json) {
  console.log(JSON.stringify({ cpus: os.cpus().length, loadavg: os.loadavg()[0], runs, rows }, null, 2));
} else {
  console.log(`reading speed per format (median of ${runs} warm runs; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)})`);
  console.log("| format | file | size | first read | warm read | MB/s (file) | MB/s (text out) | pages/s |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(`| ${r.format} | ${r.label} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.firstSeconds.toFixed(2)} s | ${r.medianSeconds.toFixed(3)} s | ${r.mbPerSecond.toFixed(2)} | ${r.textMbPerSecond.toFixed(2)} | ${r.pagesPerSecond?.toFixed(1) ?? ""} |`);
  }
}
