/** The bounded least-recently-used map behind the parse, hit and JSON memos. */
import { describe, expect, it } from "vitest";
import { RecentlyUsed } from "../src/recently-used.ts";

describe("RecentlyUsed", () => {
  it("drops the least recently used entry past its bound; a get or a set makes an entry the most recent", () => {
    const m = new RecentlyUsed<string, number>(3);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3);
    expect(m.get("a")).toBe(1); // a is now the most recent: b goes next
    m.set("d", 4);
    expect(m.size).toBe(3);
    expect(m.get("b")).toBeUndefined();
    m.set("c", 30); // replaced and made the most recent: a goes next
    m.set("e", 5);
    expect(m.get("a")).toBeUndefined();
    expect([m.get("c"), m.get("d"), m.get("e")]).toEqual([30, 4, 5]);
  });

  it("keeps at most one entry with a bound of 1, and nothing is ever evicted early", () => {
    const m = new RecentlyUsed<number, string>(1);
    m.set(1, "x");
    expect(m.get(1)).toBe("x");
    m.set(2, "y");
    expect([m.get(1), m.get(2), m.size]).toEqual([undefined, "y", 1]);
  });
});
