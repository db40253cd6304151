/** Tiny documents for unit tests: a chapter heading per `#` line, header lines with `!`, paragraphs under them. */
import type { DocumentRecord, Edition, HeadingRef, Level, OutlineNode, Passage } from "../../src/model.ts";

export interface MakeDocOptions {
  title?: string;
  editions?: number;
  date?: string | null;
  level?: Level;
  region?: string | null;
}

/**
 * Lines starting with "# " are chapter headings "第N章 title" (kind heading); lines starting with
 * "! " are header lines (title, 文号, date: kind header); other lines are paragraphs.
 */
export function makeDoc(id: string, lines: string[], opts: MakeDocOptions = {}): DocumentRecord {
  const editions: Edition[] = [];
  for (let e = 0; e < (opts.editions ?? 1); e++) {
    const edId = `${id}~e${e}`;
    const passages: Passage[] = [];
    const outline: OutlineNode[] = [];
    let text = "";
    let chapter: HeadingRef | null = null;
    let n = 0;
    for (const line of lines) {
      const isHead = line.startsWith("# ");
      const isHeader = line.startsWith("! ");
      const body = isHead ? `第${++n}章 ${line.slice(2)}` : isHeader ? line.slice(2) : line;
      if (isHead) chapter = { label: `第${n}章`, title: line.slice(2) };
      const start = text.length;
      text += body + "\n";
      const pid = `${edId}:${passages.length}`;
      passages.push({
        id: pid,
        docId: id,
        editionId: edId,
        seq: passages.length,
        kind: isHead ? "heading" : isHeader ? "header" : "paragraph",
        path: chapter && !isHeader ? [chapter] : [],
        text: body,
        start,
        end: start + body.length,
        counterparts: [],
      });
      if (isHead) outline.push({ ...chapter!, passageId: pid, children: [] });
    }
    editions.push({ id: edId, name: `edition ${e}`, source: `${id}.txt`, primary: e === 0, text, outline, passages });
  }
  // Editions hold the same clauses: link them as ingest does.
  for (let x = 1; x < editions.length; x++) {
    editions[x]!.passages.forEach((p, i) => {
      const q = editions[0]!.passages[i]!;
      p.counterparts.push(q.id);
      q.counterparts.push(p.id);
    });
  }
  return {
    id,
    title: opts.title ?? id,
    docNumber: null,
    issuer: null,
    date: opts.date ?? null,
    region: opts.region ?? null,
    level: opts.level ?? "unknown",
    dates: {},
    type: null,
    status: "unknown",
    provenance: {},
    editions,
  };
}

/** Unrelated policy sentences, one topic per entry (no shared phrases of note). */
export const TOPICS = [
  "大力发展梅花鹿标准化规模养殖，增加种群数量，建设一批标准化规模养殖基地",
  "推进重点用能单位能耗在线监测系统建设，加快完善能源计量体系和预警机制",
  "建设高标准农田，推广保护性耕作，提升黑土地耕地质量和粮食综合生产能力",
  "完善城市公共交通网络，推广新能源公交车辆，建设慢行交通和充电基础设施",
  "加强中小学教师队伍建设，推进义务教育优质均衡发展和集团化办学改革试点",
  "健全基层医疗卫生服务体系，推进县域医共体建设，提高基本公共卫生服务水平",
  "实施老旧小区改造工程，完善社区养老托育设施，提升物业服务覆盖率和质量",
  "加快冰雪旅游产业发展，打造一批冰雪旅游度假区，培育冬季旅游消费新热点",
  "推动跨境电子商务综合试验区建设，扩大边境贸易规模，发展口岸物流园区",
  "开展河湖长制考核评估，推进城镇污水管网改造，提升黑臭水体治理成效",
  "深化工程建设项目审批制度改革，推行告知承诺制，压缩企业开办时间",
  "完善应急物资储备体系，建设区域应急救援中心，提高防汛抗旱减灾能力",
];

/** Set of unordered `a|b` id pairs (a < b) over every echo of every primary passage. */
export function echoPairs(docs: readonly DocumentRecord[], echoesOf: (id: string) => { id: string }[]): Set<string> {
  const out = new Set<string>();
  for (const d of docs)
    for (const p of d.editions[0]!.passages)
      for (const e of echoesOf(p.id)) out.add(p.id < e.id ? `${p.id}|${e.id}` : `${e.id}|${p.id}`);
  return out;
}
