#!/usr/bin/env bash
# Creates a city's database, and per service a login role owning its schema and nothing else.
# Idempotent. Connects with libpq's PG* variables as an administrator; needs JARDAM_CITY and
# PG_PASSWORD_INTAKE, _LEGAL, _SHELTER, _MEDICAL, _LABOR. Used by scripts/servers.sh and, in
# compose, run by the postgres image from /docker-entrypoint-initdb.d.
set -euo pipefail

export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}" PGOPTIONS="-c client_min_messages=warning"
db="jardam_${JARDAM_CITY:?JARDAM_CITY is missing}"
sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

sql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || sql -d postgres -c "CREATE DATABASE \"$db\""
sql -d "$db" -c "REVOKE ALL ON DATABASE \"$db\" FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC;"
# Shelter's exclusion constraint (a bed never booked twice for overlapping nights) needs
# btree_gist's operators for uuid; extensions are the administrator's to install.
sql -d "$db" -c "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public"
for schema in intake legal shelter medical labor; do
  role="jardam_$schema" pw_var="PG_PASSWORD_${schema^^}"
  password="${!pw_var:?$pw_var is missing}"
  sql -d "$db" -v role="$role" -v password="$password" -v schema="$schema" -v db="$db" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'db', :'role') \gexec
SELECT format('GRANT USAGE ON SCHEMA public TO %I', :'role') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'schema', :'role') \gexec
SQL
done
