#!/usr/bin/env bash
# Starts or stops the six services and the console of one city, built in .build/debug, with .run/<city>/env.
# Each service runs under a supervisor that restarts it when it exits (crash, SIGKILL, OOM):
# after 1 s, then 2, 4, ... up to 30 s while it keeps failing; each restart is logged, with
# the exit status, in the service's log.
#
#   scripts/services.sh start CITY    start every service, wait until each is ready
#   scripts/services.sh stop CITY     SIGTERM each (by pid), wait for a clean exit
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: services.sh start|stop CITY}
city=${2:?usage: services.sh start|stop CITY}
# Services are referred to by their executable name; .run/<city>/pids holds, per service, the
# supervisor's pid (<name>.supervisor) and the running process's (<name>.pid).
run="$root/.run/$city"
# Debug builds by default; `make bench` runs release builds (JARDAM_BIN=.build/release).
bin="${JARDAM_BIN:-$root/.build/debug}"
# executable:prefix of its variables in .run/<city>/env
services="intake:INTAKE legal-referral:LEGAL shelter:SHELTER medical-insurance:MEDICAL labor-exchange:LABOR network:NETWORK console:CONSOLE"

start() {
  [ -f "$run/env" ] || { echo "services: no $run/env; start the servers first" >&2; exit 2; }
  mkdir -p "$run/pids" "$run/logs"
  set -a; . "$run/env"; set +a
  # As the operator: the migrations (each schema's owner; the services' roles own nothing) and the
  # exchanges and every queue (each service may declare only its own queues).
  "$bin/jardamctl" migrate >/dev/null
  "$bin/jardamctl" topology declare >/dev/null
  for entry in $services; do
    local name=${entry%%:*} prefix=${entry##*:}
    local supervisor="$run/pids/$name.supervisor"
    if [ -f "$supervisor" ] && kill -0 "$(cat "$supervisor")" 2>/dev/null; then continue; fi
    rm -f "$run/pids/$name.pid" "$run/pids/$name.stopping"
    local url_var="${prefix}_POSTGRES_URL" port_var="${prefix}_HTTP_PORT" amqp_var="${prefix}_AMQP_URL" keys_var="${prefix}_KEYS_POSTGRES_URL"
    local data_key_var="${prefix}_DATA_KEY" previous_var="${prefix}_DATA_KEY_PREVIOUS" transfer_var="${prefix}_TRANSFER_KEY"
    local console_key_var="${prefix}_KEY"  # CONSOLE_KEY: the console's alone
    JARDAM_POSTGRES_URL="${!url_var}" JARDAM_HTTP_PORT="${!port_var}" JARDAM_AMQP_URL="${!amqp_var:-}" JARDAM_KEYS_POSTGRES_URL="${!keys_var:-}" \
      JARDAM_DATA_KEY="${!data_key_var:-}" JARDAM_DATA_KEY_PREVIOUS="${!previous_var:-}" JARDAM_TRANSFER_KEY="${!transfer_var:-}" \
      JARDAM_CONSOLE_KEY="${!console_key_var:-}" \
      JARDAM_TLS_CERT="${TLS_SERVER_CERT:-}" JARDAM_TLS_KEY="${TLS_SERVER_KEY:-}" \
      setsid bash "$root/scripts/services.sh" supervise "$city" "$name" >>"$run/logs/$name.log" 2>&1 < /dev/null &
    echo $! > "$supervisor"
  done
  for entry in $services; do
    local name=${entry%%:*}
    for _ in $(seq 1 40); do [ -s "$run/pids/$name.pid" ] && break; sleep 0.25; done
  done
  for entry in $services; do
    local name=${entry%%:*} prefix=${entry##*:}
    local port_var="${prefix}_HTTP_PORT" ready=""
    for _ in $(seq 1 120); do
      if curl -fsS --cacert "${TLS_CA_FILE:-}" "https://127.0.0.1:${!port_var}/health/ready" >/dev/null 2>&1; then ready=1; break; fi
      kill -0 "$(cat "$run/pids/$name.pid")" 2>/dev/null || break
      sleep 0.5
    done
    [ -n "$ready" ] || { echo "services: $name did not become ready; see $run/logs/$name.log" >&2; tail -5 "$run/logs/$name.log" >&2; exit 1; }
    echo "services: $name ready on https://127.0.0.1:${!port_var}"
  done
}

# Runs one service (its variables already in the environment) and runs it again whenever it
# exits, until `stop` marks it stopping.
supervise() {
  local name=${3:?usage: services.sh supervise CITY NAME}
  local pidfile="$run/pids/$name.pid" stopping="$run/pids/$name.stopping" delay=1
  trap 'touch "$stopping"; [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null' TERM INT
  while [ ! -f "$stopping" ]; do
    local started=$SECONDS status=0
    "$bin/$name" &
    echo $! > "$pidfile"
    wait $! || status=$?
    # A trapped signal interrupts `wait`: wait again for the service's own exit.
    while kill -0 "$(cat "$pidfile")" 2>/dev/null; do wait "$(cat "$pidfile")" || status=$?; done
    [ -f "$stopping" ] && break
    [ $((SECONDS - started)) -ge 60 ] && delay=1
    echo "{\"time\":\"$(date -u +%FT%TZ)\",\"level\":\"warning\",\"logger\":\"supervisor\",\"message\":\"$name exited with status $status; restarting in ${delay}s\"}"
    sleep "$delay"
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
  rm -f "$pidfile"
}

stop() {
  for entry in $services; do
    local name=${entry%%:*}
    local supervisor="$run/pids/$name.supervisor" pidfile="$run/pids/$name.pid"
    touch "$run/pids/$name.stopping" 2>/dev/null || true
    if [ -f "$pidfile" ]; then
      local pid; pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    if [ -f "$supervisor" ]; then
      local spid; spid=$(cat "$supervisor")
      for _ in $(seq 1 20); do kill -0 "$spid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$spid" 2>/dev/null || true
    fi
    rm -f "$pidfile" "$supervisor" "$run/pids/$name.stopping"
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  supervise) supervise "$@" ;;
  *) echo "services: unknown command $cmd" >&2; exit 2 ;;
esac
