#!/usr/bin/env bash
# run-offline.sh BASELINE_JAR [JAR] — the cost of durable acknowledgements: OfflineLoad (senders with XEP-0198 on,
# <r/> after each message, recipients offline, so every message is stored) against a baseline jar and this one,
# one after the other in the same run, same knobs, fresh data each; prints both RESULT lines and the ratio.
#
#   git worktree add /tmp/base 20f2986 && (cd /tmp/base && ./mvnw -q -DskipTests package)
#   ./mvnw -q -DskipTests package && bench/xmpp/run-offline.sh /tmp/base/target/parloir.jar
#
# Env: SENDERS (50), RECIPIENTS (500), WINDOW (10), WARMUP (10), DURATION (20), RUNS (3), OUT, JAVA.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE_JAR=${1:?baseline jar}
NEW_JAR=${2:-$ROOT/target/parloir.jar}
SENDERS=${SENDERS:-50}; RECIPIENTS=${RECIPIENTS:-500}; WINDOW=${WINDOW:-10}
WARMUP=${WARMUP:-10}; DURATION=${DURATION:-20}; RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/parloir-offline-$(date +%Y%m%d-%H%M%S)}
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
mkdir -p "$OUT"
one() { # label jar run
  local data=$OUT/$1-data-$3
  rm -rf "$data"
  DATA=$data JAR=$2 JAVA=$JAVA "$ROOT/bench/xmpp/start-parloir.sh" restart >/dev/null
  "$JAVA" "$ROOT/bench/xmpp/OfflineLoad.java" register 127.0.0.1 5222 example.org "$SENDERS" "$RECIPIENTS" >/dev/null
  "$JAVA" "$ROOT/bench/xmpp/OfflineLoad.java" run 127.0.0.1 5222 example.org "$SENDERS" "$RECIPIENTS" "$WINDOW" \
      "$WARMUP" "$DURATION" | tee -a "$OUT/$1.txt"
  DATA=$data "$ROOT/bench/xmpp/start-parloir.sh" stop
}
for run in $(seq 1 "$RUNS"); do
  one baseline "$BASE_JAR" "$run"
  one parloir "$NEW_JAR" "$run"
done
python3 - "$OUT/baseline.txt" "$OUT/parloir.txt" <<'PY'
import re, statistics, sys
def med(path, key):
    vals = [float(dict(re.findall(r"(\S+)=(\S+)", l))[key]) for l in open(path) if l.startswith("RESULT")]
    return statistics.median(vals)
for key in ["acked_per_s", "ack_p50_ms", "ack_p99_ms"]:
    a, b = med(sys.argv[1], key), med(sys.argv[2], key)
    print(f"{key}: baseline {a:.1f}  this {b:.1f}  ratio {b / a:.2f}")
PY
