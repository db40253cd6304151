/**
 * Security headers, in two sets: HTML pages (and static assets) get helmet's full set with a
 * content security policy for documents; JSON under /api gets a short fixed list that is built once.
 *
 * Why two sets: most of helmet's headers only mean something for a document a browser renders
 * (COOP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, the page CSP's
 * script/style/img sources). For JSON the headers that matter are: nosniff (a body holding
 * `<script>` is never sniffed as HTML), a CSP that allows nothing and forbids framing (in case the
 * URL is opened directly), X-Frame-Options for older browsers, CORP same-origin (other sites cannot
 * pull the JSON in with no-cors requests) and no referrer. Running helmet's dozen middlewares on
 * every API request was a measurable share of /api/search's CPU (BENCHMARKS.md, HTTP).
 */
import type { RequestHandler } from "express";
import helmet from "helmet";

/** Helmet with the pages' content policy: scripts and styles only from our own files. */
export function pageSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Scripts only from our own files in public/: no inline scripts, no eval.
        scriptSrc: ["'self'"],
        // No inline styles either: bars are SVG rects sized by attributes, not style="".
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  }) as RequestHandler;
}

/** The headers every /api response carries (errors and 404s included). */
export const API_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Referrer-Policy", "no-referrer"],
];

/** Sets API_SECURITY_HEADERS; mount on /api before the API router. */
export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value);
  next();
};

/** True for /api and everything under it (req.path as seen by the app, not a sub-router). */
export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Runs `handler` for every request except /api ones (which have their own headers). */
export function exceptApi(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (isApiPath(req.path) ? next() : handler(req, res, next));
}
