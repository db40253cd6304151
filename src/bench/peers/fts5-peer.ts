/**
 * SQLite FTS5 with the trigram tokenizer (better-sqlite3), in memory. A literal of 3 or more
 * characters is an FTS5 phrase (consecutive trigrams: an exact substring match); FTS5 trigram cannot
 * index shorter strings, so a 1–2-character literal is `text LIKE '%…%'`, which SQLite answers by
 * reading every row. A query is one statement: groups of long literals go into one MATCH expression,
 * groups holding a short literal and the exclusions become LIKE conditions on the same rows.
 * Statements are prepared once per distinct SQL text, as an application would.
 */
import Database from "better-sqlite3";
import type { LiteralQuery, Peer, PeerPassage } from "./peer.ts";

/** Shortest literal the trigram index can answer. */
const TRIGRAM = 3;

/** An FTS5 string literal: double quotes, inner quotes doubled. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** A LIKE pattern matching the term anywhere, with `\` escaping `%`, `_` and itself. */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface Fts5Statement {
  sql: string;
  params: string[];
}

/** The one SQL statement answering a literal query (exported for the tests). */
export function fts5Statement(q: LiteralQuery): Fts5Statement {
  const match: string[] = [];
  const where: string[] = [];
  const params: string[] = [];
  const likes: string[] = [];
  for (const g of q.groups) {
    if (g.every((t) => [...t].length >= TRIGRAM)) match.push(g.length === 1 ? ftsPhrase(g[0]!) : `(${g.map(ftsPhrase).join(" OR ")})`);
    else {
      where.push(`(${g.map(() => "text LIKE ? ESCAPE '\\'").join(" OR ")})`);
      likes.push(...g.map(likeContains));
    }
  }
  const matchNot: string[] = [];
  for (const t of q.not) {
    // FTS5's NOT needs a positive operand in the same MATCH; otherwise exclude by LIKE.
    if (match.length && [...t].length >= TRIGRAM) matchNot.push(ftsPhrase(t));
    else {
      where.push("text NOT LIKE ? ESCAPE '\\'");
      likes.push(likeContains(t));
    }
  }
  if (match.length) {
    const expr = match.join(" AND ") + matchNot.map((t) => ` NOT ${t}`).join("");
    where.unshift("passages MATCH ?");
    params.push(expr);
  }
  params.push(...likes);
  return { sql: `SELECT rowid FROM passages WHERE ${where.join(" AND ")}`, params };
}

export class Fts5Peer implements Peer {
  readonly name = "fts5";
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();

  build(passages: readonly PeerPassage[]): void {
    const db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE passages USING fts5(text, tokenize = 'trigram')");
    const insert = db.prepare("INSERT INTO passages(rowid, text) VALUES (?, ?)");
    db.transaction(() => {
      passages.forEach((p, i) => insert.run(i, p.folded));
    })();
    db.exec("INSERT INTO passages(passages) VALUES ('optimize')"); // one b-tree per term, as a finished index would be
    this.db = db;
  }

  query(q: LiteralQuery): number[] {
    if (!this.db) throw new Error("fts5 peer: query before build");
    const { sql, params } = fts5Statement(q);
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).pluck();
      this.statements.set(sql, stmt);
    }
    return stmt.all(...params) as number[];
  }

  close(): void {
    this.statements.clear();
    this.db?.close();
    this.db = null;
  }
}
