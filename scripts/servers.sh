#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ for one instance (a city, or "test"), under .run/<instance>/.
#
#   scripts/servers.sh start INSTANCE     start both, wait until they answer, provision them
#   scripts/servers.sh stop INSTANCE      stop what start started (by pid)
#   scripts/servers.sh restart-postgres INSTANCE | stop-postgres | start-postgres
#   scripts/servers.sh kill-rabbitmq INSTANCE | start-rabbitmq
#
# With HA=1 (or once an instance was started so: .run/<instance>/ha.on), three RabbitMQ nodes and a
# Patroni-managed PostgreSQL primary and standby instead (scripts/servers-ha.sh; HA=0 goes back):
#
#   scripts/servers.sh kill-rabbitmq-node INSTANCE K | start-rabbitmq-node | pause-rabbitmq-node | resume-rabbitmq-node
#   scripts/servers.sh busiest-rabbitmq-node INSTANCE      the node holding most queue leaders
#   scripts/servers.sh kill-postgres-node INSTANCE K | start-postgres-node INSTANCE K
#   scripts/servers.sh postgres-leader INSTANCE            the node Patroni holds as primary
#
# Ports and names come from compose/cities/<instance>.env (LOCAL_* variables).
# Secrets are made once and kept in .run/<instance>/secrets.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: servers.sh COMMAND INSTANCE}
instance=${2:?usage: servers.sh COMMAND INSTANCE}
city_file="$root/compose/cities/$instance.env"
[ -f "$city_file" ] || { echo "servers: no $city_file" >&2; exit 2; }
set -a; . "$city_file"; set +a

run="$root/.run/$instance"
pg_bin=/usr/lib/postgresql/15/bin
pg_dir="$run/postgres"
mq_dir="$run/rabbitmq"
mkdir -p "$run"

# MARK: secrets

secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 32; }
if [ ! -f "$run/secrets" ]; then
  umask 077
  {
    echo "PG_ADMIN_PASSWORD=$(secret)"
    echo "AMQP_PASSWORD=$(secret)"
    echo "TOKEN_SECRET=$(secret)$(secret)"
    for s in intake medical; do echo "${s^^}_DATA_KEY=$(head -c 32 /dev/urandom | base64)"; done
    for s in intake legal shelter medical labor; do echo "PG_PASSWORD_${s^^}=$(secret)"; done
  } > "$run/secrets"
  umask 022
fi
# One AMQP password per service (added to secrets made before services had their own users),
# and the key store's roles (added to secrets made before the key store).
for s in intake legal shelter medical labor network federation; do
  grep -q "^AMQP_PASSWORD_${s^^}=" "$run/secrets" || echo "AMQP_PASSWORD_${s^^}=$(secret)" >> "$run/secrets"
done
# The network service's and the console's database roles (added to secrets made before they existed).
grep -q "^PG_PASSWORD_NETWORK=" "$run/secrets" || echo "PG_PASSWORD_NETWORK=$(secret)" >> "$run/secrets"
grep -q "^PG_PASSWORD_CONSOLE=" "$run/secrets" || echo "PG_PASSWORD_CONSOLE=$(secret)" >> "$run/secrets"
# The metrics exporter's login (pg_monitor only; scripts/prometheus.sh).
grep -q "^PG_PASSWORD_MONITOR=" "$run/secrets" || echo "PG_PASSWORD_MONITOR=$(secret)" >> "$run/secrets"
# The standby's replication login (HA only).
grep -q "^PG_PASSWORD_REPLICATION=" "$run/secrets" || echo "PG_PASSWORD_REPLICATION=$(secret)" >> "$run/secrets"
# The console's key: it seals the staff's TOTP secrets (base64 of 32 bytes).
grep -q "^CONSOLE_KEY=" "$run/secrets" || echo "CONSOLE_KEY=$(openssl rand -base64 32)" >> "$run/secrets"
# The city's transfer key (X25519, raw 32 bytes, base64): other cities seal the person records
# they transfer here to its public half (CONTRACT.md §7); only intake holds the private half.
if ! grep -q "^INTAKE_TRANSFER_KEY=" "$run/secrets"; then
  transfer_pem=$(openssl genpkey -algorithm X25519)
  {
    echo "INTAKE_TRANSFER_KEY=$(openssl pkey -outform DER <<<"$transfer_pem" | tail -c 32 | base64)"
    echo "TRANSFER_PUBLIC_KEY=$(openssl pkey -pubout -outform DER <<<"$transfer_pem" | tail -c 32 | base64)"
  } >> "$run/secrets"
