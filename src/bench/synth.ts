/**
 * Deterministic synthetic corpus: scales the seed corpus ×N with documents assembled from the seeds'
 * real paragraphs under the same kind of heading structure, the way real collections grow — a
 * county adapts its prefecture's plan: the place changes (吉林省 → 白山市, 全省 → 全市), numbers
 * change, clauses are dropped, reordered or merged, list items are trimmed, local sentences are
 * inserted, and the boilerplate (指导思想, 保障措施) is repeated in every document.
 *
 * Output form: PDF-extracted plain text (`*.pdf.txt`, catalog form "pdf-text"), WITH the layout
 * quirks of the seeds: lines wrapped at a page width (no break before closing punctuation), blank
 * lines between lines, and page marks (— 12 —) — so that ingest's text repair is measured at scale.
 *
 * Document i is generated from its own PRNG stream (seed + i), so the ×10 corpus is a prefix of the
 * ×100 corpus and any file can be regenerated alone.
 */
import fs from "node:fs";
import path from "node:path";
import { Rng } from "./prng.ts";
import { PLACES, SEED_SUBPLACES, type Place } from "./places.ts";
import { allParagraphs, readSeeds, visualWidth, type HeadingKind, type SeedBlock, type SeedDoc } from "./seeds.ts";

/** Bump when the generator's output changes, so stale generated corpora are rebuilt. */
export const SYNTH_VERSION = 4;

export interface SynthOptions {
  /** The seed corpus (with catalog.json). */
  seedDir: string;
  /** Directory that receives the corpus files and catalog.json. */
  outDir: string;
  /** Total size as a multiple of the seed corpus (1 = the seeds alone). */
  scale: number;
  /** PRNG seed label; default "zhangjie". */
  seed?: string;
  log?: (line: string) => void;
}

export interface SynthManifest {
  version: number;
  seed: string;
  scale: number;
  /** Files in the corpus directory, seeds included (catalog.json excluded). */
  files: number;
  /** Generated documents (seeds excluded). */
  generated: number;
  /** UTF-8 bytes of all corpus files (catalog.json excluded). */
  bytes: number;
  seedBytes: number;
}

interface CatalogEntry {
  region: string | null;
  level: string;
  edition: string;
  form: string;
  authoritative?: boolean;
}

const CN_DIGITS = "零一二三四五六七八九";

