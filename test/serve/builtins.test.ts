/**
 * The serving process keeps V8's built-ins. PDF.js's legacy build replaces JSON.stringify,
 * Array.prototype.push and dozens of others with core-js JavaScript as it loads; a server that
 * reads no PDF must never load it (it made serialising an answer several times slower). The
 * modules are imported after the built-ins are taken (each test file runs in a fresh process).
 */
import { describe, expect, it } from "vitest";

/** The built-ins as they are now (each read afresh: a module may have replaced one since). */
function builtIns() {
  return {
    "JSON.stringify": JSON.stringify,
    "JSON.parse": JSON.parse,
    "Array.prototype.push": Array.prototype.push,
    "Array.prototype.includes": Array.prototype.includes,
    "Array.prototype.flatMap": Array.prototype.flatMap,
    "Object.fromEntries": Object.fromEntries,
    "String.prototype.replaceAll": String.prototype.replaceAll,
    "Promise.allSettled": Promise.allSettled,
    structuredClone: globalThis.structuredClone,
  };
}

const BUILT_INS = builtIns();

function replaced(): string[] {
  const now = builtIns();
  return (Object.keys(BUILT_INS) as (keyof typeof BUILT_INS)[]).filter((k) => now[k] !== BUILT_INS[k]);
}

describe("the serving process's built-ins", () => {
  it("stay V8's own after loading the web app, the engine and the query worker's modules", async () => {
    await import("../../src/web/app.ts");
    await import("../../src/engine.ts");
    await import("../../src/serve/worker-state.ts");
    await import("../../src/live/open.ts");
    expect(replaced()).toEqual([]);
  });

  it("are replaced once a PDF reader loads PDF.js (what the check above guards against)", async () => {
    await import("pdfjs-dist/legacy/build/pdf.mjs");
    expect(replaced()).toContain("JSON.stringify");
  });
});
