/**
 * The ranking signals, each with its contribution and its upper bound. A passage's score in term
 * mode is
 *
 *   ( Σ over clauses, best alternative:  bm25 × wholeWord + heading + definition )
 *     × shortPassage × proximity × phrase  + unit
 *
 * and equal scores are settled by level (国家 > 省 > 市州 > 县), then the version in force before
 * older ones, then document order (tables.ts `tieRank`). The scorer (scorer.ts) computes the cheap
 * signals first and the ones that read the passage's text (heading's opening-sentence half,
 * definition, proximity, phrase) only when the passage's upper bound — the signals' bounds
 * combined — can still enter the top k; so pruning never drops a passage that would have ranked.
 *
 * To add a signal: give it an entry here with its bound, compute it in scorer.ts, and fold its
 * bound into `upperBound` there.
 */
import { K1 } from "./score.ts";

export interface SignalInfo {
  name: string;
  /** How it enters the score. */
  kind: "term ×" | "term +" | "passage ×" | "passage +";
  /** The most it can contribute (per term: in units of the term's idf where it says so). */
  bound: string;
  why: string;
}

/** BM25 with tf = literal occurrences, df = passages holding every gram of the term, length in analyzer words. */
export const BM25_BOUND_PER_IDF = K1 + 1;
/** The term is a whole analyzer word of the passage (创新 as a word, not inside 科技创新型). */
export const WHOLE_WORD_BOOST = 1.25;
/** The term stands in a heading above the passage (items of an article excepted), or in the opening sentence of the unit the passage opens. */
export const HEADING_WEIGHT = 0.5;
/** The passage defines the term: 本法所称X，是指 / X是指 / X系指. */
export const DEFINITION_WEIGHT = 1;
/** Passages shorter than this many words are damped by sqrt(length / SHORT_WORDS) (at least SHORT_FLOOR); headings are exempt. */
export const SHORT_WORDS = 8;
export const SHORT_FLOOR = 0.35;
/** 1 + PROXIMITY_WEIGHT · (summed term length / smallest window holding every term). */
export const PROXIMITY_WEIGHT = 0.5;
/** All terms side by side in query order. */
export const PHRASE_BOOST = 1.5;
/** The passage opens the unit the query names (第三十二条, 第四章, 专栏3): the unit itself first, references to it after. */
export const UNIT_BONUS = 1000;

export const SIGNALS: readonly SignalInfo[] = [
  { name: "bm25", kind: "term +", bound: `${BM25_BOUND_PER_IDF}·idf`, why: "how often the term occurs, how rare it is, how long the passage is" },
  { name: "wholeWord", kind: "term ×", bound: `×${WHOLE_WORD_BOOST}`, why: "the term is a word of the passage, not part of a longer one" },
  { name: "heading", kind: "term +", bound: `${HEADING_WEIGHT}·idf`, why: "the term names the section or article, or opens it" },
  { name: "definition", kind: "term +", bound: `${DEFINITION_WEIGHT}·idf`, why: "the passage defines the term" },
  { name: "shortPassage", kind: "passage ×", bound: "×1", why: "a bare list item says less than the clause that governs it" },
  { name: "proximity", kind: "passage ×", bound: `×${1 + PROXIMITY_WEIGHT}`, why: "the terms stand close together" },
  { name: "phrase", kind: "passage ×", bound: `×${PHRASE_BOOST}`, why: "the terms stand side by side in query order" },
  { name: "unit", kind: "passage +", bound: `+${UNIT_BONUS}`, why: "the query names this structural unit" },
];

/** The short-passage prior: 1 for headings and passages of SHORT_WORDS words or more. */
export function shortPassagePrior(lengthInWords: number, isHeading: boolean): number {
  if (isHeading || lengthInWords >= SHORT_WORDS) return 1;
  return Math.max(SHORT_FLOOR, Math.sqrt(Math.max(lengthInWords, 1) / SHORT_WORDS));
}
