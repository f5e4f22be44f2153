#!/usr/bin/env bash
# run-vs-kamailio.sh — the SIP load of ../shared/bench/sip against Kamailio 5.6 and Parloir, one after the
# other on this machine, with the same SIPp driver, users and steps; prints both summaries and the ratios.
#
#   bench/sip/run-vs-kamailio.sh            # all steps (about 15 minutes)
#   MODE=register bench/sip/run-vs-kamailio.sh
#
# Env: SHARED_BENCH (default ../shared/bench/sip from the project root), MODE (all|register|calls),
#      USERS (1000), JAVA (a JDK >= 21), JAVA_OPTS, WARMUP_SECS (20: Parloir's JIT warm-up load before the
#      timed steps), OUT (default /tmp/parloir-bench-<timestamp>), and every knob of bench-sip.sh.
# Needs: apt-get install kamailio kamailio-sqlite-modules sqlite3 sip-tester ; target/parloir.jar (./mvnw package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench/sip}
MODE=${MODE:-all}
export USERS=${USERS:-1000}
WARMUP_SECS=${WARMUP_SECS:-20}
OUT=${OUT:-/tmp/parloir-bench-$(date +%Y%m%d-%H%M%S)}
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError}
JAR=$ROOT/target/parloir.jar
mkdir -p "$OUT"
[ -x "$JAVA" ] || { echo "no JDK >= 21 found; set JAVA" >&2; exit 1; }
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }

# ---------- Kamailio ----------
"$SHARED_BENCH/start-kamailio.sh" "$USERS"
trap '"$SHARED_BENCH/stop-kamailio.sh" >/dev/null 2>&1 || true' EXIT
KPID=$(cat /tmp/sipanchor/kamailio.pid)
OUT=$OUT/kamailio SERVER_PID=$KPID "$SHARED_BENCH/bench-sip.sh" 127.0.0.1:5060 example.org "$MODE" | tee "$OUT/kamailio.txt"
"$SHARED_BENCH/stop-kamailio.sh" >/dev/null 2>&1 || true
trap - EXIT
sleep 3

# ---------- Parloir ----------
"$SHARED_BENCH/gen-ldif.sh" "$USERS" "$OUT/users.ldif" >/dev/null
rm -rf "$OUT/parloir-data"
"$JAVA" $JAVA_OPTS -jar "$JAR" --parloir.sip.bind-address=127.0.0.1 --parloir.sip.advertised-address=127.0.0.1 \
    --parloir.ldap.embedded.ldif="$OUT/users.ldif" --parloir.ldap.embedded.port=0 \
    --parloir.admin.password=bench --server.port=0 --management.server.port=0 \
    --spring.datasource.url="jdbc:h2:file:$OUT/parloir-data/parloir;DB_CLOSE_ON_EXIT=FALSE" \
    >"$OUT/parloir.log" 2>&1 &
PPID_=$!
trap 'kill $PPID_ 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q "Started ParloirApplication" "$OUT/parloir.log" && break; sleep 1; done
grep -q "Started ParloirApplication" "$OUT/parloir.log" || { tail -30 "$OUT/parloir.log"; exit 1; }

# JIT warm-up (not measured): registrations and calls at a moderate rate
"$SHARED_BENCH/gen-users.sh" "$USERS" "$OUT/warmup-users" example.org >/dev/null
( cd "$OUT" && timeout $((WARMUP_SECS + 30)) sipp 127.0.0.1:5060 -sf "$SHARED_BENCH/scenarios/reg_auth.xml" \
    -inf "$OUT/warmup-users/reg_users.csv" -key domain example.org -key contact 127.0.0.1:5070 -key expires 3600 \
    -t u1 -i 127.0.0.1 -p 5062 -r 1000 -m $((1000 * WARMUP_SECS)) -nostdin -buff_size 4194304 >/dev/null 2>&1 || true )
( cd "$OUT" && timeout $((WARMUP_SECS + 40)) sipp -sf "$SHARED_BENCH/scenarios/uas.xml" -t u1 -i 127.0.0.1 \
    -p 5070 -nostdin -buff_size 4194304 -timeout $((WARMUP_SECS + 20))s >/dev/null 2>&1 & \
  sleep 0.5; timeout $((WARMUP_SECS + 30)) sipp 127.0.0.1:5060 -sf "$SHARED_BENCH/scenarios/uac_auth.xml" \
    -inf "$OUT/warmup-users/call_users.csv" -key domain example.org -t u1 -i 127.0.0.1 -p 5061 -r 300 \
    -m $((300 * WARMUP_SECS)) -d 200 -nostdin -buff_size 4194304 >/dev/null 2>&1 || true; wait ) || true
sleep 5

OUT=$OUT/parloir SERVER_PID=$PPID_ "$SHARED_BENCH/bench-sip.sh" 127.0.0.1:5060 example.org "$MODE" | tee "$OUT/parloir.txt"
kill $PPID_; wait $PPID_ 2>/dev/null || true
trap - EXIT

# ---------- ratios ----------
kv() { sed -n "s/^$1=\([^[:space:]]*\).*/\1/p" "$2" | tail -1; }
echo
echo "figure                         kamailio   parloir   ratio"
for f in register_rps_ok register_rps_ok_slo calls_cps_ok calls_cps_ok_slo; do
  k=$(kv "$f" "$OUT/kamailio.txt"); p=$(kv "$f" "$OUT/parloir.txt")
  r=$(awk -v k="${k:-0}" -v p="${p:-0}" 'BEGIN { if (k + 0 > 0) printf "%.2f", p / k; else print "NA" }')
  printf '%-30s %8s %9s %7s\n' "$f" "${k:-NA}" "${p:-NA}" "$r"
done | tee "$OUT/ratios.txt"
echo "all output: $OUT"
