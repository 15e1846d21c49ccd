#!/usr/bin/env bash
# A network of local cities (CONTRACT.md §7): each started as `make up` starts one, then every
# city linked to every other (`jardamctl network link`: a federation upstream on its broker and
# the other city's transfer key in its network service).
#
#   scripts/network.sh start INSTANCE...   start each city, link them all
#   scripts/network.sh link INSTANCE...    link the running cities again
#   scripts/network.sh stop INSTANCE...    stop each city's services and servers
#
# INSTANCE is a file compose/cities/<instance>.env (moscow, or test-moscow for `make test`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: network.sh start|link|stop INSTANCE...}
shift
[ $# -ge 1 ] || { echo "network: name at least one city" >&2; exit 2; }
bin="${JARDAM_BIN:-$root/.build/debug}"

# The value of VARIABLE in .run/<instance>/env.
variable() { (name=$2; set -a; . "$root/.run/$1/env"; set +a; printf '%s' "${!name}"); }

link_all() {
  for here in "$@"; do
    for there in "$@"; do
      [ "$here" != "$there" ] || continue
      (
        set -a; . "$root/.run/$here/env"; set +a
        "$bin/jardamctl" network link --city "$(variable "$there" JARDAM_CITY)" \
          --uri "$(variable "$there" JARDAM_FEDERATION_URI)" --transfer-key "$(variable "$there" TRANSFER_PUBLIC_KEY)"
      )
    done
  done
  # Every link runs before this returns.
  for here in "$@"; do
    local running=""
    for _ in $(seq 1 60); do
      if (set -a; . "$root/.run/$here/env"; set +a; "$bin/jardamctl" network status >/dev/null 2>&1); then running=1; break; fi
      sleep 1
    done
    [ -n "$running" ] || { (set -a; . "$root/.run/$here/env"; set +a; "$bin/jardamctl" network status) >&2 || true; echo "network: the links of $here do not run" >&2; exit 1; }
  done
  echo "network: $* linked, every link running"
}

case "$cmd" in
  start)
    for instance in "$@"; do
      bash "$root/scripts/servers.sh" start "$instance"
      bash "$root/scripts/services.sh" start "$instance"
    done
    link_all "$@"
    ;;
  link) link_all "$@" ;;
  stop)
    for instance in "$@"; do
      [ -d "$root/.run/$instance" ] || continue
      bash "$root/scripts/services.sh" stop "$instance"
      bash "$root/scripts/servers.sh" stop "$instance"
    done
    ;;
  *) echo "network: unknown command $cmd" >&2; exit 2 ;;
esac
