package org.parloir.bridge.media.srtp;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One direction of an SRTP session (RFC 3711 §3.2.3): one master key and salt from DTLS-SRTP, and a cryptographic
 * context per SSRC created when its first packet passes (each with its own ROC and replay window, §3.3.1–3.3.2),
 * for SRTP and for SRTCP. At most {@code maxSsrcs} sources: received, a packet of one more is refused, so a peer
 * cannot make the bridge keep unbounded state; sent, the least recently used source is forgotten.
 *
 * <p>The {@code int} forms write into the caller's array (the packet's own, in place, is fine) and allocate
 * nothing for a known source: the relay's per-packet path. The {@code Optional} forms allocate and are for tests
 * and tools. Not thread-safe: one direction belongs to one receive loop, which owns the arrays it passes.
 */
public final class SrtpSession {

    private final SrtpProfile profile;
    private final byte[] masterKey;
    private final byte[] masterSalt;
    private final SsrcTable<SrtpContext> rtp;
    private final SsrcTable<SrtcpContext> rtcp;
    /** Made once: a capturing lambda written at the call would be a new object per packet. */
    private final Supplier<SrtpContext> newRtp;
    private final Supplier<SrtcpContext> newRtcp;
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
        this.rtp = new SsrcTable<>(maxSsrcs);
        this.rtcp = new SsrcTable<>(maxSsrcs);
        this.newRtp = () -> new SrtpContext(profile, this.masterKey, this.masterSalt);
        this.newRtcp = () -> new SrtcpContext(this.masterKey, this.masterSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Writes the SRTP packet of the RTP packet {@code packet[0, length)} at {@code out[0]} and returns its length;
     * -1 when it is no RTP or does not fit {@code out}.
     *
     * <p>A sender that changes SSRC more than {@code maxSsrcs} times (a gateway on every re-INVITE) must not go
     * silent: the least recently used source is forgotten. A forgotten SRTP source that comes back starts over
     * from its sequence number (a new index unless it repeats old ones).
     */
    public int protectRtp(byte[] packet, int length, byte[] out) {
        if (SrtpContext.headerLength(packet, length) < 0) {
            return -1;
        }
        long ssrc = SrtpCipher.ssrcAt(packet, 8);
        SrtpContext c = rtp.get(ssrc);
        if (c == null) {
            c = newRtp.get();
            rtp.put(ssrc, c);
        }
        return c.protect(packet, length, out);
    }

    /**
     * Writes the RTP packet of the SRTP packet {@code packet[0, length)} at {@code out[0]} and returns its length;
     * -1 when it fails authentication or replay checks, or SSRC limits.
     */
    public int unprotectRtp(byte[] packet, int length, byte[] out) {
        return length < 12 ? -1 : unprotect(rtp, SrtpCipher.ssrcAt(packet, 8), newRtp, packet, length, out);
    }

    /**
     * Writes the SRTCP packet of the (compound) RTCP packet {@code packet[0, length)} at {@code out[0]} and returns
     * its length; -1 when it is no RTCP or does not fit. SRTCP indices continue from the highest this session
     * sent, so no (SSRC, index) pair is ever encrypted twice, even for a source forgotten and back.
     */
    public int protectRtcp(byte[] packet, int length, byte[] out) {
        if (!SrtcpContext.isRtcp(packet, length)) {
            return -1;
        }
        long ssrc = SrtpCipher.ssrcAt(packet, 4);
        SrtcpContext c = rtcp.get(ssrc);
        if (c == null) {
            c = new SrtcpContext(masterKey, masterSalt, srtcpSent);
            rtcp.put(ssrc, c);
        }
        int n = c.protect(packet, length, out);
        srtcpSent = Math.max(srtcpSent, c.sent());
        return n;
    }

    /** As {@link #unprotectRtp(byte[], int, byte[])} for SRTCP. */
    public int unprotectRtcp(byte[] packet, int length, byte[] out) {
        return length < 8 ? -1 : unprotect(rtcp, SrtpCipher.ssrcAt(packet, 4), newRtcp, packet, length, out);
    }

    /** A known source's context, or a new one kept only when it authenticated the packet (and there is room). */
    private static <C extends SrtpTransform> int unprotect(SsrcTable<C> contexts, long ssrc, Supplier<C> create,
            byte[] packet, int length, byte[] out) {
        C known = contexts.get(ssrc);
        if (known != null) {
            return known.unprotect(packet, length, out);
        }
        if (contexts.full()) {
            return -1;
        }
        C fresh = create.get();
        int n = fresh.unprotect(packet, length, out);
        if (n >= 0) {
            contexts.put(ssrc, fresh);
        }
        return n;
    }

    /** SRTP of an RTP packet in a new array; empty when it is no RTP. */
    public Optional<byte[]> protectRtp(byte[] packet, int length) {
        byte[] out = new byte[length + profile.rtpTagLength()];
        return SrtpTransform.result(out, protectRtp(packet, length, out));
    }

    /** The RTP packet of an SRTP packet in a new array; empty when it is refused. */
    public Optional<byte[]> unprotectRtp(byte[] packet, int length) {
        byte[] out = new byte[Math.max(0, length)];
        return SrtpTransform.result(out, unprotectRtp(packet, length, out));
    }

    /** SRTCP of a (compound) RTCP packet in a new array; empty when it is no RTCP. */
    public Optional<byte[]> protectRtcp(byte[] packet, int length) {
        byte[] out = new byte[length + 4 + SrtpProfile.RTCP_TAG_LENGTH];
        return SrtpTransform.result(out, protectRtcp(packet, length, out));
    }

    /** The RTCP packet of an SRTCP packet in a new array; empty when it is refused. */
    public Optional<byte[]> unprotectRtcp(byte[] packet, int length) {
        byte[] out = new byte[Math.max(0, length)];
        return SrtpTransform.result(out, unprotectRtcp(packet, length, out));
    }
}
