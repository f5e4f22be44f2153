package org.parloir.bridge.media.srtp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over two {@link MessageDigest}s, written into the caller's array. {@code javax.crypto.Mac}
 * allocates a 20-byte array in every {@code doFinal} (and one more for the inner hash); this one allocates
 * nothing per message. Not thread-safe.
 */
final class HmacSha1 {

    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    HmacSha1(byte[] key) {
        try {
            inner = MessageDigest.getInstance("SHA-1");
            outer = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        byte[] k = key.length > BLOCK ? inner.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        inner.update(ipad);
    }

    void update(byte[] data, int offset, int length) {
        inner.update(data, offset, length);
    }

    void update(byte b) {
        inner.update(b);
    }

    /** Writes the MAC of everything given since the last call at {@code out[offset]} and starts a new message. */
    void doFinal(byte[] out, int offset) {
        try {
            inner.digest(innerHash, 0, LENGTH);
            outer.update(opad);
            outer.update(innerHash);
            outer.digest(out, offset, LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        inner.update(ipad);
    }
}
