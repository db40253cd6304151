/**
 * The HTML pages: search, reader, passage, compare. Handlers are thin: validate, ask the engine, build a
 * view model (search-page.ts, reader-page.ts, compare-page.ts) and render the EJS view of the same name.
 */
import { Router, type RequestHandler } from "express";
import type { Engine } from "../engine.contract.ts";
import { ERRORS, ZhangjieError } from "../errors.ts";
import type { SearchResponse } from "../search/types.ts";
import { docIdsParam, intParam, optionalId, searchQuery, validId } from "./params.ts";
import { MAX_PAGE, PAGE_SIZE, hitView, echoView, searchPageModel } from "./search-page.ts";
import { readerModel } from "./reader-page.ts";
import { comparePageModel, indicatorsModel, suggestedComparisons } from "./compare-page.ts";
import { sourcesView, trailView } from "./passage-page.ts";
import { pasteSourcesView } from "./paste-sources.ts";
import { docUrl, LEVEL_NAMES } from "./links.ts";
import { getOnly } from "./failures.ts";

/** The query examples offered beside the search box (from the issue: terms users look for). */
const EXAMPLE_QUERIES = ["梅花鹿", "揭榜挂帅", "碳达峰 -碳中和", "“科技成果转化”"];

export function pageRouter(engine: Engine): Router {
  const pages = Router();
  // Computed per request: cheap (a handful of documents) and always matches the engine's catalogue.
  const common = () => ({
    examples: EXAMPLE_QUERIES,
    comparisons: suggestedComparisons(engine),
    documents: engine.documents.map((d) => ({ id: d.id, title: d.title, docNumber: d.docNumber, level: LEVEL_NAMES[d.level], href: docUrl(d.id) })),
  });

  const searchPage: RequestHandler = (req, res) => {
    const q = searchQuery(req.query.q).trim();
    const page = intParam(req.query.page, "page", 1, 1, MAX_PAGE);
    let response: SearchResponse | undefined;
    let queryError: string | undefined;
    if (q) {
      try {
        response = engine.search(q, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      } catch (err) {
        if (!(err instanceof ZhangjieError) || err.status !== 400) throw err;
        queryError = `${ERRORS[err.code].zh}${err.detail ? `：${err.detail}` : ""}`;
        res.status(400);
      }
    }
    res.render("search", {
      title: q ? `${q} - 检索` : "政策文件检索",
      ...common(),
      queryError,
      ...searchPageModel(engine, q, page, response),
      pasteSources: pasteSourcesView(engine, response),
    });
  };
  pages.get("/", searchPage);
  pages.get("/search", searchPage);

  pages.get("/doc/:id", (req, res) => {
    const id = validId(req.params.id, "id");
    const editionId = optionalId(req.query.edition, "edition");
    const doc = engine.doc(id);
    if (!doc) throw new ZhangjieError("NOT_FOUND", `没有编号为“${id}”的文档`);
    const edition = editionId ? doc.editions.find((e) => e.id === editionId) : doc.editions[0];
    if (!edition) throw new ZhangjieError("NOT_FOUND", `文档《${doc.title}》没有版本“${editionId}”`);
    res.render("doc", { title: doc.title, ...readerModel(engine, doc, edition) });
  });

  pages.get("/passage/:id", (req, res) => {
    const id = validId(req.params.id, "id");
    const hit = engine.passageHit(id);
    if (!hit) throw new ZhangjieError("NOT_FOUND", `没有编号为“${id}”的段落`);
    const view = hitView(engine, hit, 1);
    const src = engine.passageSources(id);
    const trail = engine.trail(id);
    res.render("passage", {
      title: `${hit.docTitle} · 段落`,
      hit: view,
      docTitle: hit.docTitle,
      echoes: hit.echoes.map((e) => echoView(engine, hit, e)),
      sources: src ? sourcesView(engine, id, hit.docId, src, hit.text) : undefined,
      trail: trail ? trailView(engine, trail) : undefined,
    });
  });

  pages.get("/compare", (req, res) => {
    const a = optionalId(req.query.a, "a");
    const b = optionalId(req.query.b, "b");
    const p = optionalId(req.query.p, "p");
    const base = { title: "对照两份文件", ...common(), a, b };
    if (!a || !b) {
      // No pair chosen yet: the page is a form for choosing one (400 only when half a pair was given).
      if (a || b) res.status(400);
      res.render("compare", { ...base, formError: a || b ? "请选择两份文件。" : undefined });
      return;
    }
    for (const id of [a, b]) if (!engine.doc(id)) throw new ZhangjieError("NOT_FOUND", `没有编号为“${id}”的文档`);
    const result = engine.compare(a, b);
    res.render("compare", { ...base, title: `对照：${result.a.title} ↔ ${result.b.title}`, ...comparePageModel(engine, result, p) });
  });

  pages.get("/indicators", (req, res) => {
    const ids = docIdsParam(req.query.doc);
    for (const id of ids) if (!engine.doc(id)) throw new ZhangjieError("NOT_FOUND", `没有编号为“${id}”的文档`);
    const cmp = engine.indicators(ids);
    res.render("indicators", { title: "指标对照", ...common(), ...indicatorsModel(engine, cmp) });
  });

  pages.all(["/", "/search", "/doc/:id", "/passage/:id", "/compare", "/indicators"], getOnly);

  return pages;
}