/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (the ordinals headings use). */
export function cnOrdinal(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ""}`;
}

function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9.]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

function toAsciiDigits(s: string): string {
  return s.replace(/[０-９．]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Per-document text rewriting: place names, numbers, dates. */
class Rewriter {
  private readonly re: RegExp;
  private readonly map: Map<string, string>;
  constructor(
    private readonly rng: Rng,
    readonly place: Place,
  ) {
    const u = place.unit;
    const map = new Map<string, string>([
      ["延边朝鲜族自治州", place.name],
      ["吉林省", place.name],
      ["延边州", place.name],
      ["延边", place.short],
      ["全省", `全${u}`],
      ["全州", `全${u}`],
      ["我省", `我${u}`],
      ["我州", `我${u}`],
      ["省委、省政府", `${u}委、${u}政府`],
      ["州委、州政府", `${u}委、${u}政府`],
      ["省政府办公厅", `${u}政府办公厅`],
      ["州政府办公厅", `${u}政府办公厅`],
    ]);
    // Most adapted plans also rename the subdivisions they mention; some keep the neighbours' names.
    if (rng.chance(0.7)) {
      const pool = PLACES.filter((p) => p.level === "county" && p.short.length >= 2);
      for (const sub of SEED_SUBPLACES) map.set(sub, rng.pick(pool).short);
    }
    this.map = map;
    const keys = [...map.keys()].sort((a, b) => b.length - a.length);
    this.re = new RegExp(keys.map(escapeRe).join("|"), "g");
  }

  places(s: string): string {
    return s.replace(this.re, (m) => this.map.get(m) ?? m);
  }

  /** Vary about half of the figures (same digit width and form); years and 文号 stay plausible. */
  numbers(s: string): string {
    return s.replace(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g, (m, offset: number) => {
      const full = /[０-９]/.test(m);
      const ascii = toAsciiDigits(m);
      const next = s[offset + m.length] ?? "";
      const prev = s[offset - 1] ?? "";
      if (/^(19|20)\d\d$/.test(ascii) || next === "年" || prev === "〔" || next === "〕" || !this.rng.chance(0.5)) return m;
      let out: string;
      if (ascii.includes(".")) {
        const [i, f] = ascii.split(".") as [string, string];
        const v = Number(ascii) * (0.6 + this.rng.next());
        out = v.toFixed(f.length);
        if (i.length === 1 && out.length > ascii.length) out = ascii; // keep the magnitude
      } else {
        const n = Number(ascii);
        const v = Math.max(1, Math.round(n * (0.6 + this.rng.next())));
        out = String(v).length === ascii.length ? String(v) : ascii;
      }
      return full ? toFullWidthDigits(out) : out;
    });
  }

  text(s: string): string {
    return this.numbers(this.places(s));
  }

  date(): string {
    return `${this.rng.int(2021, 2024)}年${this.rng.int(1, 12)}月${this.rng.int(1, 28)}日`;
  }
}

/** Sentences with their closing punctuation (and closing quotes/brackets) kept. */
export function splitSentences(p: string): string[] {
  return p.match(/[^。！？；]+(?:[。！？；][”’）)]*|$)/g)?.filter((s) => s.length > 0) ?? [p];
}

interface OutBlock {
  kind: "para" | "heading";
  text: string;
}

class DocBuilder {
  readonly out: OutBlock[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly rw: Rewriter,
    private readonly pool: readonly string[],
  ) {}

  /** A paragraph adapted as a lower-level plan adapts it. */
  adapt(p: string): string {
    const rng = this.rng;
    let sents = splitSentences(p);
    // A clause head such as （一）…。 or ——…。 stays first; edits apply to what follows it.
    const head = /^(（[一二三四五六七八九十]+）|——|[一二三四五六七八九十]+是)/.test(sents[0] ?? "") ? sents.shift()! : null;
    if (sents.length >= 2 && rng.chance(0.15)) sents.splice(rng.int(0, sents.length - 1), 1);
    if (sents.length >= 2 && rng.chance(0.1)) {
      const i = rng.int(0, sents.length - 2);
      [sents[i], sents[i + 1]] = [sents[i + 1]!, sents[i]!];
    }
    // Trim a list: drop one item of an enumeration joined by 、.
    sents = sents.map((s) => {
      if (!rng.chance(0.15)) return s;
      const items = s.split("、");
      if (items.length < 3) return s;
      const k = rng.int(1, items.length - 2);
      items.splice(k, 1);
      return items.join("、");
    });
    // A local sentence inserted from elsewhere in the collection.
    if (rng.chance(0.1)) {
      const donor = splitSentences(rng.pick(this.pool));
      sents.splice(rng.int(Math.min(1, sents.length), sents.length), 0, rng.pick(donor));
    }
    const text = (head ?? "") + sents.join("");
    return this.rw.text(text);
  }

  /** Paragraphs: dropped, merged with the next, or split at a sentence boundary. */
  paragraphs(blocks: readonly string[]): string[] {
    const rng = this.rng;
    const out: string[] = [];
    for (let i = 0; i < blocks.length; i++) {
      if (blocks.length > 1 && rng.chance(0.08)) continue;
      let p = this.adapt(blocks[i]!);
      if (i + 1 < blocks.length && rng.chance(0.05)) p += this.adapt(blocks[++i]!);
      const sents = splitSentences(p);
      if (sents.length >= 4 && rng.chance(0.05)) {
        const k = rng.int(1, sents.length - 1);
        out.push(sents.slice(0, k).join(""), sents.slice(k).join(""));
      } else out.push(p);
    }
    return out;
  }

  /** A section of "local" text: sentences from across the collection (realistic term statistics, no single source). */
  localParagraphs(): string[] {
    const n = this.rng.int(1, 3);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = this.rng.int(2, 5);
      let p = "";
      for (let j = 0; j < k; j++) p += this.rng.pick(splitSentences(this.rng.pick(this.pool)));
      out.push(this.rw.text(p));
    }
    return out;
  }

  emit(kind: OutBlock["kind"], text: string): void {
    this.out.push({ kind, text });
  }
}

interface Style {
  /** Separator between a heading's number and its words. */
  sep: string;
  boxDigits: "full" | "ascii";
  pageMark: (n: number) => string;
  /** Page width in full-width cells. */
  width: number;
  linesPerPage: number;
}

function pickStyle(rng: Rng): Style {
  const fullPage = rng.chance(0.5);
  return {
    sep: rng.pick(["\u3000", "  ", " "]),
    boxDigits: rng.chance(0.5) ? "full" : "ascii",
    pageMark: fullPage ? (n) => `—${toFullWidthDigits(String(n))}—` : (n) => `— ${n} —`,
    width: rng.int(28, 33),
    linesPerPage: rng.int(24, 30),
  };
}

/** Render blocks as PDF-extracted text: wrapped lines, blank lines between, page marks. */
export function renderPdfText(title: string, blocks: readonly OutBlock[], style: Style): string {
  const lines: string[] = [` ${title}`, ""];
  let page = 1;
  let onPage = 0;
  const push = (line: string) => {
    lines.push(line);
    if (++onPage >= style.linesPerPage) {
      lines.push(style.pageMark(++page));
      onPage = 0;
    }
  };
  for (const b of blocks) {
    if (b.kind === "heading") {
      push(b.text);
      continue;
    }
    for (const l of wrap(b.text, style.width)) push(l);
  }
  return lines.join("\n\n") + "\n";
}

const NO_LINE_START = "，。、；：？！”’）》」』%％";

/** Greedy wrap at a visual width; closing punctuation never starts a line (as typesetters do). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  let w = 0;
  for (const ch of text) {
    const cw = visualWidth(ch);
    if (w + cw > width && line && !NO_LINE_START.includes(ch)) {
      out.push(line);
      line = "";
      w = 0;
    }
    line += ch;
    w += cw;
  }
  if (line) out.push(line);
  return out;
}

/** How a document's section level is rendered: the template's own numbering, or the other common one. */
function sectionKindFor(rng: Rng, tpl: SeedDoc): HeadingKind | null {
  if (tpl.topKind === "chapter" && tpl.secondKind === "section" && rng.chance(0.3)) return "cn1";
  if (tpl.topKind === "chapter" && tpl.secondKind === "cn1" && rng.chance(0.3)) return "section";
  return tpl.secondKind;
}

function headingText(kind: HeadingKind, n: number, title: string, style: Style, label?: string): string {
  switch (kind) {
    case "chapter":
      return `第${cnOrdinal(n)}章${style.sep}${title}`;
    case "section":
      return `第${cnOrdinal(n)}节${style.sep}${title}`;
    case "cn1":
      return `${cnOrdinal(n)}、${title}`;
    case "cn2":
      return `（${cnOrdinal(n)}）${title}`;
    case "box": {
      const d = style.boxDigits === "full" ? toFullWidthDigits(String(n)) : String(n);
      return `专栏${d}${style.sep}${title}`;
    }
    case "num":
      return `${label ?? `${n}.`}${title}`;
  }
}

/** Renumber paragraph-leading clause heads （一）（二）… in order after drops and merges. */
function renumberClauses(paras: string[], counter: { n: number }): string[] {
  return paras.map((p) => p.replace(/^（[一二三四五六七八九十]+）/, () => `（${cnOrdinal(++counter.n)}）`));
}

export interface GeneratedDoc {
  title: string;
  place: Place;
  text: string;
  template: string;
  /** Set when this document is also emitted as a second edition (a reprint) in another layout. */
  reprint: string | null;
}

/** Generate document number i of the synthetic collection. */
/**
 * Order-3 character model of the seeds' paragraphs: writes new policy prose with the seeds'
 * vocabulary and character statistics. It supplies the text of which only a few documents share
 * each clause — without it, 27 MB made from 86,000 seed characters would repeat every clause in
 * hundreds of documents, and all of it would look like boilerplate.
 */
export class CharModel {
  private readonly next = new Map<string, string>();
  private readonly starts: string[] = [];
  constructor(
    paragraphs: readonly string[],
    private readonly order = 3,
  ) {
    const follow = new Map<string, string[]>();
    for (const p of paragraphs) {
      const t = [...p];
      if (t.length <= order + 1) continue;
      this.starts.push(t.slice(0, order).join(""));
      for (let i = 0; i + order < t.length; i++) {
        const ctx = t.slice(i, i + order).join("");
        let f = follow.get(ctx);
        if (!f) follow.set(ctx, (f = []));
        f.push(t[i + order]!);
      }
    }
    // Continuations as one string per context (a compact multiset, sampled by position).
    for (const [k, v] of follow) this.next.set(k, v.join(""));
  }
  /** A paragraph of at least `minLen` characters ending at a full stop (at most about twice that). */
  generate(rng: Rng, minLen: number): string {
    const out: string[] = [...rng.pick(this.starts)];
    while (out.length < minLen * 2) {
      const conts = this.next.get(out.slice(out.length - this.order).join(""));
      if (!conts) {
        out.push("。", ...rng.pick(this.starts));
        continue;
      }
      const ch = [...conts][rng.int(0, [...conts].length - 1)]!;
      out.push(ch);
      if (ch === "。" && out.length >= minLen) break;
    }
    if (out[out.length - 1] !== "。") out.push("。");
    return out.join("");
  }
}

/** Formula every plan repeats verbatim: kept as it is in every family root. */
const FORMULA = /习近平|党的十九大|十九届|按职责分工负责|牵头|负责）|负责\)/;

/**
 * The root of a family of documents: a template whose paragraphs are mostly rewritten with the
 * character model (clause heads and formula kept). Families stand for a higher-level plan and the
 * lower-level plans that adapt it: members echo each other and the root, not the whole collection.
 */
function familyRoot(tpl: SeedDoc, rng: Rng, model: CharModel): SeedDoc {
  const rewrite = (text: string): string => {
    if (FORMULA.test(text) || text.length < 30 || !rng.chance(0.7)) return text;
    const head = text.match(/^(（[一二三四五六七八九十]+）[^。]{0,20}。|——[^。]{0,20}。|[一二三四五六七八九十]+是[^。]{0,20}。)/)?.[0] ?? "";
    return head + model.generate(rng, Math.max(20, text.length - head.length));
  };
  const blocks = (bs: readonly SeedBlock[]): SeedBlock[] => bs.map((b) => (b.type === "para" ? { type: "para", text: rewrite(b.text) } : b));
  return {
    ...tpl,
    chapters: tpl.chapters.map((c) => ({ ...c, intro: blocks(c.intro), sections: c.sections.map((s) => ({ ...s, blocks: blocks(s.blocks) })) })),
  };
}

/** Documents per family (a provincial plan and the prefecture plans that adapt it). */
export const FAMILY_SIZE = 8;

const rootCache = new Map<string, SeedDoc>();

export function generateDoc(seeds: readonly SeedDoc[], pool: readonly string[], seedLabel: string, i: number, usedTitles: Set<string>, model?: CharModel): GeneratedDoc {
  const rng = new Rng(`${seedLabel}#doc${i}`);
  // Family f: its own PRNG stream picks the template and rewrites it, whatever the scale.
  const family = Math.floor(i / FAMILY_SIZE);
  const frng = new Rng(`${seedLabel}#family${family}`);
  const base = frng.pick(seeds);
  const rootKey = `${seedLabel}#${family}`;
  let tpl = model ? rootCache.get(rootKey) : base;
  if (!tpl) {
    tpl = familyRoot(base, frng, model!);
    rootCache.clear(); // families are generated in order: keep only the current root
    rootCache.set(rootKey, tpl);
  }
  const level = rng.weighted(["province", "prefecture", "county"] as const, (l) => ({ province: 1, prefecture: 5, county: 4 })[l]);
  const place = rng.pick(PLACES.filter((p) => p.level === level));
  const rw = new Rewriter(rng, place);
  const style = pickStyle(rng);
  const b = new DocBuilder(rng, rw, pool);

  let title = rw.places(tpl.title);
  if (usedTitles.has(title)) {
    const base = title;
    for (let k = 0; usedTitles.has(title); k++) {
      title = k < 8 ? `${base}（${2018 + k}年修订）` : `${base}（修订${k - 7}）`;
    }
  }
  usedTitles.add(title);

  for (const p of tpl.preamble) {
    const t = rw.places(p);
    if (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(t)) b.emit("para", rw.date());
    else if (/^[\u4e00-\u9fa5]{1,4}(政办发|政发|办发|发)〔\d{4}〕\d+号$/.test(t)) {
      b.emit("para", t.replace(/^[\u4e00-\u9fa5]{1,4}(政办发|政发|办发|发)〔\d{4}〕\d+号$/, (_m, kind: string) => `${place.short}${kind}〔${rng.int(2021, 2024)}〕${rng.int(1, 40)}号`));
    } else b.emit("para", rw.numbers(t));
  }

  const secKind = sectionKindFor(rng, tpl);
  let boxNo = 0;
  // （一）（二）… run on through a chapter, over inline clause heads and （N） headings alike.
  const clause = { n: 0 };
  const emitBlocks = (blocks: readonly SeedBlock[]) => {
    let paras: string[] = [];
    const flush = () => {
      for (const p of renumberClauses(b.paragraphs(paras), clause)) b.emit("para", p);
      paras = [];
    };
    for (const blk of blocks) {
      if (blk.type === "para") {
        // Closing lines (issuer, date) keep their own shape.
        if (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(blk.text)) {
          flush();
          b.emit("para", rw.date());
        } else paras.push(blk.text);
        continue;
      }
      flush();
      if (blk.type === "heading") {
        const h = blk.heading;
        b.emit("heading", headingText(h.kind, h.kind === "cn2" ? ++clause.n : 0, rw.places(h.title), style, h.label));
      } else if (blk.items.length > 0 || rng.chance(0.5)) {
        b.emit("heading", headingText("box", ++boxNo, rw.places(blk.title), style));
        for (const item of blk.items) if (blk.items.length < 3 || !rng.chance(0.1)) b.emit("para", rw.text(item));
      }
    }
    flush();
  };

  // Chapters: the first and last stay (basis and safeguards are in every plan); a middle one may go.
  const chapters = tpl.chapters.filter((_c, k) => k === 0 || k === tpl.chapters.length - 1 || !rng.chance(0.06));
  const localTitles = seeds.flatMap((d) => d.chapters.flatMap((c) => c.sections.map((s) => s.heading.title)));
  chapters.forEach((ch, ci) => {
    b.emit("heading", headingText(tpl.topKind, ci + 1, rw.places(ch.heading.title), style, ch.heading.label));
    clause.n = 0;
    emitBlocks(ch.intro);
    let sections = ch.sections.filter(() => !rng.chance(0.1));
    if (sections.length === 0 && ch.sections.length > 0) sections = [ch.sections[0]!];
    if (sections.length >= 2 && rng.chance(0.05)) {
      const k = rng.int(0, sections.length - 2);
      [sections[k], sections[k + 1]] = [sections[k + 1]!, sections[k]!];
    }
    let si = 0;
    for (const sec of sections) {
      const kind = secKind ?? sec.heading.kind;
      b.emit("heading", headingText(kind, kind === "cn2" ? ++clause.n : ++si, rw.places(sec.heading.title), style, sec.heading.label));
      emitBlocks(sec.blocks);
      // A local section of the adapting plan, with no single source.
      if (secKind && rng.chance(0.08)) {
        b.emit("heading", headingText(secKind, secKind === "cn2" ? ++clause.n : ++si, rw.places(rng.pick(localTitles)), style));
        for (const p of b.localParagraphs()) b.emit("para", p);
      }
    }
  });

  const text = renderPdfText(title, b.out, style);
  const reprint = rng.chance(0.02) ? renderPdfText(title, b.out, { ...style, width: style.width === 33 ? 29 : style.width + 1, pageMark: (n) => `- ${n} -` }) : null;
  return { title, place, text, template: tpl.title, reprint };
}

