/**
 * The promulgation lines at the head of a law or regulation, read into dated acts:
 *
 *   1993年7月2日第八届全国人民代表大会常务委员会第二次会议通过     → adopted 1993-07-02
 *   根据2024年4月26日……《关于修改〈……〉的决定》第二次修正          → amended 2024-04-26
 *   2018年9月6日 国务院第23次常务会议修订通过                        → amended (修订) 2018-09-06
 *   2018年11月6日 中华人民共和国国务院令第706号公布                  → promulgated, 国务院令第706号
 *   自2021年7月15日起施行 / 2019年3月1日 施行                         → effective
 *
 * A block is a promulgation block only when every dated clause in it ends with such an act;
 * otherwise it is text that happens to hold a date.
 */
import { findDates } from "./dates.ts";
import { findDecrees } from "./doc-number.ts";

export type ActKind = "adopted" | "amended" | "promulgated" | "effective";

export interface Act {
  kind: ActKind;
  date: string;
  /** 修正 or 修订 for an amendment, 通过 / 公布 / 发布 / 施行 … as printed otherwise. */
  verb: string;
  /** The body that acted (全国人民代表大会常务委员会, 国务院, 最高人民法院), when named. */
  body: string | null;
  /** A 令 number in the clause (国务院令第706号). */
  decree: string | null;
}

/** The act a clause ends with. 修订通过 is an amendment; 批准 (approval of a local regulation) counts as adoption. */
const ACT = /(修订通过|修正通过|通过|修正|修订|公布|发布|颁布|批准|起施行|施行)$/;
/** What may stand around the clauses: brackets, spaces, separating punctuation. */
const TRIM = /^[\s\u3000（(）)，,；;、。]+|[\s\u3000（(）)，,；;、。]+$/g;

/** The dated acts of a promulgation block, or null when the block is not one. */
export function parsePromulgation(block: string): Act[] | null {
  const text = block.trim();
  if (text.length > 600) return null;
  const dates = findDates(text);
  if (!dates.length) return null;
  // Before the first date only brackets, 根据 or 自 may stand.
  if (!/^[\s\u3000（(]*(?:根据|自|于)?[\s\u3000]*$/.test(text.slice(0, dates[0]!.start))) return null;
  const acts: Act[] = [];
  for (let i = 0; i < dates.length; i++) {
    const end = i + 1 < dates.length ? dates[i + 1]!.start : text.length;
    // A trailing 根据 / 自 belongs to the next clause.
    const clause = text.slice(dates[i]!.end, end).replace(/(?:根据|自|于)[\s\u3000]*$/, "").replace(TRIM, "");
    const act = ACT.exec(clause);
    if (!act) return null;
    acts.push({ kind: actKind(act[1]!), date: dates[i]!.iso, verb: verbOf(act[1]!), body: actingBody(clause.slice(0, act.index)), decree: findDecrees(clause)[0] ?? null });
  }
  return acts;
}

function actKind(verb: string): ActKind {
  if (verb.includes("施行")) return "effective";
  if (verb.startsWith("修")) return "amended";
  if (verb === "通过" || verb === "批准") return "adopted";
  return "promulgated";
}

function verbOf(verb: string): string {
  if (verb.startsWith("修")) return verb.slice(0, 2);
  return verb.replace(/^起/, "");
}

/**
 * The body named before the act: 第八届全国人民代表大会常务委员会第二次会议 → 全国人民代表大会常务委员会,
 * 国务院第23次常务会议 → 国务院, 最高人民法院审判委员会第1841次会议 → 最高人民法院,
 * 中华人民共和国国务院令第706号 → 国务院.
 */
export function actingBody(text: string): string | null {
  let t = text.replace(/《[^》]*》/g, "").replace(/[\s\u3000]/g, "");
  const decree = /^(?:中华人民共和国)?([\u4e00-\u9fff]{1,20}?)令/.exec(t);
  if (decree && decree[1] !== "主席") return decree[1]!;
  t = t.replace(/第[^届次]{1,6}届/g, "");
  const meeting = /^(.{2,40}?)第[0-9０-９一二三四五六七八九十百千]+次[\u4e00-\u9fff]{0,8}会议/.exec(t);
  if (!meeting) return null;
  return meeting[1]!.replace(/(?:审判委员会|检察委员会|全体会议|常务会议)$/, "") || null;
}