fi
for s in intake medical; do
  grep -q "^PG_PASSWORD_${s^^}_KEYS=" "$run/secrets" || echo "PG_PASSWORD_${s^^}_KEYS=$(secret)" >> "$run/secrets"
done
# A data key per service that seals personal data; secrets made when both shared DATA_KEY keep it
# for both (rotate medical-insurance's with `jardamctl keys rotate`, docs/operations.md).
for s in intake medical; do
  if ! grep -q "^${s^^}_DATA_KEY=" "$run/secrets"; then
    shared=$(sed -n 's/^DATA_KEY=//p' "$run/secrets")
    echo "${s^^}_DATA_KEY=${shared:-$(head -c 32 /dev/urandom | base64)}" >> "$run/secrets"
  fi
done
set -a; . "$run/secrets"; set +a

# MARK: PostgreSQL (runs as the postgres user: it refuses root)

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The postgres user must be able to reach .run/; add only the search bit where it is missing.
open_path_for_postgres() {
  [ "$(id -u)" -eq 0 ] || return 0
  local dir="$run"
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir"; then
      chmod o+x "$dir"
      echo "servers: added o+x to $dir so that PostgreSQL (user postgres) can reach .run/"
    fi
    dir=$(dirname "$dir")
  done
}

# PostgreSQL speaks TLS only (hostssl; plain TCP is rejected), with a certificate of the city CA
# (.run/<instance>/tls, scripts/tls.sh); clients verify it (sslmode=verify-full).
pg_tls() {
  bash "$root/scripts/tls.sh" "$run/tls" 127.0.0.1 localhost
  install -m 600 "$run/tls/server.key" "$pg_dir/server.key"
  install -m 644 "$run/tls/server.crt" "$pg_dir/server.crt"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir/server.key" "$pg_dir/server.crt"
  local hba="$pg_dir/data/pg_hba.conf"
  if ! grep -q '^hostnossl' "$hba"; then
    sed -i 's/^host\([[:space:]]\)/hostssl\1/' "$hba"
    printf 'hostnossl all all 0.0.0.0/0 reject\nhostnossl all all ::/0 reject\n' >> "$hba"
  fi
}

pg_start() {
  open_path_for_postgres
  if [ ! -f "$pg_dir/data/PG_VERSION" ]; then
    mkdir -p "$pg_dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir"
    local pwfile="$pg_dir/pwfile"
    printf '%s\n' "$PG_ADMIN_PASSWORD" > "$pwfile"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pwfile"
    as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U jardam_admin --pwfile="$pwfile" \
      -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
    rm -f "$pwfile"
  fi
  pg_tls
  # pg_stat_statements loaded: make bench counts the statements a case costs (scripts/bench.sh).
  if as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then return 0; fi
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $LOCAL_PG_PORT -c unix_socket_directories='$pg_dir' -c max_connections=1000 -c shared_preload_libraries=pg_stat_statements -c ssl=on -c ssl_cert_file='$pg_dir/server.crt' -c ssl_key_file='$pg_dir/server.key'" >/dev/null
}

pg_stop() {
  [ -f "$pg_dir/data/postmaster.pid" ] || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 60 stop >/dev/null || true
}

# One database per city, and its key store; one schema and one login role per service, with
# rights on that schema only.
pg_provision() {
  PGHOST=127.0.0.1 PGPORT="$LOCAL_PG_PORT" PGUSER=jardam_admin PGPASSWORD="$PG_ADMIN_PASSWORD" \
    PGSSLMODE=verify-full PGSSLROOTCERT="$run/tls/ca.crt" \
    bash "$root/scripts/provision-postgres.sh"
}

# MARK: RabbitMQ (its own node name, ports and epmd, so that several instances can run at once;
# epmd and the distribution port listen on loopback only)

# The environment of a RabbitMQ node, for its server and for rabbitmqctl:
#   mq_env HOME NODE_DIR NODENAME DIST_PORT [ERL_ARGS]
# HOME holds the Erlang cookie and enabled_plugins (shared by the nodes of a cluster), NODE_DIR the
# node's own configuration, data and logs; ERL_ARGS go to the node and to rabbitmqctl alike.
mq_env() {
  local home=$1 dir=$2 node=$3 dist_port=$4 erl_args=${5:-}
  export HOME="$home" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_NODENAME="$node" \
    RABBITMQ_DIST_PORT="$dist_port" \
    ERL_EPMD_PORT="$LOCAL_EPMD_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}${erl_args:+ $erl_args}" \
    RABBITMQ_CTL_ERL_ARGS="$erl_args" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" \
    RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
}
single_mq_env() { mq_env "$mq_dir" "$mq_dir" "jardam-$instance@localhost" "$LOCAL_AMQP_DIST_PORT"; }

