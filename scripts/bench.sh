#!/usr/bin/env bash
# `make bench`: release build, the test servers, then each measurement three times (median kept).
# Prints a Markdown table and writes it to bench/results/<date>.md. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh
swift build -c release
# A fresh test instance: the end-to-end figures must not depend on what the tests left.
bash scripts/servers.sh stop test
rm -rf .run/test
trap 'bash scripts/services.sh stop test; bash scripts/servers.sh stop test' EXIT
bash scripts/servers.sh start test >/dev/null
set -a; . .run/test/env; set +a
mkdir -p .build/bench
gcc -O2 -o .build/bench/publish_confirm bench/c/publish_confirm.c -lrabbitmq
bench=.build/release/jardam-bench
. scripts/bench-lib.sh

read -r amqp_user amqp_password amqp_host amqp_port amqp_ca < <(python3 -c "import urllib.parse,os; u=urllib.parse.urlparse(os.environ['JARDAM_AMQP_URL']); print(u.username, u.password, u.hostname, u.port, urllib.parse.parse_qs(u.query).get('cacertfile', [''])[0])")
count=${BENCH_COUNT:-20000} size=${BENCH_SIZE:-1024} window=${BENCH_WINDOW:-512}

# MARK: end to end: the five services (release builds) as `make up` runs them, seeded as the demo
JARDAM_BIN=.build/release bash scripts/services.sh start test >/dev/null
.build/release/jardamctl seed demo >/dev/null 2>&1
e2e_cases=${BENCH_E2E_CASES:-500} e2e_concurrency=${BENCH_E2E_CONCURRENCY:-8}
services_list="intake legal-referral shelter medical-insurance labor-exchange"
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$(cat ".run/test/pids/$1.pid")/status"; }
published() {  # events and partner forms the five outboxes published so far
  psql_admin "SELECT (SELECT count(*) FROM intake.outbox) + (SELECT count(*) FROM legal.outbox) + (SELECT count(*) FROM shelter.outbox)
    + (SELECT count(*) FROM medical.outbox) + (SELECT count(*) FROM labor.outbox)
    + (SELECT count(*) FROM legal.outbox WHERE event_type LIKE 'legal.referral.%' OR event_type LIKE 'legal.employer.%')
    + (SELECT count(*) FROM shelter.outbox WHERE event_type = 'shelter.occupancy.changed.v1')
    + (SELECT count(*) FROM labor.outbox WHERE event_type LIKE 'labor.vacancy.%')"
}
# The network service counts every case for the statistics: part of the city's cost.
city_parts="$services_list network postgres rabbitmq"
# Statements and commits of the city database so far (pg_stat_statements, pg_stat_database).
psql_admin "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
declare -A cpu_used cpu_per_case run_start
cpu_reset
messages_before=$(published) statements_before=$(statements_so_far) commits_before=$(commits_so_far)
e2e_rates=() e2e_p50s=() e2e_p99s=() e2e_hp50s=() e2e_hp99s=()
for _ in 1 2 3; do
  e2e_run "$e2e_cases"
  read -r rate p50 p99 hp50 hp99 <<< "$run_result"
  e2e_rates+=("$rate") e2e_p50s+=("$p50") e2e_p99s+=("$p99") e2e_hp50s+=("$hp50") e2e_hp99s+=("$hp99")
