package org.parloir.bridge.media.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of one SRTP stream (one SSRC) with {@code AES_CM_128_HMAC_SHA1_80} or {@code _32} (RFC 3711;
 * RFC 5764 §4.1.2 profiles): {@link #protect} for what the bridge sends, {@link #unprotect} for what it receives,
 * with the rollover counter guessed as §3.3.1 says and a 64-packet replay window (§3.3.2). Not thread-safe: one
 * context is used by the one thread that handles its stream.
 */
public final class SrtpContext {

    private static final int REPLAY_WINDOW = 64;

    private final AesCounter cipher;
    private final Mac auth;
    private final byte[] salt;
    private final int tagLength;
    private long roc;
    private int highestSeq = -1;
    private long replayBits;

    /** @param tagLength 10 ({@code _80}) or 4 ({@code _32}) */
    public SrtpContext(byte[] masterKey, byte[] masterSalt, int tagLength) {
        if (tagLength != 10 && tagLength != 4) {
            throw new IllegalArgumentException("tag length 10 (HMAC_SHA1_80) or 4 (HMAC_SHA1_32)");
        }
        SrtpKeys keys = SrtpKeys.derive(masterKey, masterSalt);
        this.cipher = new AesCounter(keys.cipherKey());
        this.salt = keys.salt();
        this.tagLength = tagLength;
        try {
            auth = Mac.getInstance("HmacSHA1");
            auth.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }

    /** The SRTP packet for an RTP packet: the payload encrypted, the authentication tag appended. */
    public byte[] protect(byte[] rtp, int length) {
        int header = headerLength(rtp, length);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        int seq = seq(rtp);
        long index = index(seq);
        accept(seq, index);
        byte[] out = new byte[length + tagLength];
        System.arraycopy(rtp, 0, out, 0, length);
        cipher.xor(iv(ssrc(rtp), index), out, header, length - header);
        byte[] tag = tag(out, length, index >>> 16);
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
        int seq = seq(srtp);
        long index = index(seq);
        if (replayed(index)) {
            return Optional.empty();
        }
        byte[] expected = tag(srtp, body, index >>> 16);
        byte[] given = new byte[tagLength];
        System.arraycopy(srtp, body, given, 0, tagLength);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, tagLength), given)) {
            return Optional.empty();
        }
        accept(seq, index);
        byte[] out = java.util.Arrays.copyOf(srtp, body);
        cipher.xor(iv(ssrc(srtp), index), out, header, body - header);
        return Optional.of(out);
    }

    /** §3.3.1: the index of {@code seq} from the highest sequence number seen and the rollover counter. */
    private long index(int seq) {
        if (highestSeq < 0) {
            return seq;
        }
        long v;
        if (highestSeq < 0x8000) {
            v = seq - highestSeq > 0x8000 ? roc - 1 : roc;
        } else {
            v = highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }
        return (v << 16) | seq;
    }

    private boolean replayed(long index) {
        if (highestSeq < 0) {
            return false;
        }
        long highest = (roc << 16) | highestSeq;
        if (index > highest) {
            return false;
        }
        long delta = highest - index;
        return delta >= REPLAY_WINDOW || (replayBits & (1L << delta)) != 0;
    }

    private void accept(int seq, long index) {
        long highest = highestSeq < 0 ? -1 : (roc << 16) | highestSeq;
        if (index > highest) {
            long shift = highest < 0 ? REPLAY_WINDOW : index - highest;
            replayBits = shift >= REPLAY_WINDOW ? 1 : (replayBits << shift) | 1;
            roc = index >>> 16;
            highestSeq = seq;
        } else {
            replayBits |= 1L << (highest - index);
        }
    }

    /** IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16) (§4.1.1). */
    private byte[] iv(long ssrc, long index) {
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    /** HMAC-SHA1 over the authenticated portion then the rollover counter (§4.2). */
    private byte[] tag(byte[] packet, int length, long rolloverCounter) {
        auth.update(packet, 0, length);
        auth.update(new byte[] {(byte) (rolloverCounter >>> 24), (byte) (rolloverCounter >>> 16),
                (byte) (rolloverCounter >>> 8), (byte) rolloverCounter});
        return auth.doFinal();
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

    private static long ssrc(byte[] p) {
        return ((p[8] & 0xFFL) << 24) | ((p[9] & 0xFFL) << 16) | ((p[10] & 0xFFL) << 8) | (p[11] & 0xFFL);
    }
}
