#!/usr/bin/env bash
# run-vs-rtpengine.sh — the bridged-media load of issue 11 through rtpengine and through Parloir's relay, one
# after the other on this machine, with the same generator (MediaLoad, its own JVM), the same calls and ramp:
# N concurrent calls, each a WebRTC client (ICE, DTLS-SRTP) and a plain-RTP phone sending 20 ms G.711 both ways.
# Prints each relay's STEP lines, then a table per N and the ratios.
#
#   ./mvnw -Pbench test-compile && bench/media/run-vs-rtpengine.sh
#   RAMP=50,100 DURATION=4 bench/media/run-vs-rtpengine.sh
#
# Env: RAMP (50,100,200,300,500), WARMUP (3 s per step), FIRST_WARMUP (10 s: the first step's, JIT warm-up of the
#      relay JVM; rtpengine gets the same), DURATION (6 s measured per step), GRACE (1 s), SENDERS / RECEIVERS (2/2
#      generator threads), RTPENGINE_ICE (full|lite: rtpengine's ICE toward the client, full by default as in the
#      usual Kamailio gateway; Parloir's relay is ICE-lite), RTPENGINE_OPTS (extra daemon options, e.g.
#      --num-threads=2), NG_PORT (22230), JAVA (a JDK >= 21), RELAY_JAVA_OPTS, GEN_JAVA_OPTS, OUT.
# Needs: apt-get install rtpengine-daemon (10.5, userspace: --table=-1, no kernel module); the bench classpath.
# Ports: rtpengine 23000-26999, Parloir's relay 20000-22999 (two per call), all on 127.0.0.1, below the
# ephemeral range (32768-60999 here) where the generator's own 2 x N sockets land: a relay range inside it loses
# ports to them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RAMP=${RAMP:-50,100,200,300,500}
WARMUP=${WARMUP:-3}; FIRST_WARMUP=${FIRST_WARMUP:-10}; DURATION=${DURATION:-6}; GRACE=${GRACE:-1}
SENDERS=${SENDERS:-2}; RECEIVERS=${RECEIVERS:-2}
RTPENGINE_ICE=${RTPENGINE_ICE:-full}; RTPENGINE_OPTS=${RTPENGINE_OPTS:-}; NG_PORT=${NG_PORT:-22230}
OUT=${OUT:-/tmp/parloir-media-$(date +%Y%m%d-%H%M%S)}
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
RELAY_JAVA_OPTS=${RELAY_JAVA_OPTS:--Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError}
GEN_JAVA_OPTS=${GEN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError}
mkdir -p "$OUT"
[ -x "$JAVA" ] || { echo "no JDK >= 21 found; set JAVA" >&2; exit 1; }
command -v rtpengine >/dev/null || { echo "rtpengine missing: apt-get install rtpengine-daemon" >&2; exit 1; }
LOAD_CLASS=$ROOT/target/test-classes/org/parloir/bridge/media/load/MediaLoad.class
[ -f "$ROOT/target/bench.classpath" ] && [ -f "$LOAD_CLASS" ] \
  || { echo "build first: ./mvnw -Pbench test-compile" >&2; exit 1; }
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")"
GEN=("$JAVA" $GEN_JAVA_OPTS -cp "$CP" org.parloir.bridge.media.load.MediaLoad --ramp "$RAMP" --warmup "$WARMUP"
     --first-warmup "$FIRST_WARMUP" --duration "$DURATION" --grace "$GRACE" --senders "$SENDERS"
     --receivers "$RECEIVERS")
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run;" \
     "rtpengine $(rtpengine --version 2>&1 | head -1)"

# ---------- rtpengine ----------
rm -f "$OUT/rtpengine.pid"
# userspace only (--table=-1), foreground, loopback, its own ports, ng on UDP; calls deleted at once on delete
rtpengine --config-file=none --foreground --log-stderr --log-level=5 --table=-1 --interface=127.0.0.1 \
    --listen-ng=127.0.0.1:"$NG_PORT" --port-min=23000 --port-max=26999 --delete-delay=0 \
    --pidfile="$OUT/rtpengine.pid" $RTPENGINE_OPTS >"$OUT/rtpengine.log" 2>&1 &
