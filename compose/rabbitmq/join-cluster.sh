#!/usr/bin/env bash
# A broker node of the three-broker profile (compose/docker-compose.yml): starts RabbitMQ and, the
# first time, joins it to the city's first node (its argument, rabbit@rabbitmq-<city>); after that
# the node rejoins its cluster by itself on every start.
set -euo pipefail
first=${1:?usage: join-cluster.sh rabbit@FIRST-NODE}
docker-entrypoint.sh rabbitmq-server &
server=$!
until rabbitmqctl -q await_startup >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || exit 1
  sleep 2
done
if ! rabbitmqctl -q cluster_status --formatter json | grep -q "\"$first\""; then
  rabbitmqctl -q stop_app
  rabbitmqctl -q reset
  rabbitmqctl -q join_cluster "$first"
  rabbitmqctl -q start_app
fi
wait "$server"
