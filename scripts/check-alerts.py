#!/usr/bin/env python3
"""The city's Prometheus configuration and alert rules, checked as make test runs them.

promtool (Debian's prometheus) checks compose/prometheus/prometheus.yml and runs the rules' unit
tests (alerts.test.yml); then every metric an alert names must be one the running test city
exposes: the services' /metrics (HTTPS, the city CA), RabbitMQ's rabbitmq_prometheus
(aggregated and per queue) and PostgreSQL's exporter. A rule on a metric nobody exports would never fire. Last, the test
city's own Prometheus (scripts/prometheus.sh) must scrape every target and hold every rule, and
every Grafana dashboard (compose/grafana/dashboards) must be valid JSON whose queries name only
exposed metrics and answer with data.

Run with the test city's environment (.run/test/env) while its services run. Exit 0 when all hold.
"""
import json
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "compose", "prometheus")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def run(*command):
    result = subprocess.run(command, cwd=RULES, capture_output=True, text=True)
    check(result.returncode == 0, " ".join(command) + ("" if result.returncode == 0 else f"\n{result.stdout}{result.stderr}"))


def fetch(url, context=None):
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.read().decode()


def check_running_prometheus(port):
    """The test city's Prometheus (scripts/prometheus.sh) scrapes every target and loaded every rule."""
    api = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 90
    targets = []
    while time.monotonic() < deadline:
        targets = json.loads(fetch(f"{api}/targets"))["data"]["activeTargets"]
        if targets and all(target["health"] == "up" for target in targets):
            break
        time.sleep(1)
    down = [f"{target['scrapeUrl']}: {target['lastError']}" for target in targets if target["health"] != "up"]
    check(len(targets) == 9 and not down, f"Prometheus scrapes the six services, the broker (twice) and the database: {len(targets)} targets, down: {down}")
    rules = json.loads(fetch(f"{api}/rules"))["data"]["groups"]
    loaded = sorted(rule["name"] for group in rules for rule in group["rules"])
    with open(os.path.join(RULES, "alerts.yml"), encoding="utf-8") as source:
        written = sorted(re.findall(r"^\s*- alert: (\S+)", source.read(), re.MULTILINE))
    check(loaded == written, f"Prometheus loaded every alert rule: {loaded}")


def check_dashboards(port, exposed):
    """Each Grafana dashboard of compose/grafana/dashboards is valid JSON with panels, and each of
    its queries names only metrics the city exposes and answers with data from its Prometheus."""
    folder = os.path.join(ROOT, "compose", "grafana", "dashboards")
    queries = []
    for name in sorted(os.listdir(folder)):
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as source:
                dashboard = json.load(source)
        except ValueError as error:
            check(False, f"{name} is valid JSON: {error}")
            continue
        panels = dashboard.get("panels", [])
        check(bool(dashboard.get("uid")) and bool(dashboard.get("title")) and bool(panels), f"{name} has a uid, a title and panels")
        queries += [(name, target["expr"]) for panel in panels for target in panel.get("targets", [])]
    for name, expression in queries:
        for metric in re.findall(r"\b((?:jardam|rabbitmq|http_server|hb|pg)_[a-z_]+)\b", expression):
            check(re.search(rf"^{metric}[{{ ]", exposed, re.MULTILINE) is not None, f"{name}: {metric} is exposed by the city")
    api = f"http://127.0.0.1:{port}/api/v1/query?query="
    deadline = time.monotonic() + 90
    empty = queries
    while empty and time.monotonic() < deadline:
        empty = [(name, expression) for name, expression in empty
                 if not json.loads(fetch(api + urllib.parse.quote(expression)))["data"]["result"]]
        if empty:
            time.sleep(2)
    check(not empty, f"every dashboard query ({len(queries)}) answers with data: empty: {empty}")


def main():
    run("promtool", "check", "config", "prometheus.yml")
    run("promtool", "test", "rules", "alerts.test.yml")
    with open(os.path.join(RULES, "alerts.yml"), encoding="utf-8") as rules:
        expressions = [line.split("expr:", 1)[1] for line in rules if "expr:" in line]
    names = sorted({name for expression in expressions for name in re.findall(r"\b((?:jardam|rabbitmq|pg)_[a-z_]+)\b", expression)})
    # The test city unless JARDAM_INSTANCE names another (a city `make up` started).
    instance = os.environ.get("JARDAM_INSTANCE", "test")
    with open(os.path.join(ROOT, "compose", "cities", f"{instance}.env"), encoding="utf-8") as city:
        ports = dict(line.strip().split("=", 1) for line in city if line.startswith("LOCAL_") and "=" in line)
    broker = f"http://127.0.0.1:{ports['LOCAL_AMQP_PROMETHEUS_PORT']}"
    exposed = fetch(f"{broker}/metrics") + fetch(f"{broker}/metrics/detailed?family=queue_coarse_metrics&family=queue_consumer_count")
    exposed += fetch(f"http://127.0.0.1:{int(ports['LOCAL_AMQP_PORT']) + 6}/metrics")  # postgres_exporter
    context = ssl.create_default_context(cafile=os.environ["TLS_CA_FILE"])
    exposed += fetch(f"https://127.0.0.1:{os.environ['SHELTER_HTTP_PORT']}/metrics", context)
    for name in names:
        check(re.search(rf"^{name}[{{ ]", exposed, re.MULTILINE) is not None, f"{name} is exposed by the city")
    check_running_prometheus(int(ports["LOCAL_AMQP_PORT"]) + 5)
    check_dashboards(int(ports["LOCAL_AMQP_PORT"]) + 5, exposed)
    print(f"check-alerts: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
