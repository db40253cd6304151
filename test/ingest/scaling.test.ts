/**
 * Ingest is linear in a file's size whatever its line shapes (issue 14 item 8): lines like
 * "第123行 科技创新资料。" once took 0.9 s at 5,000 lines and 8.6 s at 20,000 (a growing string read
 * back at every line). For fuzzed line shapes — numbering-like prefixes, repeated lines, very short
 * and very long lines, lines without punctuation, spaced-out lines, table rows — doubling the input
 * must at most a little more than double the work.
 *
 * No wall-clock thresholds: the two sizes are compared with each other in one run, by CPU time (the
 * least of three runs each, so that a busy machine does not decide), and a ratio well below the 4 of
 * a quadratic path is required. Each shape's size is chosen so that the smaller input takes a
 * measurable time on this machine.
 */
import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "../../src/ingest/catalog.ts";
import { ingestFile } from "../../src/ingest/index.ts";
import { rng } from "../support/text.ts";

type Line = (i: number, r: () => number) => string;

const CN = "一二三四五六七八九";
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const words = (r: () => number, n: number): string => Array.from({ length: n }, () => pick(r, ["科技", "创新", "资料", "推广", "农业", "机构", "服务"])).join("");

/** Line shapes, each filling a whole file (the worst case for a shape-specific path). */
const SHAPES: Record<string, Line> = {
  "第N行": (i) => `第${i}行 科技创新资料。`,
  "第N条": (i) => `第${i}条 科技创新资料。`,
  "第X章 without title": (i) => `第${CN[i % 9]}章`,
  "一、": (i, r) => `${CN[i % 9]}、${words(r, 3)}`,
  "（一）": (i, r) => `（${CN[i % 9]}）${words(r, 4)}；`,
  "1.": (i, r) => `${1 + (i % 30)}.${words(r, 2)}`,
  "专栏N": (i) => `专栏${i % 40}`,
  "dates and 文号": (i) => (i % 2 ? `2022年${1 + (i % 12)}月${1 + (i % 28)}日` : `吉政发〔2022〕${i}号`),
  repeated: () => "科技创新资料。",
  "very short": (i, r) => pick(r, ["甲", "乙", "。", "一", "第"]).repeat(1 + (i % 2)),
  "very long": (_i, r) => `${words(r, 600)}。`,
  "no punctuation": (i) => `科技创新资料科技创新资料${i}`,
  "spaced out": (i) => `第 ${i} 行　科 技 创 新 资 料`,
  "table rows": (i) => (i % 50 === 1 ? "序号 指标名称 2020年 2025年" : `${i % 50} 指标${i} ${i % 97} ${i % 89}`),
};

/** Every shape mixed line by line at random (seeded). */
const MIXED: Line = (i, r) => pick(r, Object.values(SHAPES))(i, r);

function text(line: Line, n: number, seed = 7): Buffer {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(line(i, r));
  return Buffer.from(out.join("\n"), "utf8");
}

/** CPU time (ms) of one run (the process's: a busy machine slows the wall clock, not this). */
function cpu(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const LIMIT = 2.6; // "a little more than double"; a quadratic path gives 4
const MIN_MS = 50; // the smaller input's work, so that the ratio is not noise
const MAX_LINES = 128_000;

/**
 * Work for n and 2n lines, n grown until the smaller input takes MIN_MS; after a warm-up, each
 * size is timed three times, interleaved, and the least time counts.
 */
function ratio(line: Line, file: string, meta: CatalogEntry | undefined, start: number): { n: number; small: number; large: number } {
  let n = start;
  while (cpu(() => ingestFile(file, text(line, n), meta)) < MIN_MS && n < MAX_LINES) n *= 2;
  for (;;) {
    const [a, b] = [text(line, n), text(line, 2 * n)];
    ingestFile(file, b, meta);
    let small = Infinity;
    let large = Infinity;
    for (let k = 0; k < 3; k++) {
      small = Math.min(small, cpu(() => ingestFile(file, a, meta)));
      large = Math.min(large, cpu(() => ingestFile(file, b, meta)));
    }
    // The first, single runs were slowed by compilation: measured warm, the input may be too small yet.
    if (small >= MIN_MS || n >= MAX_LINES) return { n, small, large };
    n *= 2;
  }
}

/**
 * Up to two retries absorb a measurement disturbed by garbage collection or a busy machine (the whole
 * suite on 2 cores); a quadratic path gives ×4 every time, so a retry cannot hide one.
 */
function expectLinear(name: string, line: Line, file: string, meta?: CatalogEntry): void {
  const start = name === "very long" ? 50 : 1000;
  let r = ratio(line, file, meta, start);
  for (let retry = 0; retry < 2 && r.large / r.small > LIMIT; retry++) {
    const again = ratio(line, file, meta, start);
    if (again.large / again.small < r.large / r.small) r = again;
  }
  const k = r.large / r.small;
  console.log(`${name.padEnd(16)} ${file.padEnd(6)} ${(meta?.form ?? "guessed").padEnd(8)} ${String(r.n).padStart(6)} lines ${r.small.toFixed(0).padStart(5)} ms → ${String(2 * r.n).padStart(6)} lines ${r.large.toFixed(0).padStart(5)} ms  ×${k.toFixed(2)}`);
  expect(k, `${name} in ${file}: doubling ${r.n} lines multiplied the work by ${k.toFixed(2)}`).toBeLessThanOrEqual(LIMIT);
}

describe("ingest work grows linearly with the input", () => {
  it("for each kind of line shape filling a whole plain-text file (its form guessed)", () => {
    for (const name of ["第N行", "第N条", "第X章 without title", "（一）", "专栏N", "repeated", "very short", "very long", "no punctuation"]) {
      expectLinear(name, SHAPES[name]!, "x.txt");
    }
  }, 300_000);

  it("for all line shapes mixed at random, read as plain text, Markdown and PDF text", () => {
    expectLinear("mixed", MIXED, "x.txt", { form: "plain" });
    expectLinear("mixed", MIXED, "x.md");
    expectLinear("mixed", MIXED, "x.txt", { form: "pdf-text" });
  }, 300_000);

  it("for the shape that was quadratic, in every form", () => {
    expectLinear("第N行", SHAPES["第N行"]!, "x.md");
    expectLinear("第N行", SHAPES["第N行"]!, "x.txt", { form: "pdf-text" });
    expectLinear("第N行", SHAPES["第N行"]!, "x.txt", { form: "plain" });
  }, 300_000);
});
