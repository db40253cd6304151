/**
 * The match stage: a parsed query's clauses → the passages that hold them literally. Gram candidates
 * are combined first (intersections and the filter mask are cheap) and only the passages left are
 * verified against their squeezed text, each alternative within its own candidates. A term of 3+
 * characters has its occurrences counted while verifying (the text is being read anyway); a 1–2
 * character term needs no verification, and its counts come from the gram postings.
 *
 * Why verification and not the proof from bigram positions (GramPostings.literal): the candidates
 * are already the intersection of the needle's gram lists (its df needs them) narrowed by the other
 * clauses and the filters, and the texts are in memory with every store; the proof walks the rarest
 * gram's whole list and decodes each posting's positions. Measured at ×100 (2026-12-01): the proof
 * cost 3–8× the verification of the same candidates (设黑土地, 341 candidates: 468 µs against 97 µs;
 * 技术研究, 6,151: 4.4 ms against 1.5 ms). The proof still serves where no candidate list is at
 * hand (the definition markers, once).
 */
import type { GramIndex, WordLookup } from "../index/segment-set.ts";
import type { Clause } from "./parse.ts";
import { candidates, provenByGrams, verify, type LiteralMatch } from "./literal.ts";
import { difference, gallop, intersect, intersectAll, unionAll, type Ordinals } from "./postings.ts";
import { idf } from "./score.ts";
import type { Deadline } from "./budget.ts";

/** One alternative of a positive clause, with what ranking needs about it. */
export interface Term {
  needle: string;
  /** Passages holding every gram of the needle; their number is the term's df. */
  cands: Ordinals;
  /** The verified passages among the query's candidates (set by matchClauses). */
  match: LiteralMatch;
  idf: number;
  /** Passages where the needle is also a whole analyzer word (ascending), or null when none. */
  asWords: Uint32Array | null;
  /**
   * A needle of one or two word characters: its gram's posting list and occurrence counts (its tf
   * per passage, exact below COUNT_CAP), so ranking needs no text; null for longer needles.
   */
  gramOrds: Uint32Array | null;
  gramCounts: Uint8Array | null;
  /** Passages that open the structural unit the needle names (第三十二条, 第四章, 专栏3), or null. */
  unitOpeners: Uint32Array | null;
  /** The matched passages holding one of them, ascending (set by matchClauses). */
  definers: Uint32Array;
  /** Walk cursors into match.ords, asWords, gramOrds, unitOpeners and definers (passages are scored in ascending order). */
  at: number;
  wordAt: number;
  gramAt: number;
  unitAt: number;
  defAt: number;
  /** Per distinct heading path: 0 unknown, 1 the needle is in the path's headings, 2 it is not. */
  inPath: Int8Array | null;
  /** Several clauses: the first occurrences of the needle in the passage being scored (proximity). */
  pos: Int32Array | null;
  /** The passage `pos` holds occurrences of (-1: none yet). */
  posOrd: number;
  npos: number;
}

const NO_MATCH: LiteralMatch = { ords: new Uint32Array(0), tf: null, first: null };

export interface MatchSources {
  grams: GramIndex;
  words: WordLookup;
  passages: number;
  textOf: (ord: number) => string;
  unitOpeners: ReadonlyMap<string, Uint32Array>;
  /** Passages holding a definition marker (DEFINITION_MARKERS), ascending. */
  definitionPassages: Uint32Array;
  /** The query's deadline: verification stops (DeadlineExceeded) once it has passed. */
  deadline?: Deadline;
}

/** What every definition (definesTerm) holds: 所称X…, X是指, X系指, X指的是. */
export const DEFINITION_MARKERS = ["所称", "是指", "系指", "指的是"];

/** What may follow 所称X in a definition of X (所称农业技术， defines 农业技术; 所称农业技术推广， another term). */
const AFTER_SO_CALLED = [",", ":", "是指", "系指", "指", "为"];
/** What may follow X itself in a definition of X. */
const AFTER_TERM = ["是指", ",是指", "系指", "指的是"];

/**
 * Whether squeezed (folded, space-free) text defines the needle: 所称X followed by one of
 * AFTER_SO_CALLED, or X followed by one of AFTER_TERM — looked for at each occurrence of the needle,
 * one scan of the text. (Not "X，指": its only other gram, 指, is in too many passages to narrow
 * anything; 本法所称X，指 is 所称X.)
 */
