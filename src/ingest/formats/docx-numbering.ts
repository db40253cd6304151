/**
 * Word's automatic numbering, printed: a heading styled "heading 1" whose number comes from the
 * numbering definitions (numbering.xml: lvlText `第%1章`, numFmt chineseCounting…) holds only its
 * words in the text; the number a reader sees is computed here, paragraph by paragraph in document
 * order, the way Word counts:
 * - a paragraph is numbered by its own numPr, else by its style's (following basedOn), else by a
 *   numbering level that names its style (w:pStyle); numId 0 switches numbering off;
 * - counters belong to the abstract numbering, so list instances that share one continue each
 *   other, unless an instance overrides a level's start (w:startOverride), which restarts it;
 * - a level restarts after any higher level (or after the level w:lvlRestart names);
 * - `%N` in lvlText is level N's counter in level N's format (decimal for all under w:isLgl).
 */
import * as cheerio from "cheerio";
import type { Element } from "domhandler";

interface Level {
  start: number;
  fmt: string;
  text: string;
  pStyle?: string;
  /** 1-based level after which this one restarts; 0 never; undefined = after any higher level. */
  restart?: number;
  isLgl: boolean;
  /** What separates the number from the text: tab (default), space or nothing. */
  suffix: string;
}

interface AbstractNum {
  levels: Map<number, Level>;
  numStyleLink?: string;
  styleLink?: string;
}

interface Num {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: Level }>;
}

interface StyleDef {
  basedOn?: string;
  numId?: string;
  ilvl?: number;
}

export interface NumberedParagraph {
  /** The paragraph's own text (runs of nested paragraphs, in text boxes, excluded). */
  text: string;
  /** The printed number with its separator (`第一章 `, `1.`), or null. */
  label: string | null;
}

const attr = (el: Element | undefined, name: string): string | undefined => el?.attribs?.[name];
const child = (el: Element | undefined, name: string): Element | undefined =>
  el?.children.find((c): c is Element => c.type === "tag" && c.name === name);

function readLevel(el: Element): Level {
  const val = (n: string) => attr(child(el, n), "w:val");
  const restart = val("w:lvlRestart");
  const pStyle = val("w:pStyle");
  return {
    start: Number(val("w:start") ?? 1) || 0,
    fmt: val("w:numFmt") ?? "decimal",
    text: val("w:lvlText") ?? "",
    pStyle,
    restart: restart === undefined ? undefined : Number(restart),
    isLgl: child(el, "w:isLgl") !== undefined && val("w:isLgl") !== "0" && val("w:isLgl") !== "false",
    suffix: val("w:suff") ?? "tab",
  };
}

function readNumbering(xml: string | undefined): { abstracts: Map<string, AbstractNum>; nums: Map<string, Num> } {
  const abstracts = new Map<string, AbstractNum>();
  const nums = new Map<string, Num>();
  if (!xml) return { abstracts, nums };
  const $ = cheerio.load(xml, { xml: true });
  $("w\\:abstractNum").each((_, el) => {
    const levels = new Map<number, Level>();
    for (const l of el.children) if (l.type === "tag" && l.name === "w:lvl") levels.set(Number(attr(l, "w:ilvl") ?? 0), readLevel(l));
    abstracts.set(attr(el, "w:abstractNumId") ?? "", { levels, numStyleLink: attr(child(el, "w:numStyleLink"), "w:val"), styleLink: attr(child(el, "w:styleLink"), "w:val") });
  });
  $("w\\:num").each((_, el) => {
    const overrides = new Map<number, { start?: number; level?: Level }>();
    for (const o of el.children) {
      if (o.type !== "tag" || o.name !== "w:lvlOverride") continue;
      const start = attr(child(o, "w:startOverride"), "w:val");
      const lvl = child(o, "w:lvl");
      overrides.set(Number(attr(o, "w:ilvl") ?? 0), { start: start === undefined ? undefined : Number(start), level: lvl ? readLevel(lvl) : undefined });
    }
    nums.set(attr(el, "w:numId") ?? "", { abstractId: attr(child(el, "w:abstractNumId"), "w:val") ?? "", overrides });
  });
  return { abstracts, nums };
}

