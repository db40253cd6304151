/**
 * Corpus order: the order the corpus walk visits paths (each folder's entries sorted by name,
 * depth first), which is the order a full build reads files and relates their documents.
 * `a/x.txt` comes before `a-b.txt` (the folder `a` sorts before the name `a-b.txt`), unlike a plain
 * string sort of the paths.
 */
export function walkOrder(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}
