#!/usr/bin/env bash
# `make test`: install what is missing, start the test servers, build once, run every test,
# and stop the servers whatever the outcome. The exit status is the verdict.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup.sh
# The tools that read our wire as others do (scripts/check-events.py, the OpenAPI validator).
python3 -c 'import pika, cloudevents.core.bindings.rabbitmq, jsonschema, yaml, rfc3339_validator, openapi_spec_validator' 2>/dev/null \
    || pip3 install --quiet --break-system-packages pika==1.4.4 cloudevents==2.2.0 jsonschema pyyaml rfc3339-validator \
        openapi-spec-validator
# The console's pages are tested in a real browser: Debian's chromium and its driver, Selenium;
# pyotp is the phone's code app, zbarimg (zbar-tools) its camera reading the enrolment QR code.
if ! command -v chromedriver >/dev/null || ! command -v zbarimg >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q --no-install-recommends chromium chromium-driver zbar-tools
fi
python3 -c 'import selenium, pyotp, cryptography' 2>/dev/null \
    || pip3 install --quiet --break-system-packages selenium==4.51.0 pyotp==2.12.1 cryptography
# schemathesis reads each service's OpenAPI document and fuzzes the running service with it.
command -v schemathesis >/dev/null && schemathesis --version | grep -q '4.32.5' \
    || pip3 install --quiet --break-system-packages schemathesis==4.32.5
# The three cities the network tests link (CONTRACT.md §7), besides the test city.
network=(test-moscow test-yekaterinburg test-novosibirsk)
trap 'bash scripts/prometheus.sh stop test; bash scripts/services.sh stop test; bash scripts/servers.sh stop test; bash scripts/network.sh stop "${network[@]}"' EXIT
bash scripts/servers.sh start test

set -a; . .run/test/env; set +a
export JARDAM_TEST_POSTGRES_URL="$JARDAM_ADMIN_POSTGRES_URL" JARDAM_TEST_KEYS_POSTGRES_URL="$JARDAM_ADMIN_KEYS_POSTGRES_URL" JARDAM_TEST_AMQP_URL="$JARDAM_AMQP_URL"

swift build --build-tests
status=0
# Each phase has a time limit, so that a test waiting on a server that never came back fails the
# run instead of holding it (a phase over its limit is stopped and counts as failed).
phase() { local limit=$1; shift; timeout --kill-after=30s "$limit" "$@"; }
# The tree keeps one format (.swift-format; `swift format format -i -r --parallel Services Shared Tests bench Package.swift`).
swift format lint -r --strict --parallel Services Shared Tests bench Package.swift || status=$?
# Outage tests stop and restart the servers, so they run alone, after everything else.
phase 25m swift test --skip-build --skip Outage --skip '^JourneyTests\.' --skip '^CityNetworkTests\.' || status=$?
phase 10m swift test --skip-build --no-parallel --filter Outage --skip '^CityNetworkTests\.' || status=$?
# Whatever an outage test left stopped is started again before the phases that follow.
bash scripts/servers.sh start test >/dev/null || status=$?
# The journey resets the city's schemas and runs the five services as processes: last, alone.
# Everything the city publishes meanwhile is tapped and read by check-events.py as a partner would.
python3 scripts/check-events.py tap || status=$?
phase 20m swift test --skip-build --no-parallel --filter '^JourneyTests\.' || status=$?
python3 scripts/check-events.py check --journey || status=$?
# Each service's broker credentials against every act the broker must refuse them (pika).
python3 scripts/check-broker-privileges.py || status=$?
# schemathesis against every service with its own OpenAPI document, all checks (scripts/schemathesis.toml);
# then the console in a real browser (screenshots in .build/console-screenshots/).
if bash scripts/services.sh start test >/dev/null; then
  phase 15m bash scripts/schemathesis.sh test || status=$?
  phase 10m python3 scripts/console-browser.py || status=$?
  # The alert rules: promtool's checks and unit tests, every metric they name exposed here, and
  # the city's Prometheus (as `make up` starts it) scraping every target with every rule loaded.
  bash scripts/prometheus.sh start test >/dev/null || status=$?
  phase 3m python3 scripts/check-alerts.py || status=$?
  bash scripts/prometheus.sh stop test
  bash scripts/services.sh stop test
else
  status=1
fi
# Three cities, each with its own servers and six services, linked by federation: what crosses
# between them (scripts/network.sh; the test city's servers keep running meanwhile).
if bash scripts/network.sh start "${network[@]}"; then
  JARDAM_NETWORK_INSTANCES="${network[*]}" phase 15m swift test --skip-build --no-parallel --filter '^CityNetworkTests\.' || status=$?
else
  status=1
fi
bash scripts/network.sh stop "${network[@]}"
# Faults under load on an HA city (its own servers; the shorter `make chaos`: 4 × 500 cases).
# Nothing lost and nothing done twice, as always; recovery within 30 s rather than make chaos's
# 15: here the machine is also running what the other phases left (a run saw 16.1 s once where
# `make chaos` alone measures 6-13 s).
CHAOS_CASES=500 CHAOS_RECOVERY_LIMIT=30 phase 15m bash scripts/chaos.sh || status=$?
# Every city's compose file resolves (docker-compose config; no Docker engine runs here).
bash scripts/validate-compose.sh || status=$?
# The OpenAPI documents must be valid OpenAPI 3.1.
python3 -m openapi_spec_validator docs/openapi/*.yaml || status=$?
exit $status
