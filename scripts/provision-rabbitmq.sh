#!/usr/bin/env bash
# Provisions a city's RabbitMQ through its management API: the vhost `jardam`, one user per
# service with the least permissions it needs, and the policies. Idempotent. Used by
# scripts/servers.sh and, in compose, by the one-shot `broker-init` service.
#
# Needs: RABBITMQ_API_URL (https://host:15671, verified against RABBITMQ_CA_FILE when set),
# RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD, JARDAM_CITY, and AMQP_PASSWORD_INTAKE, _LEGAL, _SHELTER,
# _MEDICAL, _LABOR, _NETWORK, _FEDERATION.
#
# Each service user `jardam-<service>` (queue `<service>.events`) may touch only its own:
#   configure  its queue, that queue's retry and dead-letter queues (it declares them at connect;
#              the exchanges and the other queues it only checks: `jardamctl topology declare`
#              makes them, as the operator);
#   write      those queues (binding needs it) and the city's exchanges, where topic permissions
#              narrow what it may publish: on jardam.events and jardam.partners only its own
#              events (`<schema>.*`, e.g. `shelter.booking.held.v1`), on jardam.retry and
#              jardam.dead-letter only under its own queue's name; nothing to the default exchange;
#   read       its queues (to consume) and the exchanges it binds them to, within the same names.
# Publishers set `user_id`, which RabbitMQ checks against the login, and consumers dead-letter an
# event whose type is not its publisher's (reason `forged`).
#
# The network of cities (CONTRACT.md §7): only `jardam-network` may read and write the exchange
# `jardam.network` (its own `network.*` events). `jardam-federation` is the user the OTHER cities'
# federation links log in as: it may only make, bind and consume federation's own queue and
# exchange (`federation: jardam.network -> …`) and read `jardam.network`, nothing else here.
set -euo pipefail

api="${RABBITMQ_API_URL:?RABBITMQ_API_URL is missing}"
auth="${RABBITMQ_ADMIN_USER:?RABBITMQ_ADMIN_USER is missing}:${RABBITMQ_ADMIN_PASSWORD:?RABBITMQ_ADMIN_PASSWORD is missing}"
vhost=jardam
tls=(); [ -z "${RABBITMQ_CA_FILE:-}" ] || tls=(--cacert "$RABBITMQ_CA_FILE")

call() { # METHOD PATH [JSON]
  local out
  if ! out=$(curl "${tls[@]}" -sS -f -u "$auth" -X "$1" -H 'content-type: application/json' ${3:+--data "$3"} "$api/api/$2" 2>&1); then
    echo "provision-rabbitmq: $1 /api/$2 failed: $out" >&2
    return 1
  fi
}

for _ in $(seq 1 120); do
  curl "${tls[@]}" -sS -f -u "$auth" "$api/api/overview" >/dev/null 2>&1 && break
  sleep 1
done
call GET overview

call PUT "vhosts/$vhost" '{"description": "one Jardam city"}'
# Federation's loop detection tells the cities' brokers apart by their cluster name.
call PUT "cluster-name" "{\"name\": \"jardam-${JARDAM_CITY:?JARDAM_CITY is missing}\"}"

