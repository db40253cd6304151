/** Character error rate: edit distance between recognised text and the known text, per known character. */
import { foldText } from "../../src/analysis/fold.ts";

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Both texts width-folded, whitespace dropped (layout, not characters). */
export function characterErrorRate(recognised: string, known: string): number {
  const norm = (s: string) => foldText(s).replace(/\s+/g, "");
  const k = norm(known);
  return editDistance(norm(recognised), k) / [...k].length;
}
