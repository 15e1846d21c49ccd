#!/usr/bin/env bash
# Validates compose/docker-compose.yml for every city with `docker-compose config` (no Docker
# engine needed): the file resolves with each compose/cities/<city>.env, refuses to resolve
# without the secrets, and gives each service its own database role and broker user; with the
# three-broker profile (COMPOSE_PROFILES=ha) it has three broker nodes that every client reaches.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

secrets=(AMQP_PASSWORD JARDAM_TOKEN_SECRET INTAKE_DATA_KEY MEDICAL_DATA_KEY PG_ADMIN_PASSWORD)
for s in INTAKE LEGAL SHELTER MEDICAL LABOR NETWORK; do secrets+=("AMQP_PASSWORD_$s" "PG_PASSWORD_$s"); done
secrets+=(PG_PASSWORD_INTAKE_KEYS PG_PASSWORD_MEDICAL_KEYS AMQP_PASSWORD_FEDERATION INTAKE_TRANSFER_KEY PG_PASSWORD_CONSOLE CONSOLE_KEY AMQP_ERLANG_COOKIE)
placeholders=(); for name in "${secrets[@]}"; do placeholders+=("$name=placeholder-$name"); done
placeholders+=(JARDAM_TLS_DIR=/etc/jardam/tls)

status=0
# The build context must never carry local secrets, data or build products into an image.
for path in .run/ .build/; do
  grep -qx "$path" .dockerignore || { echo "compose: .dockerignore does not keep $path out of images" >&2; status=1; }
done
for file in compose/cities/*.env; do
  city=$(basename "$file" .env)
  case "$city" in test | test-*) continue ;; esac  # the instances of `make test`, not cities
  compose=(docker-compose -p "jardam-$city" --env-file "$file" -f compose/docker-compose.yml)
  if ! resolved=$(env -i PATH="$PATH" "${placeholders[@]}" "${compose[@]}" config 2>&1); then
    echo "compose: $city does not validate: $resolved" >&2; status=1; continue
  fi
  for user in jardam_intake jardam_legal jardam_shelter jardam_medical jardam_labor jardam_network jardam_console jardam_intake_keys jardam_medical_keys \
              jardam-intake jardam-legal-referral jardam-shelter jardam-medical-insurance jardam-labor-exchange jardam-network; do
    grep -q "$user:placeholder" <<<"$resolved" || { echo "compose: $city gives no service the credentials of $user" >&2; status=1; }
  done
  grep -q "JARDAM_CITY: $city" <<<"$resolved" || { echo "compose: $city's services do not get JARDAM_CITY=$city" >&2; status=1; }
  # Every link is TLS: each PostgreSQL URL verifies the server, each AMQP URL is amqps://, each
  # service has its certificate.
  if grep -E 'postgresql://' <<<"$resolved" | grep -v 'sslmode=verify-full&sslrootcert=/run/secrets/ca_crt' >&2; then
    echo "compose: $city has a PostgreSQL URL that does not verify the server" >&2; status=1
  fi
  if grep -E 'amqp://' <<<"$resolved" >&2; then echo "compose: $city has a plain AMQP URL" >&2; status=1; fi
  [ "$(grep -c 'JARDAM_TLS_CERT: /run/secrets/server_crt' <<<"$resolved")" -eq 7 ] \
    || { echo "compose: $city's six services and console do not all serve HTTPS" >&2; status=1; }
  if env -i PATH="$PATH" "${compose[@]}" config -q >/dev/null 2>&1; then
    echo "compose: $city resolves without its secrets" >&2; status=1
  fi
  # The three-broker profile: three broker nodes, and every client's URL lists all three.
  if ha=$(env -i PATH="$PATH" "${placeholders[@]}" COMPOSE_PROFILES=ha AMQP_NODES=rabbitmq:5671,rabbitmq-2:5671,rabbitmq-3:5671 "${compose[@]}" config 2>&1); then
    nodes=$(env -i PATH="$PATH" "${placeholders[@]}" COMPOSE_PROFILES=ha "${compose[@]}" config --services 2>/dev/null | grep -c '^rabbitmq' || true)
    [ "$nodes" = 3 ] || { echo "compose: $city's ha profile has $nodes broker nodes, not 3" >&2; status=1; }
    urls=$(grep -c 'JARDAM_AMQP_URL: amqps://.*@rabbitmq:5671,rabbitmq-2:5671,rabbitmq-3:5671/jardam' <<<"$ha" || true)
    [ "$urls" = 7 ] || { echo "compose: $city's ha profile gives $urls of 7 AMQP clients every node" >&2; status=1; }
  else
    echo "compose: $city's ha profile does not validate: $ha" >&2; status=1
  fi
  [ $status -ne 0 ] || echo "compose: $city validates"
done
exit $status
