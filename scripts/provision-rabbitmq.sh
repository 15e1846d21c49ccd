#!/usr/bin/env bash
# Provisions a city's RabbitMQ through its management API: the vhost `jardam`, one user per
# service with the least permissions it needs, and the policies. Idempotent. Used by
# scripts/servers.sh and, in compose, by the one-shot `broker-init` service.
#
# Needs: RABBITMQ_API_URL (http://host:15672), RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD,
# and AMQP_PASSWORD_INTAKE, _LEGAL, _SHELTER, _MEDICAL, _LABOR.
#
# Each service user `jardam-<service>`:
#   configure  the city's exchanges and every service's queues (each service declares the whole
#              city topology at connect, so that no event is dropped for lack of a queue);
#   write      the same (binding a queue needs write on it) and the default exchange (retries);
#   read       the exchanges (to bind) and the city's queues: RabbitMQ asks for read on a queue
#              declared with a dead-letter exchange, and each service declares them all;
#   topics     on jardam.events and jardam.partners it may publish only its own events
#              (`<schema>.*`, e.g. `shelter.booking.held.v1`).
set -euo pipefail

api="${RABBITMQ_API_URL:?RABBITMQ_API_URL is missing}"
auth="${RABBITMQ_ADMIN_USER:?RABBITMQ_ADMIN_USER is missing}:${RABBITMQ_ADMIN_PASSWORD:?RABBITMQ_ADMIN_PASSWORD is missing}"
vhost=jardam

call() { # METHOD PATH [JSON]
  local out
  if ! out=$(curl -sS -f -u "$auth" -X "$1" -H 'content-type: application/json' ${3:+--data "$3"} "$api/api/$2" 2>&1); then
    echo "provision-rabbitmq: $1 /api/$2 failed: $out" >&2
    return 1
  fi
}

for _ in $(seq 1 120); do
  curl -sS -f -u "$auth" "$api/api/overview" >/dev/null 2>&1 && break
  sleep 1
done
call GET overview

call PUT "vhosts/$vhost" '{"description": "one Jardam city"}'

services="intake:intake:INTAKE legal-referral:legal:LEGAL shelter:shelter:SHELTER medical-insurance:medical:MEDICAL labor-exchange:labor:LABOR"
exchanges='jardam\\.(events|partners|dead-letter)'
queues='(intake|legal-referral|shelter|medical-insurance|labor-exchange)\\.events(\\..*)?'
for entry in $services; do
  IFS=: read -r name schema prefix <<<"$entry"
  password_var="AMQP_PASSWORD_$prefix"
  password="${!password_var:?$password_var is missing}"
  user="jardam-$name"
  call PUT "users/$user" "{\"password\": \"$password\", \"tags\": \"\"}"
  call PUT "permissions/$vhost/$user" \
    "{\"configure\": \"^($exchanges|$queues)\$\", \"write\": \"^($exchanges|$queues|amq\\\\.default)\$\", \"read\": \"^($exchanges|$queues)\$\"}"
  for exchange in jardam.events jardam.partners; do
    read_keys='.*'; [ "$exchange" = jardam.partners ] && read_keys='^$'
    call PUT "topic-permissions/$vhost/$user" \
      "{\"exchange\": \"$exchange\", \"write\": \"^$schema\\\\.\", \"read\": \"$read_keys\"}"
  done
done

# Dead letters wait for an operator; when that many pile up the queue refuses more, and
# at-least-once dead-lettering keeps the rest in the service's queue instead of dropping them.
call PUT "policies/$vhost/dead-letters" \
  '{"pattern": "\\.dead-letter$", "apply-to": "queues", "priority": 1, "definition": {"max-length": 1000000, "overflow": "reject-publish"}}'
echo "provision-rabbitmq: vhost $vhost, 5 service users, policies"
