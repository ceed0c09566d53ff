#!/usr/bin/env bash
# Issue 23: the backup drill — continuous WAL archiving plus a base backup, a point-in-time restore to
# a new cluster, and a check that the restored platform starts and its audit chain verifies (SEC-1).
# Runs on throwaway clusters so the main cluster's configuration is never changed:
#
#   source  cluster "drill_src"     port 5434, archive_mode=on, archive_command copies to $WORK/archive
#   restore cluster "drill_restore" port 5435, made from the base backup + the archive, stopped at a target time
#
# 1. loads the demo data into the source through the platform (`npm run seed:demo`) — or, with
#    DRILL_DATA=synthetic, the synthetic province (scripts/synthetic-province.ts, DRILL_SCALE, default 0.1) —
#    and signs an audit checkpoint;
# 2. takes a base backup (pg_basebackup);
# 3. writes through the platform: organisation "演练-目标前" (audited), notes the target time, then
#    "演练-目标后"; switches WAL so the archive holds both;
# 4. restores: copies the base backup to the new cluster, restore_command from the archive,
#    recovery_target_time = the noted time, recovery_target_action = promote; times it;
# 5. checks: the first organisation is there and the second is not; `npm run audit:verify` passes;
#    the platform serves /healthz on the restored database.
#
# Usage: scripts/backup-drill.sh [keep]   (keep: leave both clusters running; default: drop them)
# Env: DRILL_DATA=demo|synthetic, DRILL_SCALE, WORK (default /var/tmp/quanlian-drill), PG_VERSION.
# Run as root (it creates clusters) from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -n1)}"
WORK="${WORK:-/var/tmp/quanlian-drill}"
DRILL_DATA="${DRILL_DATA:-demo}"
DRILL_SCALE="${DRILL_SCALE:-0.1}"
SRC=drill_src SRC_PORT=5434
DST=drill_restore DST_PORT=5435
DB=quanlian
SRC_URL="postgres://postgres@127.0.0.1:$SRC_PORT/$DB"
DST_URL="postgres://postgres@127.0.0.1:$DST_PORT/$DB"
# The platform's secret and audit checkpoints live outside the database (SEC-1: the chain's key never
# sits in the database it protects), so a restore uses the same ones.
export DATA_DIR="$WORK/platform-data" LOG_LEVEL=warn

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
now_ms() { date +%s%3N; }
as_postgres() { runuser -u postgres -- "$@"; }
psql_at() { as_postgres psql -h 127.0.0.1 -p "$1" -U postgres -d "${3:-postgres}" -XAtqc "$2"; }
drop_cluster() {
  if pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$1" '$1==v && $2==n {f=1} END {exit !f}'; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$1" stop -m immediate 2>/dev/null || true
    pg_dropcluster "$PG_VERSION" "$1"
  fi
}
wait_ready() { for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p "$1" -q && return 0; sleep 0.5; done; return 1; }
new_cluster() { # name port — an empty cluster whose clients authenticate as on the main cluster
  pg_createcluster "$PG_VERSION" "$1" -p "$2" >/dev/null
  cp "/etc/postgresql/$PG_VERSION/main/pg_hba.conf" "/etc/postgresql/$PG_VERSION/$1/pg_hba.conf"
  grep -q '^host replication all 127.0.0.1/32' "/etc/postgresql/$PG_VERSION/$1/pg_hba.conf" ||
    echo 'host replication all 127.0.0.1/32 trust' >>"/etc/postgresql/$PG_VERSION/$1/pg_hba.conf"
}

step "clean slate in $WORK"
drop_cluster "$DST"
drop_cluster "$SRC"
rm -rf "$WORK"
install -d -o postgres -g postgres -m 700 "$WORK" "$WORK/archive"
mkdir -p "$DATA_DIR"

step "source cluster $SRC on port $SRC_PORT with continuous WAL archiving"
new_cluster "$SRC" "$SRC_PORT"
cat >"/etc/postgresql/$PG_VERSION/$SRC/conf.d/archiving.conf" <<EOF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f'
# A quiet database still ships its WAL every minute.
archive_timeout = 60
EOF
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$SRC" start
wait_ready "$SRC_PORT"
psql_at "$SRC_PORT" "create database $DB" >/dev/null

if [ "$DRILL_DATA" = synthetic ]; then
  step "the synthetic province (scale $DRILL_SCALE) into the source"
  DATABASE_URL="$SRC_URL" npx tsx scripts/synthetic-province.ts "$DRILL_SCALE"
  DATABASE_URL="$SRC_URL" npx tsx src/main.ts audit:checkpoint
else
  step "the demo data into the source, through the platform"
  DATABASE_URL="$SRC_URL" npx tsx src/main.ts seed
  DATABASE_URL="$SRC_URL" npx tsx src/main.ts audit:checkpoint
