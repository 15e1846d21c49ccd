#!/usr/bin/env bash
# Creates a city's database and, per service, two roles: `jardam_<schema>_owner` (no login) owns
# the schema, its tables and the migrations, and `jardam_<schema>` — the login the service runs
# as — gets only the DML it needs (on audit_log only INSERT and SELECT; migration 0009 and the
# grants below keep it so), so that a compromised service cannot rewrite its history, disable a
# trigger or grant itself more. `jardamctl migrate` connects as the administrator and acts as
# each owner. The same for the city's key store (jardam_<city>_keys, where person keys live apart
# from the data): `jardam_<schema>_keys` and its owner. Idempotent; a city from before issue 21
# (schemas owned by the service roles) is handed over to the owners. Connects with libpq's PG*
# variables as an administrator; needs JARDAM_CITY and PG_PASSWORD_INTAKE, _LEGAL, _SHELTER,
# _MEDICAL, _LABOR, _NETWORK, _CONSOLE, _INTAKE_KEYS, _MEDICAL_KEYS. Used by scripts/servers.sh and, in compose, run by
# the postgres image from /docker-entrypoint-initdb.d.
set -euo pipefail

export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}" PGOPTIONS="-c client_min_messages=warning"
db="jardam_${JARDAM_CITY:?JARDAM_CITY is missing}"
sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

keys="${db}_keys"
for each in "$db" "$keys"; do
  sql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$each'" | grep -q 1 \
    || sql -d postgres -c "CREATE DATABASE \"$each\""
  sql -d "$each" -c "REVOKE ALL ON DATABASE \"$each\" FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC;"
done
# Shelter's exclusion constraint (a bed never booked twice for overlapping nights) needs
# btree_gist's operators for uuid; extensions are the administrator's to install.
sql -d "$db" -c "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public"
# provision DATABASE ROLE PASSWORD_VARIABLE SCHEMA: the schema owned by ROLE_owner, and ROLE, a
# login with DML on it only.
provision() {
  local database="$1" role="$2" pw_var="$3" schema="$4"
  local password="${!pw_var:?$pw_var is missing}"
  sql -d "$database" -v role="$role" -v owner="${role}_owner" -v password="$password" -v schema="$schema" -v db="$database" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'db', :'role') \gexec
SELECT format('GRANT USAGE ON SCHEMA public TO %I, %I', :'role', :'owner') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'schema', :'owner') \gexec
-- Before issue 21 the service role owned its schema: hand everything to the owner.
SELECT format('ALTER SCHEMA %I OWNER TO %I', :'schema', :'owner') \gexec
SELECT format('REASSIGN OWNED BY %I TO %I', :'role', :'owner') \gexec
SELECT format('REVOKE CREATE ON SCHEMA %I FROM %I', :'schema', :'role') \gexec
SELECT format('GRANT USAGE ON SCHEMA %I TO %I', :'schema', :'role') \gexec
SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', :'schema', :'role') \gexec
SELECT format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', :'schema', :'role') \gexec
SELECT format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', :'schema', :'role') \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
              :'owner', :'schema', :'role') \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I',
              :'owner', :'schema', :'role') \gexec
-- The audit log is append-only for the service: INSERT and SELECT, nothing else.
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %I.audit_log FROM %I', :'schema', :'role')
  WHERE to_regclass(format('%I.audit_log', :'schema')) IS NOT NULL \gexec
SQL
}
for schema in intake legal shelter medical labor network console; do
  provision "$db" "jardam_$schema" "PG_PASSWORD_${schema^^}" "$schema"
done
# The key store: intake's and medical-insurance's person keys, each under a role that can reach
# nothing else (the data roles cannot connect to it, nor it to the data database).
for schema in intake medical; do
  provision "$keys" "jardam_${schema}_keys" "PG_PASSWORD_${schema^^}_KEYS" "$schema"
done
# The metrics exporter's login (when PG_PASSWORD_MONITOR is given): pg_monitor's statistics and
# settings, no table of any schema.
if [ -n "${PG_PASSWORD_MONITOR:-}" ]; then
  sql -d postgres -v password="$PG_PASSWORD_MONITOR" <<'SQL'
SELECT 'CREATE ROLE jardam_monitor LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jardam_monitor') \gexec
SELECT format('ALTER ROLE jardam_monitor PASSWORD %L', :'password') \gexec
GRANT pg_monitor TO jardam_monitor;
SQL
fi
