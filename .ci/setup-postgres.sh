#!/usr/bin/env bash
# Install and start PostgreSQL with PostGIS from Debian's packages, and print the test database URL.
# Used by .ci/run and by developers who want the PostgreSQL backend tests to run locally.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-postgis >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then pg_createcluster "$ver" main >&2; fi
pg_ctlcluster "$ver" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
su postgres -c "psql -q -tAc \"select 1 from pg_roles where rolname='tsunagu'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"create role tsunagu login superuser password 'tsunagu'\"" >&2
su postgres -c "psql -q -tAc \"select 1 from pg_database where datname='tsunagu_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O tsunagu tsunagu_test" >&2
echo "postgres://tsunagu:tsunagu@127.0.0.1:5432/tsunagu_test"
