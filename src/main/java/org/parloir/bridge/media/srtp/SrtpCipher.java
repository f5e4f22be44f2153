package org.parloir.bridge.media.srtp;

/**
 * The transforms SRTP and SRTCP share under one set of session keys: AES-CM encryption with the IV of RFC 3711
 * §4.1.1 and HMAC-SHA1 authentication (§4.2), with the IV and the tag in buffers of this instance, so a packet
 * costs no allocation. Not thread-safe, as its {@link AesCounter} and {@link HmacSha1}.
 */
final class SrtpCipher {

    private final AesCounter cipher;
    private final HmacSha1 auth;
    private final byte[] salt;
    private final byte[] iv = new byte[16];
    private final byte[] tag = new byte[HmacSha1.LENGTH];

    SrtpCipher(SrtpKeys keys) {
        this.cipher = new AesCounter(keys.cipherKey());
        this.salt = keys.salt();
        this.auth = new HmacSha1(keys.authKey());
    }

    /** Encrypts or decrypts in place: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16) (§4.1.1). */
    void crypt(long ssrc, long index, byte[] data, int offset, int length) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
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
     * The first {@code tagLength} bytes of the tag go to {@code out[offset]}.
     */
    void tag(byte[] packet, int length, boolean withTrailer, long trailer, byte[] out, int offset, int tagLength) {
        mac(packet, length, withTrailer, trailer);
        System.arraycopy(tag, 0, out, offset, tagLength);
    }

    /** Whether the tag at {@code packet[length]} is the first {@code tagLength} bytes of the computed one. */
    boolean tagMatches(byte[] packet, int length, boolean withTrailer, long trailer, int tagLength) {
        mac(packet, length, withTrailer, trailer);
        int diff = 0; // constant time, as MessageDigest.isEqual
        for (int i = 0; i < tagLength; i++) {
            diff |= tag[i] ^ packet[length + i];
        }
        return diff == 0;
    }

    private void mac(byte[] packet, int length, boolean withTrailer, long trailer) {
        auth.update(packet, 0, length);
        if (withTrailer) {
            auth.update((byte) (trailer >>> 24));
            auth.update((byte) (trailer >>> 16));
            auth.update((byte) (trailer >>> 8));
            auth.update((byte) trailer);
        }
        auth.doFinal(tag, 0);
    }

    static long ssrcAt(byte[] p, int offset) {
        return ((p[offset] & 0xFFL) << 24) | ((p[offset + 1] & 0xFFL) << 16) | ((p[offset + 2] & 0xFFL) << 8)
                | (p[offset + 3] & 0xFFL);
    }
}
