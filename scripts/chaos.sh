#!/usr/bin/env bash
# `make chaos` (and, shorter, a phase of `make test`): faults under load on a city that runs HA
# (the test-ha instance: three RabbitMQ nodes, a Patroni primary and standby, the seven services).
# For each fault a stream of cases over HTTP (jardam-bench chaos), the fault a quarter of the way,
# then every downstream effect counted in the databases; prints a table and fails unless every
# fault lost nothing, did nothing twice and recovered within 15 s.
#
# Recovery: from the fault until cases complete again (the end of the longest time after it in
# which no case got its last effect); "as fast as before": until the cases that piled up
# meanwhile were done too and new ones took no longer than before the fault.
#
#   CHAOS_CASES  cases per fault (default 2000; make test: 500)    CHAOS_RATE  cases a second (20)
#   CHAOS_RECOVERY_LIMIT  seconds a recovery may take (15; make test: 30, see scripts/test.sh)
#   CHAOS_BROKER_NODE  the broker node to kill (default: the one leading most queues)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

instance=test-ha
cases=${CHAOS_CASES:-2000} rate=${CHAOS_RATE:-20} limit=${CHAOS_RECOVERY_LIMIT:-15}
bin="${JARDAM_BIN:-.build/debug}"
servers() { bash scripts/servers.sh "$@"; }

# A fresh HA city: what a fault test finds must not depend on an earlier run.
bash scripts/services.sh stop "$instance" >/dev/null 2>&1 || true
servers stop "$instance" >/dev/null 2>&1 || true
rm -rf ".run/$instance"
trap 'bash scripts/services.sh stop '"$instance"' >/dev/null 2>&1 || true; bash scripts/servers.sh stop '"$instance"' >/dev/null 2>&1 || true' EXIT
HA=1 servers start "$instance"
JARDAM_BIN="$bin" bash scripts/services.sh start "$instance" >/dev/null
set -a; . ".run/$instance/env"; . "compose/cities/$instance.env"; set +a
"$bin/jardamctl" seed demo >/dev/null

rows=() status=0
# FAULT_NAME HOLD_SECONDS FAULT_COMMAND [RESTORE_COMMAND]: one stream with one fault; adds a row.
fault() {
  local name=$1 hold=$2 result
  shift 2
  echo "chaos: $name ($cases cases at $rate/s) ..." >&2
  if ! result=$("$bin/jardam-bench" chaos "https://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" \
    "$JARDAM_CITY" "$cases" "$rate" "$1" "$hold" ${2:+"$2"}); then
    rows+=("| $name | - | did not finish | - | - | - |"); status=1; return
  fi
  local sent recovery normal lost duplicated late
  read -r sent recovery normal lost duplicated late <<<"$result"
  rows+=("| $name | $sent | $recovery | $normal (late: over $late s) | $lost | $duplicated |")
  if [ "$lost" != 0 ] || [ "$duplicated" != 0 ] || ! awk -v r="$recovery" -v l="$limit" 'BEGIN {exit !(r < l)}'; then status=1; fi
}

node=${CHAOS_BROKER_NODE:-$(servers busiest-rabbitmq-node "$instance")}
fault "kill -9 of broker node $node (most queue leaders), back after 10 s" 10 \
  "bash scripts/servers.sh kill-rabbitmq-node $instance $node" "bash scripts/servers.sh start-rabbitmq-node $instance $node"

leader=$(servers postgres-leader "$instance")
fault "kill -9 of the PostgreSQL primary (pg$leader: Patroni and PostgreSQL), back after 10 s" 10 \
  "bash scripts/servers.sh kill-postgres-node $instance $leader" "bash scripts/servers.sh start-postgres-node $instance $leader"
# The standby took over and the old primary came back as its standby.
members=$(curl -fsS "http://127.0.0.1:$((LOCAL_PG_PORT + 5))/cluster")
if ! python3 -c "
import json, sys
roles = {m['name']: m['role'] for m in json.loads(sys.argv[1])['members']}
sys.exit(0 if roles.get('pg$leader') in ('replica', 'sync_standby') and 'leader' in roles.values() else 1)" "$members"; then
  echo "chaos: pg$leader did not rejoin as a standby: $members" >&2; status=1
fi

node=${CHAOS_BROKER_NODE:-$(servers busiest-rabbitmq-node "$instance")}
fault "broker node $node cut off for 30 s (SIGSTOP)" 30 \
  "bash scripts/servers.sh pause-rabbitmq-node $instance $node" "bash scripts/servers.sh resume-rabbitmq-node $instance $node"

fault "medical-insurance killed (kill -9) while it holds deliveries" 0 \
  "kill -9 \$(cat .run/$instance/pids/medical-insurance.pid)"

# After every fault and its restore, `jardamctl status` sees the whole city again: three broker
# nodes running, each queue with its three replicas online, a primary and its synchronous standby.
# A node thawed from SIGSTOP finds the others had declared it down and restarts (autoheal), which
# can outlast a short last stream: the city gets two minutes to be whole. (Status exits 1 while a
# service is not ready; its output is what is checked.)
gaps() {  # STATUS_OUTPUT: what the city lacks, a line each; nothing when it is whole
  [ "$(grep -c '^broker node .*: running$' <<<"$1")" = 3 ] || echo "not three broker nodes running"
  [ "$(grep -c '3 of 3 replicas online' <<<"$1")" = 6 ] || echo "a queue without its three replicas"
  { grep -q '^database primary at ' <<<"$1" && grep -q '^database standby pg[12]: streaming (sync)' <<<"$1"; } \
    || echo "no primary with a synchronous standby"
}
deadline=$((SECONDS + 120))
until city_status=$("$bin/jardamctl" status 2>&1 || true); [ -z "$(gaps "$city_status")" ] || [ $SECONDS -ge $deadline ]; do sleep 2; done
echo "$city_status"
missing=$(gaps "$city_status")
[ -z "$missing" ] || { sed 's/^/chaos: /' <<<"$missing" >&2; status=1; }

echo
echo "| fault | cases | recovery (s) | as fast as before (s) | lost | duplicated |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
[ "$status" = 0 ] || echo "chaos: a fault lost or duplicated work or recovered in $limit s or more, or the city was not whole again (see above)" >&2
exit $status
