#!/usr/bin/env bash
# run-b2bua.sh — whole-server load of the B2BUA: anonymous SIP.edu callers (SIPp UAC) dial sip:bob@example.org,
# Parloir looks bob up in the directory (cached), places the gateway leg through the B2BUA to a SIPp UAS playing
# the PSTN gateway, and records one CDR per call. Steps of increasing call rates; for each: calls/s achieved,
# failed calls, INVITE->200 and BYE->200 latency percentiles, server CPU. Kamailio is no B2BUA, so there is no
# same-machine comparison here; the proxy figures of run-vs-kamailio.sh are the reference for the SIP stack.
#
#   ./mvnw -DskipTests package && bench/sip/run-b2bua.sh
#
# Env: RATES ("100 200 400 800"), STEP_SECS (20), HOLD_MS (1000), WARMUP_SECS (20), JAVA (a JDK >= 21),
#      JAVA_OPTS, OUT (default /tmp/parloir-b2bua-<timestamp>). Needs: apt-get install sip-tester
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SC=$ROOT/bench/sip/scenarios
SHARED_SC=${SHARED_SC:-$ROOT/../shared/bench/sip/scenarios}
RATES=${RATES:-"100 200 400 800"}
STEP_SECS=${STEP_SECS:-20}
HOLD_MS=${HOLD_MS:-1000}
WARMUP_SECS=${WARMUP_SECS:-20}
OUT=${OUT:-/tmp/parloir-b2bua-$(date +%Y%m%d-%H%M%S)}
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError}
JAR=$ROOT/target/parloir.jar
GW_PORT=5070
UAC_PORT=5061
mkdir -p "$OUT"
[ -x "$JAVA" ] || { echo "no JDK >= 21 found; set JAVA" >&2; exit 1; }
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
SIPP_ARGS="-t u1 -i 127.0.0.1 -nostdin -buff_size 4194304 -max_socket 10000"

cd "$ROOT"   # config/ (site configuration and the seed directory) is read from the working directory
"$JAVA" $JAVA_OPTS -jar "$JAR" --parloir.sip.bind-address=127.0.0.1 --parloir.sip.advertised-address=127.0.0.1 \
    --parloir.sip.routing.mode=phone --parloir.sip.routing.region=FR \
    --parloir.pstn.gateways[0].address=127.0.0.1:$GW_PORT --parloir.pstn.gateways[0].options-interval=0 \
    --parloir.pstn.gateways[0].prefix-rules[0].match=+33 --parloir.pstn.gateways[0].prefix-rules[0].replace=0 \
    --parloir.sip.b2bua.session-expires=0 \
    --parloir.ldap.embedded.port=0 --parloir.admin.password=bench --server.port=0 --management.server.port=0 \
    --parloir.xmpp.enabled=false --parloir.cdr.spool-dir="$OUT/spool" \
    --spring.datasource.url="jdbc:h2:file:$OUT/data/parloir;DB_CLOSE_ON_EXIT=FALSE" >"$OUT/parloir.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
cd "$OUT"
for _ in $(seq 1 90); do grep -q "Started ParloirApplication" parloir.log && break; sleep 1; done
grep -q "Started ParloirApplication" parloir.log || { tail -30 parloir.log; exit 1; }

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER/stat"; }
pctl() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "NA NA NA"; exit }
  split("0.50 0.95 0.99", q, " "); for (i = 1; i <= 3; i++) { k = int(q[i] * NR); if (k < q[i] * NR) k++;
  if (k < 1) k = 1; printf "%s ", v[k] } print "" }'; }

# one step: gateway UAS + caller UAC at $1 calls/s for $2 seconds, in folder $3
step() {
  local rate=$1 secs=$2 dir=$3 m=$(( $1 * $2 ))
  mkdir -p "$dir"; (cd "$dir"
  timeout $((secs * 3 + 60)) sipp -sf "$SHARED_SC/uas.xml" $SIPP_ARGS -p $GW_PORT -m "$m" \
      -timeout $((secs * 3 + 40))s >uas.log 2>&1 &
  local uas=$!
  sleep 0.5
  local t0 t1 w0 w1
  t0=$(ticks); w0=$(date +%s.%N)
  timeout $((secs * 3 + 30)) sipp 127.0.0.1:5060 -sf "$SC/uac_sipedu.xml" -s bob -key domain example.org \
      $SIPP_ARGS -p $UAC_PORT -r "$rate" -m "$m" -d "$HOLD_MS" -l $((rate * (HOLD_MS / 1000 + 6))) \
      -recv_timeout 10000 -timeout $((secs * 3 + 20))s -trace_stat -stf stat.csv -fd 1 \
      -trace_rtt -rtt_freq 1 >uac.log 2>&1 || true
  w1=$(date +%s.%N); t1=$(ticks)
  kill $uas 2>/dev/null || true; wait $uas 2>/dev/null || true
  local last ok failed p1 p2 hz wall
  last=$(tail -1 stat.csv)
  ok=$(head -1 stat.csv | tr ';' '\n' | grep -n '^SuccessfulCall(C)$' | cut -d: -f1)
  failed=$(head -1 stat.csv | tr ';' '\n' | grep -n '^FailedCall(C)$' | cut -d: -f1)
  ok=$(echo "$last" | cut -d';' -f"$ok"); failed=$(echo "$last" | cut -d';' -f"$failed")
  p1=$(awk -F';' 'NR > 1 && $3 == 1 { print $2 }' ./*_rtt.csv | pctl)
  p2=$(awk -F';' 'NR > 1 && $3 == 2 { print $2 }' ./*_rtt.csv | pctl)
  hz=$(getconf CLK_TCK)
  wall=$(echo "$w1 - $w0" | bc)
  printf '%6s %9.1f %7s %7s   %-22s %-22s %5.0f%%\n' "$rate" "$(echo "$ok / ($wall - $HOLD_MS / 1000)" | bc -l)" \
      "$ok" "$failed" "$p1" "$p2" "$(echo "($t1 - $t0) / $hz / $wall * 100" | bc -l)" )
}

step 100 "$WARMUP_SECS" "$OUT/warmup" >/dev/null
printf '%6s %9s %7s %7s   %-22s %-22s %6s\n' rate "calls/s" ok failed "INVITE->200 p50 p95 p99" \
    "BYE->200 p50 p95 p99" "CPU"
for rate in $RATES; do
  step "$rate" "$STEP_SECS" "$OUT/rate-$rate"
done
echo "details: $OUT"
