#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (Debian's postgresql-15): a fresh cluster in a temporary folder
# on a free local port, stopped and deleted at the end. `run CMD...` starts it, runs CMD with
# LEARNLOOP_TEST_PG_URI set (postgres://postgres:ll-test-secret@127.0.0.1:PORT/postgres: password authentication over
# TCP, so the tests can also present wrong credentials) and stops it on every exit path (trap), passing on CMD's
# status. When the server cannot start it says why, still runs CMD (without the URI: the PostgreSQL tests then fail
# under CI=true) and exits 1. `start` / `stop DIR` do the halves by hand (start prints DIR and the URI).
# As root (initdb and postgres refuse root) it runs them as the postgres user inside a private mount namespace
# whose /dev/null is a fresh null device (on these machines /dev/null is not writable by other users): see
# ../shared/TOOLCHAIN.md, "PostgreSQL here". That needs CAP_SYS_ADMIN (unshare) and a postgres user.
set -uo pipefail

bindir=${LEARNLOOP_PG_BINDIR:-/usr/lib/postgresql/15/bin}
password=ll-test-secret

fail() {
  echo "pg_test_server: $*" >&2
  return 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs the shell script $1/$2 as the cluster's owner: directly for a normal user, through unshare as root.
as_owner() {
  local dir=$1 script=$2
  if ((EUID != 0)); then
    sh "$dir/$script"
    return
  fi
  unshare -m sh -c "mount -t tmpfs none '$dir/dev' && mknod -m 666 '$dir/dev/null' c 1 3 && \
    mount --bind '$dir/dev/null' /dev/null && runuser -u postgres -- sh '$dir/$script'"
}

start() {
  [[ -x $bindir/initdb && -x $bindir/pg_ctl ]] ||
    fail "no PostgreSQL 15 server binaries in $bindir: install Debian's postgresql-15 (bash scripts/setup.sh --postgres)" ||
    return 1
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || fail "running as root, and there is no postgres user to run the server as" || return 1
    command -v unshare >/dev/null || fail "running as root and unshare (util-linux) is missing" || return 1
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/learnloop-pg.XXXXXX") || return 1
  port=$(free_port) || fail "cannot find a free local port" || return 1
  mkdir -p "$dir/dev"
  echo "$password" >"$dir/pwfile"
  echo "$port" >"$dir/port"
  cat >"$dir/start.sh" <<SCRIPT
set -e
"$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" \
  -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
"$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=off" start >"$dir/pg_ctl.log" 2>&1
SCRIPT
  cat >"$dir/stop.sh" <<SCRIPT
"$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >>"$dir/pg_ctl.log" 2>&1
SCRIPT
  ((EUID == 0)) && chown -R postgres "$dir"
  if ! as_owner "$dir" start.sh 2>"$dir/unshare.log"; then
    local why
    why=$(cat "$dir/unshare.log" "$dir/initdb.log" "$dir/pg_ctl.log" "$dir/server.log" 2>/dev/null | tail -5)
    rm -rf "$dir"
    fail "the server did not start${why:+: $why}" || return 1
  fi
  echo "$dir"
  echo "postgres://postgres:$password@127.0.0.1:$port/postgres"
}

stop() {
  local dir=$1
  [[ -f $dir/stop.sh ]] || return 0
  as_owner "$dir" stop.sh 2>/dev/null || echo "pg_test_server: stopping the server in $dir failed" >&2
  rm -rf "$dir"
}

case ${1:-} in
  start) start ;;
  stop) stop "${2:?stop needs the folder start printed}" ;;
  run)
    shift
    if out=$(start); then
      dir=$(sed -n 1p <<<"$out")
      trap 'stop "$dir"' EXIT
      trap 'exit 130' INT TERM
      LEARNLOOP_TEST_PG_URI=$(sed -n 2p <<<"$out") "$@"
      exit $?
    fi
    "$@"
    exit 1
    ;;
  *) echo "usage: pg_test_server.sh start | stop DIR | run CMD [ARGS...]" >&2; exit 2 ;;
esac
