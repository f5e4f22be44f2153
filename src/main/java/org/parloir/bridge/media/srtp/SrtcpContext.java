package org.parloir.bridge.media.srtp;

/**
 * One direction of SRTCP for one sending SSRC (RFC 3711 §3.4): the first eight bytes (header and sender SSRC) stay
 * in clear, the rest is encrypted with the 31-bit SRTCP index in place of SRTP's packet index, then E||index and an
 * 80-bit HMAC-SHA1 tag over everything before it are appended (the tag stays 80 bits with the {@code _32} SRTP
 * profile, RFC 5764 §4.1.2). The first index sent is 1, as libsrtp does. Not thread-safe.
 */
public final class SrtcpContext implements SrtpTransform {

    private static final int CLEAR = 8;
    private static final int TRAILER = 4 + SrtpProfile.RTCP_TAG_LENGTH;
    private static final long MAX_INDEX = 0x7FFF_FFFFL;

    private final SrtpCipher cipher;
    private final ReplayWindow window = new ReplayWindow();
    private long sent;

    public SrtcpContext(byte[] masterKey, byte[] masterSalt) {
        this(masterKey, masterSalt, 0);
    }

    /** A sender whose first index is {@code after + 1} (a session that already used the indices up to it). */
    SrtcpContext(byte[] masterKey, byte[] masterSalt, long after) {
        this.cipher = new SrtpCipher(SrtpKeys.deriveRtcp(masterKey, masterSalt));
        this.sent = after % MAX_INDEX;
    }

    /** The last index sent (0 before the first). */
    long sent() {
        return sent;
    }

    /**
     * Writes the SRTCP packet (encrypted, E = 1) of the (compound) RTCP packet {@code rtcp[0, length)} at
     * {@code out[0]}, which may be {@code rtcp} itself, and returns its length; -1 when it is no RTCP or
     * {@code out} cannot hold it (no index is used then).
     */
    @Override
    public int overhead() {
        return TRAILER;
    }

    @Override
    public int protect(byte[] rtcp, int length, byte[] out) {
        if (!isRtcp(rtcp, length) || out.length < length + TRAILER) {
            return -1;
        }
        sent = sent == MAX_INDEX ? 1 : sent + 1; // §3.4: the index wraps; rekeying is the signalling's business
        System.arraycopy(rtcp, 0, out, 0, length);
        cipher.crypt(SrtpCipher.ssrcAt(out, 4), sent, out, CLEAR, length - CLEAR);
        long eIndex = 0x8000_0000L | sent;
        for (int i = 0; i < 4; i++) {
            out[length + i] = (byte) (eIndex >>> (24 - 8 * i));
        }
        cipher.tag(out, length + 4, false, 0, out, length + 4, SrtpProfile.RTCP_TAG_LENGTH);
        return length + TRAILER;
    }

    /**
     * Writes the RTCP packet inside the SRTCP packet {@code srtcp[0, length)} at {@code out[0]} (may be
     * {@code srtcp}) and returns its length, or -1 when it is too short, not RTCP, wrongly tagged or replayed
     * (§3.4 with the §3.3 receiver steps on the SRTCP index); the context and {@code out} are unchanged by a
     * dropped packet.
     */
    @Override
    public int unprotect(byte[] srtcp, int length, byte[] out) {
        int body = length - TRAILER;
        if (body < CLEAR || !isRtcp(srtcp, body) || out.length < body) {
            return -1;
        }
        long eIndex = SrtpCipher.ssrcAt(srtcp, body);
        long index = eIndex & MAX_INDEX;
        if (window.replayed(index)) {
            return -1;
        }
        if (!cipher.tagMatches(srtcp, body + 4, false, 0, SrtpProfile.RTCP_TAG_LENGTH)) {
            return -1;
        }
        window.accept(index);
        System.arraycopy(srtcp, 0, out, 0, body);
        if ((eIndex & 0x8000_0000L) != 0) {
            cipher.crypt(SrtpCipher.ssrcAt(out, 4), index, out, CLEAR, body - CLEAR);
        }
        return body;
    }

    /** Version 2 and a first packet type of the RTCP range 192–223 (RFC 5761 §4), at least header and SSRC. */
    static boolean isRtcp(byte[] p, int length) {
        if (length < CLEAR || (p[0] & 0xC0) != 0x80) {
            return false;
        }
        int pt = p[1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }
}
