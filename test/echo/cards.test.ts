/**
 * Echo cards of search hits (a passage's best few echoes) are cheap at query time: texts are
 * squeezed and hashed once for all their partners (alignPrepared), pair coverages and short lists
 * are kept. None of it may change an answer.
 */
import { describe, expect, it } from "vitest";
import { alignPrepared, alignTexts, prepareText } from "../../src/echo/align.ts";
import { computeEchoes, createEchoIndex } from "../../src/echo/index.ts";
import { makeDoc, TOPICS } from "./helpers.ts";

/** The Jilin plan's 揭榜挂帅 measure: a clause worth copying. */
const CLAUSE = "以“六新产业”“四新设施”为主攻方向，围绕全省汽车、高端装备制造、光电技术、生物技术、新材料等优势领域发展需求和各行业清洁生产需要，组织高新技术攀登工程，实施“军令状”“揭榜挂帅”等新机制，突破“卡脖子”关键核心技术。";

/** Documents copying the clause, some adapting it (so that group mates and inherited pairs are aligned when asked). */
function family(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const clause = i % 3 === 2 ? CLAUSE.replace("全省汽车、", "全市").replace("光电技术、", "") : CLAUSE;
    return makeDoc(`f${String(i).padStart(2, "0")}`, ["# 科技创新", `${TOPICS[i % TOPICS.length]}，第${i}批。`, `全市要${clause}力争取得突破。`, `${TOPICS[(i + 3) % TOPICS.length]}，第${i}项。`], { editions: i % 4 === 0 ? 2 : 1 });
  });
}

describe("alignPrepared", () => {
  it("gives alignTexts' alignment, the first text prepared once for several partners", () => {
    const texts = [CLAUSE, ...TOPICS.slice(0, 6), CLAUSE.replace("全省汽车、", "全州").replace("新材料", "新能源"), `（一）${CLAUSE}`, "", "短"];
    for (const a of texts) {
      const pa = prepareText(a);
      for (const b of texts) expect(alignPrepared(pa, prepareText(b)), `${a} / ${b}`).toEqual(alignTexts(a, b));
    }
  });
});

describe("echo cards", () => {
  const docs = family(12);
  const store = computeEchoes(docs);
  const passages = docs.flatMap((d) => d.editions.flatMap((e) => e.passages));

  it("a card asked again, or after other cards, is the card a fresh index gives", () => {
    const warm = createEchoIndex(store, docs);
    for (const p of passages) warm.echoesOf(p.id, 3); // fills the kept cards, coverages and prepared texts
    let withEchoes = 0;
    for (const p of passages) {
      const fresh = createEchoIndex(store, docs).echoesOf(p.id, 3);
      if (fresh.length) withEchoes++;
      expect(warm.echoesOf(p.id, 3), p.id).toEqual(fresh);
      expect(warm.echoesOf(p.id, 1), p.id).toEqual(fresh.slice(0, 1));
      expect(warm.echoCount(p.id), p.id).toBe(createEchoIndex(store, docs).echoCount(p.id));
    }
    expect(withEchoes).toBeGreaterThan(12); // the clause's copies and their second editions
  });

  it("a kept card is a copy: changing the answer does not change the next one", () => {
    const ix = createEchoIndex(store, docs);
    const p = docs[1]!.editions[0]!.passages[2]!;
    const first = ix.echoesOf(p.id, 3);
    expect(first.length).toBe(3);
    first.pop();
    expect(ix.echoesOf(p.id, 3).length).toBe(3);
  });

  it("spans of aligned cards index both texts: the shared text agrees after folding", () => {
    const ix = createEchoIndex(store, docs);
    for (const p of passages) {
      for (const e of ix.echoesOf(p.id, 3)) {
        expect(e.spans.length).toBeGreaterThan(0);
        for (const s of e.spans) expect(p.text.slice(...s.a).replace(/\s/g, "")).toBe(e.text.slice(...s.b).replace(/\s/g, ""));
      }
    }
  });
});
