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
mkdir -p .build/bench
gcc -O2 -o .build/bench/publish_confirm bench/c/publish_confirm.c -lrabbitmq
bench=.build/release/jardam-bench

read -r amqp_user amqp_password amqp_port < <(python3 -c "import urllib.parse,os; u=urllib.parse.urlparse(os.environ['JARDAM_AMQP_URL']); print(u.username, u.password, u.port)")
count=${BENCH_COUNT:-20000} size=${BENCH_SIZE:-1024} window=${BENCH_WINDOW:-512}

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

# Intake (release build) on the test servers, for cases registered over HTTP.
intake_pid=""
stop_intake() { [ -z "$intake_pid" ] || { kill "$intake_pid" 2>/dev/null; wait "$intake_pid" 2>/dev/null || true; }; }
trap 'stop_intake; bash scripts/servers.sh stop test' EXIT
JARDAM_POSTGRES_URL="$INTAKE_POSTGRES_URL" JARDAM_HTTP_PORT="$INTAKE_HTTP_PORT" JARDAM_LOG_LEVEL=warning \
  .build/release/intake >/dev/null 2>&1 &
intake_pid=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$INTAKE_HTTP_PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
cases=${BENCH_CASES:-2000} concurrency=${BENCH_CONCURRENCY:-8}
c_runs=() swift_runs=() relay_runs=() case_runs=() case_p50=() case_p99=()
for _ in 1 2 3; do
  read -r rate p50 p99 < <($bench cases "http://127.0.0.1:$INTAKE_HTTP_PORT" "$JARDAM_TOKEN_SECRET" "$JARDAM_CITY" "$cases" "$concurrency")
  case_runs+=("$rate") case_p50+=("$p50") case_p99+=("$p99")
  c_runs+=("$(.build/bench/publish_confirm 127.0.0.1 "$amqp_port" jardam "$amqp_user" "$amqp_password" "$count" "$size" "$window")")
  swift_runs+=("$($bench publish "$JARDAM_AMQP_URL" "$count" "$size" "$window")")
  relay_runs+=("$($bench relay "$JARDAM_ADMIN_POSTGRES_URL" "$JARDAM_AMQP_URL" "$count")")
done
c=$(median "${c_runs[@]}") swift=$(median "${swift_runs[@]}") relay=$(median "${relay_runs[@]}")
case_rate=$(median "${case_runs[@]}") p50=$(median "${case_p50[@]}") p99=$(median "${case_p99[@]}")
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
MD
)
echo "$report"
mkdir -p bench/results
echo "$report" > "bench/results/$(date -u +%Y-%m-%d).md"
