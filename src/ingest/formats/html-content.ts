/**
 * The main text of a web page, found by where the running text is — not by any site's class
 * names. Every paragraph-like element with some running text (20 characters or more, mostly not
 * link text) scores by its length and its clause marks (，、；。); the score goes to the element
 * itself, its parent and, halved, its grandparent. The element with the best score, discounted by
 * its share of link text, is the content; siblings that score nearly as well (the text split over
 * several containers) come with it. Menus, breadcrumbs, share buttons, related-link lists and
 * footers are link lists or short lines: they score little and are left out.
 */
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";

const PARAGRAPH = new Set(["p", "td", "li", "pre", "blockquote", "div", "dd", "section", "article", "font", "span"]);
const NOISE = "script, style, noscript, template, iframe, object, embed, svg, canvas, nav, aside, footer, header, form input, form button, select, textarea, [role=navigation], [role=banner], [role=contentinfo], [role=search], [hidden], [aria-hidden=true]";

interface Stats { text: number; links: number }

/** Text and link-text lengths of every element, computed once bottom-up. */
function measure(root: AnyNode, out: Map<Element, Stats>): Stats {
  if (root.type === "text") {
    const n = (root as unknown as { data: string }).data.replace(/\s+/g, "").length;
    return { text: n, links: 0 };
  }
  if (root.type !== "tag" && root.type !== "root") return { text: 0, links: 0 };
  const el = root as Element;
  const s: Stats = { text: 0, links: 0 };
  for (const c of el.children) {
    const cs = measure(c, out);
    s.text += cs.text;
    s.links += cs.links;
  }
  if (el.type === "tag" && el.name === "a") s.links = s.text;
  if (el.type === "tag") out.set(el, s);
  return s;
}

function directText(el: Element): string {
  return el.children.filter((c) => c.type === "text").map((c) => (c as unknown as { data: string }).data).join("").replace(/\s+/g, "");
}

function hasBlockChild(el: Element): boolean {
  return el.children.some((c) => c.type === "tag" && /^(p|div|table|ul|ol|section|article|h[1-6]|blockquote|pre|dl)$/i.test((c as Element).name));
}

/** Remove what is never content (scripts, styles, navigation and page chrome elements). */
export function dropNoise($: CheerioAPI): void {
  $(NOISE).remove();
  $("[style]").each((_, el) => {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.attribs.style ?? "")) $(el).remove();
  });
}

/** The content elements, in document order (usually one). */
export function mainContent($: CheerioAPI): Element[] {
  const stats = new Map<Element, Stats>();
  const body = $("body")[0] ?? ($.root()[0] as unknown as Element);
  measure($.root()[0]!, stats);
  const scores = new Map<Element, number>();
  const add = (el: Element | null | undefined, v: number) => {
    if (el && el.type === "tag") scores.set(el, (scores.get(el) ?? 0) + v);
  };
  for (const [el, s] of stats) {
    const name = el.name.toLowerCase();
    if (!PARAGRAPH.has(name)) continue;
    // A div or span counts as a paragraph only when it holds text itself (not just other blocks).
    if ((name === "div" || name === "span" || name === "section" || name === "article" || name === "font") && (hasBlockChild(el) || directText(el).length < 20)) continue;
    if (s.text < 20 || s.links > s.text * 0.5) continue;
    const text = $(el).text();
    const marks = (text.match(/[，、；。,;]/g) ?? []).length;
    const score = 1 + marks + Math.min(3, Math.floor(s.text / 100));
    add(el, score);
    const parent = el.parent as Element | null;
    add(parent, score);
    add(parent?.parent as Element | null, score / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  const adjusted = new Map<Element, number>();
  for (const [el, score] of scores) {
    const s = stats.get(el);
    if (!s) continue;
    const v = score * (1 - s.links / Math.max(1, s.text));
    adjusted.set(el, v);
    if (v > bestScore) { best = el; bestScore = v; }
  }
  if (!best) return [body];
  // Content split over sibling containers: take the siblings that score nearly as well.
  const parent = best.parent as Element | null;
  if (!parent) return [best];
  return parent.children.filter((c): c is Element => c.type === "tag" && (c === best || (adjusted.get(c as Element) ?? 0) >= bestScore * 0.3));
}
