/**
 * Echoes that hold up in a collection: whether A echoes B must not depend on a third document copying
 * the clause; every copy of a widely copied clause is found; and the trail of a clause lists the
 * documents carrying it in date order. The seed corpus plus constructed documents that copy its
 * clauses, as plans of other places would.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCorpus } from "../../src/ingest/index.ts";
import { computeEchoes, createEchoIndex, primaryEdition } from "../../src/echo/index.ts";
import type { DocumentRecord, Passage } from "../../src/model.ts";
import { echoPairs, makeDoc, TOPICS } from "./helpers.ts";
import { norm } from "../support/text.ts";

const CORPUS = path.join(import.meta.dirname, "../../corpus");
let seeds: DocumentRecord[];
let jilin: DocumentRecord;
let yanbian: DocumentRecord;
/** The Jilin plan's 揭榜挂帅 clause (第四章第二节) and the Yanbian sentence adapting it. */
let clause: Passage;
let yanbianClause: Passage;
/** Two more Jilin clauses the copiers take. */
let enterprise: Passage;
let management: Passage;

function passageWith(doc: DocumentRecord, needle: string): Passage {
  const hits = primaryEdition(doc)!.passages.filter((p) => p.kind !== "heading" && norm(p.text).includes(norm(needle)));
  if (hits.length !== 1) throw new Error(`${hits.length} passages of ${doc.title} contain ${needle}`);
  return hits[0]!;
}

const city = (text: string, place: string): string => text.replaceAll("全省", `全${place}`).replaceAll("我省", `我${place}`);

/** A plan of another place copying Jilin clauses among its own (17 passages, like the issue's). */
function copier(id: string, place: string, opts: { date: string; level: "province" | "prefecture" | "county"; region: string }): DocumentRecord {
  return makeDoc(
    id,
    [
      `! ${opts.region}科学技术发展“十四五”规划`,
      "# 发展基础",
      `${TOPICS[0]}，${opts.region}科技事业取得新进展。`,
      `${TOPICS[1]}，全${place}研发投入稳步增长。`,
      "# 推进关键核心技术攻关",
      city(clause.text, place),
      `${TOPICS[2]}，打造${opts.region}特色产业集群。`,
      `${TOPICS[3]}。`,
      "# 发挥企业创新主体作用",
      city(enterprise.text, place),
      `${TOPICS[4]}，培育科技型中小企业。`,
      "# 营造创新环境",
      city(management.text, place),
      `${TOPICS[5]}。`,
      `${TOPICS[6]}，完善${opts.region}科技服务体系。`,
      "# 保障措施",
      `${TOPICS[7]}。`,
    ],
    { title: `${opts.region}科学技术发展“十四五”规划`, ...opts },
  );
}

let copiers: DocumentRecord[];

beforeAll(async () => {
  seeds = (await ingestCorpus(CORPUS)).documents;
  jilin = seeds.find((d) => d.title.startsWith("吉林省科学技术发展"))!;
  yanbian = seeds.find((d) => d.title.startsWith("延边州科学技术发展"))!;
  clause = passageWith(jilin, "组织高新技术攀登工程，实施“军令状”“揭榜挂帅”等新机制");
  yanbianClause = passageWith(yanbian, "探索实施“揭榜挂帅”制度");
  enterprise = passageWith(jilin, "强化企业技术创新决策主体地位");
  management = passageWith(jilin, "加强科技发展计划管理");
  copiers = [
    copier("tonghua", "市", { date: "2022-09-01", level: "prefecture", region: "通化市" }),
    copier("baishan", "市", { date: "2022-12-15", level: "prefecture", region: "白山市" }),
    copier("huinan", "县", { date: "2023-03-01", level: "county", region: "辉南县" }),
    copier("liaoning", "省", { date: "2021-11-30", level: "province", region: "辽宁省" }),
  ];
});

/** Echo pairs between seed passages, for a collection of the seeds plus `extra` (in this order, or extra first). */
function seedPairs(extra: DocumentRecord[], extraFirst = false): Set<string> {
  const docs = extraFirst ? [...extra, ...seeds] : [...seeds, ...extra];
  const ix = createEchoIndex(computeEchoes(docs), docs);
  const seedIds = new Set(seeds.flatMap((d) => primaryEdition(d)!.passages.map((p) => p.id)));
  return new Set([...echoPairs(seeds, (id) => ix.echoesOf(id))].filter((k) => k.split("|").every((id) => seedIds.has(id))));
}

