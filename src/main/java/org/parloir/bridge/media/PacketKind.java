package org.parloir.bridge.media;

/**
 * What a datagram on a multiplexed media port is, from its first byte (RFC 7983 §7): 0–3 STUN, 20–63 DTLS,
 * 128–191 RTP or RTCP, told apart by the second byte (RFC 5761 §4: RTCP packet types 192–223, the range RTP
 * payload types 64–95 with the marker bit would occupy, which are therefore not used). The rest (ZRTP 16–19,
 * TURN channels 64–79) is not ours.
 */
enum PacketKind {
    STUN, DTLS, RTP, RTCP, OTHER;

    static PacketKind of(byte[] packet, int length) {
        if (length < 1) {
            return OTHER;
        }
        int first = packet[0] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191 && length >= 2) {
            int second = packet[1] & 0xFF;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return OTHER;
    }
}
