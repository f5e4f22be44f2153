package org.parloir.bridge.media.srtp;

import java.util.Optional;

/**
 * The DTLS-SRTP protection profiles the bridge negotiates (RFC 5764 §4.1.2): AES-128 counter mode with HMAC-SHA1,
 * an 80- or a 32-bit tag on SRTP. SRTCP keeps the 80-bit tag with both ("SRTCP auth tag: 80 bits" in the table).
 */
public enum SrtpProfile {
    AES128_CM_HMAC_SHA1_80,
    AES128_CM_HMAC_SHA1_32;

    /** The SRTCP tag of both profiles (RFC 5764 §4.1.2). */
    public static final int RTCP_TAG_LENGTH = 10;
    /** AES-128 master key and 112-bit master salt (RFC 3711 §8.2, RFC 5764 §4.2). */
    public static final int MASTER_KEY_LENGTH = 16;
    public static final int MASTER_SALT_LENGTH = 14;

    /** The two-byte identifier in the {@code use_srtp} extension: {0x00, 0x01} and {0x00, 0x02} (§4.1.2). */
    public int id() {
        return ordinal() + 1;
    }

    /** Bytes of the SRTP authentication tag. */
    public int rtpTagLength() {
        return this == AES128_CM_HMAC_SHA1_80 ? 10 : 4;
    }

    public static Optional<SrtpProfile> ofId(int id) {
        return id >= 1 && id <= values().length ? Optional.of(values()[id - 1]) : Optional.empty();
    }
}
