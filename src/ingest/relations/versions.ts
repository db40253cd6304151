/**
 * Versions of one document: the same title, different dates, mostly the same clauses (an
 * amendment republished). A version is named by the latest act of its header (修正, 修订, 通过,
 * 公布) — 2024年修正, 2018年修订, 2012年公布 — or, for a document without promulgation lines, by
 * its issue date (2022年版).
 */
import type { Act } from "../metadata/index.ts";

export interface VersionName {
  date: string;
  label: string;
}

/** An amendment adopted this long before its promulgation still names the version (修订通过 → 公布). */
const SAME_CYCLE_DAYS = 366;

/** The date and label of the version a text holds, or null when it gives no date. */
export function versionName(acts: readonly Act[], issued: string | null): VersionName | null {
  const lawmaking = acts.filter((a) => a.kind !== "effective");
  if (!lawmaking.length) return issued ? { date: issued, label: `${issued.slice(0, 4)}年版` } : null;
  const last = lawmaking.reduce((x, y) => (y.date >= x.date ? y : x));
  const amendment = lawmaking
    .filter((a) => a.kind === "amended" && days(a.date, last.date) <= SAME_CYCLE_DAYS)
    .reduce<Act | null>((x, y) => (!x || y.date >= x.date ? y : x), null);
  const naming = amendment ?? last;
  return { date: last.date, label: `${naming.date.slice(0, 4)}年${naming.verb}` };
}

function days(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
