#!/usr/bin/env bash
# PostgreSQL server binaries for the tests (the tests start their own throw-away cluster).
# Not needed when DATABASE_URL / TEST_DATABASE_URL points at an existing server, and not needed
# by `npm start`, whose default database is the embedded PGlite.
source "$(dirname "$0")/lib.sh"
step "PostgreSQL server binaries (for tests)"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  info "TEST_DATABASE_URL is set: tests use that server"; exit 0
fi
find_pg_bin() {
  local d
  if [ -n "${PG_BIN_DIR:-}" ]; then echo "$PG_BIN_DIR"; return 0; fi
  # Newest installed major version ≤ 17 (Prisma's schema engine cannot introspect 18 yet).
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    local major; major="$(basename "$(dirname "$d")")"  # /usr/lib/postgresql/<major>/bin
    if [ "$major" -le 17 ] && [ -x "$d/postgres" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}
if dir="$(find_pg_bin)"; then
  info "found $("$dir/postgres" --version) in $dir"; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  fail "no PostgreSQL server found. Install Debian's package (sudo apt-get install postgresql), set PG_BIN_DIR=/path/to/bin, or set TEST_DATABASE_URL to an existing server."
fi
info "installing Debian's postgresql package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
dir="$(find_pg_bin)" || fail "postgresql was installed but no server binaries were found under /usr/lib/postgresql."
# Debian creates and starts a default cluster; Spinway never uses it.
info "installed $("$dir/postgres" --version) in $dir"
