/**
 * Plain objects (the echo store) as cache sections: small fields as JSON, big arrays in sections of
 * their own (typed arrays viewed in the file's bytes), back the same, in the same field order.
 */
import { describe, expect, it } from "vitest";
import { decodeLines, encodeLines, objectFromSections, objectSections } from "../../src/index/cache-codec.ts";
import { viaFile } from "../support/sections.ts";

describe("lines and objects", () => {
  it("newline-delimited JSON round-trips values with newlines and lone surrogates inside", () => {
    const values = ["a\nb", { x: "\ud800" }, [1, 2], null, "末行"];
    expect([...decodeLines(encodeLines(values))]).toEqual(values);
    expect([...decodeLines(Buffer.alloc(0))]).toEqual([]);
  });

  it("objects keep small fields as JSON and big arrays as sections, and come back the same", () => {
    const pairs = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 100_003);
    const ids = Array.from({ length: 3000 }, (_, i) => `doc~${i}#p-${i.toString(36)}\ud840\udc00`);
    const obj = {
      version: 3,
      params: { k: 5, share: 0.25 },
      ids,
      pairs,
      ratios: Array.from({ length: 300 }, (_, i) => i / 7),
      negatives: Array.from({ length: 300 }, (_, i) => -i),
      mixed: Array.from({ length: 300 }, (_, i) => (i % 2 ? i : `s${i}`)),
      typed: Float64Array.from([1.5, -2, 3e300]),
      offsets: Int32Array.from({ length: 1000 }, (_, i) => i - 500),
      small: [1, 2, 3],
      none: null,
    };
    const sections = objectSections("echo", obj);
    expect(Object.keys(sections).length).toBeGreaterThan(4); // pairs, ids, typed arrays in their own sections
    const back = objectFromSections(viaFile(sections), "echo") as typeof obj;
    expect(back).toEqual(obj);
    expect(Array.isArray(back.pairs)).toBe(true); // plain arrays stay plain arrays
    expect(back.typed).toBeInstanceOf(Float64Array);
    expect(back.offsets).toBeInstanceOf(Int32Array);
    expect(Object.keys(back)).toEqual(Object.keys(obj));
    expect(objectFromSections(viaFile(objectSections("echo", null)), "echo")).toBeNull();
    const { "echo.1": _gone, ...missing } = viaFile(sections);
    expect(() => objectFromSections(missing, "echo")).toThrow(/missing/);
  });
});
