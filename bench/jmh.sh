#!/usr/bin/env bash
# Runs the JMH benchmarks of the SIP and XMPP hot paths. Build first: ./mvnw -Pbench test-compile
# Extra arguments go to JMH, e.g.  bench/jmh.sh -f 1 -wi 3 -i 5 SipHotPath
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
[ -f "$ROOT/target/bench.classpath" ] || { echo "build first: ./mvnw -Pbench test-compile" >&2; exit 1; }
[ $# -gt 0 ] || set -- -f 1 -wi 3 -w 2s -i 5 -r 2s   # the default run (as separate words)
exec "$JAVA" -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")" \
    org.openjdk.jmh.Main "$@"
