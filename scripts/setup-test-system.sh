#!/usr/bin/env bash
# Installs the system packages the tests need and a fresh Debian machine lacks, as
# `playwright install --with-deps` does elsewhere: Debian's chromium, which the browser tests drive
# through playwright-core (no browser download works here), and postgresql, whose initdb and pg_ctl
# the PostgreSQL store's tests run a throwaway server with, and openssl, which makes the certificates
# of the mutual-TLS tests, and redis-server, which the distributed runs' tests start on loopback
# for BullMQ. Does nothing when all are present.
set -euo pipefail

# A PostgreSQL server's initdb and pg_ctl, searched where test/support/postgres-server.ts looks:
# pg_config's bindir, Debian's /usr/lib/postgresql/<version>/bin, the PATH.
has_postgres_server() {
  local dir
  dir=$(pg_config --bindir 2>/dev/null) && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
has_postgres_server || missing+=(postgresql)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing Debian packages the tests need: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-test-system: ${missing[*]} missing and neither root nor sudo available; install them with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
