package org.parloir.bridge.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridged call's media: the two legs, their receive loops, and the periodic watch of consent (RFC 7675) and
 * inactivity on the relay's shared timer. Events go to the listener at most once each (until media flows again,
 * for Inactive), never after close.
 */
final class RelayedCall implements BridgedMedia {

    private static final Logger log = LoggerFactory.getLogger(RelayedCall.class);

    private final MediaRelay relay;
    private final String label;
    private final LegListener listener;
    private final PortRange.Bound securePort;
    private final PortRange.Bound plainPort;
    private final SecureLeg secure;
    private final PlainLeg plain;
    private final SecureLocal local;
    private final InetSocketAddress plainLocal;
    private final ReceiveLoop secureLoop;
    private final ReceiveLoop plainLoop;
    private volatile ScheduledFuture<?> watch;
    private volatile boolean closed;
    private volatile boolean secureEnded;
    private long secureStartNanos;
    private long plainStartNanos;
    private boolean secureInactive;
    private boolean plainInactive;

    RelayedCall(MediaRelay relay, String label, LegListener listener, PortRange.Bound securePort,
            PortRange.Bound plainPort, String ufrag, String pwd) {
        this.relay = relay;
        this.label = label;
        this.listener = listener;
        this.securePort = securePort;
        this.plainPort = plainPort;
        DatagramChannel secureSocket = securePort.channel();
        DatagramChannel plainSocket = plainPort.channel();
        this.secure = new SecureLeg(this, secureSocket, relay.settings().maxSsrcs(), ufrag, pwd);
        this.plain = new PlainLeg(this, plainSocket, relay.settings().maxSsrcs());
        this.local = new SecureLocal(ufrag, pwd, new InetSocketAddress(relay.settings().advertised(),
                securePort.port()), relay.fingerprint());
        this.plainLocal = new InetSocketAddress(relay.settings().advertised(), plainPort.port());
        this.secureLoop = new ReceiveLoop("media-secure-" + label, secureSocket, secure::onDatagram,
                e -> socketFailed(LegEvent.Leg.SECURE, e), relay.processingTimes());
        this.plainLoop = new ReceiveLoop("media-plain-" + label, plainSocket, plain::onDatagram,
                e -> socketFailed(LegEvent.Leg.PLAIN, e), relay.processingTimes());
    }

    void start(ScheduledFuture<?> watchTask) {
        this.watch = watchTask;
        secureLoop.start();
        plainLoop.start();
    }

    @Override
    public SecureLocal secureLocal() {
        return local;
    }

    @Override
    public InetSocketAddress plainLocal() {
        return plainLocal;
    }

    @Override
    public synchronized void startSecure(SecureRemote remote) {
        if (secure.started() || closed) {
            throw new IllegalStateException("the secure leg of " + label + " is already started or closed");
        }
        secureStartNanos = System.nanoTime();
        secure.start(remote, relay.identity(), relay.settings(), label);
    }

    @Override
    public synchronized void startPlain(InetSocketAddress remote, Map<Integer, Integer> payloadTypesSecureToPlain) {
        if (plain.started() || closed) {
            throw new IllegalStateException("the plain leg of " + label + " is already started or closed");
        }
        plainStartNanos = System.nanoTime();
        plain.start(remote, new PayloadTypes(payloadTypesSecureToPlain));
    }

    @Override
    public synchronized void updatePlain(InetSocketAddress remote, Map<Integer, Integer> payloadTypesSecureToPlain) {
        if (!plain.started() || closed) {
            throw new IllegalStateException("the plain leg of " + label + " is not started, or closed");
        }
        plain.start(remote, new PayloadTypes(payloadTypesSecureToPlain));
    }

    @Override
    public LegStats secureStats() {
        return secure.counters().snapshot();
    }

    @Override
    public LegStats plainStats() {
        return plain.counters().snapshot();
    }

    void toPlain(ByteBuffer packet, int length, boolean rtcp) {
        plain.forward(packet, length, rtcp);
    }

    void toSecure(ByteBuffer packet, int length, boolean rtcp) {
        secure.forward(packet, length, rtcp);
    }

    int maxSsrcs() {
        return relay.settings().maxSsrcs();
    }

    void secureConnected() {
        log.info("media {}: secure leg connected (DTLS-SRTP)", label);
        emit(new LegEvent.Connected(LegEvent.Leg.SECURE));
    }

    void secureFailed(LegEvent.Cause cause, String reason) {
        endSecure(new LegEvent.Failed(LegEvent.Leg.SECURE, cause, reason));
    }

    void plainConnected() {
        emit(new LegEvent.Connected(LegEvent.Leg.PLAIN));
    }

    private void socketFailed(LegEvent.Leg leg, IOException e) {
        emit(new LegEvent.Failed(leg, LegEvent.Cause.SOCKET, "media socket failed: " + e.getMessage()));
    }

    /** The secure leg's one terminal event: it stops forwarding, later ones are not reported. */
    private synchronized void endSecure(LegEvent event) {
        if (!secureEnded) {
            secureEnded = true;
            secure.stop();
            log.info("media {}: secure leg ended: {}", label, event);
            emit(event);
        }
    }

    /** Run by the relay's timer: consent freshness and inactivity of both legs. */
    synchronized void tick(long now) {
        if (closed) {
            return;
        }
        MediaSettings s = relay.settings();
        if (secure.started() && !secureEnded) {
            if (!secure.checked() && now - secureStartNanos > s.consentTimeout().toNanos()) {
                endSecure(new LegEvent.Failed(LegEvent.Leg.SECURE, LegEvent.Cause.ICE,
                        "no valid ICE connectivity check within "
                        + s.consentTimeout().toSeconds() + " s"));
            } else if (secure.checked() && now - secure.lastCheckNanos() > s.consentTimeout().toNanos()) {
                endSecure(new LegEvent.ConsentExpired());
            }
        }
        if (secure.connected() && !secureEnded) {
            secureInactive = inactive(secure.counters(), secureStartNanos, now, secureInactive, LegEvent.Leg.SECURE);
        }
        if (plain.started()) {
            plainInactive = inactive(plain.counters(), plainStartNanos, now, plainInactive, LegEvent.Leg.PLAIN);
        }
    }

    private boolean inactive(LegCounters c, long startedNanos, long now, boolean reported, LegEvent.Leg leg) {
        long last = Math.max(c.lastRtpNanos(), startedNanos);
        boolean silent = now - last > relay.settings().inactivityTimeout().toNanos();
        if (silent && !reported) {
            emit(new LegEvent.Inactive(leg));
        }
        return silent;
    }

    private void emit(LegEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("media {}: the leg listener failed on {}", label, event, e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ScheduledFuture<?> w = watch;
        if (w != null) {
            w.cancel(false);
        }
        secure.close(); // DTLS close_notify goes out before the port closes
        relay.release(this, securePort, plainPort);
        secureLoop.join();
        plainLoop.join();
    }

    /** Whether a receive loop still runs (for the relay's leak checks). */
    boolean threadsAlive() {
        return secureLoop.alive() || plainLoop.alive();
    }
}
