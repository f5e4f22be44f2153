package org.parloir.bridge.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the keystream of a 128-bit IV whose last 16 bits count
 * blocks. One instance per key and thread (a {@link Cipher} is not thread-safe).
 *
 * <p>The counter blocks are encrypted with one {@code AES/ECB} cipher initialised once, into buffers of this
 * instance, and XORed in: a {@code Cipher.init} per packet (as {@code AES/CTR} needs for each new IV) clones the
 * key and the IV inside the JDK, a {@code new IvParameterSpec} and its array on top, about 100 bytes a packet.
 * ECB over whole blocks is the same intrinsic AES, and allocates nothing once the buffers fit the largest packet
 * seen (they grow, never shrink, and start at a size that holds a 20 ms G.711 or Opus frame).
 */
final class AesCounter {

    private static final int BLOCK = 16;
    private static final int INITIAL = 32 * BLOCK;

    private final Cipher aes;
    private byte[] counters = new byte[INITIAL];
    private byte[] stream = new byte[INITIAL];

    AesCounter(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /**
     * XORs {@code length} bytes of {@code data} from {@code offset} with the keystream of {@code iv}, in place.
     * Block {@code j}'s input is the IV plus {@code j} in its last 16 bits, which the IV leaves zero (a packet never
     * has 2^16 blocks).
     */
    void xor(byte[] iv, byte[] data, int offset, int length) {
        int bytes = (length + BLOCK - 1) / BLOCK * BLOCK;
        if (bytes > counters.length) {
            counters = new byte[bytes];
            stream = new byte[bytes];
        }
        for (int at = 0, j = 0; at < bytes; at += BLOCK, j++) {
            System.arraycopy(iv, 0, counters, at, BLOCK - 2);
            counters[at + 14] = (byte) (iv[14] ^ (j >>> 8));
            counters[at + 15] = (byte) (iv[15] ^ j);
        }
        try {
            aes.update(counters, 0, bytes, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < length; i++) {
            data[offset + i] ^= stream[i];
        }
    }

    /** The first {@code length} keystream bytes of {@code iv}. */
    byte[] keystream(byte[] iv, int length) {
        byte[] out = new byte[length];
        xor(iv, out, 0, length);
        return out;
    }
}