describe("stability", () => {
  it("the 吉林 → 延边 揭榜挂帅 echo exists in the seeds", () => {
    const ix = createEchoIndex(computeEchoes(seeds), seeds);
    expect(ix.echoesOf(clause.id).map((e) => e.id)).toContain(yanbianClause.id);
  });

  it("adding and removing documents that copy the clauses keeps every echo between the seeds", () => {
    const before = seedPairs([]);
    expect(before.size).toBeGreaterThan(80);
    const key = clause.id < yanbianClause.id ? `${clause.id}|${yanbianClause.id}` : `${yanbianClause.id}|${clause.id}`;
    expect(before.has(key)).toBe(true);
    for (let n = 1; n <= copiers.length; n++) {
      for (const extraFirst of [false, true]) {
        const after = seedPairs(copiers.slice(0, n), extraFirst);
        const lost = [...before].filter((k) => !after.has(k));
        expect(lost, `${n} copier(s)${extraFirst ? ", read first" : ""}`).toEqual([]);
        expect(after.has(key)).toBe(true);
      }
    }
    // Removing them again: the same echoes as before.
    expect(seedPairs([])).toEqual(before);
  });

  it("every copier echoes the Jilin clause it copies, and the copiers echo each other", () => {
    const docs = [...seeds, ...copiers];
    const ix = createEchoIndex(computeEchoes(docs), docs);
    const copies = copiers.map((d) => d.editions[0]!.passages.find((p) => norm(p.text).includes(norm("组织高新技术攀登工程")))!);
    for (const c of copies) {
      const others = new Set(ix.echoesOf(c.id).map((e) => e.docId));
      for (const d of [jilin, ...copiers]) if (d.id !== c.docId) expect(others.has(d.id), `${c.docId} → ${d.id}`).toBe(true);
    }
  });
});

describe("a family of 10", () => {
  it("a verbatim clause copied into every document of a family of 10 is echoed between every pair, beside the seeds", () => {
    const family = Array.from({ length: 10 }, (_, i) =>
      makeDoc(`fam${i}`, ["# 科技创新", `${TOPICS[i]}，第${i + 1}项重点任务。`, `${TOPICS[(i + 1) % TOPICS.length]}。${clause.text}${TOPICS[(i + 2) % TOPICS.length]}。`, `${TOPICS[(i + 4) % TOPICS.length]}。`]),
    );
    const docs = [...seeds, ...family];
    const ix = createEchoIndex(computeEchoes(docs), docs);
    for (const d of family) {
      const p = d.editions[0]!.passages[2]!;
      const echoed = new Set(ix.echoesOf(p.id).map((e) => e.docId));
      for (const other of family) if (other !== d) expect(echoed.has(other.id), `${d.id} → ${other.id}`).toBe(true);
      expect(echoed.has(jilin.id)).toBe(true);
      // The clause itself is what they share.
      const e = ix.echoesOf(p.id).find((x) => x.docId !== jilin.id)!;
      expect(e.spans.map((s) => norm(p.text.slice(...s.a))).join("")).toContain(norm(clause.text));
    }
  });
});

describe("the trail of the 揭榜挂帅 clause", () => {
  it("lists its documents in date order, the earliest marked, grouped by level and region", () => {
    const docs = [...seeds, ...copiers];
    const ix = createEchoIndex(computeEchoes(docs), docs);
    const trail = ix.trail(clause.id)!;
    expect(trail.entries.map((e) => e.docTitle)).toEqual([
      "辽宁省科学技术发展“十四五”规划",
      "吉林省科学技术发展“十四五”规划",
      "通化市科学技术发展“十四五”规划",
      "白山市科学技术发展“十四五”规划",
      "辉南县科学技术发展“十四五”规划",
    ]);
    const dates = trail.entries.map((e) => e.date!);
    expect([...dates].sort()).toEqual(dates);
    expect(trail.entries.map((e) => e.earliest)).toEqual([true, false, false, false, false]);
    expect(trail.entries.find((e) => e.docId === jilin.id)!.relation).toBe("self");
    for (const e of trail.entries.slice(1)) {
      expect(e.similarity).toBeGreaterThan(0.9); // copies with a place name changed
      expect(e.relation === "verbatim" || e.relation === "self").toBe(true);
    }
    expect(trail.groups.map((g) => [g.level, g.region])).toEqual([
      ["province", "吉林省"],
      ["province", "辽宁省"],
      ["prefecture", "白山市"],
      ["prefecture", "通化市"],
      ["county", "辉南县"],
    ]);
    // Asked from a copy, the trail lists the same documents.
    const copy = copiers[2]!.editions[0]!.passages.find((p) => norm(p.text).includes(norm("组织高新技术攀登工程")))!;
    expect(ix.trail(copy.id)!.entries.map((e) => e.docId)).toEqual(trail.entries.map((e) => e.docId));
  });

  it("an adaptation that keeps a little of the clause is an echo but not on the clause's trail", () => {
    const ix = createEchoIndex(computeEchoes(seeds), seeds);
    expect(ix.echoesOf(clause.id).map((e) => e.id)).toContain(yanbianClause.id);
    expect(ix.trail(clause.id)!.entries.map((e) => e.docId)).toEqual([jilin.id]);
  });
});