# A node's rabbitmq.conf: AMQPS on AMQP_PORT, the management API over TLS on MANAGEMENT_PORT and
# Prometheus metrics on PROMETHEUS_PORT, all on loopback.
mq_conf() {
  local amqp_port=$1 management_port=$2 prometheus_port=$3
  cat <<CONF
listeners.tcp = none
listeners.ssl.default = 127.0.0.1:$amqp_port
ssl_options.cacertfile = $run/tls/ca.crt
ssl_options.certfile = $run/tls/server.crt
ssl_options.keyfile = $run/tls/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
loopback_users = none
heartbeat = 10
max_message_size = 16777216
management.ssl.ip = 127.0.0.1
management.ssl.port = $management_port
management.ssl.cacertfile = $run/tls/ca.crt
management.ssl.certfile = $run/tls/server.crt
management.ssl.keyfile = $run/tls/server.key
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $prometheus_port
CONF
}

mq_ctl() { single_mq_env; /usr/lib/rabbitmq/bin/rabbitmqctl "$@"; }

mq_start() {
  mkdir -p "$mq_dir/log" "$mq_dir/mnesia"
  single_mq_env
  : > "$mq_dir/rabbitmq-env.conf"
  # The management API (partner users, dead letters, status), Prometheus metrics, on loopback, and
  # federation, which links the city's jardam.network to the other cities' (CONTRACT.md §7).
  echo "[rabbitmq_management,rabbitmq_prometheus,rabbitmq_federation,rabbitmq_federation_management]." > "$mq_dir/enabled_plugins"
  # AMQP and the management API over TLS only, with the city CA's certificate (scripts/tls.sh);
  # no plain listener but Prometheus metrics on loopback.
  bash "$root/scripts/tls.sh" "$run/tls" 127.0.0.1 localhost
  mq_conf "$LOCAL_AMQP_PORT" "$LOCAL_AMQP_MANAGEMENT_PORT" "$LOCAL_AMQP_PROMETHEUS_PORT" > "$mq_dir/rabbitmq.conf"
  if [ -f "$mq_dir/server.pid" ] && kill -0 "$(cat "$mq_dir/server.pid")" 2>/dev/null; then return 0; fi
  if ! pgrep -f "epmd.*-port $LOCAL_EPMD_PORT" >/dev/null; then
    setsid epmd -port "$LOCAL_EPMD_PORT" >/dev/null 2>&1 &
    echo $! > "$mq_dir/epmd.pid"
  fi
  # A node that exits while starting (after a crash, a port can still be held for a moment) is
  # launched again, three times at most; each failure shows the end of what the node said.
  local attempt
  for attempt in 1 2 3; do
    setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$mq_dir/server.out" 2>&1 &
    echo $! > "$mq_dir/server.pid"
    if mq_await_startup; then return 0; fi
    echo "servers: RabbitMQ did not start (attempt $attempt of 3); the end of its output and log:" >&2
    tail -n 15 "$mq_dir/server.out" >&2 || true
    tail -n 25 "$mq_dir/log/$RABBITMQ_NODENAME.log" >&2 2>/dev/null || true
    kill -9 -- "-$(cat "$mq_dir/server.pid")" 2>/dev/null || true
    rm -f "$mq_dir/server.pid"
    sleep 3
  done
  echo "servers: RabbitMQ did not start; see $mq_dir/server.out and $mq_dir/log" >&2
  exit 1
}

