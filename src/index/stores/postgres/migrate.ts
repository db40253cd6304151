/**
 * Versioned migrations: migrations/NNN_name.sql, applied in order, each in its own transaction, each
 * recorded in schema_migrations. An advisory lock keeps two indexers (or servers) starting at once
 * from applying the same one twice. A database newer than this code (a migration we do not know)
 * is refused rather than misread.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../../migrations", import.meta.url));
/** pg_advisory_lock key: "zhangjie" in ASCII, folded into 31 bits. */
const LOCK = 0x7a68616e;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ""), sql: fs.readFileSync(path.join(dir, f), "utf8") }));
}

/** Applies the migrations this database lacks; returns the names applied. */
export async function migrate(client: pg.PoolClient | pg.Client, dir = MIGRATIONS_DIR): Promise<string[]> {
  const all = listMigrations(dir);
  await client.query("SELECT pg_advisory_lock($1)", [LOCK]);
  try {
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const done = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    const known = new Set(all.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length) throw new Error(`数据库的结构比本程序新 (the database schema is newer than this code): migration ${unknown.join(", ")} unknown`);
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK]);
  }
}

/** The schema version of a database (0: none), for servers that read without migrating (a replica). */
export async function schemaVersion(client: pg.Pool | pg.PoolClient | pg.Client): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
  return r.rows[0]?.v ?? 0;
}
