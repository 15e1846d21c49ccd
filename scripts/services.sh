#!/usr/bin/env bash
# Starts or stops the five services of one city, built in .build/debug, with .run/<city>/env.
#
#   scripts/services.sh start CITY    start every service, wait until each is ready
#   scripts/services.sh stop CITY     SIGTERM each (by pid), wait for a clean exit
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: services.sh start|stop CITY}
city=${2:?usage: services.sh start|stop CITY}
run="$root/.run/$city"
# Debug builds by default; `make bench` runs release builds (JARDAM_BIN=.build/release).
bin="${JARDAM_BIN:-$root/.build/debug}"
# executable:prefix of its variables in .run/<city>/env
services="intake:INTAKE legal-referral:LEGAL shelter:SHELTER medical-insurance:MEDICAL labor-exchange:LABOR"

start() {
  [ -f "$run/env" ] || { echo "services: no $run/env; start the servers first" >&2; exit 2; }
  mkdir -p "$run/pids" "$run/logs"
  set -a; . "$run/env"; set +a
  for entry in $services; do
    local name=${entry%%:*} prefix=${entry##*:}
    local pidfile="$run/pids/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then continue; fi
    local url_var="${prefix}_POSTGRES_URL" port_var="${prefix}_HTTP_PORT" amqp_var="${prefix}_AMQP_URL" keys_var="${prefix}_KEYS_POSTGRES_URL"
    JARDAM_POSTGRES_URL="${!url_var}" JARDAM_HTTP_PORT="${!port_var}" JARDAM_AMQP_URL="${!amqp_var}" JARDAM_KEYS_POSTGRES_URL="${!keys_var:-}" \
      setsid "$bin/$name" >>"$run/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
  done
  for entry in $services; do
    local name=${entry%%:*} prefix=${entry##*:}
    local port_var="${prefix}_HTTP_PORT" ready=""
    for _ in $(seq 1 120); do
      if curl -fsS "http://127.0.0.1:${!port_var}/health/ready" >/dev/null 2>&1; then ready=1; break; fi
      kill -0 "$(cat "$run/pids/$name.pid")" 2>/dev/null || break
      sleep 0.5
    done
    [ -n "$ready" ] || { echo "services: $name did not become ready; see $run/logs/$name.log" >&2; tail -5 "$run/logs/$name.log" >&2; exit 1; }
    echo "services: $name ready on 127.0.0.1:${!port_var}"
  done
}

stop() {
  for entry in $services; do
    local name=${entry%%:*}
    local pidfile="$run/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "services: unknown command $cmd" >&2; exit 2 ;;
esac
