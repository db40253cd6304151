/**
 * Lines that carry only metadata at a document's foot (the 版记): the 印发 line
 * (吉林省人民政府办公厅　2022年5月27日印发), the 抄送 line (抄送：省委各部门……) and the old
 * 主题词 line. They are read here and kept out of the passages.
 */
import { DATE_SOURCE, isoDate } from "./dates.ts";

export type Colophon =
  | { kind: "printed"; issuer: string; date: string }
  | { kind: "copied" }
  | { kind: "keywords" };

const PRINTED = new RegExp(`^([\\u4e00-\\u9fff（）()]{2,40}?)[\\s\\u3000]*${DATE_SOURCE}[\\s\\u3000]*印发$`);
const COPIED = /^抄[\s\u3000]*送[\s\u3000]*[：:]/;
const KEYWORDS = /^主[\s\u3000]*题[\s\u3000]*词[\s\u3000]*[：:]/;

export function readColophon(line: string): Colophon | null {
  const t = line.trim();
  const p = PRINTED.exec(t);
  if (p) {
    const date = isoDate(p[2]!, p[3]!, p[4]!);
    if (date) return { kind: "printed", issuer: p[1]!, date };
  }
  if (COPIED.test(t) && t.length <= 600) return { kind: "copied" };
  if (KEYWORDS.test(t) && t.length <= 200) return { kind: "keywords" };
  return null;
}
