package org.parloir.bridge.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the keystream of a 128-bit IV whose last 16 bits count
 * blocks. One instance per key and thread (a {@link Cipher} is not thread-safe).
 */
final class AesCounter {

    private final Cipher aes;

    AesCounter(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /** XORs {@code length} bytes of {@code data} from {@code offset} with the keystream of {@code iv}. */
    void xor(byte[] iv, byte[] data, int offset, int length) {
        byte[] counter = iv.clone();
        byte[] block = new byte[16];
        try {
            for (int done = 0; done < length; done += 16) {
                int blockIndex = done / 16;
                counter[14] = (byte) (blockIndex >>> 8);
                counter[15] = (byte) blockIndex;
                aes.doFinal(counter, 0, 16, block, 0);
                int n = Math.min(16, length - done);
                for (int i = 0; i < n; i++) {
                    data[offset + done + i] ^= block[i];
                }
            }
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