services="intake:intake:INTAKE legal-referral:legal:LEGAL shelter:shelter:SHELTER medical-insurance:medical:MEDICAL labor-exchange:labor:LABOR network:network:NETWORK"
for entry in $services; do
  IFS=: read -r name schema prefix <<<"$entry"
  exchanges='jardam\\.(events|partners|dead-letter|retry)'
  [ "$name" != network ] || exchanges='jardam\\.(events|partners|dead-letter|retry|network)'
  password_var="AMQP_PASSWORD_$prefix"
  password="${!password_var:?$password_var is missing}"
  user="jardam-$name"
  # JSON text of a regex: \\. is a dot.
  own="$name\\\\.events(\\\\..*)?"
  call PUT "users/$user" "{\"password\": \"$password\", \"tags\": \"\"}"
  call PUT "permissions/$vhost/$user" \
    "{\"configure\": \"^$own\$\", \"write\": \"^($exchanges|$own)\$\", \"read\": \"^($exchanges|$own)\$\"}"
  call PUT "topic-permissions/$vhost/$user" "{\"exchange\": \"jardam.events\", \"write\": \"^$schema\\\\.\", \"read\": \".*\"}"
  call PUT "topic-permissions/$vhost/$user" "{\"exchange\": \"jardam.partners\", \"write\": \"^$schema\\\\.\", \"read\": \"^\$\"}"
  for exchange in jardam.retry jardam.dead-letter; do
    call PUT "topic-permissions/$vhost/$user" "{\"exchange\": \"$exchange\", \"write\": \"^$own\$\", \"read\": \"^$own\$\"}"
  done
  [ "$name" != network ] || call PUT "topic-permissions/$vhost/$user" "{\"exchange\": \"jardam.network\", \"write\": \"^network\\\\.\", \"read\": \".*\"}"
done

# The other cities' federation links.
federation='federation: jardam\\.network -> .*'
call PUT "users/jardam-federation" "{\"password\": \"${AMQP_PASSWORD_FEDERATION:?AMQP_PASSWORD_FEDERATION is missing}\", \"tags\": \"\"}"
call PUT "permissions/$vhost/jardam-federation" \
  "{\"configure\": \"^$federation\$\", \"write\": \"^$federation\$\", \"read\": \"^(jardam\\\\.network|$federation)\$\"}"

# Before issue 21 jardam.dead-letter was a direct exchange; it is a topic exchange now, so that
# topic permissions say who may write under which queue's name. An old one is removed here and
# `jardamctl topology declare` makes it again, with its bindings; the dead-letter queues stay.
if curl "${tls[@]}" -sS -f -u "$auth" "$api/api/exchanges/$vhost/jardam.dead-letter" 2>/dev/null | grep -q '"type":"direct"'; then
  call DELETE "exchanges/$vhost/jardam.dead-letter"
fi
# Older releases declared queues that the services now declare otherwise: retry queues that
# returned their messages through the default exchange (which no service may write to now; they
# return them through jardam.retry), retry queues kept as classic queues on one node, and quorum
# queues without `x-quorum-initial-group-size` 3 (issue 24: every queue replicated on three nodes).
# An old queue is removed once empty, and the service declares it again as it is now (a retry
# waits at most a minute: stop the services first, and run this again if asked; dead letters are
# replayed or discarded first with `jardamctl dlq`).
old_queues=$(curl "${tls[@]}" -sS -f -u "$auth" "$api/api/queues/$vhost?columns=name,messages,arguments" 2>/dev/null | python3 -c '
import json, sys
for queue in json.load(sys.stdin):
    arguments = queue.get("arguments", {})
    ours = queue["name"].split(".")[1:2] == ["events"]
    if ours and (arguments.get("x-dead-letter-exchange") == "" or arguments.get("x-queue-type") != "quorum"
                 or arguments.get("x-quorum-initial-group-size") != 3):
        print(queue["name"], queue.get("messages", 0))
') || old_queues=""
while read -r queue count; do
  [ -n "$queue" ] || continue
  if [ "${count:-0}" -gt 0 ]; then
    echo "provision-rabbitmq: $queue still holds $count message(s) of an older release; stop the services, replay or discard its dead letters (jardamctl dlq), wait a minute and run this again" >&2
    exit 1
  fi
  call DELETE "queues/$vhost/$queue"
done <<<"$old_queues"

# Dead letters wait for an operator; when that many pile up the queue refuses more, and
# at-least-once dead-lettering keeps the rest in the service's queue instead of dropping them.
call PUT "policies/$vhost/dead-letters" \
  '{"pattern": "\\.dead-letter$", "apply-to": "queues", "priority": 1, "definition": {"max-length": 1000000, "overflow": "reject-publish"}}'
echo "provision-rabbitmq: vhost $vhost, 6 service users, the federation user, policies"
