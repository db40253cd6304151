/**
 * A document as a GB/T 7714-2015 reference (顺序编码制 entry, without its number), for a researcher's
 * reference list — the passage-level citation (citation.ts / present.ts) stays the one for running text.
 *
 *   主要责任者. 题名: 其他题名信息[文献类型标识]. 出版日期.
 *   吉林省人民政府办公厅. 吉林省科学技术发展“十四五”规划: 吉政办发〔2022〕11号[Z]. 2022-07-22.
 *
 * 主要责任者 is the issuing body (left out when unknown, as the standard allows); 其他题名信息 the 文号
 * and, for a dated version, its label (2024年修正). A policy document is not one of the standard's
 * named types, so it is [Z] (其他); a passage read in an official gazette cites the gazette issue as
 * a periodical, [J] with 刊名, 年(期):
 *
 *   吉林省人民政府办公厅. 吉林省科学技术发展“十四五”规划: 吉政办发〔2022〕11号[J]. 吉林省人民政府公报, 2022(21).
 */
import type { DocumentRecord, Edition } from "../model.ts";

/** An edition named like a periodical issue: 《吉林省人民政府公报》2022年第21期. */
const GAZETTE_ISSUE = /^《([^》]+)》\s*(\d{4})\s*年\s*第\s*(\d+)\s*期$/;

export function citationGbt(doc: DocumentRecord, edition: Edition): string {
  const author = doc.issuer ? `${doc.issuer}. ` : "";
  const title = doc.part ? `${doc.part.work}: ${doc.part.name}` : doc.title;
  const other = [doc.docNumber, edition.version?.label].filter((x): x is string => !!x);
  const titled = `${author}${title}${other.length ? `: ${other.join(", ")}` : ""}`;
  const issue = GAZETTE_ISSUE.exec(edition.name.trim());
  if (issue) return `${titled}[J]. ${issue[1]}, ${issue[2]}(${Number(issue[3])}).`;
  const date = edition.version?.date ?? doc.date;
  return `${titled}[Z].${date ? ` ${date}.` : ""}`;
}
