#!/usr/bin/env bash
# Run by the postgres image on the first start of an empty volume, after 10-jardam.sh: TCP
# connections must use TLS (hostssl); plain ones are rejected, as in scripts/servers.sh.
set -euo pipefail
sed -i 's/^host\([[:space:]]\)/hostssl\1/' "$PGDATA/pg_hba.conf"
printf 'hostnossl all all 0.0.0.0/0 reject\nhostnossl all all ::/0 reject\n' >> "$PGDATA/pg_hba.conf"
