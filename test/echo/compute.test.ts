import { describe, expect, it } from "vitest";
import { addDocumentEchoes, computeEchoes, createEchoIndex, isEchoStore, readPairs, type EchoStore } from "../../src/echo/index.ts";
import { objectFromSections, objectSections } from "../../src/index/cache-codec.ts";
import { viaFile } from "../support/sections.ts";
import { echoPairs, makeDoc, TOPICS } from "./helpers.ts";
import { norm } from "../support/text.ts";

const STOCK = "以习近平新时代中国特色社会主义思想为指导，全面贯彻新发展理念。";
const DUTY = "（省发展改革委、省财政厅按职责分工负责）";
/** A clause worth tracing (the Jilin plan's 揭榜挂帅 measure, 94 characters). */
const CLAUSE = "以“六新产业”“四新设施”为主攻方向，围绕全省汽车、高端装备制造、光电技术、生物技术、新材料等优势领域发展需求和各行业清洁生产需要，组织高新技术攀登工程，实施“军令状”“揭榜挂帅”等新机制，突破“卡脖子”关键核心技术。";

const pairsOf = (docs: ReturnType<typeof makeDoc>[]) => {
  const ix = createEchoIndex(computeEchoes(docs), docs);
  return { ix, pairs: echoPairs(docs, (id) => ix.echoesOf(id)) };
};

describe("what an echo is", () => {
  it("headings and header lines are never an echo's source or target, however alike", () => {
    const docs = TOPICS.slice(0, 4).map((t, i) =>
      makeDoc(`d${i}`, ["! 吉林省人民政府办公厅关于印发吉林省科学技术发展规划的通知", "! 吉政办发〔2022〕11号", "# 总则", t + "。", "# 附则", "! 2022年5月27日"]),
    );
    const store = computeEchoes(docs);
    expect(store.pairs.length).toBe(0);
    expect(store.stats.passages).toBe(4); // one clause per document takes part
    const { pairs } = pairsOf(docs);
    expect(pairs.size).toBe(0);
  });

  it("a clause shared between two documents is an echo; their identical headings are not", () => {
    const a = makeDoc("a", ["# 总则", CLAUSE, "# 附则", TOPICS[0]! + "。"]);
    const b = makeDoc("b", ["# 总则", "全市要" + CLAUSE, "# 附则", TOPICS[1]! + "。"]);
    const { ix, pairs } = pairsOf([a, b]);
    expect([...pairs]).toEqual([`${a.editions[0]!.passages[1]!.id}|${b.editions[0]!.passages[1]!.id}`]);
    for (const heading of [a.editions[0]!.passages[0]!, a.editions[0]!.passages[2]!]) expect(ix.echoesOf(heading.id)).toEqual([]);
  });

  it("a stock phrase every document uses makes no echo between unrelated clauses", () => {
    const docs = TOPICS.map((t, i) => makeDoc(`d${i}`, ["# 总体要求", STOCK + t + "。" + DUTY]));
    expect(pairsOf(docs).pairs.size).toBe(0);
  });

  it("a reused clause next to the stock phrase is an echo", () => {
    const docs = TOPICS.slice(0, 6).map((t, i) => makeDoc(`d${i}`, ["# 总体要求", STOCK + t + "。" + DUTY]));
    docs.push(makeDoc("prov", ["# 企业创新", STOCK + CLAUSE]));
    docs.push(makeDoc("pref", ["# 企业创新", "全州要" + CLAUSE.replace("全省", "全州") + "培育一批科技型中小企业。"]));
    const { ix } = pairsOf(docs);
    const p = docs[6]!.editions[0]!.passages[1]!;
    const echoes = ix.echoesOf(p.id);
    expect(echoes.map((e) => e.docId)).toEqual(["pref"]);
    const kept = echoes[0]!.spans.map((s) => p.text.slice(...s.a)).join("");
    expect(kept).toContain("组织高新技术攀登工程");
    expect(kept).not.toContain("以习近平");
  });

  it("a phrase repeated through many clauses of a few documents weighs little (按职责分工负责)", () => {
    // Two documents, twelve clauses each ending with the same responsibility note: no echo.
    const docs = ["a", "b"].map((id, k) =>
      makeDoc(id, TOPICS.map((t, i) => (i % 2 === k ? t : TOPICS[(i + 5) % TOPICS.length]!) + `，第${id}${i}项。` + DUTY)),
    );
    const { pairs } = pairsOf(docs);
    for (const key of pairs) {
      const [x, y] = key.split("|");
      const tx = docs.flatMap((d) => d.editions[0]!.passages).find((p) => p.id === x)!.text;
      const ty = docs.flatMap((d) => d.editions[0]!.passages).find((p) => p.id === y)!.text;
      // Only clauses sharing their topic sentence echo, never through the note alone.
      expect(norm(tx).slice(0, 20)).toBe(norm(ty).slice(0, 20));
    }
  });

  it("a clause's own inline heading is context: shared labels alone make no echo", () => {
    const a = makeDoc("a", ["（一）指导思想。" + TOPICS[0]! + "。"]);
    const b = makeDoc("b", ["（一）指导思想。" + TOPICS[1]! + "。"]);
    // ingest gives such a passage the path …>（一）指导思想
    for (const d of [a, b]) d.editions[0]!.passages[0]!.path = [{ label: "（一）", title: "指导思想" }];
    expect(pairsOf([a, b]).pairs.size).toBe(0);
  });

  it("short shared phrases are not enough; a long verbatim copy always is", () => {
    const a = makeDoc("a", [`${TOPICS[0]}，坚持问题导向和需求牵引。`]);
    const b = makeDoc("b", [`${TOPICS[1]}，坚持问题导向和需求牵引。`]);
    expect(pairsOf([a, b]).pairs.size).toBe(0);
    const c = makeDoc("c", [`${TOPICS[2]}。${CLAUSE}`]);
    const d = makeDoc("d", [`${CLAUSE}${TOPICS[3]}。`]);
    expect(pairsOf([c, d]).pairs.size).toBe(1);
  });
});

