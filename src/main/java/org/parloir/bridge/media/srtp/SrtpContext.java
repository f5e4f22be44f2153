package org.parloir.bridge.media.srtp;

/**
 * One direction of one SRTP stream (one SSRC) with {@code AES_CM_128_HMAC_SHA1_80} or {@code _32} (RFC 3711;
 * RFC 5764 §4.1.2 profiles): {@link #protect} for what the bridge sends, {@link #unprotect} for what it receives,
 * with the rollover counter guessed as §3.3.1 says and a 64-packet replay window (§3.3.2). Not thread-safe: one
 * context is used by the one thread that handles its stream.
 */
public final class SrtpContext implements SrtpTransform {

    private final SrtpCipher cipher;
    private final int tagLength;
    private final ReplayWindow window = new ReplayWindow();

    /** @param tagLength 10 ({@code _80}) or 4 ({@code _32}) */
    public SrtpContext(byte[] masterKey, byte[] masterSalt, int tagLength) {
        if (tagLength != 10 && tagLength != 4) {
            throw new IllegalArgumentException("tag length 10 (HMAC_SHA1_80) or 4 (HMAC_SHA1_32)");
        }
        this.cipher = new SrtpCipher(SrtpKeys.derive(masterKey, masterSalt));
        this.tagLength = tagLength;
    }

    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(masterKey, masterSalt, profile.rtpTagLength());
    }

    /**
     * Writes the SRTP packet of the RTP packet {@code rtp[0, length)} at {@code out[0]}, which may be {@code rtp}
     * itself (in place): the payload encrypted, the authentication tag appended. Returns its length, or -1 when it
     * is no RTP or {@code out} cannot hold {@code length} plus the tag.
     */
    @Override
    public int overhead() {
        return tagLength;
    }

    @Override
    public int protect(byte[] rtp, int length, byte[] out) {
        int header = headerLength(rtp, length);
        if (header < 0 || out.length < length + tagLength) {
            return -1;
        }
        long index = Math.max(index(seq(rtp)), seq(rtp)); // what we send never guesses a ROC below 0
        window.accept(index);
        System.arraycopy(rtp, 0, out, 0, length);
        cipher.crypt(SrtpCipher.ssrcAt(out, 8), index, out, header, length - header);
        cipher.tag(out, length, true, index >>> 16, out, length, tagLength);
        return length + tagLength;
    }

    /**
     * Writes the RTP packet inside the SRTP packet {@code srtp[0, length)} at {@code out[0]}, which may be
     * {@code srtp} itself (in place), and returns its length; or returns -1 when it is not one, its tag is wrong,
     * or it is a replay: such packets are dropped (§3.3), and neither the context nor {@code out} is changed by
     * them.
     */
    @Override
    public int unprotect(byte[] srtp, int length, byte[] out) {
        int body = length - tagLength;
        int header = headerLength(srtp, body);
        if (header < 0 || out.length < body) {
            return -1;
        }
        long index = index(seq(srtp));
        if (index < 0 || window.replayed(index)) {
            return -1;
        }
        if (!cipher.tagMatches(srtp, body, true, index >>> 16, tagLength)) {
            return -1;
        }
        window.accept(index);
        System.arraycopy(srtp, 0, out, 0, body);
        cipher.crypt(SrtpCipher.ssrcAt(out, 8), index, out, header, body - header);
        return body;
    }

    /** §3.3.1 (and Appendix A): the index of {@code seq} from the highest index seen, s_l and ROC. */
    private long index(int seq) {
        long highest = window.highest();
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int highestSeq = (int) (highest & 0xFFFF);
        long v;
        if (highestSeq < 0x8000) {
            v = seq - highestSeq > 0x8000 ? roc - 1 : roc;
        } else {
            v = highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : (v << 16) | seq; // a guess before ROC 0 is no valid index: §3.3.1's v - 1 underflow
    }

    /** RTP header length with CSRCs and extension (RFC 3550 §5.1, §5.3.1); -1 when it is not RTP version 2. */
    static int headerLength(byte[] p, int length) {
        if (length < 12 || (p[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = 12 + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((p[header + 2] & 0xFF) << 8) | (p[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    private static int seq(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }
}
