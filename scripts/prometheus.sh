#!/usr/bin/env bash
# Prometheus for a local city (Debian's prometheus), on loopback: scrapes its six services over
# HTTPS with the city CA, every RabbitMQ node's rabbitmq_prometheus (aggregated and per queue) and
# every PostgreSQL node through Debian's prometheus-postgres-exporter, with the alert rules of
# compose/prometheus/alerts.yml. The configuration is
# compose/prometheus/prometheus.yml with the city's loopback addresses, written to
# .run/<city>/prometheus/prometheus.yml; Prometheus listens on 127.0.0.1:LOCAL_AMQP_PORT+5.
#
#   scripts/prometheus.sh start CITY     start it (and wait until it is ready); prints its address
#   scripts/prometheus.sh stop CITY      stop what start started (by pid)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: prometheus.sh start|stop CITY}
city=${2:?usage: prometheus.sh start|stop CITY}
set -a; . "$root/compose/cities/$city.env"; set +a
run="$root/.run/$city"
dir="$run/prometheus"
port=$((LOCAL_AMQP_PORT + 5))

# One postgres_exporter per PostgreSQL node (two with HA), as jardam_monitor, at LOCAL_AMQP_PORT+6
# and +7: each reports its own server (up, replication lag).
exporters_start() {
  local password nodes=("$LOCAL_PG_PORT") k=0 port
  password=$(sed -n 's/^PG_PASSWORD_MONITOR=//p' "$run/secrets")
  [ -f "$run/ha.on" ] && nodes+=("$((LOCAL_PG_PORT + 200))")
  for port in "${nodes[@]}"; do
    local listen=$((LOCAL_AMQP_PORT + 6 + k)) pid_file="$dir/postgres-exporter-$k.pid"
    k=$((k + 1))
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then continue; fi
    DATA_SOURCE_NAME="postgresql://jardam_monitor:$password@127.0.0.1:$port/postgres?sslmode=verify-full&sslrootcert=$run/tls/ca.crt" \
      setsid prometheus-postgres-exporter --web.listen-address="127.0.0.1:$listen" --extend.query-path="$root/compose/prometheus/postgres-queries.yaml" >>"$dir/postgres-exporter.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
  done
}

stop() {
  local pid_file
  for pid_file in "$dir"/postgres-exporter-*.pid; do
    [ -f "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  done
  [ -f "$dir/prometheus.pid" ] || return 0
  local pid; pid=$(cat "$dir/prometheus.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/prometheus.pid"
}

start() {
  command -v prometheus >/dev/null || { echo "prometheus: Debian's prometheus is not installed (scripts/setup.sh)" >&2; exit 2; }
  [ -f "$run/env" ] || { echo "prometheus: no $run/env; start the city first" >&2; exit 2; }
  mkdir -p "$dir/data"
  # The broker's nodes: one, or three with HA (node k's ports are the city's plus (k-1) * 200).
  local brokers="\"127.0.0.1:$LOCAL_AMQP_PROMETHEUS_PORT\""
  if [ -f "$run/ha.on" ]; then
    brokers="$brokers, \"127.0.0.1:$((LOCAL_AMQP_PROMETHEUS_PORT + 200))\", \"127.0.0.1:$((LOCAL_AMQP_PROMETHEUS_PORT + 400))\""
  fi
  local exporters=() k
  exporters_start
  for k in 0 1; do [ ! -f "$dir/postgres-exporter-$k.pid" ] || exporters[k]="\"127.0.0.1:$((LOCAL_AMQP_PORT + 6 + k))\""; done
  local databases; databases=$(IFS=,; echo "${exporters[*]}")
  local services="\"127.0.0.1:$INTAKE_HTTP_PORT\", \"127.0.0.1:$LEGAL_HTTP_PORT\", \"127.0.0.1:$SHELTER_HTTP_PORT\", \"127.0.0.1:$MEDICAL_HTTP_PORT\", \"127.0.0.1:$LABOR_HTTP_PORT\", \"127.0.0.1:$NETWORK_HTTP_PORT\""
  python3 - "$root/compose/prometheus/prometheus.yml" "$dir/prometheus.yml" "$run/tls/ca.crt" "$root/compose/prometheus/alerts.yml" "$services" "$brokers" "$databases" <<'PY'
import sys
source, target, ca, rules, services, brokers, databases = sys.argv[1:]
text = open(source, encoding="utf-8").read()
text = text.replace('"intake:8081", "legal-referral:8082", "shelter:8083", "medical-insurance:8084", "labor-exchange:8085", "network:8086"', services)
text = text.replace('"postgres-exporter:9187"', databases).replace('"rabbitmq:15692"', brokers).replace("/etc/jardam/tls/ca.crt", ca).replace("  - alerts.yml", f"  - {rules}")
assert services in text and brokers in text and databases in text and ca in text and rules in text, "compose/prometheus/prometheus.yml changed its targets"
open(target, "w", encoding="utf-8").write(text)
PY
  promtool check config "$dir/prometheus.yml" >/dev/null
  if [ -f "$dir/prometheus.pid" ] && kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null; then
    curl -fsS -X POST "http://127.0.0.1:$port/-/reload" >/dev/null 2>&1 || true
  else
    setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
      --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle --storage.tsdb.retention.time=7d \
      >>"$dir/prometheus.log" 2>&1 < /dev/null &
    echo $! > "$dir/prometheus.pid"
  fi
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
      echo "prometheus: http://127.0.0.1:$port ($city: alerts at /alerts, targets at /targets)"
      return 0
    fi
    kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null || break
    sleep 0.5
  done
  echo "prometheus: did not start; see $dir/prometheus.log" >&2
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "prometheus: unknown command $cmd" >&2; exit 2 ;;
esac
