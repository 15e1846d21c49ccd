# The servers of a city that survives losing a machine (`make up CITY=x HA=1`, issue 24), sourced
# by scripts/servers.sh: three RabbitMQ nodes clustered, and PostgreSQL as a primary and a
# streaming standby that Patroni fails over (one etcd member keeps Patroni's leader key).
#
# Node k's ports are the city's own plus (k-1) * 200, so that no city's collide (cities are 10
# apart): RabbitMQ node k: AMQPS, distribution, management, Prometheus at LOCAL_AMQP_* + (k-1)*200,
# one epmd for the three; PostgreSQL node k at LOCAL_PG_PORT + (k-1)*200 and its Patroni REST API
# 5 above it; etcd's client and peer ports at LOCAL_PG_PORT + 7 and + 8.

ha_dir="$run/ha"
ha_offset() { echo $(( ($1 - 1) * 200 )); }

# MARK: RabbitMQ, three nodes

ha_mq_node() { echo "jardam-$instance-$1@localhost"; }
ha_mq_port() { echo $(( LOCAL_AMQP_PORT + $(ha_offset "$1") )); }
ha_mq_dir() { echo "$ha_dir/rabbitmq-$1"; }

# The environment of node k; HOME is the three nodes' own, so that they share one Erlang cookie.
# A node silent for 8 to 10 s (net_ticktime 8; Erlang's default is 60) is down for the others: until
# then, declaring an exchange or a binding waits for it (a client that left a frozen node could
# not declare its topology on another).
ha_mq_env() {
  mq_env "$ha_dir" "$(ha_mq_dir "$1")" "$(ha_mq_node "$1")" $(( LOCAL_AMQP_DIST_PORT + $(ha_offset "$1") )) "-kernel net_ticktime 8"
}

ha_mq_ctl() { local k=$1; shift; (ha_mq_env "$k"; /usr/lib/rabbitmq/bin/rabbitmqctl "$@"); }

ha_mq_config() {
  local k=$1 off; off=$(ha_offset "$1")
  local dir; dir=$(ha_mq_dir "$k")
  mkdir -p "$dir/log" "$dir/mnesia"
  : > "$dir/rabbitmq-env.conf"
  {
    mq_conf "$(( LOCAL_AMQP_PORT + off ))" "$(( LOCAL_AMQP_MANAGEMENT_PORT + off ))" "$(( LOCAL_AMQP_PROMETHEUS_PORT + off ))"
    cat <<CONF
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = $(ha_mq_node 1)
cluster_formation.classic_config.nodes.2 = $(ha_mq_node 2)
cluster_formation.classic_config.nodes.3 = $(ha_mq_node 3)
# A node cut off and back (SIGSTOP, a network cut) is restarted by the majority's side.
cluster_partition_handling = autoheal
CONF
  } > "$dir/rabbitmq.conf"
}

