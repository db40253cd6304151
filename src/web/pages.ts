/**
 * The HTML pages: search, reader, passage, compare, documents. Handlers are thin: validate, ask the engine, build a
 * view model (search-page.ts, reader-page.ts, compare-page.ts) and render the EJS view of the same name.
 */
import { Router, type RequestHandler } from "express";
import type { Engine } from "../engine.contract.ts";
import { ZhangjieError } from "../errors.ts";
import type { SearchResponse } from "../search/types.ts";
import { docIdsParam, intParam, optionalId, searchQuery, sortParam, validId } from "./params.ts";
import { MAX_PAGE, PAGE_SIZE, hitView, echoView, pageCount, searchPageModel } from "./search-page.ts";
import { readerModel } from "./reader-page.ts";
import { docsPageModel } from "./docs-page.ts";
import { comparePageModel, indicatorsModel, suggestedComparisons } from "./compare-page.ts";
import { sourcesView, trailView } from "./passage-page.ts";
import { pasteSourcesView } from "./paste-sources.ts";
import { docUrl, LEVEL_NAMES, searchUrl } from "./links.ts";
import { getOnly } from "./failures.ts";
import { docSummaryOf } from "./doc-index.ts";
import { clientOf } from "./client.ts";
import { indexOf, MAX_PASSAGE_INDEX } from "./passage-pages.ts";
import { renderVersions } from "./versions-page.ts";

/** The query examples offered beside the search box (from the issue: terms users look for). */
const EXAMPLE_QUERIES = ["梅花鹿", "揭榜挂帅", "碳达峰 -碳中和", "“科技成果转化”"];

export function pageRouter(engine: Engine): Router {
  const pages = Router();
  // Computed per request: cheap (a handful of documents) and always matches the engine's catalogue.
  const common = async () => ({
    examples: EXAMPLE_QUERIES,
    comparisons: await suggestedComparisons(engine),
    documents: engine.documents.map((d) => ({ id: d.id, title: d.title, docNumber: d.docNumber, level: LEVEL_NAMES[d.level], href: docUrl(d.id) })),
  });

  const searchPage: RequestHandler = async (req, res) => {
    const q = searchQuery(req.query.q).trim();
    const page = intParam(req.query.page, "page", 1, 1, MAX_PAGE);
    const sort = sortParam(req.query.sort);
    let response: SearchResponse | undefined;
    let queryError: string | undefined;
    if (q) {
      try {
        response = await engine.search(q, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, client: clientOf(req) });
      } catch (err) {
        if (!(err instanceof ZhangjieError) || err.status !== 400) throw err;
        queryError = err.zh;
        res.status(400);
      }
    }
    // Past the last page: the last page it has (page 1 when there is nothing).
    if (response && page > pageCount(response.total)) {
      res.redirect(302, searchUrl(q, pageCount(response.total), sort));
      return;
    }
    res.render("search", {
      title: q ? `${q} - 检索` : "政策文件检索",
      ...(await common()),
      queryError,
      ...(await searchPageModel(engine, q, page, sort, response)),
      pasteSources: await pasteSourcesView(engine, response),
    });
  };
  pages.get("/", searchPage);
  pages.get("/search", searchPage);

  pages.get("/doc/:id", async (req, res) => {
    const id = validId(req.params.id, "id");
    const editionId = optionalId(req.query.edition, "edition");
    const doc = await engine.doc(id);
    if (!doc) throw new ZhangjieError("NOT_FOUND", { zh: `没有编号为“${id}”的文档`, en: `no document with id ${id}` });
    const edition = editionId ? doc.editions.find((e) => e.id === editionId) : doc.editions[0];
    if (!edition) throw new ZhangjieError("NOT_FOUND", { zh: `文档《${doc.title}》没有版本“${editionId}”`, en: `document ${doc.id} has no edition ${editionId}` });
    // Opened from a result: the search travels in the link and the reader marks its terms.
    const q = searchQuery(req.query.q).trim();
    // A long edition is read a page at a time: from a passage (`at`, what outline links name) or an index (`from`).
    const at = optionalId(req.query.at, "at");
    const from = at ? indexOf(edition.passages, at) : intParam(req.query.from, "from", 0, 0, MAX_PASSAGE_INDEX);
    res.render("doc", { title: doc.title, ...(await readerModel(engine, doc, edition, q, from)) });
  });

  pages.get("/passage/:id", async (req, res) => {
    const id = validId(req.params.id, "id");
    const hit = await engine.passageHit(id);
    if (!hit) throw new ZhangjieError("NOT_FOUND", { zh: `没有编号为“${id}”的段落`, en: `no passage with id ${id}` });
    const [view, src, trail, echoes] = await Promise.all([hitView(engine, hit, 1), engine.passageSources(id), engine.trail(id), Promise.all(hit.echoes.map((e) => echoView(engine, hit, e)))]);
    res.render("passage", {
      title: `${hit.docTitle} · 段落`,
      hit: view,
      docTitle: hit.docTitle,
      echoes,
      sources: src ? await sourcesView(engine, id, hit.docId, src, hit.text) : undefined,
      trail: trail ? await trailView(engine, trail) : undefined,
    });
  });

  pages.get("/compare", async (req, res) => {
    const a = optionalId(req.query.a, "a");
    const b = optionalId(req.query.b, "b");
    const p = optionalId(req.query.p, "p");
    const base = { title: "对照两份文件", ...(await common()), a, b };
    if (!a || !b) {
      // No pair chosen yet: the page is a form for choosing one (400 only when half a pair was given).
      if (a || b) res.status(400);
      res.render("compare", { ...base, formError: a || b ? "请选择两份文件。" : undefined });
      return;
    }
    // Two edition ids: the version comparison (versions-page.ts); two document ids: the mirror map.
    const [ea, eb] = await Promise.all([engine.edition(a), engine.edition(b)]);
    if (ea || eb) return renderVersions(engine, res, a, b);
    for (const id of [a, b]) if (!docSummaryOf(engine, id)) throw new ZhangjieError("NOT_FOUND", { zh: `没有编号为“${id}”的文档`, en: `no document with id ${id}` });
    const result = await engine.compare(a, b);
    res.render("compare", { ...base, title: `对照：${result.a.title} ↔ ${result.b.title}`, ...(await comparePageModel(engine, result, p)) });
  });

  pages.get("/docs", (_req, res) => {
    res.render("docs", { title: "收录的文件", ...docsPageModel(engine) });
  });

  pages.get("/indicators", async (req, res) => {
    const ids = docIdsParam(req.query.doc);
    for (const id of ids) if (!docSummaryOf(engine, id)) throw new ZhangjieError("NOT_FOUND", { zh: `没有编号为“${id}”的文档`, en: `no document with id ${id}` });
    const cmp = await engine.indicators(ids);
    res.render("indicators", { title: "指标对照", ...(await common()), ...indicatorsModel(engine, cmp) });
  });

  pages.all(["/", "/search", "/doc/:id", "/passage/:id", "/compare", "/docs", "/indicators"], getOnly);

  return pages;
}
