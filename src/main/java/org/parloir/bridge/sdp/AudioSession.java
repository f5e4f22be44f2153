package org.parloir.bridge.sdp;

import java.util.List;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

/**
 * The audio stream of a SIP leg's session description (RFC 4566, RFC 3264), as far as the bridge relays it.
 *
 * @param address      where the peer receives RTP (c= of the media or the session)
 * @param port         its RTP port; 0 = the stream is refused (RFC 3264 §6)
 * @param profile      RTP/AVP, or RTP/SAVP when the peer wants SRTP
 * @param payloadTypes in the peer's order of preference, with rtpmap/fmtp applied
 * @param ptime        packet duration in ms, or 0 when absent
 * @param direction    sendrecv, sendonly, recvonly or inactive
 * @param rtcpMux      a=rtcp-mux (RFC 5761)
 * @param crypto       a=crypto lines (RFC 4568 SDES), verbatim
 */
public record AudioSession(String address, int port, String profile, List<PayloadType> payloadTypes, int ptime,
                           String direction, boolean rtcpMux, List<String> crypto) {

    public AudioSession {
        payloadTypes = List.copyOf(payloadTypes);
        crypto = crypto == null ? List.of() : List.copyOf(crypto);
    }

    public boolean refused() {
        return port == 0;
    }

    /**
     * The party puts the call on hold (RFC 3264 §8.4): it will not send ({@code sendonly} toward us, or
     * {@code inactive}), or, as RFC 2543 phones do, it gives the address 0.0.0.0.
     */
    public boolean held() {
        return "sendonly".equals(direction) || "inactive".equals(direction) || "0.0.0.0".equals(address);
    }
}