done
messages_per_case=$(python3 -c "print(f'{($(published) - $messages_before) / (3 * $e2e_cases):.1f}')")
# What the city's services asked of the database per case over the three runs.
statements_per_case=$(python3 -c "print(f'{($(statements_so_far) - $statements_before) / (3 * $e2e_cases):.1f}')")
commits_per_case=$(python3 -c "print(f'{($(commits_so_far) - $commits_before) / (3 * $e2e_cases):.1f}')")
cpu_per_case_since_reset $((3 * e2e_cases))
declare -A cpu_1x
for s in $city_parts city; do cpu_1x[$s]=${cpu_per_case[$s]}; done
e2e_rate=$(median "${e2e_rates[@]}") e2e_p50=$(median "${e2e_p50s[@]}") e2e_p99=$(median "${e2e_p99s[@]}")
e2e_hp50=$(median "${e2e_hp50s[@]}") e2e_hp99=$(median "${e2e_hp99s[@]}")
# The runs above send as fast as 8 clients can, so their latency is mostly queueing; the same
# cases sent at half that rate show what one case costs when the city keeps up.
half_rate=$(python3 -c "print(f'{$e2e_rate / 2:.1f}')")
paced_p50s=() paced_p99s=() paced_hp50s=() paced_hp99s=()
for _ in 1 2 3; do
  e2e_run "$e2e_cases" "$half_rate"
  read -r _ p50 p99 hp50 hp99 <<< "$run_result"
  paced_p50s+=("$p50") paced_p99s+=("$p99") paced_hp50s+=("$hp50") paced_hp99s+=("$hp99")