RPID=$!
trap 'kill $RPID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$OUT/rtpengine.pid" ] && break; sleep 0.2; done
[ -s "$OUT/rtpengine.pid" ] || { tail -20 "$OUT/rtpengine.log"; exit 1; }
LITE=(); [ "$RTPENGINE_ICE" = lite ] && LITE=(--ice-lite)
"${GEN[@]}" --anchor rtpengine --ng 127.0.0.1:"$NG_PORT" --pid "$RPID" "${LITE[@]}" 2>"$OUT/gen-rtpengine.err" \
    | tee "$OUT/rtpengine.txt"
kill $RPID; wait $RPID 2>/dev/null || true
trap - EXIT

# ---------- Parloir (MediaRelay alone in its JVM, behind RelayHost's control port) ----------
"$JAVA" $RELAY_JAVA_OPTS -cp "$CP" org.parloir.bridge.media.load.RelayHost 127.0.0.1 20000 22999 0 active \
    >"$OUT/relay.log" 2>&1 &
PPID_=$!
trap 'kill $PPID_ 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^READY' "$OUT/relay.log" && break; sleep 0.2; done
CONTROL=$(sed -n 's/^READY control=\([0-9]*\).*/\1/p' "$OUT/relay.log")
[ -n "$CONTROL" ] || { tail -20 "$OUT/relay.log"; exit 1; }
"${GEN[@]}" --anchor parloir --control 127.0.0.1:"$CONTROL" 2>"$OUT/gen-parloir.err" | tee "$OUT/parloir.txt"
kill $PPID_; wait $PPID_ 2>/dev/null || true
trap - EXIT

# ---------- per N, and the ratios ----------
python3 - "$OUT/rtpengine.txt" "$OUT/parloir.txt" <<'PY' | tee "$OUT/summary.txt"
import re, sys
def steps(path):
    out = {}
    for line in open(path):
        if line.startswith("STEP"):
            d = dict(re.findall(r"(\S+)=(\S+)", line))
            out[int(d["calls"])] = d
    best = [int(m) for m in re.findall(r"max_clean_calls=(\d+)", open(path).read())]
    return out, (best[0] if best else 0)
r, rbest = steps(sys.argv[1])
p, pbest = steps(sys.argv[2])
cols = ["offered_pct", "loss_pct", "to_phone_p50_ms", "to_phone_p99_ms", "to_client_p50_ms", "to_client_p99_ms",
        "relay_cpu_us_per_pkt", "relay_cpu_pct", "generator_cpu_pct", "load1"]
heads = ["offered%", "loss%", "phone p50", "phone p99", "client p50", "client p99", "cpu us/pkt", "relay cpu%",
         "gen cpu%", "load1"]  # latency one-way in ms, toward the phone / toward the client
print("%-6s %-10s " % ("calls", "relay") + " ".join("%-10s" % h for h in heads))
for n in sorted(set(r) | set(p)):
    for name, s in (("rtpengine", r), ("parloir", p)):
        if n in s:
            print("%-6d %-10s " % (n, name) + " ".join("%-10s" % s[n][c] for c in cols))
    if n in r and n in p:
        a, b = float(r[n]["relay_cpu_us_per_pkt"]), float(p[n]["relay_cpu_us_per_pkt"])
        print("%-6d %-10s cpu/pkt parloir/rtpengine = %.2f" % (n, "ratio", b / a if a else float("nan")))
print("max calls with < 0.1 %% loss (all connected, heard both ways, generator at >= 99 %% of its rate):"
      " rtpengine %d, parloir %d, ratio %s" % (rbest, pbest, "%.2f" % (pbest / rbest) if rbest else "NA"))
PY
echo "all output: $OUT"
