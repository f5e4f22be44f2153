package org.parloir.bridge.media;

import java.util.Map;

/**
 * RTP payload type renumbering between the legs: each side's offer/answer may give the same codec another
 * dynamic number (RFC 3264 §5.1, §6.1). A table of 128 entries per direction, identity where the map says nothing;
 * the marker bit is kept.
 */
final class PayloadTypes {

    private final byte[] secureToPlain = identity();
    private final byte[] plainToSecure = identity();

    PayloadTypes(Map<Integer, Integer> secureToPlainMap) {
        secureToPlainMap.forEach((secure, plain) -> {
            if (secure < 0 || secure > 127 || plain < 0 || plain > 127) {
                throw new IllegalArgumentException("payload types are 0-127: " + secure + " -> " + plain);
            }
            secureToPlain[secure] = (byte) (int) plain;
            plainToSecure[plain] = (byte) (int) secure;
        });
    }

    /** Renumbers the RTP packet in place from the secure leg's numbers to the plain leg's. */
    void toPlain(byte[] rtp) {
        rtp[1] = (byte) ((rtp[1] & 0x80) | secureToPlain[rtp[1] & 0x7F]);
    }

    /** The inverse. */
    void toSecure(byte[] rtp) {
        rtp[1] = (byte) ((rtp[1] & 0x80) | plainToSecure[rtp[1] & 0x7F]);
    }

    private static byte[] identity() {
        byte[] t = new byte[128];
        for (int i = 0; i < t.length; i++) {
            t[i] = (byte) i;
        }
        return t;
    }
}