done
paced_p50=$(median "${paced_p50s[@]}") paced_p99=$(median "${paced_p99s[@]}")
paced_hp50=$(median "${paced_hp50s[@]}") paced_hp99=$(median "${paced_hp99s[@]}")
# The PostgreSQL ceiling, with the same durability: the SQL one case causes in the five services,
# captured from the server's log while one more case goes through, replayed by pgbench
# (bench/pgbench/case_script.py says how), 8 clients, with the services stopped.
pg_log=.run/test/postgres/server.log
psql_admin "ALTER SYSTEM SET log_line_prefix = '%m [%p] %u '" && psql_admin "ALTER SYSTEM SET log_statement = 'all'"
psql_admin "SELECT pg_reload_conf()" >/dev/null; sleep 1
mark=$(wc -l < "$pg_log")
e2e_run 1  # and until the relays have marked what they published
psql_admin "ALTER SYSTEM RESET log_statement" && psql_admin "ALTER SYSTEM RESET log_line_prefix"
psql_admin "SELECT pg_reload_conf()" >/dev/null
tail -n +$((mark + 1)) "$pg_log" > .build/bench/case.log
python3 bench/pgbench/case_script.py .build/bench/case.log > .build/bench/case.sql 2>/dev/null
pgbench_best() {  # SCRIPT: "best run1 run2 run3", cases/s of a one-case script, 8 clients, three runs
  local runs=() tps
  for _ in 1 2 3; do
    tps=$(pgbench -n -M simple -f "$1" -c 8 -j 2 -T "${BENCH_PGBENCH_SECONDS:-10}" "$JARDAM_ADMIN_POSTGRES_URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
    runs+=("${tps:-0}")
    # what the captured SQL wrote is marked published, as the relays would have
    for schema in intake legal shelter medical labor; do psql_admin "UPDATE $schema.outbox SET published_at = now() WHERE published_at IS NULL" >/dev/null; done
  done
  echo "$(printf '%s\n' "${runs[@]}" | sort -n | tail -1) ${runs[*]}"
}
pgbench_case() { pgbench_best .build/bench/case.sql; }  # the ceiling: the city's own SQL
# The floor: the least durable work of a case, written by hand (bench/pgbench/floor.sql) on tables
# of its own, run like the ceiling on the same server.
pgbench_floor() {
  psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f bench/pgbench/floor-schema.sql "$JARDAM_ADMIN_POSTGRES_URL" >/dev/null
  pgbench_best bench/pgbench/floor.sql
  psql_admin "DROP SCHEMA floor CASCADE"
}
floor_statements=$(grep -cE '^(BEGIN|COMMIT|INSERT|UPDATE)' bench/pgbench/floor.sql)
case_statements=$(grep -c ';$' .build/bench/case.sql)
JARDAM_BIN=.build/release bash scripts/services.sh stop test
# The key store's tables live in their own database: pgbench runs one, so they are copied (empty,
# with their indexes) into the city database as keys_intake and keys_medical for the ceiling.
key_store_copy() {  # create | drop
  for schema in intake medical; do
    psql_admin "SET client_min_messages = warning; DROP SCHEMA IF EXISTS keys_$schema CASCADE"
    [ "$1" = create ] || continue
    psql_admin "CREATE SCHEMA keys_$schema"
    pg_dump -s --no-owner --no-privileges -t "$schema.person_keys" -t "$schema.vault_keys" "$JARDAM_ADMIN_KEYS_POSTGRES_URL" \
      | sed "s/\b$schema\./keys_$schema./g" | psql -X -q "$JARDAM_ADMIN_POSTGRES_URL" >/dev/null
  done
}
key_store_copy create
read -r pg_ceiling pg_runs < <(pgbench_case)
key_store_copy drop
read -r pg_floor floor_runs < <(pgbench_floor)
JARDAM_BIN=.build/release bash scripts/services.sh start test >/dev/null
stored_before_scale=$(psql_admin "SELECT count(*) FROM intake.cases")

# Scale: ten times as many cases already in every schema, then the same run again.
e2e_run $((10 * e2e_cases))
s_rates=() s_p50s=() s_p99s=() s_hp50s=() s_hp99s=()
cpu_reset
for _ in 1 2 3; do
  e2e_run "$e2e_cases"
  read -r rate p50 p99 hp50 hp99 <<< "$run_result"
  s_rates+=("$rate") s_p50s+=("$p50") s_p99s+=("$p99") s_hp50s+=("$hp50") s_hp99s+=("$hp99")
done
s_rate=$(median "${s_rates[@]}") s_p50=$(median "${s_p50s[@]}") s_p99=$(median "${s_p99s[@]}")
s_hp50=$(median "${s_hp50s[@]}") s_hp99=$(median "${s_hp99s[@]}")
cpu_per_case_since_reset $((3 * e2e_cases))
cpu_lines=""
for s in $services_list network; do cpu_lines+="| $s | ${cpu_1x[$s]} | ${cpu_per_case[$s]} | $(peak_rss_mib "$s") |"$'\n'; done
cpu_lines+="| PostgreSQL (postmaster and every backend) | ${cpu_1x[postgres]} | ${cpu_per_case[postgres]} | |"$'\n'
cpu_lines+="| RabbitMQ node (beam) | ${cpu_1x[rabbitmq]} | ${cpu_per_case[rabbitmq]} | |"$'\n'
cpu_lines+="| **whole city** | **${cpu_1x[city]}** | **${cpu_per_case[city]}** | |"
JARDAM_BIN=.build/release bash scripts/services.sh stop test
key_store_copy create
read -r pg_ceiling_10x pg_runs_10x < <(pgbench_case)
key_store_copy drop
stored_after_scale=$(psql_admin "SELECT count(*) FROM intake.cases")

# Intake and shelter (release builds) on the test servers, measured over HTTP.
pids=()
stop_services() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done; }
trap 'stop_services; bash scripts/servers.sh stop test' EXIT
start_service() {  # executable, prefix of its variables in .run/test/env
  local url_var="$2_POSTGRES_URL" port_var="$2_HTTP_PORT" amqp_var="$2_AMQP_URL" keys_var="$2_KEYS_POSTGRES_URL" data_key_var="$2_DATA_KEY"
  JARDAM_POSTGRES_URL="${!url_var}" JARDAM_HTTP_PORT="${!port_var}" JARDAM_AMQP_URL="${!amqp_var}" JARDAM_LOG_LEVEL=warning \
    JARDAM_KEYS_POSTGRES_URL="${!keys_var:-}" JARDAM_DATA_KEY="${!data_key_var:-}" \
    JARDAM_TLS_CERT="$TLS_SERVER_CERT" JARDAM_TLS_KEY="$TLS_SERVER_KEY" ".build/release/$1" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -fsS --cacert "$TLS_CA_FILE" "https://127.0.0.1:${!port_var}/health/ready" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "bench: $1 did not become ready" >&2; exit 1
}
start_service intake INTAKE
start_service shelter SHELTER
start_service labor-exchange LABOR
cases=${BENCH_CASES:-2000} concurrency=${BENCH_CONCURRENCY:-8}
c_runs=() swift_runs=() relay_runs=() case_runs=() case_p50=() case_p99=() booked_runs=() book_p50=() book_p99=() book_others=()
booking_requests=${BENCH_BOOKINGS:-200} booking_beds=${BENCH_BEDS:-20}
# Matching: one job seeker among BENCH_VACANCIES vacancies (seeded once), 200 calls one by one.
vacancies=${BENCH_VACANCIES:-100000}
read -r mp50 mp99 < <($bench matches "https://127.0.0.1:$LABOR_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$vacancies" 200)
for _ in 1 2 3; do
  read -r booked bp50 bp99 others < <($bench bookings "https://127.0.0.1:$SHELTER_HTTP_PORT" "https://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$booking_requests" "$booking_beds")
  booked_runs+=("$booked") book_p50+=("$bp50") book_p99+=("$bp99") book_others+=("$others")
  read -r rate p50 p99 < <($bench cases "https://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$cases" "$concurrency")
  case_runs+=("$rate") case_p50+=("$p50") case_p99+=("$p99")
  c_runs+=("$(.build/bench/publish_confirm "$amqp_host" "$amqp_port" jardam "$amqp_user" "$amqp_password" "$count" "$size" "$window" $amqp_ca)")
  swift_runs+=("$($bench publish "$JARDAM_AMQP_URL" "$count" "$size" "$window")")
  relay_runs+=("$($bench relay "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_AMQP_URL" "$count")")
