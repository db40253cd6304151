/**
 * Metadata: what a document is — title, 文号, issuer, dates, type, region, level, status — each
 * with where it came from. In comes what the text says about itself (TextFacts: the title line,
 * the 文号 line, the signature, the promulgation lines, the 印发 line), what its container states
 * (MetaHints from an HTML page, a DOCX or a PDF), the folders it sits in, and the catalog entry;
 * out comes the document's fields with their provenance. Sources are taken in this order, a later
 * one only filling what an earlier left open: text, container, derived (issuer from the 文号,
 * region and level from the issuer or the title), folder; the catalog comes last and overrides
 * everything it sets.
 */
import type { DocDates, DocStatus, DocumentRecord, Level, MetaField, MetaSource } from "../../model.ts";
import type { CatalogEntry } from "../catalog.ts";
import type { MetaHints } from "../formats/types.ts";
import { typeFromTitle } from "./doc-type.ts";
import { normalizeDocNumber } from "./doc-number.ts";
import { issuerFromDocNumber } from "./issuer.ts";
import type { Act } from "./promulgation.ts";
import { placeOf, type Place } from "./region.ts";

export { DATE_LINE, DATE_SOURCE, findDates, isoDate, parseChineseDate, printedDate, yearOf } from "./dates.ts";
export { DOC_NUMBER, findDecrees, isDocNumberLine, normalizeDocNumber } from "./doc-number.ts";
export { DOC_TITLE, isIssuerLine, issuerFromDocNumber, issuerFromTitle, transmittedTitle } from "./issuer.ts";
export { parsePromulgation, type Act, type ActKind } from "./promulgation.ts";
export { placeOf, shortPrefecture, type Place } from "./region.ts";
export { typeFromTitle } from "./doc-type.ts";
export { readColophon, type Colophon } from "./colophon.ts";

/** What a document's own text says about it. */
export interface TextFacts {
  title: string;
  /** False when no title line was found and `title` is the file's name. */
  titleFromText: boolean;
  /** The 文号 line. */
  docNumber: string | null;
  /** From the official title's head or the signature. */
  issuer: string | null;
  /** 成文日期: the date under the signature. */
  signed: string | null;
  /** The promulgation lines at the head of a law or regulation. */
  acts: Act[];
  /** The 印发 line: the office that printed the document and when. */
  printed: { issuer: string; date: string } | null;
}

export type DocMeta = Pick<DocumentRecord, "title" | "docNumber" | "issuer" | "date" | "dates" | "type" | "region" | "level" | "status" | "provenance">;

export interface MetaInput {
  facts: TextFacts;
  hints?: MetaHints;
  catalog?: CatalogEntry;
  /** Corpus-relative path of the file (its folders may name a region). */
  source: string;
  /** The file holds several documents: the catalog's identity fields (title, 文号) are not applied. */
  shared?: boolean;
}

type Fields = Omit<DocMeta, "provenance" | "dates" | "status" | "level"> & { level: Level; status: DocStatus; dates: DocDates };

/** Fields set once, the first source to give a value wins; `override` replaces (the catalog). */
class FieldSet {
  readonly values: Partial<Fields> = {};
  readonly provenance: Partial<Record<MetaField, MetaSource>> = {};
  offer<K extends keyof Fields & MetaField>(field: K, value: Fields[K] | null | undefined, source: MetaSource): void {
    if (value === null || value === undefined || value === "" || this.values[field] !== undefined) return;
    this.values[field] = value;
    this.provenance[field] = source;
  }
  override<K extends keyof Fields & MetaField>(field: K, value: Fields[K] | undefined): void {
    if (value === undefined) return;
    this.values[field] = value;
    this.provenance[field] = "catalog";
  }
}