function readStyles(xml: string | undefined): Map<string, StyleDef> {
  const styles = new Map<string, StyleDef>();
  if (!xml) return styles;
  const $ = cheerio.load(xml, { xml: true });
  $("w\\:style").each((_, el) => {
    const numPr = child(child(el, "w:pPr"), "w:numPr");
    const ilvl = attr(child(numPr, "w:ilvl"), "w:val");
    styles.set(attr(el, "w:styleId") ?? "", { basedOn: attr(child(el, "w:basedOn"), "w:val"), numId: attr(child(numPr, "w:numId"), "w:val"), ilvl: ilvl === undefined ? undefined : Number(ilvl) });
  });
  return styles;
}

// ---------------------------------------------------------------------------------------------
// Number formats.

const CN = "零一二三四五六七八九";
const CN_LEGAL = "零壹贰叁肆伍陆柒捌玖";

/**
 * 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 1034 → 一千零三十四. The legal (大写) digits
 * write every 壹: 12 → 壹拾贰.
 */
export function chineseNumber(n: number, digits = CN, units = ["", "十", "百", "千"], omitLeadingOne = true): string {
  if (n <= 0 || n >= 10000) return String(n);
  const parts = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i]!;
    if (d === 0) { zero = out !== ""; return; }
    if (zero) { out += digits[0]; zero = false; }
    // 十一, not 一十一 (but 一百一十一).
    out += (omitLeadingOne && d === 1 && unit === units[1] && out === "" ? "" : digits[d]) + unit;
  });
  return out;
}

function letters(n: number, base: string): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = base[(k - 1) % 26] + s;
  return s;
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let s = "";
  for (const [v, r] of table) while (n >= v) { s += r; n -= v; }
  return s;
}

const CIRCLED = (n: number, base: number) => (n >= 1 && n <= 20 ? String.fromCodePoint(base + n - 1) : String(n));

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "japaneseCounting":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
      return chineseNumber(n);
    case "chineseLegalSimplified":
    case "japaneseLegal":
      return chineseNumber(n, CN_LEGAL, ["", "拾", "佰", "仟"], false);
    case "ideographTraditional": return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10] ?? String(n);
    case "ideographZodiac": return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12] ?? String(n);
    case "decimalFullWidth":
    case "decimalFullWidth2": return String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese": return CIRCLED(n, 0x2460);
    case "decimalEnclosedParen": return CIRCLED(n, 0x2474);
    case "decimalEnclosedFullstop": return CIRCLED(n, 0x2488);
    case "decimalZero": return n < 10 ? `0${n}` : String(n);
    case "upperLetter": return letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    case "lowerLetter": return letters(n, "abcdefghijklmnopqrstuvwxyz");
    case "upperRoman": return roman(n);
    case "lowerRoman": return roman(n).toLowerCase();
    case "none": return "";
    default: return String(n);
  }
}

// ---------------------------------------------------------------------------------------------

/** Own text of a paragraph: its w:t runs that are not inside a nested paragraph. */
function ownText(p: Element): string {
  let out = "";
  const visit = (el: Element): void => {
    for (const c of el.children) {
      if (c.type !== "tag") continue;
      if (c.name === "w:p") continue;
      if (c.name === "w:t") out += (c.children[0] as { data?: string } | undefined)?.data ?? "";
      else if (c.name === "w:tab") out += "\t";
      else if (c.name !== "w:delText" && c.name !== "w:del") visit(c);
    }
  };
  visit(p);
  return out;
}

