/** Runs a live change's echo pass in a worker thread (echo-worker.ts) and gives back the new echo store. */
import type { EchoStore } from "../echo/index.ts";
import { runOnce } from "./one-shot-worker.ts";

export async function echoesInWorker(cacheDir: string, codeKey: string, added: readonly string[]): Promise<EchoStore> {
  return (await runOnce<{ echo: EchoStore }>("echo", { cacheDir, codeKey, added: [...added] })).echo;
}
