/**
 * Citations a researcher can paste.
 * - Plans and notices name the chapter path and the heading's title:
 *   《吉林省科学技术发展“十四五”规划》（吉政办发〔2022〕11号）第四章第二节“攻关关键技术支撑产业发展”.
 * - Documents structured by articles name the article and its units, as lawyers cite them:
 *   《专利代理条例》第十条第一款第（三）项, 《中华人民共和国农业技术推广法》（2024年修正）第十一条第二款.
 * - A versioned document names the version: the current one by its label (2024年修正), a superseded
 *   one by its date and what became of it (2012年8月31日修正，已被修改).
 * - A passage of a non-primary edition names its edition in ［］ after the 文号.
 * - A part of a work is cited by the work and the part's name (《示范方案》附件1 1.“…”); an article of a
 *   code's book by the code alone.
 * - 《》 (and <>) nested in a title are printed 〈〉: 《上海市实施〈中华人民共和国农业技术推广法〉办法》.
 */
import type { DocumentRecord, Edition, HeadingRef, VersionInfo } from "../model.ts";

const CN_NUMERAL = /^[一二三四五六七八九十百千零〇]+$/;
const ARABIC = /^[0-9０-９]+$/;

/** A heading label as printed in running text: 一 → 一、, 1 → 1., 第四章 and （一） as they are. */
export function printedLabel(label: string): string {
  if (CN_NUMERAL.test(label)) return `${label}、`;
  if (ARABIC.test(label)) return `${label}.`;
  return label;
}

/** A title inside 《》: the marks nested in it become 〈〉. */
export function citedTitle(title: string): string {
  return `《${title.replace(/[《<＜]/g, "〈").replace(/[》>＞]/g, "〉")}》`;
}

export function citation(doc: DocumentRecord, edition: Edition, path: readonly HeadingRef[]): string {
  const articleAt = path.findIndex((h) => h.kind === "article");
  // A part of a work is cited by the work (articles of a code are numbered across its books).
  let s = citedTitle(doc.part ? doc.part.work : doc.title);
  if (edition.version) s += `（${versionCitation(edition.version, doc.status === "repealed")}）`;
  else if (doc.docNumber && articleAt < 0) s += `（${doc.docNumber}）`;
  if (!edition.primary && !firstOfItsVersion(doc, edition)) s += `［${edition.name}］`;
  if (articleAt >= 0) return s + articleUnits(path.slice(articleAt));
  const partName = doc.part && !path.some((h) => h.kind === "part" || h.kind === "sub-part") ? doc.part.name : "";
  return s + headingPath(path, partName);
}

/** An older version's own first edition is named by its version; another edition of it by name too. */
function firstOfItsVersion(doc: DocumentRecord, edition: Edition): boolean {
  if (!edition.version) return false;
  return doc.editions.find((e) => e.version?.date === edition.version!.date) === edition;
}

/** 第十一条第二款第（三）项第1目. */
function articleUnits(path: readonly HeadingRef[]): string {
  let s = "";
  for (const h of path) {
    if (h.kind === "xiang") s += `第${bracketed(h.label)}项`;
    else if (h.kind === "mu") s += `第${bracketed(h.label)}目`;
    else if (h.kind === "article" || h.kind === "kuan") s += h.label;
  }
  return s;
}

/** （三） and 三 → （三）; 1 stays 1; （1） stays （1）. */
function bracketed(label: string): string {
  const bare = label.replace(/^[（(]|[）)]$/g, "");
  return CN_NUMERAL.test(bare) || label !== bare ? `（${bare}）` : bare;
}

/** 第四章第二节“攻关关键技术支撑产业发展”: every label as printed, the last heading's title quoted. */
function headingPath(path: readonly HeadingRef[], prefix = ""): string {
  if (!path.length) return prefix;
  let labels = prefix;
  for (const h of path) {
    const printed = printedLabel(h.label);
    // 专栏3 followed by 1. would read as 专栏31.: keep the two numbers apart
    if (/[0-9]$/.test(labels) && /^[0-9]/.test(printed)) labels += " ";
    labels += printed;
  }
  const last = path[path.length - 1]!;
  return last.title ? `${labels}“${last.title}”` : labels;
}

/**
 * How a citation names a version: the current one by its label (2024年修正); a superseded one by
 * its full date and what became of it (2012年8月31日修正，已被修改).
 */
export function versionCitation(v: VersionInfo, repealed = false): string {
  if (v.current) return v.label;
  const [y, m, d] = v.date.split("-");
  const verb = v.label.replace(/^\d{4}年/, "").replace(/^版$/, "版本");
  return `${y}年${Number(m)}月${Number(d)}日${verb}，${repealed ? "已废止" : "已被修改"}`;
}