describe("widely copied clauses", () => {
  /** n documents: each its own topics around the same verbatim clause. */
  const family = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      makeDoc(`f${String(i).padStart(2, "0")}`, ["# 科技创新", `${TOPICS[i % TOPICS.length]}，第${i}批。`, CLAUSE, `${TOPICS[(i + 3) % TOPICS.length]}，第${i}项。`]),
    );

  it("a verbatim clause copied into every document of a family of 10 is echoed between every pair", () => {
    const docs = family(10);
    const { ix } = pairsOf(docs);
    for (const d of docs) {
      const p = d.editions[0]!.passages.find((x) => x.text === CLAUSE)!;
      const echoes = ix.echoesOf(p.id);
      expect(new Set(echoes.map((e) => e.docId)), d.id).toEqual(new Set(docs.filter((x) => x !== d).map((x) => x.id)));
      for (const e of echoes) {
        expect(e.similarity).toBe(1);
        expect(e.spans.map((s) => norm(p.text.slice(...s.a))).join("")).toBe(norm(CLAUSE));
      }
    }
  });

  it("no cap drops a copy: 80 copies are all found, stored as one group instead of 3,160 pairs", () => {
    const docs = family(80);
    const store = computeEchoes(docs);
    const copies = docs.map((d) => d.editions[0]!.passages.find((x) => x.text === CLAUSE)!.id);
    const reps = new Set(copies.map((id) => store.rep[store.ids.indexOf(id)]));
    expect(reps.size).toBe(1); // one group holds the 80 copies
    // One pair per copy joining the group (and a few per topic line), not a pair per two copies.
    expect(store.stats.echoPairs).toBeLessThan(80 * 4);
    const ix = createEchoIndex(store, docs);
    const last = docs[79]!.editions[0]!.passages.find((x) => x.text === CLAUSE)!;
    expect(ix.echoCount(last.id)).toBe(79);
    expect(new Set(ix.echoesOf(last.id).map((e) => e.docId)).size).toBe(79);
  });

  it("a copy inherits what its group echoes: an adaptation of the clause echoes every copy", () => {
    const docs = family(5);
    const adapted = CLAUSE.replace("全省汽车、", "全市").replace("光电技术、", "");
    docs.push(makeDoc("adapt", ["# 科技创新", `全市要${adapted}力争取得突破。`]));
    const { ix } = pairsOf(docs);
    const p = docs[5]!.editions[0]!.passages[1]!;
    const echoes = ix.echoesOf(p.id);
    expect(echoes.map((e) => e.docId).sort()).toEqual(["f00", "f01", "f02", "f03", "f04"]);
    for (const e of echoes) for (const s of e.spans) expect(norm(p.text.slice(...s.a))).toBe(norm(e.text.slice(...s.b)));
  });
});

