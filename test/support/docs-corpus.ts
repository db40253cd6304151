/**
 * A corpus for the documents page: the seeds, two fixtures in folders (a DOCX and a web page of the
 * Jilin plan), and entries that are skipped or ignored — an old .doc, a zip bomb, a FIFO, a symlink
 * out of corpus/, a name with control characters, one with markup in it, a README.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_DIR } from "./real-engine.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/formats");

export const DOCS_CORPUS = {
  docx: "jilin/2022/jilin-st-plan.docx",
  html: "jilin/web/jilin-st-plan.html",
  legacy: "inbox/legacy.doc",
  bomb: "inbox/bomb.docx",
  fifo: "inbox/pipe.txt",
  outside: "inbox/passwd.txt",
  control: "inbox/通知\u0007.txt",
  markup: "inbox/<img src=x onerror=alert(1)>.txt",
  readme: "README.md",
};

/** Make it in a fresh temp dir (remove it when done). */
export function makeDocsCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-docs-corpus-"));
  const put = (rel: string, from: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    if (typeof from === "string") fs.copyFileSync(from, path.join(dir, rel));
    else fs.writeFileSync(path.join(dir, rel), from);
  };
  for (const f of fs.readdirSync(CORPUS_DIR)) put(f, path.join(CORPUS_DIR, f));
  put(DOCS_CORPUS.docx, path.join(FIXTURES, "jilin-st-plan.docx"));
  put(DOCS_CORPUS.html, path.join(FIXTURES, "jilin-st-plan.html"));
  put(DOCS_CORPUS.legacy, path.join(FIXTURES, "legacy.doc"));
  put(DOCS_CORPUS.bomb, path.join(FIXTURES, "bomb.docx"));
  put(DOCS_CORPUS.control, Buffer.from("第一章　总则\n\n为规范管理，制定本办法。\n"));
  put(DOCS_CORPUS.markup, Buffer.from("第一章　总则\n\n为规范管理，制定本办法。\n"));
  put(DOCS_CORPUS.readme, Buffer.from("# 本目录说明\n"));
  execFileSync("mkfifo", [path.join(dir, DOCS_CORPUS.fifo)]);
  fs.symlinkSync("/etc/passwd", path.join(dir, DOCS_CORPUS.outside));
  return dir;
}
