#!/usr/bin/env bash
# `make bench`: release build, the test servers, then each measurement three times (median kept).
# Prints a Markdown table and writes it to bench/results/<date>.md. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh
trap 'bash scripts/servers.sh stop test' EXIT
bash scripts/servers.sh start test >/dev/null
set -a; . .run/test/env; set +a

swift build -c release --product jardam-bench
swift build -c release --product intake
swift build -c release --product shelter
swift build -c release --product labor-exchange
mkdir -p .build/bench
gcc -O2 -o .build/bench/publish_confirm bench/c/publish_confirm.c -lrabbitmq
bench=.build/release/jardam-bench

read -r amqp_user amqp_password amqp_port < <(python3 -c "import urllib.parse,os; u=urllib.parse.urlparse(os.environ['JARDAM_AMQP_URL']); print(u.username, u.password, u.port)")
count=${BENCH_COUNT:-20000} size=${BENCH_SIZE:-1024} window=${BENCH_WINDOW:-512}

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

# Intake and shelter (release builds) on the test servers, measured over HTTP.
pids=()
stop_services() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done; }
trap 'stop_services; bash scripts/servers.sh stop test' EXIT
start_service() {  # executable, prefix of its variables in .run/test/env
  local url_var="$2_POSTGRES_URL" port_var="$2_HTTP_PORT"
  JARDAM_POSTGRES_URL="${!url_var}" JARDAM_HTTP_PORT="${!port_var}" JARDAM_LOG_LEVEL=warning ".build/release/$1" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:${!port_var}/health/ready" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "bench: $1 did not become ready" >&2; exit 1
}
start_service intake INTAKE
start_service shelter SHELTER
start_service labor-exchange LABOR
cases=${BENCH_CASES:-2000} concurrency=${BENCH_CONCURRENCY:-8}
c_runs=() swift_runs=() relay_runs=() case_runs=() case_p50=() case_p99=() booked_runs=() book_p50=() book_p99=()
booking_requests=${BENCH_BOOKINGS:-200} booking_beds=${BENCH_BEDS:-20}
# Matching: one job seeker among BENCH_VACANCIES vacancies (seeded once), 200 calls one by one.
vacancies=${BENCH_VACANCIES:-100000}
read -r mp50 mp99 < <($bench matches "http://127.0.0.1:$LABOR_HTTP_PORT" "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$vacancies" 200)
for _ in 1 2 3; do
  read -r booked bp50 bp99 < <($bench bookings "http://127.0.0.1:$SHELTER_HTTP_PORT" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$booking_requests" "$booking_beds")
  booked_runs+=("$booked") book_p50+=("$bp50") book_p99+=("$bp99")
  read -r rate p50 p99 < <($bench cases "http://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$cases" "$concurrency")
  case_runs+=("$rate") case_p50+=("$p50") case_p99+=("$p99")
  c_runs+=("$(.build/bench/publish_confirm 127.0.0.1 "$amqp_port" jardam "$amqp_user" "$amqp_password" "$count" "$size" "$window")")
  swift_runs+=("$($bench publish "$JARDAM_AMQP_URL" "$count" "$size" "$window")")
  relay_runs+=("$($bench relay "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_AMQP_URL" "$count")")
done
c=$(median "${c_runs[@]}") swift=$(median "${swift_runs[@]}") relay=$(median "${relay_runs[@]}")
case_rate=$(median "${case_runs[@]}") p50=$(median "${case_p50[@]}") p99=$(median "${case_p99[@]}")
bp50=$(median "${book_p50[@]}") bp99=$(median "${book_p99[@]}")
ratio=$(python3 -c "print(f'{$swift / $c:.2f}')")

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

Matches for one job seeker among $vacancies vacancies (50 best, one call at a time): p50 $mp50 ms, p99 $mp99 ms (aim: p99 ≤ 50 ms).

Bookings under contention ($booking_requests requests at once for $booking_beds beds, same nights): beds booked per run ${booked_runs[*]} (must equal $booking_beds); latency p50 $bp50 ms, p99 $bp99 ms.
MD
)
echo "$report"
mkdir -p bench/results
echo "$report" > "bench/results/$(date -u +%Y-%m-%d).md"
