#!/usr/bin/env bash
# Makes a city's certificate authority and one server certificate, with openssl, once:
#   DIR/ca.crt, DIR/ca.key           the city CA (10 years); clients trust ca.crt only
#   DIR/server.crt, DIR/server.key   a server certificate for every NAME given (DNS names or IP
#                                    addresses), signed by the CA (2 years)
# Existing files are kept. Used by scripts/servers.sh (.run/<city>/tls, names 127.0.0.1 and
# localhost); for compose, run it with the services' host names (postgres, rabbitmq, ...).
#
#   scripts/tls.sh DIR NAME...
set -euo pipefail
dir=${1:?usage: tls.sh DIR NAME...}; shift
[ $# -gt 0 ] || { echo "usage: tls.sh DIR NAME..." >&2; exit 2; }
mkdir -p "$dir"
umask 077
if [ ! -f "$dir/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=Jardam city CA $(basename "$(dirname "$dir")")" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
fi
if [ ! -f "$dir/server.crt" ]; then
  san=""
  for name in "$@"; do
    if [[ $name =~ ^[0-9.]+$ ]]; then san+="IP:$name,"; else san+="DNS:$name,"; fi
  done
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 730 \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "${san%,}") -out "$dir/server.crt" 2>/dev/null
  rm -f "$dir/server.csr"
fi
chmod 644 "$dir/ca.crt" "$dir/server.crt"
