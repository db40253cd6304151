/**
 * Databases for the PostgreSQL store's tests. With ZHANGJIE_TEST_DATABASE_URL set (CI: .ci/postgres.sh),
 * each test file gets a fresh database in that cluster; without it, a cluster of its own. Replicas are
 * always started here (startReplica). `hasPostgres` is false only when no PostgreSQL binary exists
 * (the tests are then skipped, saying so).
 */
import pg from "pg";
import { PG_BIN, startCluster } from "../../src/index/stores/postgres/cluster.ts";

export { hasPostgres, startCluster, startReplica, freePort, type Cluster } from "../../src/index/stores/postgres/cluster.ts";
export const SKIP_REASON = `no PostgreSQL binaries in ${PG_BIN}: PostgreSQL store tests skipped`;

export interface TestDatabase {
  url: string;
  /** The cluster's URL for another database name. */
  urlOf(db: string): string;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, empty database (in CI's cluster, or in a cluster started for it). `dropAtExit`: for callers
 * without an afterAll of their own — a cluster started for it is stopped when the process exits (a
 * database in CI's cluster goes with that cluster).
 */
export async function testDatabase(opts: { dropAtExit?: boolean } = {}): Promise<TestDatabase> {
  const name = `zj_test_${process.pid}_${Date.now() % 1e6}_${counter++}`;
  const shared = process.env.ZHANGJIE_TEST_DATABASE_URL;
  const cluster = shared ? null : await startCluster();
  const admin = shared ? withDb(shared, "postgres") : cluster!.url("postgres");
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = shared ? withDb(shared, name) : cluster!.url(name);
  if (opts.dropAtExit && cluster) process.once("exit", () => cluster.stop());
  return {
    url,
    urlOf: (db) => (shared ? withDb(shared, db) : cluster!.url(db)),
    async drop() {
      if (cluster) return cluster.stop();
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
