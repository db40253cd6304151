// Worker entry when zhangjie runs from its TypeScript sources (tsx): workers do not inherit the
// parent's loader, so load the real worker module through tsx's API.
import { tsImport } from "tsx/esm/api";

await tsImport("./merge-worker.ts", import.meta.url);