/** Every paragraph of document.xml in document order, with the number Word prints before it. */
export function numberParagraphs(documentXml: string, numberingXml?: string, stylesXml?: string): NumberedParagraph[] {
  const { abstracts, nums } = readNumbering(numberingXml);
  const styles = readStyles(stylesXml);
  const levelStyle = new Map<string, { abstractId: string; ilvl: number }>();
  for (const [id, a] of abstracts) for (const [ilvl, l] of a.levels) if (l.pStyle) levelStyle.set(l.pStyle, { abstractId: id, ilvl });

  /** A numbering style link (w:numStyleLink) leads to the abstract numbering that defines the levels. */
  const resolveAbstract = (id: string, depth = 0): string => {
    const a = abstracts.get(id);
    if (!a?.numStyleLink || depth > 5) return id;
    const viaStyle = styles.get(a.numStyleLink)?.numId;
    const target = viaStyle ? nums.get(viaStyle)?.abstractId : undefined;
    return target && target !== id ? resolveAbstract(target, depth + 1) : id;
  };
  const styleNumbering = (styleId: string | undefined): { numId?: string; ilvl?: number } => {
    for (let s = styleId, depth = 0; s && depth < 20; s = styles.get(s)?.basedOn, depth++) {
      const def = styles.get(s);
      if (def?.numId !== undefined) return { numId: def.numId, ilvl: def.ilvl ?? levelStyle.get(s)?.ilvl };
    }
    return {};
  };

  const counters = new Map<string, (number | undefined)[]>();
  const startedOverride = new Set<string>();
  const out: NumberedParagraph[] = [];
  const $ = cheerio.load(documentXml, { xml: true });
  $("w\\:body w\\:p").each((_, p) => {
    const text = ownText(p);
    const pPr = child(p, "w:pPr");
    const styleId = attr(child(pPr, "w:pStyle"), "w:val");
    const numPr = child(pPr, "w:numPr");
    let numId = attr(child(numPr, "w:numId"), "w:val");
    let ilvl: number | undefined = attr(child(numPr, "w:ilvl"), "w:val") !== undefined ? Number(attr(child(numPr, "w:ilvl"), "w:val")) : undefined;
    if (numId === undefined) {
      const s = styleNumbering(styleId);
      numId = s.numId;
      ilvl ??= s.ilvl;
    }
    let abstractId: string | undefined;
    if (numId !== undefined) abstractId = nums.get(numId)?.abstractId;
    else if (styleId && levelStyle.has(styleId)) {
      abstractId = levelStyle.get(styleId)!.abstractId;
      ilvl ??= levelStyle.get(styleId)!.ilvl;
    }
    if (numId === "0" || abstractId === undefined) { out.push({ text, label: null }); return; }
    abstractId = resolveAbstract(abstractId);
    const lvl = ilvl ?? 0;
    const num = numId !== undefined ? nums.get(numId) : undefined;
    const levelOf = (k: number): Level | undefined => num?.overrides.get(k)?.level ?? abstracts.get(abstractId!)?.levels.get(k);
    const level = levelOf(lvl);
    if (!level) { out.push({ text, label: null }); return; }

    const c = counters.get(abstractId) ?? [];
    counters.set(abstractId, c);
    const override = num?.overrides.get(lvl)?.start;
    const key = `${numId}|${lvl}`;
    if (override !== undefined && !startedOverride.has(key)) {
      startedOverride.add(key);
      c[lvl] = override - 1;
    }
    c[lvl] = c[lvl] === undefined ? level.start : c[lvl]! + 1;
    for (let k = lvl + 1; k < 9; k++) {
      const deeper = levelOf(k);
      if (!deeper || deeper.restart === undefined || (deeper.restart !== 0 && lvl + 1 <= deeper.restart)) c[k] = undefined;
    }
    if (level.fmt === "bullet") { out.push({ text, label: null }); return; }
    const printed = level.text.replace(/%([1-9])/g, (_m, d: string) => {
      const k = Number(d) - 1;
      const l = levelOf(k);
      const v = c[k] ?? l?.start ?? 1;
      return formatNumber(v, level.isLgl ? "decimal" : l?.fmt ?? "decimal");
    });
    const sep = level.suffix === "nothing" || !printed ? "" : level.suffix === "space" ? " " : "\u3000";
    out.push({ text, label: printed ? printed + sep : null });
  });
  return out;
}
