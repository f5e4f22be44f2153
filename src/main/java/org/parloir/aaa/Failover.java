package org.parloir.aaa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.aaa4j.radius.core.packet.packets.AccountingResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to the servers in their configured order until one answers (RFC 2865 §2.6 leaves the failover
 * policy to the client: the next server when one does not answer in time, is unreachable, or answers something
 * unusable). Blocking: runs on the aaa executor.
 *
 * @param type         {@code access} or {@code accounting}, the meter tag
 * @param peers        in failover order
 * @param sendsPerPeer sends to one server before the next: 1 when the client retransmits itself (access: same
 *                     Identifier and Request Authenticator, RFC 2865 §2.5); {@code retries + 1} for accounting, whose
 *                     every retry is a new packet because Acct-Delay-Time changed (RFC 2866 §5.2)
 */
record Failover(String type, List<RadiusPeer> peers, int sendsPerPeer, MeterRegistry meters, Duration deadTime,
                Map<String, Long> deadUntil) {

    private static final Logger log = LoggerFactory.getLogger(Failover.class);

    /** Without memory: every exchange starts with the first server. */
    Failover(String type, List<RadiusPeer> peers, int sendsPerPeer, MeterRegistry meters) {
        this(type, peers, sendsPerPeer, meters, Duration.ZERO);
    }

    /**
     * @param deadTime a server that gave no usable answer is tried after the others for this long (FreeRADIUS's
     *                 proxy calls it the zombie/revive period), so a dead primary does not cost every call its
     *                 timeouts; zero = always in configured order
     */
    Failover(String type, List<RadiusPeer> peers, int sendsPerPeer, MeterRegistry meters, Duration deadTime) {
        this(type, peers, sendsPerPeer, meters, deadTime, new ConcurrentHashMap<>());
    }

    /** Servers believed alive first, in configured order; those marked dead after them, still as a last resort. */
    List<RadiusPeer> order() {
        long now = System.nanoTime();
        List<RadiusPeer> alive = new ArrayList<>(peers.size());
        List<RadiusPeer> dead = new ArrayList<>();
        for (RadiusPeer peer : peers) {
            Long until = deadUntil.get(peer.name());
            (until != null && until - now > 0 ? dead : alive).add(peer);
        }
        alive.addAll(dead);
        return alive;
    }

    /** @param request builds the packet of each send (accounting recomputes Acct-Delay-Time) */
    Exchange exchange(Supplier<Packet> request) {
        List<String> failures = new ArrayList<>();
        for (RadiusPeer peer : order()) {
            for (int send = 0; send < sendsPerPeer; send++) {
                Attempt attempt = attempt(peer, request.get());
                if (attempt.reply() != null) {
                    if (deadUntil.remove(peer.name()) != null) {
                        log.info("RADIUS {} server {} answers again", type, peer.name());
                    }
                    return new Exchange.Answered(peer.name(), attempt.reply());
                }
                failureCounter(peer).increment();
                failures.add(peer.name() + " " + attempt.failure());
                log.info("RADIUS {} server {}: {}", type, peer.name(), attempt.failure());
                if (!attempt.worthRetrying()) {
                    break;
                }
            }
            markDead(peer);
        }
        return new Exchange.NoAnswer(failures.isEmpty() ? "no RADIUS server" : String.join(", ", failures));
    }

    private void markDead(RadiusPeer peer) {
        if (!deadTime.isZero() && deadUntil.put(peer.name(), System.nanoTime() + deadTime.toNanos()) == null) {
            log.warn("RADIUS {} server {} gave no usable answer: tried after the others for {}", type, peer.name(),
                    deadTime);
        }
    }

    private Attempt attempt(RadiusPeer peer, Packet request) {
        Timer.Sample sample = Timer.start(meters);
        try {
            Packet reply = peer.send(request);
            String outcome = outcome(reply);
            sample.stop(timer(peer, outcome));
            return outcome.equals("error")
                    ? new Attempt(null, "unexpected reply code " + reply.getCode(), false)
                    : new Attempt(reply, null, false);
        } catch (RadiusClientException e) {
            boolean timeout = isTimeout(e);
            sample.stop(timer(peer, timeout ? "timeout" : "error"));
            return new Attempt(null, timeout ? "timeout" : "error: " + describe(e), true);
        }
    }

    /**
     * A server that answered a valid packet of the wrong kind is not asked again; one that was silent or unreachable
     * may be (answers failing a check never get here: the client discards them and waits on).
     */
    private record Attempt(Packet reply, String failure, boolean worthRetrying) {
    }

    private String outcome(Packet reply) {
        // an Access-Challenge is an error too: a call has nothing to answer it with
        return switch (reply.getCode()) {
            case AccessAccept.CODE -> type.equals("access") ? "accept" : "error";
            case AccessReject.CODE -> type.equals("access") ? "reject" : "error";
            case AccountingResponse.CODE -> type.equals("accounting") ? "ack" : "error";
            default -> "error";
        };
    }

    /** "No answer" is a RadiusClientException without a cause; I/O and codec errors carry one. */
    private static boolean isTimeout(RadiusClientException e) {
        return e.getCause() == null;
    }

    private static String describe(RadiusClientException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }

    private Timer timer(RadiusPeer peer, String outcome) {
        return Timer.builder("parloir.aaa.radius.requests").description("RADIUS request/answer exchanges")
                .tag("server", peer.name()).tag("type", type).tag("outcome", outcome).register(meters);
    }

    private Counter failureCounter(RadiusPeer peer) {
        return Counter.builder("parloir.aaa.radius.failures")
                .description("RADIUS sends that got no usable answer (timeout, I/O error, bad authenticator)")
                .tag("server", peer.name()).tag("type", type).register(meters);
    }
}
