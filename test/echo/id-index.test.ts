/** IdIndex answers as a Map filled in store order would: the last index of a repeated id, undefined for an unknown one. */
import { describe, expect, it } from "vitest";
import { IdIndex } from "../../src/echo/id-index.ts";
import { rng } from "../support/text.ts";

describe("IdIndex", () => {
  it("agrees with a Map over ids with repeats, collisions of slots and unknown ids", () => {
    const r = rng(11);
    const ids = Array.from({ length: 5000 }, () => `doc-${Math.floor(r() * 900).toString(16)}-p${Math.floor(r() * 40)}`);
    const map = new Map<string, number>();
    ids.forEach((id, x) => map.set(id, x));
    const index = new IdIndex(ids);
    for (const id of new Set(ids)) expect(index.get(id)).toBe(map.get(id));
    for (const id of ["", "doc-", "doc-zzz-p1", "章节"]) expect(index.get(id)).toBeUndefined();
  });

  it("an empty store has no ids", () => {
    expect(new IdIndex([]).get("x")).toBeUndefined();
  });
});
