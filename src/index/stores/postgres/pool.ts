/** Connections to the index database: one pool per URL, small (a query takes one connection). */
import pg from "pg";

export function openPool(url: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: "zhangjie" });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on("error", (err) => console.error(`PostgreSQL 连接出错 (connection error): ${err.message}`));
  return pool;
}

/** The channel every load notifies; servers listen on it and refresh what they hold. */
export const CHANNEL = "zhangjie_index";

/** What a load notifies: the new generation and the primary's WAL position after its commit (a replica waits for it). */
export interface IndexChange {
  generation: number;
  lsn: string;
}

/** pg_advisory_xact_lock key every writer (a load, an upload, a deletion) takes: one at a time. */
export const WRITE_LOCK = 0x7a6a7772;
