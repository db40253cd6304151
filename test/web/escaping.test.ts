/**
 * Corpus text is printed as text: markup inside titles, headings, passages and citations is escaped on
 * every page. The real corpus holds no markup, so this uses the small in-memory engine of fake-engine.ts.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/web/app.ts";
import { EVIL, fakeEngine } from "./fake-engine.ts";

const app = createApp(fakeEngine(), { log: () => {} });

describe("escaping corpus text", () => {
  for (const url of ["/", `/search?q=${encodeURIComponent("梅花鹿")}`, "/doc/evil-doc", "/passage/evil-doc-p1", "/compare"]) {
    it(`escapes markup on ${url}`, async () => {
      const res = await request(app).get(url).expect(200);
      expect(res.text).not.toContain(EVIL);
      expect(res.text).not.toContain("总则<b>");
      expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });
  }

  it("marks highlights without breaking the escaping around them", async () => {
    const res = await request(app).get(`/search?q=${encodeURIComponent("梅花鹿")}`).expect(200);
    expect(res.text).toContain("<mark>梅花鹿</mark>产业&lt;script&gt;alert(1)&lt;/script&gt;与“双碳”目标。");
  });
});
