package org.parloir.bridge.media.srtp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One direction of an SRTP session (RFC 3711 §3.2.3): one master key and salt from DTLS-SRTP, and a cryptographic
 * context per SSRC created when its first packet passes (each with its own ROC and replay window, §3.3.1–3.3.2),
 * for SRTP and for SRTCP. At most {@code maxSsrcs} sources: received, a packet of one more is refused, so a peer
 * cannot make the bridge keep unbounded state; sent, the least recently used source is forgotten. Not
 * thread-safe: one direction belongs to one receive loop.
 */
public final class SrtpSession {

    private final SrtpProfile profile;
    private final byte[] masterKey;
    private final byte[] masterSalt;
    private final int maxSsrcs;
    private final Map<Long, SrtpContext> rtp = new LinkedHashMap<>(8, 0.75f, true); // access order: LRU first
    private final Map<Long, SrtcpContext> rtcp = new LinkedHashMap<>(8, 0.75f, true);
    private long srtcpSent;

    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxSsrcs) {
        if (masterKey.length != SrtpProfile.MASTER_KEY_LENGTH || masterSalt.length != SrtpProfile.MASTER_SALT_LENGTH) {
            throw new IllegalArgumentException("a 16-byte master key and a 14-byte master salt");
        }
        if (maxSsrcs < 1) {
            throw new IllegalArgumentException("at least one SSRC");
        }
        this.profile = profile;
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
        this.maxSsrcs = maxSsrcs;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** SRTP of an RTP packet; empty when it is no RTP. */
    public Optional<byte[]> protectRtp(byte[] packet, int length) {
        if (SrtpContext.headerLength(packet, length) < 0) {
            return Optional.empty();
        }
        return Optional.of(sending(rtp, SrtpCipher.ssrcAt(packet, 8), () -> new SrtpContext(profile, masterKey,
                masterSalt)).protect(packet, length));
    }

    /** The RTP packet of an SRTP packet; empty when it fails authentication or replay checks, or SSRC limits. */
    public Optional<byte[]> unprotectRtp(byte[] packet, int length) {
        return length < 12 ? Optional.empty() : unprotect(rtp, SrtpCipher.ssrcAt(packet, 8),
                () -> new SrtpContext(profile, masterKey, masterSalt), c -> c.unprotect(packet, length));
    }

    /** SRTCP of a (compound) RTCP packet; empty when it is no RTCP. */
    public Optional<byte[]> protectRtcp(byte[] packet, int length) {
        if (!SrtcpContext.isRtcp(packet, length)) {
            return Optional.empty();
        }
        SrtcpContext context = sending(rtcp, SrtpCipher.ssrcAt(packet, 4),
                () -> new SrtcpContext(masterKey, masterSalt, srtcpSent));
        byte[] out = context.protect(packet, length);
        srtcpSent = Math.max(srtcpSent, context.sent());
        return Optional.of(out);
    }

    /** The RTCP packet of an SRTCP packet; empty when it fails authentication or replay checks, or SSRC limits. */
    public Optional<byte[]> unprotectRtcp(byte[] packet, int length) {
        return length < 8 ? Optional.empty() : unprotect(rtcp, SrtpCipher.ssrcAt(packet, 4),
                () -> new SrtcpContext(masterKey, masterSalt), c -> c.unprotect(packet, length));
    }

    /** A known source's context, or a new one kept only when it authenticated the packet (and there is room). */
    private <C> Optional<byte[]> unprotect(Map<Long, C> contexts, long ssrc, Supplier<C> create,
            Function<C, Optional<byte[]>> unprotect) {
        C known = contexts.get(ssrc);
        if (known != null) {
            return unprotect.apply(known);
        }
        if (contexts.size() >= maxSsrcs) {
            return Optional.empty();
        }
        C fresh = create.get();
        Optional<byte[]> plain = unprotect.apply(fresh);
        plain.ifPresent(p -> contexts.put(ssrc, fresh));
        return plain;
    }

    /**
     * The sending context of a source. A sender that changes SSRC more than {@code maxSsrcs} times (a gateway on
     * every re-INVITE) must not go silent: the least recently used source is forgotten. A forgotten SRTP source
     * that comes back starts over from its sequence number (a new index unless it repeats old ones); SRTCP
     * indices continue from the highest this session sent, so no (SSRC, index) pair is ever encrypted twice.
     */
    private <C> C sending(Map<Long, C> contexts, long ssrc, Supplier<C> create) {
        C c = contexts.get(ssrc);
        if (c == null) {
            if (contexts.size() >= maxSsrcs) {
                Iterator<C> eldest = contexts.values().iterator();
                eldest.next();
                eldest.remove();
            }
            c = create.get();
            contexts.put(ssrc, c);
        }
        return c;
    }
}
