package org.parloir.bridge.media.srtp;

import java.util.Arrays;
import java.util.Optional;

/**
 * One direction of one SRTP stream (one SSRC) with {@code AES_CM_128_HMAC_SHA1_80} or {@code _32} (RFC 3711;
 * RFC 5764 §4.1.2 profiles): {@link #protect} for what the bridge sends, {@link #unprotect} for what it receives,
 * with the rollover counter guessed as §3.3.1 says and a 64-packet replay window (§3.3.2). Not thread-safe: one
 * context is used by the one thread that handles its stream.
 */
public final class SrtpContext {

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

    /** The SRTP packet for an RTP packet: the payload encrypted, the authentication tag appended. */
    public byte[] protect(byte[] rtp, int length) {
        int header = headerLength(rtp, length);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        long index = Math.max(index(seq(rtp)), seq(rtp)); // what we send never guesses a ROC below 0
        window.accept(index);
        byte[] out = new byte[length + tagLength];
        System.arraycopy(rtp, 0, out, 0, length);
        cipher.crypt(SrtpCipher.ssrcAt(rtp, 8), index, out, header, length - header);
        byte[] tag = cipher.tag(out, length, true, index >>> 16);
        System.arraycopy(tag, 0, out, length, tagLength);
        return out;
    }

    /**
     * The RTP packet inside an SRTP packet, or empty when it is not one, its tag is wrong, or it is a replay: such
     * packets are dropped (§3.3), and the context's state is unchanged by them.
     */
    public Optional<byte[]> unprotect(byte[] srtp, int length) {
        int body = length - tagLength;
        int header = headerLength(srtp, body);
        if (header < 0) {
            return Optional.empty();
        }
        long index = index(seq(srtp));
        if (index < 0 || window.replayed(index)) {
            return Optional.empty();
        }
        if (!SrtpCipher.tagMatches(cipher.tag(srtp, body, true, index >>> 16), srtp, body, tagLength)) {
            return Optional.empty();
        }
        window.accept(index);
        byte[] out = Arrays.copyOf(srtp, body);
        cipher.crypt(SrtpCipher.ssrcAt(srtp, 8), index, out, header, body - header);
        return Optional.of(out);
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