done
# The relay runs announced 3 × $count made-up case updates to the services' queues: drop them.
for queue in intake legal-referral shelter medical-insurance labor-exchange; do
  curl -fsS --cacert "$TLS_CA_FILE" -o /dev/null -X DELETE "$JARDAM_AMQP_MANAGEMENT_URL/api/queues/jardam/$queue.events/contents" || true
done
c=$(median "${c_runs[@]}") swift=$(median "${swift_runs[@]}") relay=$(median "${relay_runs[@]}")
c_ceiling=$(python3 -c "print(f'{$c / $messages_per_case:.0f}')")
tighter=$(python3 -c "print(min($c_ceiling, $pg_ceiling))")
e2e_ratio=$(python3 -c "print(f'{$e2e_rate / $tighter:.2f}')")
floor_ratio=$(python3 -c "print(f'{$e2e_rate / $pg_floor:.2f}' if $pg_floor else 'n/a')")
scale_ratio=$(python3 -c "print(f'{$s_rate / min($c_ceiling, $pg_ceiling_10x):.2f}' if $pg_ceiling_10x else 'n/a')")
case_rate=$(median "${case_runs[@]}") p50=$(median "${case_p50[@]}") p99=$(median "${case_p99[@]}")
bp50=$(median "${book_p50[@]}") bp99=$(median "${book_p99[@]}")
ratio=$(python3 -c "print(f'{$swift / $c:.2f}')")

# The same end-to-end runs on an HA city (three broker nodes, a Patroni primary and synchronous
# standby: scripts/servers-ha.sh), in this run, against the single-node city's figure above.
stop_services
pids=()
bash scripts/servers.sh stop test
bash scripts/services.sh stop test-ha >/dev/null 2>&1 || true
bash scripts/servers.sh stop test-ha >/dev/null 2>&1 || true
rm -rf .run/test-ha
trap 'bash scripts/services.sh stop test-ha || true; bash scripts/servers.sh stop test-ha || true' EXIT
HA=1 bash scripts/servers.sh start test-ha >/dev/null
JARDAM_BIN=.build/release bash scripts/services.sh start test-ha >/dev/null
ha_rates=() ha_p99s=()
(
  set -a; . .run/test-ha/env; set +a
  .build/release/jardamctl seed demo >/dev/null 2>&1
  for _ in 1 2 3; do
    $bench endtoend "https://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$e2e_cases" "$e2e_concurrency"
  done
) > .build/bench/ha.txt
# (one_p99, not p99: p99 holds the registration p99 of the report)
while read -r one_rate _ one_p99 _; do ha_rates+=("$one_rate") ha_p99s+=("$one_p99"); done < .build/bench/ha.txt
ha_rate=$(median "${ha_rates[@]}") ha_p99=$(median "${ha_p99s[@]}")
ha_ratio=$(python3 -c "print(f'{$ha_rate / $e2e_rate:.2f}')")