describe("editions, stores and additions", () => {
  it("editions of one document are never echoes of each other; secondary ids map to the primary twin", () => {
    const a = makeDoc("a", ["# 转化", CLAUSE], { editions: 2 });
    const b = makeDoc("b", ["# 转化", "全州" + CLAUSE + "打造区域创新高地。"]);
    const store = computeEchoes([a, b]);
    for (const r of readPairs(store)) expect(store.ids[r.a]!.split("~")[0]).not.toBe(store.ids[r.b]!.split("~")[0]);
    const ix = createEchoIndex(store, [a, b]);
    expect(ix.echoesOf(a.editions[1]!.passages[1]!.id).map((e) => e.docId)).toEqual(["b"]);
    expect(ix.echoesOf(a.editions[0]!.passages[1]!.id).map((e) => e.docId)).toEqual(["b"]);
  });

  it("the store is flat typed arrays and survives the cache codec", () => {
    const docs = [...TOPICS.slice(0, 3).map((t, i) => makeDoc(`d${i}`, [t + "。" + CLAUSE]))];
    const store = computeEchoes(docs);
    expect(store.pairs).toBeInstanceOf(Int32Array);
    expect(store.rep).toBeInstanceOf(Int32Array);
    const back = objectFromSections(viaFile(objectSections("echo", store as unknown as Record<string, unknown>)), "echo");
    expect(isEchoStore(back)).toBe(true);
    const again = createEchoIndex(back as EchoStore, docs);
    const ix = createEchoIndex(store, docs);
    for (const d of docs) expect(again.echoesOf(d.editions[0]!.passages[0]!.id)).toEqual(ix.echoesOf(d.editions[0]!.passages[0]!.id));
    expect(isEchoStore({ version: 0 })).toBe(false);
    expect(isEchoStore({ ...store, pairs: [] })).toBe(false);
  });

  it("added documents are aligned against the existing ones only, with the answers of a full rebuild", () => {
    const base = [
      makeDoc("p1", ["# 科技创新", CLAUSE, TOPICS[0]! + "。"]),
      makeDoc("p2", ["# 科技创新", TOPICS[1]! + "。", "全州要" + CLAUSE.replace("全省", "全州")]),
      makeDoc("p3", ["# 民生", TOPICS[2]! + "，" + TOPICS[3]! + "。"]),
    ];
    const added = [
      makeDoc("n1", ["# 科技创新", CLAUSE.replace("全省", "全市"), TOPICS[2]! + "，" + TOPICS[3]! + "。"]),
      makeDoc("n2", ["# 其他", TOPICS[4]! + "。"]),
    ];
    const all = [...base, ...added];
    const full = computeEchoes(all);
    const first = computeEchoes(base);
    const incremental = addDocumentEchoes(first, base, added);
    const ixFull = createEchoIndex(full, all);
    const ixInc = createEchoIndex(incremental, all);
    expect(echoPairs(all, (id) => ixInc.echoesOf(id))).toEqual(echoPairs(all, (id) => ixFull.echoesOf(id)));
    expect(incremental.stats.alignedPairs).toBeLessThan(full.stats.alignedPairs + 1);
    expect(echoPairs(all, (id) => ixInc.echoesOf(id)).size).toBeGreaterThan(3);
  });

  it("empty input and empty passages", () => {
    expect(computeEchoes([]).pairs.length).toBe(0);
    expect(computeEchoes([makeDoc("e", [""]), makeDoc("f", [""])]).pairs.length).toBe(0);
  });
});
