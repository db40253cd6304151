/**
 * Grows the policy user dictionary from the corpus, reproducibly:
 *
 *   npx tsx src/analysis/grow-dict.ts [corpusDir=corpus] [--dry-run]
 *
 * dict/policy.dict.txt = dict/policy.seed.txt (hand-curated)
 *   + quoted coinages: every “…” term of 2–8 Han characters (split at 、) that jieba's own
 *     dictionary cuts into pieces (“揭榜挂帅” → 揭榜/挂帅, “黑土粮仓”);
 *   + shattered n-grams: 3–4 character Han strings seen at least MIN_NGRAM times, each side in at
 *     least MIN_CONTEXTS different neighbouring characters (a word, not a fragment of a longer one),
 *     that jieba cuts into single characters only (长吉图 → 长/吉/图), unless they start or end with a
 *     function character (的, 和, 等 …) that marks them as accidental neighbours.
 * Line breaks in the PDF text are removed before scanning so that a term wrapped across lines
 * (“军令\n状”) is seen whole. The output is sorted and deterministic: same corpus, same file.
 */
import fs from "node:fs";
import path from "node:path";
import nodejieba from "nodejieba";
import { fileURLToPath } from "node:url";

const MIN_NGRAM = 5;
/** Distinct neighbouring characters required on each side of a grown n-gram. */
const MIN_CONTEXTS = 3;
const FUNCTION_CHARS = new Set([..."的了和与及等在是为对将把被或并以于从向由其之而也都又这那个各该有年月日中上下个"]);
const HAN_RUN = /^\p{Script=Han}+$/u;

export interface GrownDict {
  seed: string[];
  quoted: string[];
  ngrams: string[];
}

/** Read corpus texts as one string per file, with line breaks and layout spaces removed. */
function corpusTexts(corpusDir: string): string[] {
  return fs
    .readdirSync(corpusDir)
    .filter((f) => /\.(txt|md)$/i.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(corpusDir, f), "utf8").replace(/[\s\u3000]+/g, ""));
}

function readSeed(seedPath: string): string[] {
  return fs
    .readFileSync(seedPath, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/** jieba with its stock dictionary only: the baseline a grown word must improve on. */
function stockCut(s: string): string[] {
  return nodejieba.cut(s);
}

/** Quoted phrases (“揭榜挂帅”, “一主六双”) that stock jieba splits: named terms, each a word. */
function quotedTerms(texts: readonly string[], known: ReadonlySet<string>): Set<string> {
  const quoted = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/[“"]([^“”"]{2,20})[”"]/g)) {
      for (const part of m[1]!.split("、")) {
        if (part.length < 2 || part.length > 8 || !HAN_RUN.test(part) || known.has(part)) continue;
        if (/[和与及]/.test(part)) continue; // “大企业和大集聚区”: a phrase, not a word
        if (stockCut(part).length > 1) quoted.add(part);
      }
    }
  }
  return quoted;
}

interface NgramStats {
  count: number;
  left: Set<string>;
  right: Set<string>;
}

/**
 * Each Han 3- and 4-gram with the characters seen to its left and right: a real word appears in
 * varied contexts, a fragment of a longer word (一主六 → always 双) does not.
 */
function ngramContexts(texts: readonly string[]): Map<string, NgramStats> {
  const stats = new Map<string, NgramStats>();
  for (const run of texts.flatMap((t) => t.match(/\p{Script=Han}+/gu) ?? [])) {
    for (let n = 3; n <= 4; n++) {
      for (let i = 0; i + n <= run.length; i++) {
        const g = run.slice(i, i + n);
        let s = stats.get(g);
        if (!s) stats.set(g, (s = { count: 0, left: new Set(), right: new Set() }));
        s.count++;
        s.left.add(i > 0 ? run[i - 1]! : "^");
        s.right.add(i + n < run.length ? run[i + n]! : "$");
      }
    }
  }
  return stats;
}

export function growDict(corpusDir: string, seedPath: string): GrownDict {
  nodejieba.load(); // stock dictionaries: judge what jieba gets wrong on its own
  const seed = readSeed(seedPath);
  const known = new Set(seed);
  const texts = corpusTexts(corpusDir);
  const quoted = quotedTerms(texts, known);
  const ngrams: string[] = [];
  for (const [g, s] of ngramContexts(texts)) {
    if (s.count < MIN_NGRAM || known.has(g) || quoted.has(g)) continue;
    if (s.left.size < MIN_CONTEXTS || s.right.size < MIN_CONTEXTS) continue;
    if (FUNCTION_CHARS.has(g[0]!) || FUNCTION_CHARS.has(g[g.length - 1]!)) continue;
    if (stockCut(g).length === g.length) ngrams.push(g);
  }
  return { seed, quoted: [...quoted].sort(), ngrams: ngrams.sort() };
}

function main(): void {
  const args = process.argv.slice(2);
  const dry = args.includes("--dry-run");
  const corpusDir = args.find((a) => !a.startsWith("--")) ?? "corpus";
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const seedPath = path.join(root, "dict/policy.seed.txt");
  const outPath = path.join(root, "dict/policy.dict.txt");
  const g = growDict(corpusDir, seedPath);
  const words = [...new Set([...g.seed, ...g.quoted, ...g.ngrams])];
  console.log(`seed ${g.seed.length}, quoted ${g.quoted.length}, n-grams ${g.ngrams.length} → ${words.length} words`);
  if (dry) {
    console.log("quoted:", g.quoted.join(" "));
    console.log("n-grams:", g.ngrams.join(" "));
    return;
  }
  fs.writeFileSync(outPath, words.join("\n") + "\n");
  console.log(`wrote ${path.relative(process.cwd(), outPath)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
