package org.parloir.bridge.media.srtp;

/**
 * The session keys of one SRTP direction, derived from the master key and salt (RFC 3711 §4.3.1, key derivation
 * rate 0: derived once). From DTLS-SRTP (RFC 5764 §4.2) or SDES, the master key is 128 bits and the salt 112.
 */
record SrtpKeys(byte[] cipherKey, byte[] authKey, byte[] salt) {

    private static final int LABEL_CIPHER = 0x00;
    private static final int LABEL_AUTH = 0x01;
    private static final int LABEL_SALT = 0x02;
    /** SRTCP's labels are SRTP's plus three (§4.3.2: 0x03 encryption, 0x04 authentication, 0x05 salt). */
    private static final int RTCP_LABELS = 0x03;

    static SrtpKeys derive(byte[] masterKey, byte[] masterSalt) {
        return derive(masterKey, masterSalt, 0);
    }

    static SrtpKeys deriveRtcp(byte[] masterKey, byte[] masterSalt) {
        return derive(masterKey, masterSalt, RTCP_LABELS);
    }

    private static SrtpKeys derive(byte[] masterKey, byte[] masterSalt, int labels) {
        if (masterKey.length != 16 || masterSalt.length != 14) {
            throw new IllegalArgumentException("AES_CM_128 needs a 16-byte master key and a 14-byte master salt");
        }
        AesCounter prf = new AesCounter(masterKey);
        return new SrtpKeys(derive(prf, masterSalt, labels + LABEL_CIPHER, 16),
                derive(prf, masterSalt, labels + LABEL_AUTH, 20), derive(prf, masterSalt, labels + LABEL_SALT, 14));
    }

    /** PRF_n(k_master, x) with x = (label || r) XOR master_salt and r = 0, as an AES-CM keystream of IV x·2^16. */
    private static byte[] derive(AesCounter prf, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        iv[7] ^= (byte) label; // key_id = label || r: the label sits 48 bits above the (zero) r, at byte 7
        return prf.keystream(iv, length);
    }
}
