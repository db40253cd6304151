/**
 * The units inside an article (条): its 款 are its paragraphs — the first is the article's own
 * text, each following unlabelled paragraph the next 款; （一） starts a 项 of the current 款, and
 * 1. a 目 of the current 项. Paths carry them (第十一条 > 第二款 > （三）) so that a citation can say
 * 第十一条第二款第（三）项. An article of a single 款 is cited without one (第十条, 第十条第（三）项),
 * so when it closes with one 款 the 款 is taken out of its passages' paths again.
 */
import type { HeadingRef } from "../../model.ts";
import type { HeadingMatch, OrdinalKind } from "../headings.ts";
import type { PlacedBlock } from "../section-tree.ts";
import { chineseNumeral } from "./numerals.ts";

/** Numbering that means a 项 or 目 inside an article. */
export function isArticleItem(kind: OrdinalKind): boolean {
  return kind === "paren-cn" || kind === "cn" || kind === "num" || kind === "paren-num";
}

export function kuanLabel(n: number): string {
  return `第${chineseNumeral(n)}款`;
}

interface OpenArticle {
  ref: HeadingRef;
  /** Index in `placed` of its first passage. */
  from: number;
  kuans: HeadingRef[];
}

/** Follows the article being placed and fixes its passages' paths when it closes. */
export class ArticleTracker {
  private current: OpenArticle | null = null;

  constructor(private readonly placed: PlacedBlock[]) {}

  /**
   * A new article starts at placed[at]; with text on its line, that text is its first 款 (whose
   * ref is returned), else its first 款 is the next paragraph.
   */
  open(ref: HeadingRef, at: number, withText: boolean): HeadingRef {
    this.finish();
    this.current = { ref, from: at, kuans: [] };
    return withText ? this.nextKuan() : ref;
  }

  /** The ref of the current article's next 款. */
  nextKuan(): HeadingRef {
    const a = this.current!;
    const ref: HeadingRef = { label: kuanLabel(a.kuans.length + 1), title: "", kind: "kuan" };
    a.kuans.push(ref);
    return ref;
  }

  /** Where the current article stands among the open refs, or -1 when none is open. */
  indexIn(open: readonly HeadingRef[]): number {
    return this.current ? open.indexOf(this.current.ref) : -1;
  }

  /** What a block inside the article is: a new 款 (unlabelled), a 项, or a 目 (numbered under a 项). */
  unitOf(h: HeadingMatch | null, openBelow: readonly string[]): "kuan" | "xiang" | "mu" {
    if (!h) return "kuan";
    if (h.kind === "num" || h.kind === "paren-num") return openBelow.includes("xiang") ? "mu" : "xiang";
    return "xiang";
  }

  /** Close the current article if it is no longer among the open refs. */
  closeUnless(open: readonly HeadingRef[]): void {
    if (this.current && !open.includes(this.current.ref)) this.finish();
  }

  private finish(): void {
    const a = this.current;
    this.current = null;
    if (!a || a.kuans.length !== 1) return;
    const only = a.kuans[0]!;
    for (let i = a.from; i < this.placed.length; i++) {
      const p = this.placed[i]!;
      if (p.path.includes(only)) p.path = p.path.filter((r) => r !== only);
    }
  }
}