ha_mq_running() { local pid_file; pid_file="$(ha_mq_dir "$1")/server.pid"; [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

# Starts node k (its data kept: a node that comes back rejoins its cluster) and waits until it runs.
ha_mq_start_node() {
  local k=$1 dir; dir=$(ha_mq_dir "$1")
  ha_mq_config "$k"
  ha_mq_running "$k" && return 0
  local attempt
  for attempt in 1 2 3; do
    (ha_mq_env "$k"; setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.out" 2>&1 & echo $! > "$dir/server.pid")
    local up=""
    for _ in $(seq 1 120); do
      if ha_mq_ctl "$k" -q -t 60 await_startup >/dev/null 2>&1; then up=1; break; fi
      ha_mq_running "$k" || break
      sleep 1
    done
    [ -n "$up" ] && return 0
    echo "servers: RabbitMQ node $k did not start (attempt $attempt of 3); the end of its output:" >&2
    tail -n 15 "$dir/server.out" >&2 || true
    kill -9 -- "-$(cat "$dir/server.pid")" 2>/dev/null || true
    rm -f "$dir/server.pid"
    sleep 3
  done
  echo "servers: RabbitMQ node $k did not start; see $dir" >&2
  exit 1
}

ha_mq_start() {
  mkdir -p "$ha_dir"
  echo "[rabbitmq_management,rabbitmq_prometheus,rabbitmq_federation,rabbitmq_federation_management]." > "$ha_dir/enabled_plugins"
  bash "$root/scripts/tls.sh" "$run/tls" 127.0.0.1 localhost
  if ! pgrep -f "epmd.*-port $LOCAL_EPMD_PORT" >/dev/null; then
    setsid epmd -port "$LOCAL_EPMD_PORT" >/dev/null 2>&1 &
    echo $! > "$ha_dir/epmd.pid"
  fi
  local k
  for k in 1 2 3; do ha_mq_start_node "$k"; done
  # Classic peer discovery joins a new node to the first one; a node that formed its own cluster
  # (it found no peer in time) is joined by hand.
  for k in 2 3; do
    if ! ha_mq_ctl 1 -q cluster_status --formatter json | grep -q "\"$(ha_mq_node "$k")\""; then
      ha_mq_ctl "$k" -q stop_app && ha_mq_ctl "$k" -q reset && ha_mq_ctl "$k" -q join_cluster "$(ha_mq_node 1)" && ha_mq_ctl "$k" -q start_app
    fi
  done
}

ha_mq_provision() {
  local vhost="jardam" k
  for k in 1 2 3; do ha_mq_running "$k" && break; done
  ha_mq_ctl "$k" -q add_vhost "$vhost" 2>/dev/null || true
  ha_mq_ctl "$k" -q add_user jardam "$AMQP_PASSWORD" 2>/dev/null || ha_mq_ctl "$k" -q change_password jardam "$AMQP_PASSWORD"
  ha_mq_ctl "$k" -q set_user_tags jardam administrator
  ha_mq_ctl "$k" -q set_permissions -p "$vhost" jardam '.*' '.*' '.*'
  ha_mq_ctl "$k" -q delete_user guest 2>/dev/null || true
  RABBITMQ_API_URL="https://127.0.0.1:$(( LOCAL_AMQP_MANAGEMENT_PORT + $(ha_offset "$k") ))" RABBITMQ_CA_FILE="$run/tls/ca.crt" \
    RABBITMQ_ADMIN_USER=jardam RABBITMQ_ADMIN_PASSWORD="$AMQP_PASSWORD" \
    bash "$root/scripts/provision-rabbitmq.sh" >/dev/null
}

ha_mq_stop_node() {
  local k=$1 dir; dir=$(ha_mq_dir "$1")
  [ -f "$dir/server.pid" ] || return 0
  local pid; pid=$(cat "$dir/server.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -CONT -- "-$pid" 2>/dev/null || true
    ha_mq_ctl "$k" -q stop >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$dir/server.pid"
}

ha_mq_stop() {
  local k
  # The last node stopped must be the first started next time; stopping 3, 2, 1 keeps node 1 last.
  for k in 3 2 1; do ha_mq_stop_node "$k"; done
  if [ -f "$ha_dir/epmd.pid" ]; then kill "$(cat "$ha_dir/epmd.pid")" 2>/dev/null || true; rm -f "$ha_dir/epmd.pid"; fi
}

# kill -9 of node k's whole process group, as a machine lost would.
ha_mq_kill_node() {
  local dir; dir=$(ha_mq_dir "$1")
  [ -f "$dir/server.pid" ] || return 0
  kill -9 -- "-$(cat "$dir/server.pid")" 2>/dev/null || true
  rm -f "$dir/server.pid"
}

# Node k frozen (SIGSTOP: its sockets stay open and silent, as behind a network cut) or thawed.
ha_mq_signal_node() {
  local dir; dir=$(ha_mq_dir "$2")
  kill "-$1" -- "-$(cat "$dir/server.pid")"
}

# The node holding most queue leaders (the one whose loss costs most).
ha_mq_busiest_node() {
  local k
  for k in 1 2 3; do ha_mq_running "$k" && break; done
  ha_mq_ctl "$k" -q list_queues -p jardam leader --formatter json 2>/dev/null | python3 -c '
import collections, json, sys
leaders = collections.Counter(q.get("leader") for q in json.load(sys.stdin) if q.get("leader"))
print(leaders.most_common(1)[0][0].split("@")[0].rsplit("-", 1)[1] if leaders else 1)'
}

# MARK: PostgreSQL under Patroni, two nodes, and etcd

ha_pg_port() { echo $(( LOCAL_PG_PORT + $(ha_offset "$1") )); }
ha_rest_port() { echo $(( LOCAL_PG_PORT + 5 + $(ha_offset "$1") )); }
ha_etcd_port() { echo $(( LOCAL_PG_PORT + 7 )); }

ha_etcd_start() {
  local dir="$ha_dir/etcd"
  mkdir -p "$dir"
  if [ -f "$dir/etcd.pid" ] && kill -0 "$(cat "$dir/etcd.pid")" 2>/dev/null; then return 0; fi
  local client="http://127.0.0.1:$(ha_etcd_port)" peer="http://127.0.0.1:$(( LOCAL_PG_PORT + 8 ))"
  setsid etcd --name "jardam-$instance" --data-dir "$dir/data" --listen-client-urls "$client" --advertise-client-urls "$client" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "jardam-$instance=$peer" \
    --initial-cluster-token "jardam-$instance" --logger zap --log-outputs stderr >>"$dir/etcd.log" 2>&1 < /dev/null &
  echo $! > "$dir/etcd.pid"
  for _ in $(seq 1 60); do
    curl -fsS "$client/health" 2>/dev/null | grep -q '"health":"true"' && return 0
    sleep 0.5
  done
  echo "servers: etcd did not start; see $dir/etcd.log" >&2
  exit 1
}

ha_patroni_config() {
  local k=$1 dir="$ha_dir/patroni-$1"
  mkdir -p "$dir"
  install -m 600 "$run/tls/server.key" "$dir/server.key"
  install -m 644 "$run/tls/server.crt" "$dir/server.crt"
  local replication_password=${PG_PASSWORD_REPLICATION:?}
  cat > "$dir/patroni.yml" <<YAML
scope: jardam-$instance
name: pg$k
restapi:
  listen: 127.0.0.1:$(ha_rest_port "$k")
  connect_address: 127.0.0.1:$(ha_rest_port "$k")
etcd3:
  hosts: 127.0.0.1:$(ha_etcd_port)
log:
  dir: $dir
bootstrap:
  # The leader key lives 10 s: a primary that stops renewing it is replaced within about 11 s.
  # (At 6 s a loaded machine saw etcd answer too late and the primary demote itself.)
  # Synchronous replication: a commit the primary reported is on the standby too, so a failover
  # loses nothing (with the standby gone, the primary goes on alone: not strict).
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 1000
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth-host: scram-sha-256
    - auth-local: scram-sha-256
postgresql:
  listen: 127.0.0.1:$(ha_pg_port "$k")
  connect_address: 127.0.0.1:$(ha_pg_port "$k")
  data_dir: $dir/data
  bin_dir: $pg_bin
  pgpass: $dir/pgpass
  use_unix_socket: true
  authentication:
    superuser:
      username: jardam_admin
      password: "$PG_ADMIN_PASSWORD"
    replication:
      username: jardam_replicator
      password: "$replication_password"
      sslmode: verify-full
      sslrootcert: $run/tls/ca.crt
    rewind:
      username: jardam_admin
      password: "$PG_ADMIN_PASSWORD"
  parameters:
    unix_socket_directories: $dir
    ssl: "on"
    ssl_cert_file: $dir/server.crt
    ssl_key_file: $dir/server.key
  # TLS only over TCP, as a single server; the socket is Patroni's own way in.
  pg_hba:
    - local all all scram-sha-256
    - hostssl replication jardam_replicator 127.0.0.1/32 scram-sha-256
    - hostssl all all 127.0.0.1/32 scram-sha-256
    - hostnossl all all 0.0.0.0/0 reject
    - hostnossl all all ::/0 reject
YAML
  [ "$(id -u)" -ne 0 ] || chown -R postgres: "$dir"
  chmod 600 "$dir/patroni.yml"
}

ha_patroni_running() { local pid_file="$ha_dir/patroni-$1/patroni.pid"; [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

ha_patroni_start_node() {
  local k=$1 dir="$ha_dir/patroni-$1"
  ha_patroni_config "$k"
  ha_patroni_running "$k" && return 0
  # Patroni (as the postgres user) and its PostgreSQL in one process group: losing the node is one kill.
  setsid runuser -u postgres -- patroni "$dir/patroni.yml" >>"$dir/patroni.out" 2>&1 < /dev/null &
  echo $! > "$dir/patroni.pid"
}

# Patroni's view of the cluster: "role state lag" per member, from a live node's REST API.
ha_pg_members() {
  local k
  for k in 1 2; do
    curl -fsS "http://127.0.0.1:$(ha_rest_port "$k")/cluster" 2>/dev/null && return 0
  done
  return 1
}

# Waits until a leader runs and, with WANT_REPLICAS=1, until a standby streams from it.
ha_pg_await() {
  local want_replicas=${1:-1}
  for _ in $(seq 1 240); do
    if ha_pg_members | python3 -c "
import json, sys
members = json.load(sys.stdin)['members']
leader = [m for m in members if m['role'] == 'leader' and m['state'] == 'running']
streaming = [m for m in members if m['role'] in ('replica', 'sync_standby') and m['state'] in ('streaming', 'running')]
sys.exit(0 if leader and len(streaming) >= $want_replicas else 1)" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "servers: the PostgreSQL cluster did not come up; see $ha_dir/patroni-*/" >&2
  exit 1
}

ha_pg_start() {
  open_path_for_postgres
  mkdir -p "$ha_dir"
  bash "$root/scripts/tls.sh" "$run/tls" 127.0.0.1 localhost
  ha_etcd_start
  ha_patroni_start_node 1
  ha_pg_await 0
  ha_patroni_start_node 2
  ha_pg_await 1
}

# Node k's postmaster pid, if it runs.
ha_postmaster() {
  local pm_file="$ha_dir/patroni-$1/data/postmaster.pid" pm
  [ -f "$pm_file" ] || return 0
  pm=$(head -1 "$pm_file")
  ! kill -0 "$pm" 2>/dev/null || echo "$pm"
}

ha_patroni_stop_node() {
  local pid_file="$ha_dir/patroni-$1/patroni.pid" pm
  pm=$(ha_postmaster "$1")
  if [ -f "$pid_file" ]; then
    local pid; pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      # Patroni stops its PostgreSQL on SIGTERM (runuser passes it on).
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  fi
  # The postmaster runs in a session of its own: it is waited for, and killed if Patroni left it.
  if [ -n "$pm" ]; then
    for _ in $(seq 1 60); do kill -0 "$pm" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "$pm" $(pgrep -P "$pm") 2>/dev/null || true
  fi
}

# kill -9 of node k's Patroni and its PostgreSQL together, as a machine lost would.
ha_patroni_kill_node() {
  local pid_file="$ha_dir/patroni-$1/patroni.pid"
  [ -f "$pid_file" ] || return 0
  # PostgreSQL's postmaster runs in a session of its own (Patroni detaches it), and its backends
  # outlive it for a while, serving their connections: the postmaster and all its children too.
  local pm; pm=$(ha_postmaster "$1")
  kill -9 -- "-$(cat "$pid_file")" ${pm:+$pm $(pgrep -P "$pm" | tr '\n' ' ')} 2>/dev/null || true
  rm -f "$pid_file"
}

# The node Patroni holds as leader now.
ha_pg_leader() {
  ha_pg_members | python3 -c "
import json, sys
print(next(m['name'][2:] for m in json.load(sys.stdin)['members'] if m['role'] == 'leader'))"
}

ha_pg_stop() {
  local k
  # The standby first, so that the primary does not fail over to it while stopping.
  for k in 2 1; do [ "$k" = "$(ha_pg_leader 2>/dev/null || echo 0)" ] || ha_patroni_stop_node "$k"; done
  for k in 1 2; do ha_patroni_stop_node "$k"; done
  local etcd_pid="$ha_dir/etcd/etcd.pid"
  if [ -f "$etcd_pid" ]; then kill "$(cat "$etcd_pid")" 2>/dev/null || true; rm -f "$etcd_pid"; fi
}

ha_pg_provision() {
  PGHOST=127.0.0.1,127.0.0.1 PGPORT="$(ha_pg_port 1),$(ha_pg_port 2)" PGTARGETSESSIONATTRS=read-write \
    PGUSER=jardam_admin PGPASSWORD="$PG_ADMIN_PASSWORD" PGSSLMODE=verify-full PGSSLROOTCERT="$run/tls/ca.crt" \
    bash "$root/scripts/provision-postgres.sh"
}
