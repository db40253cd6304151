#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for CI: initdb into a temporary folder as an unprivileged user, listen on
# a free loopback port, trust local connections (nothing but this machine reaches it).
#
#   eval "$(.ci/postgres.sh start)"   # prints the export lines (ZHANGJIE_TEST_DATABASE_URL, ZHANGJIE_PG_DIR)
#   .ci/postgres.sh stop              # stops the cluster named by ZHANGJIE_PG_DIR and removes its folder
#
# PG_BIN overrides /usr/lib/postgresql/15/bin. Run as root, the cluster runs as `postgres` (or PG_USER).
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "${PG_USER:-postgres}" -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if [ ! -x "$PG_BIN/initdb" ]; then echo "no PostgreSQL binaries in $PG_BIN" >&2; exit 3; fi
  local dir port
  dir="$(mktemp -d /tmp/zj-pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown "${PG_USER:-postgres}" "$dir"
  port="$(free_port)"
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=replica -c max_wal_senders=10 -c hot_standby=on" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres zhangjie
  echo "export ZHANGJIE_PG_DIR=$dir"
  echo "export ZHANGJIE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/zhangjie"
}

stop() {
  local dir="${1:-${ZHANGJIE_PG_DIR:-}}"
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then echo "no cluster to stop (ZHANGJIE_PG_DIR unset)" >&2; return 0; fi
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [dir]" >&2; exit 2 ;;
esac
