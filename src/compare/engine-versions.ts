/** The engine's `versions(a, b)`: checks that two edition ids name two versions of one document, then compares them. */
import { ZhangjieError } from "../errors.ts";
import type { DocumentRecord, Edition } from "../model.ts";
import { compareVersions, editionSide, type VersionsResponse } from "./versions.ts";

type Found = { doc: DocumentRecord; edition: Edition } | undefined;

/** Are these two editions two versions of one document (so that /compare shows the version comparison)? */
export function isVersionPair(a: Found, b: Found): boolean {
  return !!a && !!b && a.doc === b.doc && a.edition !== b.edition && !!a.edition.version && !!b.edition.version && a.edition.version.date !== b.edition.version.date;
}

export function versionsOf(a: Found, b: Found, aId: string, bId: string): VersionsResponse {
  if (!a) throw new ZhangjieError("NOT_FOUND", `版本 ${aId} (edition ${aId})`);
  if (!b) throw new ZhangjieError("NOT_FOUND", `版本 ${bId} (edition ${bId})`);
  if (!isVersionPair(a, b)) {
    throw new ZhangjieError("BAD_PARAMETER", "a 和 b 必须是同一文件的两个不同版本 (a and b must be two different versions of one document)");
  }
  return { doc: { id: a.doc.id, title: a.doc.title }, a: editionSide(a.edition), b: editionSide(b.edition), ...compareVersions(a.edition, b.edition) };
}
