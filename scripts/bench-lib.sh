# What `make bench` (scripts/bench.sh) and `make bench-compare` (scripts/bench-compare.sh) share:
# sourced once the test servers run and .run/test/env is loaded. The caller sets `bench` (the
# jardam-bench executable), `e2e_concurrency` and `city_parts` (the services, then `postgres` and
# `rabbitmq`), and declares the associative arrays `cpu_used`, `cpu_per_case` and `run_start`.

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
psql_admin() { psql -X -q -tA "$JARDAM_ADMIN_POSTGRES_URL" -c "$1"; }
# CPU seconds of a part of the city so far: a service's process; PostgreSQL's postmaster, its
# backends alive and those it reaped; the RabbitMQ node (beam) and its helpers.
cpu_seconds() {
  local pid
  case $1 in
    postgres) pid=$(head -1 .run/test/postgres/data/postmaster.pid) ;;
    rabbitmq) pid=$(cat .run/test/rabbitmq/server.pid) ;;
    *) pid=$(cat ".run/test/pids/$1.pid") ;;
  esac
  python3 - "$pid" <<'PY'
import os, sys
root = int(sys.argv[1])
def fields(pid):  # /proc/PID/stat after the command name: state, ppid, ..., utime, stime, cutime, cstime
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()
mine = fields(root)
ticks = sum(int(v) for v in mine[11:15])
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        theirs = fields(pid)
    except OSError:
        continue
    if int(theirs[1]) == root:
        ticks += int(theirs[11]) + int(theirs[12])
print(ticks / os.sysconf("SC_CLK_TCK"))
PY
}

settle() {  # each measured run starts from a quiet city: queues and outboxes empty, no autovacuum
  for _ in $(seq 1 120); do
    local busy
    busy=$(psql_admin "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')
      + (SELECT count(*) FROM intake.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM legal.outbox WHERE published_at IS NULL)
      + (SELECT count(*) FROM shelter.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM medical.outbox WHERE published_at IS NULL)
      + (SELECT count(*) FROM labor.outbox WHERE published_at IS NULL)")
    busy=$((busy + $(curl -fsS --cacert "$TLS_CA_FILE" "$JARDAM_AMQP_MANAGEMENT_URL/api/queues/jardam?columns=name,messages" \
      | python3 -c "import json,sys; print(sum(q.get('messages', 0) for q in json.load(sys.stdin) if not q['name'].endswith('dead-letter')))")))
    [ "$busy" -eq 0 ] && return 0
    sleep 1
  done
}

# The city's statements and commits so far: the services' roles' statements (pg_stat_statements),
# and the transactions that wrote (each took a transaction id: the next id to be given, read without
# taking one), so that neither counts the measuring (the benchmark's polling only reads).
# pg_stat_database's xact_commit is not used: backends report it up to a second late and it
# counts read-only transactions too, so it swung between turns of one build.
statements_so_far() {
  psql_admin "SELECT coalesce(sum(calls), 0)::int8 FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database() AND s.userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"
}
commits_so_far() {
  psql_admin "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::int8"
}

# COUNT [RATE]: one run of COUNT cases (sent at RATE a second, if given), from a quiet city until
# it is quiet again; sets run_result to "rate p50 p99 http_p50 http_p99" and adds each service's
# CPU seconds over the run and the work it left (not the idle wait before it) to cpu_used.
e2e_run() {
  settle
  for s in $city_parts; do run_start[$s]=$(cpu_seconds "$s"); done
  run_result=$($bench endtoend "https://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$1" "$e2e_concurrency" ${2:+"$2"})
  settle
  for s in $city_parts; do
    cpu_used[$s]=$(awk -v a="${cpu_used[$s]:-0}" -v b="$(cpu_seconds "$s")" -v c="${run_start[$s]}" 'BEGIN {print a + b - c}')
  done
}
cpu_reset() { for s in $city_parts; do cpu_used[$s]=0; done; }
cpu_per_case_since_reset() {  # CASES: each part's CPU ms per case over the runs since cpu_reset, into cpu_per_case
  local total=0
  for s in $city_parts; do
    cpu_per_case[$s]=$(python3 -c "print(f'{${cpu_used[$s]} * 1000 / $1:.1f}')")
    total=$(python3 -c "print($total + ${cpu_used[$s]})")
  done
  cpu_per_case[city]=$(python3 -c "print(f'{$total * 1000 / $1:.1f}')")
}

