#!/usr/bin/env bash
# run-vs-prosody.sh — the XMPP load of ../shared/bench/xmpp (XmppLoad: register, login, chat, idle) against
# Prosody (Debian's, "bench" profile of start-prosody.sh) and Parloir (start-parloir.sh), one after the other on
# 127.0.0.1:5222 with the same driver and knobs; prints both SUMMARY lines and the Parloir/Prosody ratios.
#
#   bench/xmpp/run-vs-prosody.sh                 # USERS=10000, 3 runs of each phase (about 30 minutes)
#   USERS=2000 RUNS=1 bench/xmpp/run-vs-prosody.sh
#
# Env: SHARED_BENCH (../shared/bench/xmpp), USERS (10000), DURATION (20), OUT, and every knob of run-load.sh.
# Needs: apt-get install prosody ; target/parloir.jar (./mvnw -DskipTests package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench/xmpp}
USERS=${USERS:-10000}
DURATION=${DURATION:-20}
OUT=${OUT:-/tmp/parloir-xmppbench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
export RUNS=${RUNS:-3}

# ---------- Prosody ----------
"$SHARED_BENCH/restart-server.sh" stop prosody >/dev/null 2>&1 || true
rm -rf /tmp/xmppanchor/prosody/data
"$SHARED_BENCH/start-prosody.sh" bench >/dev/null
RESTART_CMD="$SHARED_BENCH/restart-server.sh prosody bench" OUT="$OUT/prosody" \
  "$SHARED_BENCH/run-load.sh" 127.0.0.1 5222 example.org "$USERS" "$DURATION" | tee "$OUT/prosody.txt"
"$SHARED_BENCH/restart-server.sh" stop prosody >/dev/null 2>&1 || true
sleep 3

# ---------- Parloir ----------
export DATA=$OUT/parloir-data
"$ROOT/bench/xmpp/start-parloir.sh" restart >/dev/null
trap '"$ROOT/bench/xmpp/start-parloir.sh" stop' EXIT
# JIT warm-up (not measured): registrations and one login run (the chat and idle phases restart the server,
# so they start cold, like every phase of Prosody)
PHASES="register login" RUNS=1 OUT="$OUT/warmup" "$SHARED_BENCH/run-load.sh" 127.0.0.1 5222 example.org "$USERS" 5 \
  >/dev/null 2>&1 || true
RESTART_CMD="DATA=$DATA $ROOT/bench/xmpp/start-parloir.sh restart" OUT="$OUT/parloir" \
  "$SHARED_BENCH/run-load.sh" 127.0.0.1 5222 example.org "$USERS" "$DURATION" | tee "$OUT/parloir.txt"

# ---------- ratios ----------
python3 - "$OUT/prosody.txt" "$OUT/parloir.txt" <<'PY'
import re, sys
def summary(path):
    line = [l for l in open(path) if l.startswith("SUMMARY ")][-1]
    return dict(re.findall(r"(\S+)=(\S+)", line))
p, q = summary(sys.argv[1]), summary(sys.argv[2])
for key in ["logins_per_s", "server_cpu_ms_per_login", "msgs_per_s", "server_cpu_us_per_msg", "msg_p99_ms",
            "kb_per_conn_1k", "kb_per_conn_10k", "rss_mb_10k"]:
    a, b = p.get(key, "NA"), q.get(key, "NA")
    try:
        ratio = "%.2f" % (float(b) / float(a))
    except (ValueError, ZeroDivisionError):
        ratio = "NA"
    print(f"RATIO {key}: prosody={a} parloir={b} parloir/prosody={ratio}")
PY
