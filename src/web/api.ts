/**
 * The JSON API. Each handler validates its parameters, asks the engine, and returns JSON; errors are
 * thrown as ZhangjieError and turned into `{error, code}` by the error handler in app.ts.
 */
import { Router } from "express";
import type { Engine } from "../engine.contract.ts";
import { ZhangjieError } from "../errors.ts";
import { docIdsParam, optionalId, pageParams, searchQuery, validId } from "./params.ts";
import { docDetail, docSummary } from "./reader-page.ts";
import { getOnly } from "./failures.ts";
import { sendJson } from "./json-response.ts";

export function apiRouter(engine: Engine): Router {
  const api = Router();

  api.get("/docs", (_req, res) => {
    res.json(engine.documents.map(docSummary));
  });

  api.get("/docs/:id", (req, res) => {
    const id = validId(req.params.id, "id");
    const editionId = optionalId(req.query.edition, "edition");
    const doc = engine.doc(id);
    if (!doc) throw new ZhangjieError("NOT_FOUND", `文档 ${id} (document ${id})`);
    const edition = editionId ? doc.editions.find((e) => e.id === editionId) : doc.editions[0];
    if (!edition) throw new ZhangjieError("NOT_FOUND", `版本 ${editionId} (edition ${editionId})`);
    res.json(docDetail(doc, edition));
  });

  api.get("/search", (req, res) => {
    const q = searchQuery(req.query.q);
    const opts = pageParams(req.query);
    // The hot route: sent without Express's Buffer copy and ETag hash (json-response.ts).
    sendJson(res, engine.search(q, opts));
  });

  api.get("/passages/:id", (req, res) => {
    const hit = engine.passageHit(validId(req.params.id, "id"));
    if (!hit) throw new ZhangjieError("NOT_FOUND", `段落 ${req.params.id} (passage ${req.params.id})`);
    res.json(hit);
  });

  api.get("/passages/:id/trail", (req, res) => {
    const id = validId(req.params.id, "id");
    const trail = engine.trail(id);
    if (!trail) throw new ZhangjieError("NOT_FOUND", `段落 ${id} (passage ${id})`);
    res.json(trail);
  });

  api.get("/passages/:id/sources", (req, res) => {
    const id = validId(req.params.id, "id");
    const src = engine.passageSources(id);
    if (!src) throw new ZhangjieError("NOT_FOUND", `段落 ${id} (passage ${id})`);
    res.json(src);
  });

  api.get("/indicators", (req, res) => {
    const ids = docIdsParam(req.query.doc);
    for (const id of ids) if (!engine.doc(id)) throw new ZhangjieError("NOT_FOUND", `文档 ${id} (document ${id})`);
    res.json(engine.indicators(ids));
  });

  api.get("/compare", (req, res) => {
    const a = validId(req.query.a, "a");
    const b = validId(req.query.b, "b");
    for (const id of [a, b]) if (!engine.doc(id)) throw new ZhangjieError("NOT_FOUND", `文档 ${id} (document ${id})`);
    res.json(engine.compare(a, b));
  });

  api.all(["/docs", "/docs/:id", "/search", "/passages/:id", "/passages/:id/trail", "/passages/:id/sources", "/compare", "/indicators"], getOnly);

  return api;
}
