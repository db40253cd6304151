/**
 * Throwaway PostgreSQL clusters (tests and the bench): initdb into a temporary folder, a free
 * loopback port, trust on loopback only, run as `postgres` (PG_USER) when we are root; a hot standby
 * of one by pg_basebackup -R. PG_BIN overrides /usr/lib/postgresql/15/bin.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const hasPostgres = fs.existsSync(path.join(PG_BIN, "initdb"));

const asRoot = process.getuid?.() === 0;
const OWNER = process.env.PG_USER ?? "postgres";

function run(bin: string, args: string[]): string {
  const exe = path.join(PG_BIN, bin);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", OWNER, "--", exe, ...args]] : [exe, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  port: number;
  dir: string;
  url(db: string): string;
  stop(): void;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zj-pg-"));
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync("chown", [OWNER, dir]);
  return dir;
}

function startServer(dir: string, port: number): Cluster {
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=replica -c max_wal_senders=10 -c hot_standby=on`;
  try {
    run("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/server.log`, "-w", "-t", "60", "-o", opts, "start"]);
  } catch (err) {
    const log = fs.existsSync(`${dir}/server.log`) ? fs.readFileSync(`${dir}/server.log`, "utf8") : "";
    throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    port,
    dir,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop() {
      try {
        run("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startCluster(): Promise<Cluster> {
  const dir = tempDir();
  run("initdb", ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  return startServer(dir, await freePort());
}

/** A hot standby of the primary at `primaryUrl` (streaming replication, pg_basebackup -R). */
export async function startReplica(primaryUrl: string): Promise<Cluster> {
  const u = new URL(primaryUrl);
  const dir = tempDir();
  run("pg_basebackup", ["-h", u.hostname, "-p", u.port, "-U", u.username || "postgres", "-D", `${dir}/data`, "-R", "-X", "stream", "-c", "fast"]);
  return startServer(dir, await freePort());
}