fi
SIZE=$(psql_at "$SRC_PORT" "select pg_size_pretty(pg_database_size('$DB'))")
AUDIT_ROWS=$(psql_at "$SRC_PORT" "select count(*) from audit_records" "$DB" 2>/dev/null || echo '?')
echo "source database: $SIZE, $AUDIT_ROWS audit records"

step "base backup"
T0=$(now_ms)
as_postgres pg_basebackup -h 127.0.0.1 -p "$SRC_PORT" -U postgres -D "$WORK/base" -X stream -c fast
BASE_MS=$(($(now_ms) - T0))
echo "base backup: $(du -sh "$WORK/base" | cut -f1) in $BASE_MS ms"

step "writes after the backup, a target time between them"
DATABASE_URL="$SRC_URL" npx tsx scripts/backup/drill-write.ts 演练-目标前
sleep 1
TARGET=$(psql_at "$SRC_PORT" "select now()::text")
sleep 1
DATABASE_URL="$SRC_URL" npx tsx scripts/backup/drill-write.ts 演练-目标后
psql_at "$SRC_PORT" "select pg_switch_wal()" >/dev/null
# Waits until the segment holding the second write is in the archive.
LAST=$(psql_at "$SRC_PORT" "select pg_walfile_name(pg_current_wal_lsn() - 1)")
for _ in $(seq 1 60); do [ -f "$WORK/archive/$LAST" ] && break; sleep 0.5; done
echo "recovery target: $TARGET; archive holds $(ls "$WORK/archive" | wc -l) WAL files up to $LAST"

step "point-in-time restore to cluster $DST on port $DST_PORT"
T0=$(now_ms)
new_cluster "$DST" "$DST_PORT"
DST_DATA="/var/lib/postgresql/$PG_VERSION/$DST"
rm -rf "$DST_DATA"
cp -a "$WORK/base" "$DST_DATA"
chown -R postgres:postgres "$DST_DATA"
cat >"/etc/postgresql/$PG_VERSION/$DST/conf.d/recovery.conf" <<EOF
restore_command = 'cp $WORK/archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
EOF
as_postgres touch "$DST_DATA/recovery.signal"
COPY_MS=$(($(now_ms) - T0))
T1=$(now_ms)
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$DST" start
wait_ready "$DST_PORT"
for _ in $(seq 1 600); do [ "$(psql_at "$DST_PORT" 'select pg_is_in_recovery()')" = f ] && break; sleep 0.2; done
REPLAY_MS=$(($(now_ms) - T1))
RESTORE_MS=$(($(now_ms) - T0))
echo "restored and promoted in $RESTORE_MS ms (new cluster and copy of the base backup $COPY_MS ms, start + WAL replay to the target + promotion $REPLAY_MS ms)"
grep -E 'recovery stopping|restored log file|archive recovery complete' "/var/log/postgresql/postgresql-$PG_VERSION-$DST.log" | tail -n 4 || true

step "checks on the restored database"
BEFORE=$(psql_at "$DST_PORT" "select count(*) from organisations where name = '演练-目标前'" "$DB")
AFTER=$(psql_at "$DST_PORT" "select count(*) from organisations where name = '演练-目标后'" "$DB")
echo "written before the target: $BEFORE (want 1); after it: $AFTER (want 0)"
[ "$BEFORE" = 1 ] && [ "$AFTER" = 0 ] || {
  echo "the restore did not stop at the target" >&2
  exit 1
}
T0=$(now_ms)
DATABASE_URL="$DST_URL" npx tsx src/main.ts audit:verify
VERIFY_MS=$(($(now_ms) - T0))
# The platform starts on the restored database and answers /healthz.
PORT=3987 DATABASE_URL="$DST_URL" SEED_DEMO=false npx tsx src/main.ts serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
T0=$(now_ms)
UP=no
for _ in $(seq 1 120); do
  if curl -fsS http://127.0.0.1:3987/healthz >/dev/null 2>&1; then UP=yes && break; fi
  sleep 0.5
done
STARTUP_MS=$(($(now_ms) - T0))
kill "$SERVER" 2>/dev/null || true
wait "$SERVER" 2>/dev/null || true
[ "$UP" = yes ] || {
  echo "the platform did not start on the restored database; see $WORK/serve.log" >&2
  exit 1
}

printf '\n== drill passed (%s data, %s, %s audit records)\n' "$DRILL_DATA" "$SIZE" "$AUDIT_ROWS"
printf '   base backup %s ms · restore to target and promote %s ms (copy %s, replay + promote %s) · audit:verify %s ms · platform /healthz after %s ms\n' \
  "$BASE_MS" "$RESTORE_MS" "$COPY_MS" "$REPLAY_MS" "$VERIFY_MS" "$STARTUP_MS"

if [ "${1:-}" != keep ]; then
  drop_cluster "$DST"
  drop_cluster "$SRC"
fi