report=$(cat <<MD
# Jardam benchmark, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null), PostgreSQL 15.
Each figure is the median of 3 runs of $count persistent messages of $size bytes, publisher confirms, window $window.

| measure | per second | runs |
| --- | ---: | --- |
| C rabbitmq-c publisher with confirms (ceiling) | $c | ${c_runs[*]} |
| Swift AMQPPublisher with confirms | $swift | ${swift_runs[*]} |
| **Swift / C** | **$ratio** | |
| Outbox relay: committed rows to confirmed events | $relay | ${relay_runs[*]} |
| Cases registered over HTTP (intake, outbox, $concurrency at a time) | $case_rate | ${case_runs[*]} |

Case registration latency (median of the runs' percentiles, $cases cases per run): p50 $p50 ms, p99 $p99 ms.

## End to end

The five services (release builds, log level info) on the test servers, seeded with the demo data;
$e2e_cases cases per run registered over HTTP ($e2e_concurrency at a time), each with all four needs, every
consent, pregnant and with a child; a case counts once intake's timeline holds its referral, its
held bed or waitlist place, its coverage check and its plan recommendation. Latency: request
sent → last of those effects committed. Median of 3 runs.

| measure | value | runs |
| --- | ---: | --- |
| cases/s end to end | $e2e_rate | ${e2e_rates[*]} |
| end-to-end p50 / p99 (ms) | $e2e_p50 / $e2e_p99 | p99: ${e2e_p99s[*]} |
| HTTP p50 / p99 (ms) | $e2e_hp50 / $e2e_hp99 | p99: ${e2e_hp99s[*]} |
| at half that rate ($half_rate cases/s, paced): end-to-end p50 / p99 (ms) | $paced_p50 / $paced_p99 | p99: ${paced_p99s[*]}; HTTP p50 / p99: $paced_hp50 / $paced_hp99 |
| messages published per case (events and partner forms) | $messages_per_case | |
| ceiling: C publisher with confirms ÷ messages per case (cases/s) | $c_ceiling | |
| ceiling: pgbench running the SQL of one case ($case_statements statements), 8 clients, best of 3 (cases/s) | $pg_ceiling | $pg_runs |
| **end to end / tighter ceiling** | **$e2e_ratio** | |
| floor: pgbench running the least durable work of a case (bench/pgbench/floor.sql, $floor_statements statements, 6 commits), 8 clients, best of 3 (cases/s) | $pg_floor | $floor_runs |
| **end to end / floor** | **$floor_ratio** | |
| statements / writing commits per case in the city's PostgreSQL, end-to-end runs (pg_stat_statements, transaction ids given) | $statements_per_case / $commits_per_case | |
| at 10× the cases stored ($stored_before_scale → $stored_after_scale): cases/s, p50 / p99 (ms) | $s_rate, $s_p50 / $s_p99 | ${s_rates[*]}; HTTP p50 / p99: $s_hp50 / $s_hp99 |
| at 10×: pgbench ceiling (cases/s), end to end / tighter ceiling | $pg_ceiling_10x, $scale_ratio | $pg_runs_10x |
| HA city (3 broker nodes, Patroni primary + synchronous standby): cases/s end to end, p99 (ms) | $ha_rate, $ha_p99 | ${ha_rates[*]} |
| **HA / single node, end to end** | **$ha_ratio** | |

| part of the city | CPU ms per case | at 10× | peak RSS (MiB) |
| --- | ---: | ---: | ---: |
$cpu_lines

Matches for one job seeker among $vacancies vacancies (50 best, one call at a time): p50 $mp50 ms, p99 $mp99 ms (aim: p99 ≤ 50 ms).

Bookings under contention ($booking_requests requests at once for $booking_beds beds, same nights): beds booked per run ${booked_runs[*]} (must equal $booking_beds, unless a request got neither 201 nor 409: ${book_others[*]}); latency p50 $bp50 ms, p99 $bp99 ms.
MD
)
echo "$report"
mkdir -p bench/results
echo "$report" > "bench/results/$(date -u +%Y-%m-%d).md"