# Waits until the node launched last is up: true, or false once it has exited or after two minutes
# (await_startup fails at once until the node has registered with epmd, so it is asked again).
mq_await_startup() {
  for _ in $(seq 1 120); do
    if /usr/lib/rabbitmq/bin/rabbitmqctl -q -t 60 await_startup >/dev/null 2>&1; then return 0; fi
    kill -0 "$(cat "$mq_dir/server.pid")" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

mq_provision() {
  local vhost="jardam"
  mq_ctl -q add_vhost "$vhost" 2>/dev/null || true
  mq_ctl -q add_user jardam "$AMQP_PASSWORD" 2>/dev/null || mq_ctl -q change_password jardam "$AMQP_PASSWORD"
  mq_ctl -q set_user_tags jardam administrator
  mq_ctl -q set_permissions -p "$vhost" jardam '.*' '.*' '.*'
  mq_ctl -q delete_user guest 2>/dev/null || true
  RABBITMQ_API_URL="https://127.0.0.1:$LOCAL_AMQP_MANAGEMENT_PORT" RABBITMQ_CA_FILE="$run/tls/ca.crt" \
    RABBITMQ_ADMIN_USER=jardam RABBITMQ_ADMIN_PASSWORD="$AMQP_PASSWORD" \
    bash "$root/scripts/provision-rabbitmq.sh" >/dev/null
}

mq_stop() {
  [ -f "$mq_dir/server.pid" ] || return 0
  local pid; pid=$(cat "$mq_dir/server.pid")
  if kill -0 "$pid" 2>/dev/null; then
    mq_ctl -q stop >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$mq_dir/server.pid"
  if [ -f "$mq_dir/epmd.pid" ]; then kill "$(cat "$mq_dir/epmd.pid")" 2>/dev/null || true; rm -f "$mq_dir/epmd.pid"; fi
}

mq_kill() {
  # Kills the whole node abruptly, as a crash would (used by outage tests).
  [ -f "$mq_dir/server.pid" ] || return 0
  kill -9 -- "-$(cat "$mq_dir/server.pid")" 2>/dev/null || true
  rm -f "$mq_dir/server.pid"
}

# MARK: the environment file

write_env() {
  local pg_hosts="127.0.0.1:$LOCAL_PG_PORT" amqp_hosts="localhost:$LOCAL_AMQP_PORT" management_port=$LOCAL_AMQP_MANAGEMENT_PORT
  # Every PostgreSQL URL verifies the server against the city CA (quoted: the query has an &).
  local tls="sslmode=verify-full&sslrootcert=$run/tls/ca.crt"
  if [ -n "$ha" ]; then
    # Every node, so that a client finds a live one: libpq the primary among the two, rabbitmq-c
    # the first broker node that answers.
    pg_hosts="127.0.0.1:$(ha_pg_port 1),127.0.0.1:$(ha_pg_port 2)" tls="$tls&target_session_attrs=read-write"
    amqp_hosts="localhost:$(ha_mq_port 1),localhost:$(ha_mq_port 2),localhost:$(ha_mq_port 3)"
  fi
  local pg="$pg_hosts/jardam_$JARDAM_CITY"
  {
    echo "# Written by scripts/servers.sh for '$instance'; every variable the services and jardamctl read."
    echo "JARDAM_CITY=$JARDAM_CITY"
    echo "JARDAM_HTTP_HOST=127.0.0.1"
    echo "JARDAM_AMQP_URL=amqps://jardam:$AMQP_PASSWORD@$amqp_hosts/jardam?cacertfile=$run/tls/ca.crt"
    echo "JARDAM_TOKEN_SECRET=$TOKEN_SECRET"
    echo "JARDAM_LOG_LEVEL=${JARDAM_LOG_LEVEL:-info}"
    echo "JARDAM_AMQP_MANAGEMENT_URL=https://jardam:$AMQP_PASSWORD@127.0.0.1:$management_port"
    # The city CA (every client verifies the servers against it) and the servers' certificate.
    echo "TLS_CA_FILE=$run/tls/ca.crt"
    echo "TLS_SERVER_CERT=$run/tls/server.crt"
    echo "TLS_SERVER_KEY=$run/tls/server.key"
    echo "JARDAM_ADMIN_POSTGRES_URL='postgresql://jardam_admin:$PG_ADMIN_PASSWORD@$pg?$tls'"
    echo "JARDAM_ADMIN_KEYS_POSTGRES_URL='postgresql://jardam_admin:$PG_ADMIN_PASSWORD@${pg}_keys?$tls'"
    for s in intake medical; do
      local keys_var="PG_PASSWORD_${s^^}_KEYS"
      echo "${s^^}_KEYS_POSTGRES_URL='postgresql://jardam_${s}_keys:${!keys_var}@${pg}_keys?$tls'"
      local data_key_var="${s^^}_DATA_KEY"
      echo "${s^^}_DATA_KEY=${!data_key_var}"
    done
    # What the other cities of a network need to link to this one (`jardamctl network link`): the
    # URI of this broker's federation user (verified against this city's CA) and the transfer key.
    echo "JARDAM_FEDERATION_URI='amqps://jardam-federation:$AMQP_PASSWORD_FEDERATION@localhost:$LOCAL_AMQP_PORT/jardam?cacertfile=$run/tls/ca.crt&verify=verify_peer&server_name_indication=localhost'"
    echo "TRANSFER_PUBLIC_KEY=$TRANSFER_PUBLIC_KEY"
    echo "INTAKE_TRANSFER_KEY=$INTAKE_TRANSFER_KEY"
    # The staff console: its own schema (accounts, sessions), no broker.
    echo "CONSOLE_POSTGRES_URL='postgresql://jardam_console:$PG_PASSWORD_CONSOLE@$pg?$tls'"
    echo "CONSOLE_HTTP_PORT=$CONSOLE_HTTP_PORT"
    echo "CONSOLE_KEY=$CONSOLE_KEY"
    for s in intake legal shelter medical labor network; do
      local pw_var="PG_PASSWORD_${s^^}" port_var="${s^^}_HTTP_PORT"
      echo "${s^^}_POSTGRES_URL='postgresql://jardam_$s:${!pw_var}@$pg?$tls'"
      echo "${s^^}_HTTP_PORT=${!port_var}"
      local amqp_var="AMQP_PASSWORD_${s^^}" service_name
      case $s in legal) service_name=legal-referral ;; medical) service_name=medical-insurance ;; labor) service_name=labor-exchange ;; *) service_name=$s ;; esac
      echo "${s^^}_AMQP_URL=amqps://jardam-$service_name:${!amqp_var}@$amqp_hosts/jardam?cacertfile=$run/tls/ca.crt"
    done
  } > "$run/env"
  chmod 600 "$run/env"
}

