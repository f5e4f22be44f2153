package org.parloir.bridge.media.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The transforms SRTP and SRTCP share under one set of session keys: AES-CM encryption with the IV of RFC 3711
 * §4.1.1 and HMAC-SHA1 authentication (§4.2). Not thread-safe, as its {@link AesCounter} and {@link Mac}.
 */
final class SrtpCipher {

    private final AesCounter cipher;
    private final Mac auth;
    private final byte[] salt;

    SrtpCipher(SrtpKeys keys) {
        this.cipher = new AesCounter(keys.cipherKey());
        this.salt = keys.salt();
        try {
            auth = Mac.getInstance("HmacSHA1");
            auth.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }

    /** Encrypts or decrypts in place: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16) (§4.1.1). */
    void crypt(long ssrc, long index, byte[] data, int offset, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        cipher.xor(iv, data, offset, length);
    }

    /**
     * HMAC-SHA1 over {@code length} bytes of {@code packet}, then the four bytes of {@code trailer} when
     * {@code withTrailer} (SRTP appends the rollover counter, §4.2; SRTCP authenticates E||index in the packet).
     */
    byte[] tag(byte[] packet, int length, boolean withTrailer, long trailer) {
        auth.update(packet, 0, length);
        if (withTrailer) {
            auth.update(new byte[] {(byte) (trailer >>> 24), (byte) (trailer >>> 16), (byte) (trailer >>> 8),
                    (byte) trailer});
        }
        return auth.doFinal();
    }

    /** Whether the first {@code tagLength} bytes of {@code expected} equal the tag at {@code packet[offset]}. */
    static boolean tagMatches(byte[] expected, byte[] packet, int offset, int tagLength) {
        byte[] given = java.util.Arrays.copyOfRange(packet, offset, offset + tagLength);
        return MessageDigest.isEqual(java.util.Arrays.copyOf(expected, tagLength), given);
    }

    static long ssrcAt(byte[] p, int offset) {
        return ((p[offset] & 0xFFL) << 24) | ((p[offset + 1] & 0xFFL) << 16) | ((p[offset + 2] & 0xFFL) << 8)
                | (p[offset + 3] & 0xFFL);
    }
}
