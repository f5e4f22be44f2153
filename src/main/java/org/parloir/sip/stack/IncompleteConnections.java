package org.parloir.sip.stack;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepted TCP/TLS connections that have not delivered one complete SIP message yet, in accept order. One is
 * closed when {@code deadline} has passed since its accept, however many bytes trickled in meanwhile (a slowloris
 * peer holds a socket, and with the RI's blocking TCP two threads, for as long as it likes otherwise); and the
 * oldest one is closed when a new connection would make more than {@code max}, so that new connections are
 * served (Kamailio's {@code tcp_msg_data_timeout} and its connection cap, as one policy). The RI has no such
 * setting: {@code READ_TIMEOUT} starts only after a message's first line and only on the blocking transport,
 * {@code NIO_MAX_SOCKET_IDLE_TIME} restarts with every byte, {@code MAX_CONNECTIONS} stops accepting altogether.
 * Thread-safe.
 */
final class IncompleteConnections {

    private static final Logger log = LoggerFactory.getLogger(IncompleteConnections.class);

    /** What the registry needs of a connection. */
    interface Connection {
        boolean isOpen();

        void close();
    }

    /** Why a connection was closed before it delivered a message. */
    enum Reason { DEADLINE, CAP }

    private record Entry(Connection connection, long acceptedAt) {
    }

    private final String transport;
    private final long deadlineNanos;
    private final int max;
    private final LongSupplier nanoClock;
    private final Map<InetSocketAddress, Entry> pending = new LinkedHashMap<>();
    private final AtomicLong closedAtDeadline = new AtomicLong();
    private final AtomicLong closedForCap = new AtomicLong();
    private ScheduledExecutorService sweeper;

    IncompleteConnections(String transport, Duration deadline, int max, LongSupplier nanoClock) {
        if (deadline.isNegative() || deadline.isZero() || max < 1) {
            throw new IllegalArgumentException("deadline and max must be positive");
        }
        this.transport = transport;
        this.deadlineNanos = deadline.toNanos();
        this.max = max;
        this.nanoClock = nanoClock;
    }

    String transport() {
        return transport;
    }

    Duration deadline() {
        return Duration.ofNanos(deadlineNanos);
    }

    /** A connection from {@code remote} was accepted; returns how many older ones were closed to make room. */
    int accepted(InetSocketAddress remote, Connection connection) {
        List<Connection> evicted = new ArrayList<>(1);
        synchronized (this) {
            // a reused remote port goes to the end: the map stays in accept order
            pending.remove(remote);
            pending.put(remote, new Entry(connection, nanoClock.getAsLong()));
            if (pending.size() > max) {
                pending.values().removeIf(e -> !e.connection().isOpen());
            }
            for (Iterator<Entry> it = pending.values().iterator(); pending.size() > max && it.hasNext(); ) {
                evicted.add(it.next().connection());
                it.remove();
            }
        }
        closedForCap.addAndGet(evicted.size());
        evicted.forEach(Connection::close);
        return evicted.size();
    }

    /** A complete message arrived from {@code remote}: that connection is set up (a no-op for others). */
    synchronized void completed(InetSocketAddress remote) {
        pending.remove(remote);
    }

    /** Closes the connections whose deadline has passed; returns how many. */
    int sweep() {
        List<Connection> expired = new ArrayList<>();
        synchronized (this) {
            long now = nanoClock.getAsLong();
            // one deadline for all, entries in accept order: the expired ones are a prefix
            for (Iterator<Entry> it = pending.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (now - e.acceptedAt() < deadlineNanos) {
                    break;
                }
                it.remove();
                if (e.connection().isOpen()) {
                    expired.add(e.connection());
                }
            }
        }
        closedAtDeadline.addAndGet(expired.size());
        expired.forEach(Connection::close);
        return expired.size();
    }

    /** Sweeps on a daemon thread, a tenth of the deadline apart (at most 1 s), logging what it closed. */
    synchronized void startSweeping() {
        if (sweeper != null) {
            return;
        }
        long period = Math.min(1000, Math.max(10, deadlineNanos / 10_000_000));
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("sip-" + transport + "-setup-deadline").factory());
        AtomicLong loggedForCap = new AtomicLong();
        sweeper.scheduleWithFixedDelay(() -> {
            int expired = sweep();
            long forCap = closedForCap.get() - loggedForCap.getAndSet(closedForCap.get());
            if (expired > 0 || forCap > 0) {
                log.info("{}: closed {} connection(s) that sent no complete SIP message within {} s, and {} to stay"
                        + " within {} incomplete connections", transport, expired, deadlineNanos / 1_000_000_000,
                        forCap, max);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stopSweeping() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    /** Connections accepted, still open, that have not delivered a message. */
    synchronized int size() {
        return (int) pending.values().stream().filter(e -> e.connection().isOpen()).count();
    }

    long closed(Reason reason) {
        return (reason == Reason.DEADLINE ? closedAtDeadline : closedForCap).get();
    }
}
