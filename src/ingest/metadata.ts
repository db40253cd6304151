/**
 * What a document says about itself. The readers of each field live in ./metadata/; this file
 * keeps the older import path working.
 */
export * from "./metadata/index.ts";
