package org.parloir.bridge.media;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.Fingerprint;

/**
 * The bridge's media relay: one per server. It owns the UDP port range, the DTLS identity whose fingerprint every
 * secure leg announces, and one timer thread for consent and inactivity checks; each call's two ports have a
 * platform daemon thread each ({@link ReceiveLoop} says why). Closing it closes every call: no thread and no bound
 * port remain.
 */
public final class MediaRelay implements AutoCloseable {

    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MediaSettings settings;
    private final DtlsIdentity identity;
    private final Fingerprint fingerprint;
    private final PortRange ports;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<RelayedCall> open = ConcurrentHashMap.newKeySet();
    private final ProcessingTimes processingTimes = new ProcessingTimes();
    private final long tickNanos;
    private volatile boolean closed;

    public MediaRelay(MediaSettings settings, DtlsIdentity identity) {
        this.settings = settings;
        this.identity = identity;
        this.fingerprint = identity.fingerprint();
        this.ports = new PortRange(settings.bindAddress(), settings.portMin(), settings.portMax());
        this.timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("media-relay-timer").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
        Duration shortest = settings.consentTimeout().compareTo(settings.inactivityTimeout()) < 0
                ? settings.consentTimeout() : settings.inactivityTimeout();
        this.tickNanos = Math.clamp(shortest.toNanos() / 5, TimeUnit.MILLISECONDS.toNanos(20),
                TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Binds a secure-leg port and a plain-leg port (even ports, RTP/RTCP-mux on both) and starts their receive
     * loops; nothing is accepted until {@link BridgedMedia#startSecure} / {@link BridgedMedia#startPlain}.
     *
     * @param label names the call in thread names and logs (a Call-ID or Jingle sid)
     */
    public BridgedMedia open(String label, LegListener listener) throws IOException {
        if (closed) {
            throw new IOException("the media relay is closed");
        }
        PortRange.Bound secure = ports.open();
        PortRange.Bound plain;
        try {
            plain = ports.open();
        } catch (IOException e) {
            ports.release(secure);
            throw e;
        }
        RelayedCall call = new RelayedCall(this, label, listener, secure, plain, random(8), random(24));
        open.add(call);
        call.start(timer.scheduleAtFixedRate(() -> call.tick(System.nanoTime()), tickNanos, tickNanos,
                TimeUnit.NANOSECONDS));
        return call;
    }

    /** Calls open now, for a gauge. */
    public int openCount() {
        return open.size();
    }

    /** Every call's time per datagram, receive to send, for {@code parloir.bridge.media.processing}. */
    public ProcessingTimes processingTimes() {
        return processingTimes;
    }

    /** The sha-256 fingerprint of the identity, as every secure leg announces it. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** Ports bound now (two per open call), for leak checks. */
    public int portsInUse() {
        return ports.inUse();
    }

    MediaSettings settings() {
        return settings;
    }

    DtlsIdentity identity() {
        return identity;
    }

    void release(RelayedCall call, PortRange.Bound secure, PortRange.Bound plain) {
        ports.release(secure);
        ports.release(plain);
        open.remove(call);
    }

    /** Whether any thread of the relay still runs: the timer or a call's receive loop. */
    boolean threadsAlive() {
        return !timer.isTerminated() || open.stream().anyMatch(RelayedCall::threadsAlive);
    }

    /** RFC 8445 §5.3: ufrag at least 4 and password at least 22 ice-chars, at least 24 and 128 bits random. */
    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    @Override
    public void close() {
        closed = true;
        for (RelayedCall call : open) {
            call.close();
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
