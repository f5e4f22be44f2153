package org.parloir.bridge.call;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.parloir.bridge.media.BridgedMedia;
import org.parloir.bridge.media.LegEvent;
import org.parloir.bridge.media.LegStats;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.SecureRemote;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * {@link MediaPath}s on the relay of {@code bridge.media}: one {@link BridgedMedia} per call. ICE-lite needs no
 * candidates of the client's (its checks show its address), so none are passed on. The first failure of either leg
 * (DTLS, ICE consent, no RTP for the inactivity timeout) is told once.
 */
public final class RelayMediaPaths implements MediaPath.Factory {

    private final MediaRelay relay;
    private final MeterRegistry meters;

    /** Meters: {@code parloir.bridge.media.failures} by reason; packets and losses per leg, counted as calls end. */
    public RelayMediaPaths(MediaRelay relay, MeterRegistry meters) {
        this.relay = relay;
        this.meters = meters;
    }

    /** A call's media is over: its legs' packets go to the counters. */
    private void count(BridgedMedia media) {
        count("jingle", media.secureStats());
        count("sip", media.plainStats());
    }

    private void count(String leg, LegStats s) {
        meters.counter("parloir.bridge.media.packets", "leg", leg, "direction", "in").increment(s.packetsIn());
        meters.counter("parloir.bridge.media.packets", "leg", leg, "direction", "out").increment(s.packetsOut());
        meters.counter("parloir.bridge.media.lost", "leg", leg).increment(s.packetsLost());
        meters.counter("parloir.bridge.media.rejected", "leg", leg).increment(s.rejected());
    }

    /**
     * XEP-0320 §3: a DTLS handshake that fails (a certificate that is not the signalled fingerprint) is a
     * security-error; ICE checks that never came, expired consent and lost media are connectivity errors.
     */
    private static String condition(LegEvent event) {
        return event instanceof LegEvent.Failed f && f.cause() == LegEvent.Cause.DTLS ? "security-error"
                : "connectivity-error";
    }

    private static Map<String, Object> leg(LegStats s) {
        return Map.of("packetsIn", s.packetsIn(), "packetsOut", s.packetsOut(), "packetsLost", s.packetsLost(),
                "bytesIn", s.bytesIn(), "bytesOut", s.bytesOut(), "rejected", s.rejected());
    }

    @Override
    public MediaPath open(String label, BiConsumer<String, String> failed) throws IOException {
        AtomicBoolean told = new AtomicBoolean();
        AtomicBoolean secureUp = new AtomicBoolean();
        BridgedMedia media = relay.open(label, event -> {
            if (event instanceof LegEvent.Connected c && c.leg() == LegEvent.Leg.SECURE) {
                secureUp.set(true);
            }
            if (secureUp.get() && event instanceof LegEvent.Failed f && f.cause() == LegEvent.Cause.CLOSED) {
                // the client closed DTLS (close_notify) as it hangs up: its session-terminate says why, and if
                // it never comes, ICE consent expires (RFC 7675)
                return;
            }
            String why = switch (event) {
                case LegEvent.Connected connected -> null;
                case LegEvent.Failed f -> f.leg().name().toLowerCase(Locale.ROOT) + " leg: " + f.reason();
                case LegEvent.ConsentExpired expired -> "ICE consent expired (RFC 7675)";
                case LegEvent.Inactive inactive -> "no media on the " + inactive.leg().name().toLowerCase(Locale.ROOT)
                        + " leg";
            };
            if (why != null && told.compareAndSet(false, true)) {
                meters.counter("parloir.bridge.media.failures", "reason", condition(event)).increment();
                failed.accept(condition(event), why);
            }
        });
        return new MediaPath() {
            @Override
            public SecureLocal secureLocal() {
                org.parloir.bridge.media.SecureLocal local = media.secureLocal();
                return new SecureLocal(local.iceUfrag(), local.icePwd(), local.candidate(),
                        local.fingerprint().algorithm(), local.fingerprint().hex());
            }

            @Override
            public InetSocketAddress plainLocal() {
                return media.plainLocal();
            }

            @Override
            public void startSecure(String ufrag, String pwd, String fingerprintHash, String fingerprint,
                                    SetupRole role) {
                media.startSecure(new SecureRemote(ufrag, pwd, List.of(), new Fingerprint(fingerprintHash,
                        fingerprint), role));
            }

            @Override
            public void startPlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip) {
                media.startPlain(remote, jingleToSip);
            }

            @Override
            public void updatePlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip) {
                media.updatePlain(remote, jingleToSip);
            }

            @Override
            public Map<String, Object> stats() {
                return Map.of("jingle", leg(media.secureStats()), "sip", leg(media.plainStats()));
            }

            private final AtomicBoolean closed = new AtomicBoolean();

            @Override
            public void close() {
                media.close();
                if (closed.compareAndSet(false, true)) {
                    count(media);
                }
            }
        };
    }
}
