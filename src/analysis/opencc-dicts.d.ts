// opencc-js ships its dictionaries as ES modules whose default export is the table as text:
// "from to|from to|…" (several space-separated targets are possible). No types are published for them.
declare module "opencc-js/dict/TSCharacters" {
  const table: string;
  export default table;
}
declare module "opencc-js/dict/STCharacters" {
  const table: string;
  export default table;
}
declare module "opencc-js/dict/TWVariantsRev" {
  const table: string;
  export default table;
}
declare module "opencc-js/dict/HKVariantsRev" {
  const table: string;
  export default table;
}
