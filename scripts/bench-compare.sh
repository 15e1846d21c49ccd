#!/usr/bin/env bash
# `make bench-compare BASE=<revision>`: the city built from BASE against the city built from this
# working tree, side by side on one fresh test instance seeded once, in alternating pairs
# (base, new) × BENCH_PAIRS (3): end to end cases/s, paced p50/p99 (both builds at the same rate),
# CPU per case of every part of the city, statements and commits per case; then the same pairs
# again once 10 × BENCH_E2E_CASES more cases are stored. Prints a Markdown table and writes it to
# bench/results/<date>-compare-<base>.md. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
base=${BASE:?name the revision to compare with: make bench-compare BASE=<revision>}
base_sha=$(git rev-parse --short "$base^{commit}")
new_sha=$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo "+changes")

bash scripts/setup.sh
# The base's release executables and resource bundles, built once per revision. The build runs
# in this tree (incremental: only what differs is compiled again), so the tree must be clean.
base_bin=.build/bench/base-$base_sha
executables="intake legal-referral shelter medical-insurance labor-exchange network console jardamctl"
if [ ! -x "$base_bin/jardamctl" ]; then
  if ! git diff --quiet HEAD; then
    echo "bench-compare: commit or stash your changes first: the base is built in this tree" >&2
    exit 2
  fi
  current=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
  trap 'git checkout -q "$current"' EXIT
  git checkout -q --detach "$base"
  swift build -c release
  rm -rf "$base_bin.tmp" && mkdir -p "$base_bin.tmp"
  for name in $executables; do cp .build/release/"$name" "$base_bin.tmp/"; done
  cp -R .build/release/*.resources "$base_bin.tmp/"
  git checkout -q "$current"
  trap - EXIT
  mv "$base_bin.tmp" "$base_bin"
fi
swift build -c release
new_bin=.build/release

bash scripts/servers.sh stop test
rm -rf .run/test
trap 'bash scripts/services.sh stop test; bash scripts/servers.sh stop test' EXIT
bash scripts/servers.sh start test >/dev/null
set -a; . .run/test/env; set +a
bench=.build/release/jardam-bench
e2e_cases=${BENCH_E2E_CASES:-500} e2e_concurrency=${BENCH_E2E_CONCURRENCY:-8}
pairs=${BENCH_PAIRS:-3} paced_rate=${BENCH_PACED_RATE:-45}
city_parts="intake legal-referral shelter medical-insurance labor-exchange network postgres rabbitmq"
declare -A cpu_used cpu_per_case run_start
. scripts/bench-lib.sh
psql_admin "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null

# One measurement of a build: its services started on the shared instance, one run as fast as 8
# clients go, one paced; the services stopped again. Appends a line to .build/bench/compare.txt:
# build scale rate p50 p99 paced_p50 paced_p99 statements commits cpu(part…) city.
measure() {  # BUILD (base | new) SCALE (1x | 10x)
  local bin=$base_bin
  [ "$1" = new ] && bin=$new_bin
  JARDAM_BIN=$bin bash scripts/services.sh start test >/dev/null
  cpu_reset
  local statements commits rate p50 p99 paced_p50 paced_p99
  statements=$(statements_so_far) commits=$(commits_so_far)
  e2e_run "$e2e_cases"
  read -r rate p50 p99 _ <<< "$run_result"
  statements=$(python3 -c "print(f'{($(statements_so_far) - $statements) / $e2e_cases:.1f}')")
  commits=$(python3 -c "print(f'{($(commits_so_far) - $commits) / $e2e_cases:.1f}')")
  cpu_per_case_since_reset "$e2e_cases"
  local cpu=""
  for s in $city_parts city; do cpu+=" ${cpu_per_case[$s]}"; done
  e2e_run "$e2e_cases" "$paced_rate"
  read -r _ paced_p50 paced_p99 _ <<< "$run_result"
  echo "$1 $2 $rate $p50 $p99 $paced_p50 $paced_p99 $statements $commits$cpu" | tee -a .build/bench/compare.txt
  JARDAM_BIN=$bin bash scripts/services.sh stop test >/dev/null
}

mkdir -p .build/bench
: > .build/bench/compare.txt
# The demo city, seeded by the base (both builds share its schema), and a warm-up run of each.
JARDAM_BIN=$base_bin bash scripts/services.sh start test >/dev/null
"$base_bin/jardamctl" seed demo >/dev/null 2>&1
e2e_run 100
JARDAM_BIN=$base_bin bash scripts/services.sh stop test >/dev/null
JARDAM_BIN=$new_bin bash scripts/services.sh start test >/dev/null
e2e_run 100
JARDAM_BIN=$new_bin bash scripts/services.sh stop test >/dev/null
for _ in $(seq 1 "$pairs"); do measure base 1x; measure new 1x; done
stored_1x=$(psql_admin "SELECT count(*) FROM intake.cases")
JARDAM_BIN=$new_bin bash scripts/services.sh start test >/dev/null
e2e_run $((10 * e2e_cases))
JARDAM_BIN=$new_bin bash scripts/services.sh stop test >/dev/null
stored_10x=$(psql_admin "SELECT count(*) FROM intake.cases")
for _ in $(seq 1 "$pairs"); do measure base 10x; measure new 10x; done

table=$(python3 - .build/bench/compare.txt "$city_parts" <<'PY'
import statistics, sys
parts = sys.argv[2].split() + ["city"]
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
names = ["cases/s end to end", "end-to-end p50 (ms)", "end-to-end p99 (ms)", "paced p50 (ms)", "paced p99 (ms)",
         "statements per case", "writing commits per case"] + [f"CPU ms per case: {p}" for p in parts]
def column(build, scale, index):
    return [float(r[index]) for r in rows if r[0] == build and r[1] == scale]
out = ["| measure | base | new | new / base | base runs | new runs |", "| --- | ---: | ---: | ---: | --- | --- |"]
for scale in ["1x", "10x"]:
    for i, name in enumerate(names):
        base, new = column("base", scale, i + 2), column("new", scale, i + 2)
        if not base or not new:
            continue
        b, n = statistics.median(base), statistics.median(new)
        label = name if scale == "1x" else f"at 10×: {name}"
        if name.endswith("city"):
            label = f"**{label}**"
        ratio = f"{n / b:.2f}" if b else "n/a"
        out.append(f"| {label} | {b:g} | {n:g} | {ratio} | {' '.join(f'{v:g}' for v in base)} | {' '.join(f'{v:g}' for v in new)} |")
print("\n".join(out))
PY
)
report=$(cat <<MD
# Jardam side by side, $(date -u +%Y-%m-%dT%H:%MZ): base $base_sha against new $new_sha

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB. One test instance seeded with the demo data;
the two builds' services (release) take turns on it, base then new, $pairs pairs; each turn is one run of
$e2e_cases cases as fast as $e2e_concurrency clients go and one of $e2e_cases cases paced at $paced_rate cases/s (the same rate for
both). Medians of the turns; every turn's figure is listed. Statements and commits per case count the fast
run (the services' statements in pg_stat_statements; the transactions that wrote, by the transaction ids given); CPU per case is each part's
user + system time from the run's start until the city is quiet again. At 10×: the same pairs after
$((10 * e2e_cases)) more cases went through ($stored_1x → $stored_10x cases stored).

$table
MD
)
echo "$report"
mkdir -p bench/results
echo "$report" > "bench/results/$(date -u +%Y-%m-%d)-compare-$base_sha.md"
