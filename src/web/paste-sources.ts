/**
 * The 出处 block of a similarity search (a pasted clause): the passages of other documents the
 * text most likely comes from, as the engine found them (SearchResponse.sources), with the words
 * they share with the pasted text marked. Its own small module and partial
 * (views/partials/echo-paste-sources.ejs), apart from the search page's model.
 */
import type { Engine } from "../engine.contract.ts";
import type { SearchResponse } from "../search/types.ts";
import { pathLabel, readerUrls } from "./links.ts";
import { markRanges, percent, type Piece } from "./text-marks.ts";

export interface PasteSourceView {
  id: string;
  docTitle: string;
  pathLabel: string;
  date: string | null;
  coverage: string;
  pieces: Piece[];
  href: string;
}

export async function pasteSourcesView(engine: Engine, response: SearchResponse | undefined): Promise<PasteSourceView[]> {
  const sources = response?.sources ?? [];
  const url = await readerUrls(engine, sources.map((s) => s.id));
  return sources.map((s) => ({
    id: s.id,
    docTitle: s.docTitle,
    pathLabel: pathLabel(s.path),
    date: s.date,
    coverage: percent(s.coverage),
    pieces: markRanges(s.text, s.spans.map((x) => x.b)),
    href: url(s.id),
  }));
}
