/**
 * The JSON API. Each handler validates its parameters, asks the engine, and returns JSON; errors are
 * thrown as ZhangjieError and turned into `{error, code}` by the error handler in app.ts.
 */
import { Router } from "express";
import type { Response } from "express";
import type { Engine } from "../engine.contract.ts";
import type { SearchSort } from "../search/types.ts";
import { ZhangjieError } from "../errors.ts";
import { docIdsParam, formatParam, intParam, optionalId, pageParams, searchQuery, sortParam, validId } from "./params.ts";
import { MAX_PASSAGE_INDEX, PAGE_PASSAGES } from "./passage-pages.ts";
import { exportRows, toCsv, toXlsx } from "./export.ts";
import { docDetail, docSummary } from "./reader-page.ts";
import { filesJson } from "./docs-page.ts";
import { getOnly } from "./failures.ts";
import { docSummaryOf } from "./doc-index.ts";
import { sendJson, sendJsonBytes } from "./json-response.ts";
import { clientOf } from "./client.ts";

export function apiRouter(engine: Engine): Router {
  const api = Router();

  api.get("/docs", (_req, res) => {
    res.json(engine.documents.map(docSummary));
  });

  // Every corpus entry: indexed (format, documents, passages), skipped or ignored (with the reason).
  api.get("/files", (_req, res) => {
    res.json(filesJson(engine));
  });

  api.get("/docs/:id", async (req, res) => {
    const id = validId(req.params.id, "id");
    const editionId = optionalId(req.query.edition, "edition");
    const doc = await engine.doc(id);
    if (!doc) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
    const edition = editionId ? doc.editions.find((e) => e.id === editionId) : doc.editions[0];
    if (!edition) throw new ZhangjieError("NOT_FOUND", { zh: `版本 ${editionId}`, en: `edition ${editionId}` });
    const offset = intParam(req.query.offset, "offset", 0, 0, MAX_PASSAGE_INDEX);
    const limit = intParam(req.query.limit, "limit", PAGE_PASSAGES, 1, PAGE_PASSAGES);
    res.json(docDetail(doc, edition, offset, limit));
  });

  api.get("/search", async (req, res) => {
    const q = searchQuery(req.query.q);
    const sort = sortParam(req.query.sort);
    const format = formatParam(req.query.format);
    if (format !== "json") {
      await sendExport(res, engine, q, sort, format, `${req.protocol}://${req.get("host") ?? "localhost"}`, clientOf(req));
      return;
    }
    const opts = pageParams(req.query);
    const explain = req.query.explain === "1" || req.query.explain === "true";
    // The hot route: sent without Express's Buffer copy and ETag hash (json-response.ts); serialised
    // by the query worker that answered when the engine has them.
    const o = { ...opts, sort, explain, client: clientOf(req) };
    if (engine.searchJson) sendJsonBytes(res, await engine.searchJson(q, o));
    else sendJson(res, await engine.search(q, o));
  });

  api.get("/passages/:id", async (req, res) => {
    const hit = await engine.passageHit(validId(req.params.id, "id"));
    if (!hit) throw new ZhangjieError("NOT_FOUND", { zh: `段落 ${req.params.id}`, en: `passage ${req.params.id}` });
    res.json(hit);
  });

  api.get("/passages/:id/trail", async (req, res) => {
    const id = validId(req.params.id, "id");
    const trail = await engine.trail(id);
    if (!trail) throw new ZhangjieError("NOT_FOUND", `段落 ${id} (passage ${id})`);
    res.json(trail);
  });

  api.get("/passages/:id/sources", async (req, res) => {
    const id = validId(req.params.id, "id");
    const src = await engine.passageSources(id);
    if (!src) throw new ZhangjieError("NOT_FOUND", `段落 ${id} (passage ${id})`);
    res.json(src);
  });

  api.get("/indicators", async (req, res) => {
    const ids = docIdsParam(req.query.doc);
    for (const id of ids) if (!docSummaryOf(engine, id)) throw new ZhangjieError("NOT_FOUND", `文档 ${id} (document ${id})`);
    res.json(await engine.indicators(ids));
  });

  api.get("/compare", async (req, res) => {
    const a = validId(req.query.a, "a");
    const b = validId(req.query.b, "b");
    for (const id of [a, b]) if (!docSummaryOf(engine, id)) throw new ZhangjieError("NOT_FOUND", { zh: `文档 ${id}`, en: `document ${id}` });
    res.json(await engine.compare(a, b));
  });

  // Two versions of one document, article by article (a and b are edition ids).
  api.get("/versions", async (req, res) => {
    res.json(await engine.versions(validId(req.query.a, "a"), validId(req.query.b, "b")));
  });

  api.all(["/docs", "/docs/:id", "/files", "/search", "/passages/:id", "/passages/:id/trail", "/passages/:id/sources", "/compare", "/indicators", "/versions"], getOnly);

  return api;
}

/** The whole result set as a file: CSV (UTF-8 with BOM) or XLSX, named after the query. */
async function sendExport(res: Response, engine: Engine, q: string, sort: SearchSort, format: "csv" | "xlsx", origin: string, client: string): Promise<void> {
  const table = await exportRows(engine, q, sort, origin, client);
  const name = `检索结果-${q.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 40)}.${format}`;
  res.set("Content-Disposition", `attachment; filename="zhangjie-results.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.set("X-Result-Rows", String(table.rows.length));
  if (table.truncated) res.set("X-Result-Truncated", "1");
  if (format === "csv") {
    res.type("text/csv; charset=utf-8").send(toCsv(table));
    return;
  }
  const body = await toXlsx(table, q, new Date());
  res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(body);
}
