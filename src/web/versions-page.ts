/**
 * The version comparison page (`/compare?a=<editionId>&b=<editionId>` when both are versions of one
 * document): the summary of what changed, then every article of the newer text beside the older
 * one — changed words marked, renumbered, added and deleted articles labelled. The engine does the
 * comparison; this only shapes it for views/versions.ejs.
 */
import type { Response } from "express";
import type { Engine } from "../engine.contract.ts";
import { ZhangjieError } from "../errors.ts";
import type { ChangeKind, DiffPiece, Unit, VersionsResponse } from "../compare/versions.ts";
import { compareUrl, docUrl, pathLabel } from "./links.ts";

export const CHANGE_NAMES: Record<ChangeKind, string> = {
  changed: "修改",
  renumbered: "条号变动",
  added: "新增",
  deleted: "删除",
  unchanged: "未变",
};

export interface UnitView {
  label: string;
  context: string;
  text: string;
  href: string;
}

export interface ChangeRowView {
  kind: ChangeKind;
  kindName: string;
  a: UnitView | null;
  b: UnitView | null;
  diff: DiffPiece[] | null;
}

export interface VersionsPageModel {
  result: VersionsResponse;
  counts: { kind: ChangeKind; name: string; count: number }[];
  rows: ChangeRowView[];
  swapHref: string;
}

export function versionsPageModel(engine: Engine, r: VersionsResponse): VersionsPageModel {
  const primaryId = engine.documents.find((d) => d.id === r.doc.id)?.editions[0]?.id;
  const view = (u: Unit | null, editionId: string): UnitView | null =>
    u && { label: u.label, context: pathLabel(u.context), text: u.text, href: docUrl(r.doc.id, { editionId, primaryEditionId: primaryId, passageId: u.passageId }) };
  const order: ChangeKind[] = ["changed", "renumbered", "added", "deleted", "unchanged"];
  return {
    result: r,
    counts: order.map((kind) => ({ kind, name: CHANGE_NAMES[kind], count: r.summary[kind] })),
    rows: r.changes.map((c) => ({ kind: c.kind, kindName: CHANGE_NAMES[c.kind], a: view(c.a, r.a.editionId), b: view(c.b, r.b.editionId), diff: c.diff ?? null })),
    swapHref: compareUrl(r.b.editionId, r.a.editionId),
  };
}

export async function renderVersions(engine: Engine, res: Response, a: string, b: string): Promise<void> {
  const [ea, eb] = await Promise.all([engine.edition(a), engine.edition(b)]);
  if (!ea || !eb) {
    throw new ZhangjieError("BAD_PARAMETER", "a 和 b 须同为文件编号（对照两份文件）或同为版本编号（对照一个文件的两个版本） (a and b must both be document ids or both edition ids)");
  }
  const result = await engine.versions(a, b);
  const side = (s: VersionsResponse["a"]) => s.label ?? s.name;
  res.render("versions", { title: `版本对照：${result.doc.title}（${side(result.a)} → ${side(result.b)}）`, ...versionsPageModel(engine, result) });
}
