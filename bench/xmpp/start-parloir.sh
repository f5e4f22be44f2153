#!/usr/bin/env bash
# start-parloir.sh [restart|stop] — Parloir for the XMPP load of ../shared/bench/xmpp, set up like the anchors'
# "bench" profile: domain example.org with local accounts (SCRAM keys + HA1 in H2), in-band registration on,
# STARTTLS offered but not required, SASL PLAIN allowed without TLS, per-connection rate limits off.
# Listens on 127.0.0.1:5222; the data (accounts) lives in $DATA and survives restarts. Prints the PID.
# Env: JAVA (JDK >= 21), JAVA_OPTS, DATA (/tmp/parloir-xmppbench), PORT (5222), JAR (target/parloir.jar),
#      EXTRA_ARGS (more --property=value flags, e.g. --parloir.accounts.verified-password-ttl=0)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* 2>/dev/null || true) | head -1)/bin/java}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError}
DATA=${DATA:-/tmp/parloir-xmppbench}
PORT=${PORT:-5222}
JAR=${JAR:-$ROOT/target/parloir.jar}
PIDFILE=$DATA/parloir.pid
stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 1 100); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDFILE"
}
case "${1:-start}" in
  stop) stop; exit 0 ;;
  restart) stop ;;
esac
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
mkdir -p "$DATA"
ulimit -n "$(ulimit -Hn)" || true
cd "$ROOT"
nohup "$JAVA" $JAVA_OPTS -jar "$JAR" \
    --parloir.domains[0].name=example.org --parloir.domains[0].accounts=local \
    --parloir.xmpp.bind-address=127.0.0.1 --parloir.xmpp.c2s-port="$PORT" --parloir.xmpp.c2s-tls-port=0 \
    --parloir.xmpp.registration.enabled=true --parloir.xmpp.registration.per-address-per-minute=1000000 \
    --parloir.xmpp.tls.required=false \
    --parloir.xmpp.sasl.plain-without-tls=true --parloir.tls.generated-key-store="$DATA/tls-self-signed.p12" \
    --parloir.xmpp.limits.connections-per-ip=100000 --parloir.xmpp.limits.unauthenticated-connections=100000 \
    --parloir.xmpp.limits.bytes-per-second=100MB \
    --parloir.xmpp.limits.burst=100MB \
    --parloir.sip.bind-address=127.0.0.1 --parloir.sip.port=15060 --parloir.ldap.embedded.port=0 \
    --parloir.admin.password=bench --server.port=0 --management.server.port=0 \
    --logging.level.org.parloir.xmpp=warn \
    --spring.datasource.url="jdbc:h2:file:$DATA/parloir;DB_CLOSE_ON_EXIT=FALSE" ${EXTRA_ARGS:-} \
    >"$DATA/parloir.log" 2>&1 &
echo $! > "$PIDFILE"
for _ in $(seq 1 120); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then cat "$PIDFILE"; exit 0; fi
  sleep 0.5
done
echo "Parloir did not start; see $DATA/parloir.log" >&2
exit 1
