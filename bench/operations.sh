#!/usr/bin/env bash
# Operations benchmark: backup and restore of a database holding 1,000 Pilots with 100 runs each,
# 100,000 audit events and 10,000 credentials, with PostgreSQL's own pg_dump of the same database in the
# same run as the peer. The embedded server is PostgreSQL 17 and an older pg_dump refuses it, so this runs
# against Debian's PostgreSQL 15 (installed and started here when missing; needs root), on loopback, in
# throw-away databases. Writes the "Backups" section of BENCHMARKS.md.
#
#   bench/operations.sh
#   EMBEDDED=1 bench/operations.sh    # on the embedded server instead, without the pg_dump peer
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${EMBEDDED:-0}" = 1 ]; then
  exec ./mvnw -q test -Pbench -Dtest=BackupBenchmark
fi

if [ ! -x /usr/lib/postgresql/15/bin/pg_dump ]; then
  echo "bench: installing Debian's PostgreSQL 15"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

pw_owner="bench-owner-$RANDOM$RANDOM"
pw_app="bench-app-$RANDOM$RANDOM"
pw_cleanup="bench-cleanup-$RANDOM$RANDOM"
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = 'charter_owner') then create role charter_owner login superuser; end if;
  if not exists (select 1 from pg_roles where rolname = 'charter_app') then create role charter_app login; end if;
  if not exists (select 1 from pg_roles where rolname = 'charter_cleanup') then create role charter_cleanup login; end if;
end \$\$;
alter role charter_owner password '$pw_owner';
alter role charter_app password '$pw_app';
alter role charter_cleanup password '$pw_cleanup';
SQL

# loopback only, so the benchmark allows a plain connection explicitly (OPS-2 refuses one otherwise)
CHARTER_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable" \
CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT=true \
CHARTER_DATABASE_USER=charter_app CHARTER_DATABASE_PASSWORD="$pw_app" \
CHARTER_DATABASE_MIGRATION_USER=charter_owner CHARTER_DATABASE_MIGRATION_PASSWORD="$pw_owner" \
CHARTER_DATABASE_CLEANUP_USER=charter_cleanup CHARTER_DATABASE_CLEANUP_PASSWORD="$pw_cleanup" \
CHARTER_BENCH_PG_DUMP=/usr/lib/postgresql/15/bin/pg_dump \
  ./mvnw -q test -Pbench -Dtest=BackupBenchmark

# the databases the benchmark's application context made
su postgres -c "psql -Atq -c \"select datname from pg_database where datname like 'charter\\_%'\"" | while read -r db; do
  su postgres -c "dropdb --if-exists '$db'"
done
