package org.parloir.bridge.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the keystream of a 128-bit IV whose last 16 bits count
 * blocks. One instance per key and thread (a {@link Cipher} is not thread-safe).
 */
final class AesCounter {

    private final Cipher aes;
    private final SecretKeySpec key;

    AesCounter(byte[] key) {
        try {
            this.key = new SecretKeySpec(key, "AES");
            aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /**
     * XORs {@code length} bytes of {@code data} from {@code offset} with the keystream of {@code iv}, in place.
     * The JDK's CTR mode increments the whole 128-bit block as a big-endian counter; SRTP's IV leaves its last 16
     * bits zero for the block index, and a packet never has 2^16 blocks, so the two keystreams are the same (and
     * the JDK's is the intrinsic one).
     */
    void xor(byte[] iv, byte[] data, int offset, int length) {
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            aes.doFinal(data, offset, length, data, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@code length} keystream bytes of {@code iv}. */
    byte[] keystream(byte[] iv, int length) {
        byte[] out = new byte[length];
        xor(iv, out, 0, length);
        return out;
    }
}
