#!/usr/bin/env bash
# Runs schemathesis (PyPI) against each running service of CITY with its own OpenAPI document:
# every check, the seed and bounds of scripts/schemathesis.toml, a staff token holding every staff
# role. Prints one line per service and exits non-zero on any failure; reports in .run/CITY/schemathesis.
#
#   scripts/schemathesis.sh CITY
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
city=${1:?usage: schemathesis.sh CITY}
run="$root/.run/$city"
set -a; . "$run/env"; set +a
token=$("$root/.build/debug/jardamctl" token issue --city "$JARDAM_CITY" --ttl 1h --subject schemathesis \
  --role operator --role caseworker --role supervisor --role auditor --role shelter-manager --role medical-desk \
  --role employment-officer --role ops)
mkdir -p "$run/schemathesis"
status=0
for entry in intake:INTAKE legal-referral:LEGAL shelter:SHELTER medical-insurance:MEDICAL labor-exchange:LABOR network:NETWORK; do
  name=${entry%%:*} port_var="${entry##*:}_HTTP_PORT"
  report="$run/schemathesis/$name.txt"
  if (cd "$run/schemathesis" && schemathesis --no-color --config-file "$root/scripts/schemathesis.toml" run \
      "$root/docs/openapi/$name.yaml" --url "https://127.0.0.1:${!port_var}" --tls-verify "$TLS_CA_FILE" \
      --header "Authorization: Bearer $token" --workers 1) >"$report" 2>&1; then
    echo "schemathesis: $name: $(grep -E '^=+ .* in [0-9.]+s =+$' "$report" | tr -d '=' | xargs)"
  else
    status=1
    echo "schemathesis: $name FAILED: $(grep -E '^=+ .* in [0-9.]+s =+$' "$report" | tr -d '=' | xargs); see $report" >&2
    sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$report" | head -150 >&2 || true
  fi
done
exit $status