# The cities' fixed ports (55400-57224: PostgreSQL, AMQP, epmd, Erlang distribution, HA nodes) lie in
# Linux's ephemeral range, where any outgoing connection may take one as its source port for a
# while: a broker then cannot listen on it ('nodistribution'). As root they are reserved, added
# to whatever the machine reserves already, so that they are never handed out that way.
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports ours=55400-57299 current
  [ "$(id -u)" = 0 ] && [ -w "$file" ] || return 0
  current=$(cat "$file")
  case ",$current," in *",$ours,"*) return 0 ;; esac
  echo "${current:+$current,}$ours" > "$file" 2>/dev/null || true
}

# MARK: HA

. "$root/scripts/servers-ha.sh"
case "${HA:-}" in
  1) ha=1; [ "$cmd" != start ] || touch "$run/ha.on" ;;
  0) ha=""; [ "$cmd" != start ] || rm -f "$run/ha.on" ;;
  *) ha=$([ -f "$run/ha.on" ] && echo 1 || true) ;;
esac
need_ha() { [ -n "$ha" ] || { echo "servers: $instance does not run HA (make up CITY=$instance HA=1)" >&2; exit 2; }; }

case "$cmd" in
  start)
    reserve_ports
    if [ -n "$ha" ]; then
      ha_pg_start; ha_pg_provision
      ha_mq_start; ha_mq_provision
      write_env
      echo "servers: PostgreSQL primary and standby on 127.0.0.1:$(ha_pg_port 1),$(ha_pg_port 2) (Patroni; leader pg$(ha_pg_leader)), RabbitMQ (AMQPS) on 127.0.0.1:$(ha_mq_port 1),$(ha_mq_port 2),$(ha_mq_port 3) ($instance, HA)"
    else
      pg_start; pg_provision
      mq_start; mq_provision
      write_env
      echo "servers: PostgreSQL on 127.0.0.1:$LOCAL_PG_PORT, RabbitMQ (AMQPS) on 127.0.0.1:$LOCAL_AMQP_PORT ($instance)"
    fi
    ;;
  stop) if [ -n "$ha" ]; then ha_mq_stop; ha_pg_stop; else mq_stop; pg_stop; fi ;;
  kill-rabbitmq-node) need_ha; ha_mq_kill_node "${3:?node}" ;;
  start-rabbitmq-node) need_ha; ha_mq_start_node "${3:?node}" ;;
  pause-rabbitmq-node) need_ha; ha_mq_signal_node STOP "${3:?node}" ;;
  resume-rabbitmq-node) need_ha; ha_mq_signal_node CONT "${3:?node}" ;;
  busiest-rabbitmq-node) need_ha; ha_mq_busiest_node ;;
  kill-postgres-node) need_ha; ha_patroni_kill_node "${3:?node}" ;;
  start-postgres-node) need_ha; ha_patroni_start_node "${3:?node}"; ha_pg_await 1 ;;
  postgres-leader) need_ha; ha_pg_leader ;;
  start-postgres) pg_start ;;
  stop-postgres) pg_stop ;;
  restart-postgres) pg_stop; pg_start ;;
  start-rabbitmq) mq_start ;;
  kill-rabbitmq) mq_kill ;;
  *) echo "servers: unknown command $cmd" >&2; exit 2 ;;
esac