export function documentMeta(input: MetaInput): DocMeta {
  const { facts, hints, catalog } = input;
  const f = new FieldSet();
  const hintSource: MetaSource = hints?.source ?? "html-meta";

  f.offer("title", facts.titleFromText ? facts.title : null, "text");
  f.offer("title", hints?.title, hintSource);
  f.offer("title", facts.title, "derived");

  f.offer("docNumber", facts.docNumber ? normalizeDocNumber(facts.docNumber) : null, "text");
  f.offer("docNumber", latest(facts.acts.filter((a) => a.decree))?.decree, "text");
  f.offer("docNumber", hints?.docNumber ? normalizeDocNumber(hints.docNumber) : null, hintSource);

  f.offer("issuer", facts.issuer, "text");
  f.offer("issuer", latest(facts.acts.filter((a) => a.body && a.kind !== "effective"))?.body, "text");
  f.offer("issuer", hints?.issuer, hintSource);
  f.offer("issuer", f.values.docNumber ? issuerFromDocNumber(f.values.docNumber) : null, "derived");
  f.offer("issuer", facts.printed?.issuer, "text");

  const textDates = datesFromText(facts);
  const dates: DocDates = { ...hints?.dates, ...textDates };
  if (Object.keys(dates).length) f.offer("dates", dates, Object.keys(textDates).length ? "text" : hintSource);

  f.offer("type", typeFromTitle(f.values.title!), "text");
  f.offer("type", hints?.type, hintSource);

  offerPlace(f, hints?.region ? placeOf(hints.region, true) ?? { region: hints.region, level: "unknown" } : null, hintSource);
  offerPlace(f, f.values.issuer ? placeOf(f.values.issuer, true) : null, "derived");
  offerPlace(f, folderPlace(input.source), "folder");
  offerPlace(f, placeOf(f.values.title!, false), "derived");

  applyCatalog(f, catalog, !!input.shared);
  const v = f.values;
  const finalDates = v.dates ?? {};
  return {
    title: v.title!,
    docNumber: v.docNumber ?? null,
    issuer: v.issuer ?? null,
    dates: finalDates,
    date: sortDate(finalDates),
    type: v.type ?? null,
    region: v.region ?? null,
    level: v.level ?? "unknown",
    status: v.status ?? "unknown",
    provenance: f.provenance,
  };
}

function offerPlace(f: FieldSet, place: Place | null, source: MetaSource): void {
  if (!place || f.values.region !== undefined) return;
  f.offer("region", place.region, source);
  if (place.level !== "unknown") f.offer("level", place.level, source);
}

function applyCatalog(f: FieldSet, c: CatalogEntry | undefined, shared: boolean): void {
  if (!c) return;
  if (!shared) {
    f.override("title", c.title);
    f.override("docNumber", c.docNumber ? normalizeDocNumber(c.docNumber) : undefined);
  }
  f.override("issuer", c.issuer);
  if (c.dates) f.override("dates", { ...f.values.dates, ...c.dates });
  f.override("type", c.type);
  f.override("region", c.region);
  f.override("level", c.level);
  f.override("status", c.status);
}

/** The place the deepest folder of a corpus path names (吉林省/2022/plan.pdf → 吉林省). */
function folderPlace(source: string): Place | null {
  const folders = source.split("/").slice(0, -1).reverse();
  for (const name of folders) {
    const place = placeOf(name, false);
    if (place) return place;
  }
  return null;
}

function latest(acts: Act[]): Act | undefined {
  let best: Act | undefined;
  for (const a of acts) if (!best || a.date >= best.date) best = a;
  return best;
}

/** Dates with their kinds: the promulgation acts, the signature (成文日期), the 印发 line. */
export function datesFromText(facts: TextFacts): DocDates {
  const d: DocDates = {};
  const of = (kind: Act["kind"]) => facts.acts.filter((a) => a.kind === kind).map((a) => a.date).sort();
  const adopted = of("adopted");
  const amended = of("amended");
  const promulgated = of("promulgated");
  const effective = of("effective");
  if (adopted.length) d.adopted = adopted[0];
  if (amended.length) d.amended = amended;
  if (promulgated.length) d.promulgated = promulgated.at(-1);
  if (effective.length) d.effective = effective.at(-1);
  const issued = facts.signed ?? d.promulgated ?? facts.printed?.date;
  if (issued) d.issued = issued;
  return d;
}

/** The date a document sorts by: issued, else its latest amendment, adoption, promulgation, effect or publication. */
export function sortDate(d: DocDates): string | null {
  return d.issued ?? d.amended?.at(-1) ?? d.adopted ?? d.promulgated ?? d.effective ?? d.published ?? null;
}
