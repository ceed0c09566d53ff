#!/usr/bin/env bash
# Issue 23: a real PostgreSQL streaming replica of the local cluster, for the replica test and for
# trying DATABASE_REPLICA_URL by hand. Debian's tools only: a second cluster "replica" on port 5433,
# its data folder replaced by `pg_basebackup -R` of the primary (127.0.0.1:5432), started with
# pg_ctlcluster. Idempotent: a running replica that streams from the primary is left as it is.
#
#   scripts/replica-cluster.sh [up]     create (or re-create) and start it; prints its URL
#   scripts/replica-cluster.sh down     stop it and drop the cluster
#   scripts/replica-cluster.sh status   whether it is in recovery and how far behind it is
#
# Env: PG_VERSION (default: the newest in /etc/postgresql), PRIMARY_PORT (5432), REPLICA_PORT (5433),
# REPLICA_CLUSTER (replica). Run as root or postgres.
set -euo pipefail

PG_VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -n1)}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-replica}"
PRIMARY_CONF="/etc/postgresql/$PG_VERSION/main"
DATA="/var/lib/postgresql/$PG_VERSION/$NAME"

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
psql_at() { as_postgres psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -XAtqc "$2"; }
exists() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$NAME" '$1==v && $2==n {f=1} END {exit !f}'; }

down() {
  if exists; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$NAME" stop -m fast 2>/dev/null || true
    pg_dropcluster "$PG_VERSION" "$NAME"
    echo "replica cluster $PG_VERSION/$NAME removed"
  else
    echo "no replica cluster $PG_VERSION/$NAME"
  fi
}

status() {
  if ! exists || ! pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
    echo "replica: not running"
    return 1
  fi
  echo "replica: in recovery=$(psql_at "$REPLICA_PORT" 'select pg_is_in_recovery()')" \
    "replayed=$(psql_at "$REPLICA_PORT" 'select pg_last_wal_replay_lsn()')" \
    "primary=$(psql_at "$PRIMARY_PORT" 'select pg_current_wal_lsn()')" \
    "streaming=$(psql_at "$PRIMARY_PORT" "select count(*) from pg_stat_replication where state = 'streaming'")"
}

up() {
  pg_isready -h 127.0.0.1 -p "$PRIMARY_PORT" -q || {
    echo "the primary does not answer on 127.0.0.1:$PRIMARY_PORT" >&2
    exit 1
  }
  # The primary lets replication connections in from this machine (wal_level=replica and
  # max_wal_senders=10 are PostgreSQL's defaults). Appended once; a reload applies it.
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$PRIMARY_CONF/pg_hba.conf"; then
    printf '\n# quanlian scripts/replica-cluster.sh: streaming replica on this machine\nhost replication all 127.0.0.1/32 trust\n' \
      >>"$PRIMARY_CONF/pg_hba.conf"
    psql_at "$PRIMARY_PORT" 'select pg_reload_conf()' >/dev/null
  fi
  if exists && pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q &&
    [ "$(psql_at "$REPLICA_PORT" 'select pg_is_in_recovery()')" = t ]; then
    # Resumes replay a test may have paused, so the replica is usable again.
    psql_at "$REPLICA_PORT" 'select pg_wal_replay_resume()' >/dev/null
    echo "replica already running"
  else
    exists && down >/dev/null
    pg_createcluster "$PG_VERSION" "$NAME" -p "$REPLICA_PORT" >/dev/null
    # Clients authenticate on the replica as on the primary (its own pg_hba.conf is not replicated).
    cp "$PRIMARY_CONF/pg_hba.conf" "/etc/postgresql/$PG_VERSION/$NAME/pg_hba.conf"
    rm -rf "$DATA"
    install -d -o postgres -g postgres -m 700 "$DATA"
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL made during the copy.
    as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" -R -X stream -c fast
    # The copied postgresql.auto.conf may carry the primary's settings; the port is the cluster's own.
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$NAME" start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && break; sleep 1; done
  fi
  status
  echo "DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/<same database name as the primary>"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 [up|down|status]" >&2
    exit 2
    ;;
esac