function readCatalog(dir: string): Record<string, CatalogEntry> {
  const file = path.join(dir, "catalog.json");
  if (!fs.existsSync(file)) return {};
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const out: Record<string, CatalogEntry> = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith("$") && v && typeof v === "object") out[k] = v as CatalogEntry;
  return out;
}

/** Corpus files of a directory (what ingest reads): everything but catalog.json and dotfiles. */
export function corpusFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== "catalog.json" && !f.startsWith(".") && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * Write the ×scale corpus into outDir: the seed files themselves plus generated documents until the
 * total size reaches scale × the seeds' size. Returns the manifest (also written as manifest.json).
 */
export function generateCorpus(opts: SynthOptions): SynthManifest {
  const seedLabel = opts.seed ?? "zhangjie";
  const log = opts.log ?? (() => {});
  const seedFiles = corpusFiles(opts.seedDir);
  const seedBytes = seedFiles.reduce((n, f) => n + fs.statSync(path.join(opts.seedDir, f)).size, 0);
  fs.rmSync(opts.outDir, { recursive: true, force: true });
  fs.mkdirSync(opts.outDir, { recursive: true });

  const catalog: Record<string, CatalogEntry> = {};
  const seedCatalog = readCatalog(opts.seedDir);
  for (const f of seedFiles) {
    fs.copyFileSync(path.join(opts.seedDir, f), path.join(opts.outDir, f));
    if (seedCatalog[f]) catalog[f] = seedCatalog[f]!;
  }

  const seeds = readSeeds(opts.seedDir);
  const pool = allParagraphs(seeds);
  const model = new CharModel(pool);
  const used = new Set(seeds.map((s) => s.title));
  const target = seedBytes * opts.scale;
  let bytes = seedBytes;
  let files = seedFiles.length;
  let generated = 0;
  const started = Date.now();
  for (let i = 0; bytes < target && opts.scale > 1; i++) {
    const doc = generateDoc(seeds, pool, seedLabel, i, used, model);
    const name = `gen-${String(i).padStart(5, "0")}.pdf.txt`;
    fs.writeFileSync(path.join(opts.outDir, name), doc.text);
    catalog[name] = { region: doc.place.name, level: doc.place.level, edition: "单行本（PDF 提取文本）", form: "pdf-text" };
    bytes += Buffer.byteLength(doc.text);
    files++;
    generated++;
    if (doc.reprint) {
      const rname = `gen-${String(i).padStart(5, "0")}-reprint.pdf.txt`;
      fs.writeFileSync(path.join(opts.outDir, rname), doc.reprint);
      catalog[rname] = { region: doc.place.name, level: doc.place.level, edition: "转载本（PDF 提取文本）", form: "pdf-text" };
      bytes += Buffer.byteLength(doc.reprint);
      files++;
    }
    if (generated % 500 === 0) log(`synth ×${opts.scale}: ${generated} documents, ${(bytes / 1e6).toFixed(1)} MB`);
  }
  fs.writeFileSync(
    path.join(opts.outDir, "catalog.json"),
    JSON.stringify({ $comment: `Synthetic corpus ×${opts.scale} (seed "${seedLabel}", generator v${SYNTH_VERSION}): the seed files plus generated plans.`, ...catalog }, null, 2),
  );
  const manifest: SynthManifest = { version: SYNTH_VERSION, seed: seedLabel, scale: opts.scale, files, generated, bytes, seedBytes };
  fs.writeFileSync(path.join(path.dirname(opts.outDir), "manifest.json"), JSON.stringify(manifest, null, 2));
  log(`synth ×${opts.scale}: ${files} files (${generated} generated), ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}

/** Reuse a generated corpus when its manifest matches (same generator version, seed and scale). */
export function ensureCorpus(opts: SynthOptions): SynthManifest {
  const manifestFile = path.join(path.dirname(opts.outDir), "manifest.json");
  try {
    const m = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as SynthManifest;
    if (m.version === SYNTH_VERSION && m.seed === (opts.seed ?? "zhangjie") && m.scale === opts.scale && corpusFiles(opts.outDir).length === m.files) return m;
  } catch {
    // missing or unreadable manifest: generate
  }
  return generateCorpus(opts);
}
