/**
 * Search from the terminal:
 *   npm run search -- "揭榜挂帅"                 ranked hits with their 章节 paths and citations
 *   npm run search -- --json "碳达峰 -碳中和"     the JSON that GET /api/search returns
 * Options: --limit N (default 20), --offset N, --sort relevance|newest|oldest|document, --corpus DIR (default corpus),
 * --cache DIR (default index-cache).
 * Exit status: 0 with hits or none, 2 for a bad query or bad options, 1 when the index cannot be opened.
 */
import { parseArgs } from "node:util";
import { openEngine } from "../engine.ts";
import { ZhangjieError } from "../errors.ts";
import type { SearchHit, SearchSort } from "../search/types.ts";

const USAGE = `usage: npm run search -- [--json] [--limit N] [--offset N] [--sort relevance|newest|oldest|document] [--corpus DIR] [--cache DIR] "query"`;

function highlight(text: string, ranges: [number, number][], tty: boolean): string {
  const [on, off] = tty ? ["\x1b[1;33m", "\x1b[0m"] : ["【", "】"];
  let out = "";
  let pos = 0;
  for (const [a, b] of ranges) {
    out += text.slice(pos, a) + on + text.slice(a, b) + off;
    pos = b;
  }
  return out + text.slice(pos);
}

/** The passage text around its first highlight, at most ~width characters. */
function snippet(hit: SearchHit, width: number, tty: boolean): string {
  const first = hit.highlights[0]?.[0] ?? 0;
  const from = Math.max(0, Math.min(first - Math.floor(width / 3), hit.text.length - width));
  const to = Math.min(hit.text.length, from + width);
  const ranges = hit.highlights.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a - from, b - from] as [number, number]);
  return (from > 0 ? "…" : "") + highlight(hit.text.slice(from, to), ranges, tty) + (to < hit.text.length ? "…" : "");
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        limit: { type: "string" },
        offset: { type: "string" },
        sort: { type: "string" },
        corpus: { type: "string", default: "corpus" },
        cache: { type: "string", default: "index-cache" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const q = positionals.join(" ");
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  let engine;
  try {
    engine = await openEngine({ corpusDir: values.corpus!, cacheDir: values.cache!, progress: !values.json });
  } catch (err) {
    console.error(`无法打开索引 (cannot open the index): ${(err as Error).message}`);
    return 1;
  }
  try {
    const res = await engine.search(q, { limit: num(values.limit), offset: num(values.offset), sort: values.sort as SearchSort | undefined });
    if (values.json) {
      console.log(JSON.stringify(res, null, 2));
      return 0;
    }
    const tty = process.stdout.isTTY === true;
    const offset = num(values.offset) ?? 0;
    if (res.reason === "no-match") {
      console.log(`no passage holds ${res.terms.map((alts) => alts.join(" or ")).join(" and ")} (in ${res.tookMs} ms)`);
      if (res.similar?.hits.length) console.log(`similar passages, not results:\n${res.similar.hits.map((h) => `   ${h.docTitle}: ${h.text.slice(0, 60)}`).join("\n")}`);
      return 0;
    }
    const folded = res.matched > res.total ? ` (${res.matched - res.total} identical passages of other documents folded in)` : "";
    console.log(`${res.total} passages for ${JSON.stringify(res.query)}${res.mode === "similar" ? " (where this pasted text comes from)" : ""}${folded} in ${res.tookMs} ms`);
    res.hits.forEach((h, i) => {
      const path = h.path.map((p) => `${p.label} ${p.title}`.trim()).join(" › ");
      console.log(`\n${offset + i + 1}. ${h.docTitle}${path ? ` › ${path}` : ""}   [${h.score}]`);
      console.log(`   ${snippet(h, 120, tty)}`);
      console.log(`   ${h.citation}`);
      console.log(`   ${h.url}${h.otherEditions.length ? `   (also in ${h.otherEditions.map((e) => e.edition).join("; ")})` : ""}`);
      if (h.alsoIn.length) console.log(`   the same text also in: ${[...new Set(h.alsoIn.map((a) => a.docTitle))].join("; ")}`);
      if (h.echoes.length) console.log(`   echoes: ${h.echoes.map((e) => `${e.docTitle} ${Math.round(e.similarity * 100)}%`).join("; ")}`);
    });
    return 0;
  } catch (err) {
    if (err instanceof ZhangjieError) {
      if (values.json) console.log(JSON.stringify(err.toJSON()));
      else console.error(err.message);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main();