export function definesTerm(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (at >= 2 && text.startsWith("所称", at - 2) && AFTER_SO_CALLED.some((a) => text.startsWith(a, end))) return true;
    if (AFTER_TERM.some((a) => text.startsWith(a, end))) return true;
  }
  return false;
}

export class Matcher {
  /** Gram candidates once per distinct needle: a query may repeat a term (的 的 的 …, a|a, a -a). */
  private readonly seen = new Map<string, Ordinals>();

  constructor(private readonly src: MatchSources) {}

  candidatesOf(needle: string): Ordinals {
    let c = this.seen.get(needle);
    if (!c) this.seen.set(needle, (c = candidates(needle, this.src.grams)));
    return c;
  }

  term(needle: string): Term {
    const { words, grams } = this.src;
    const cands = this.candidatesOf(needle);
    // Passages where the term is also a whole analyzer word (FlexSearch word postings): 创新 as
    // a word outranks 创新 inside 科技创新型. Looked up by the term itself, so a query never
    // needs the segmenter (loading jieba costs ~1 s of cold start).
    const asWords = cands.length && words.df(needle) > 0 ? words.get(needle) : null; // (one word: its list as stored, no copy)
    const proven = provenByGrams(needle);
    return {
      needle,
      cands,
      match: NO_MATCH,
      idf: idf(cands.length, this.src.passages),
      asWords,
      gramOrds: proven ? grams.get(needle) : null,
      gramCounts: proven ? grams.counts(needle) : null,
      unitOpeners: this.src.unitOpeners.get(needle) ?? null,
      definers: NO_MATCH.ords,
      at: 0,
      wordAt: 0,
      gramAt: 0,
      unitAt: 0,
      defAt: 0,
      inPath: null,
      pos: null,
      posOrd: -1,
      npos: 0,
    };
  }

  /** The passages matching every clause (one of its alternatives), among the admitted ones. */
  matchClauses(clauses: Term[][], admitted: (ords: Ordinals) => Uint32Array): Uint32Array {
    const clauseCands = clauses.map((alts) => (alts.length === 1 ? alts[0]!.cands : unionAll(alts.map((a) => a.cands))));
    const cand = admitted(intersectAll(clauseCands));
    for (const alts of clauses) {
      for (const a of alts) {
        this.src.deadline?.enforce(false);
        // a clause of one alternative: the query's candidates are among its own already
        const within = alts.length === 1 || cand === a.cands ? cand : intersect(cand, a.cands);
        a.match = verify(a.needle, within, this.src.textOf, !provenByGrams(a.needle), this.src.deadline);
        a.definers = this.definers(a);
      }
    }
    return intersectAll(clauses.map((alts) => (alts.length === 1 ? alts[0]!.match.ords : unionAll(alts.map((a) => a.match.ords)))));
  }

  /**
   * The matched passages that define the term: among the few passages that hold a definition marker
   * at all (所称, 是指, 系指 — `definitionPassages`, found once), those whose text holds one of the
   * term's definition phrases. A posting-list intersection and a handful of texts per term, so the
   * definition signal then costs a lookup per scored passage, not a text scan.
   */
  private definers(a: Term): Uint32Array {
    const within = intersect(a.match.ords, this.src.definitionPassages);
    if (within.length === 0) return NO_MATCH.ords;
    const out = new Uint32Array(within.length);
    let n = 0;
    for (let i = 0; i < within.length; i++) {
      const text = this.src.textOf(within[i]!);
      if (definesTerm(text, a.needle)) out[n++] = within[i]!;
    }
    return out.subarray(0, n);
  }

  /** `ords` without the passages holding any of the needles (verified among `ords`). */
  exclude(ords: Uint32Array, needles: readonly string[]): Uint32Array {
    if (needles.length === 0 || ords.length === 0) return ords;
    const hits = needles.map((needle) => verify(needle, intersect(ords, this.candidatesOf(needle)), this.src.textOf, false, this.src.deadline).ords);
    return difference(ords, unionAll(hits));
  }

  /** Whether one passage matches the clauses (its text read directly): for a counterpart the filters left out. */
  matchesAt(ord: number, clauses: readonly Clause[]): boolean {
    const text = this.src.textOf(ord);
    for (const c of clauses) {
      const has = c.alternatives.some((a) => text.includes(a.needle));
      if (has === c.negated) return false;
    }
    return true;
  }
}
