#!/usr/bin/env bash
# `make test`: install what is missing, start the test servers, build once, run every test,
# and stop the servers whatever the outcome. The exit status is the verdict.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh
trap 'bash scripts/servers.sh stop test' EXIT
bash scripts/servers.sh start test

set -a; . .run/test/env; set +a
export JARDAM_TEST_POSTGRES_URL="$JARDAM_ADMIN_POSTGRES_URL" JARDAM_TEST_AMQP_URL="$JARDAM_AMQP_URL"

swift build --build-tests
# Outage tests stop and restart the servers, so they run alone, after everything else.
status=0
swift test --skip-build --skip Outage || status=$?
swift test --skip-build --no-parallel --filter Outage || status=$?
exit $status
