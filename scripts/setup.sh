#!/usr/bin/env bash
# Installs what Jardam needs from Debian when it is missing: the servers and the C libraries.
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql postgresql-contrib)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
[ -f /usr/include/amqp.h ] || need+=(librabbitmq-dev)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
# An HA city (`make up HA=1`, `make chaos`): Patroni and the etcd that keeps its leader key.
command -v patroni >/dev/null || need+=(patroni)
command -v etcd >/dev/null || need+=(etcd-server)
# Prometheus for a local city (`make up`, `make demo`) and promtool for its rules.
command -v prometheus >/dev/null || need+=(prometheus)
command -v prometheus-postgres-exporter >/dev/null || need+=(prometheus-postgres-exporter)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v curl >/dev/null || need+=(curl)
# Compose files are validated (`docker-compose config`) although no Docker engine runs here.
command -v docker-compose >/dev/null || need+=(docker-compose)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's packages start their own servers on install; ours run under .run/ instead.
  policy=/usr/sbin/policy-rc.d; created_policy=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null; $sudo chmod +x "$policy"; created_policy=1; fi
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
  [ -z "$created_policy" ] || $sudo rm -f "$policy"
fi
