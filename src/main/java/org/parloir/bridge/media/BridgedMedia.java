package org.parloir.bridge.media;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The media of one bridged call: a secure leg toward the Jingle client (ICE-lite, DTLS-SRTP, RTP/RTCP-mux on one
 * port) and a plain leg toward the SIP side (RTP/RTCP-mux on one port), relaying RTP and RTCP both ways. Nothing
 * is forwarded before the DTLS handshake succeeded with the signalled fingerprint.
 */
public interface BridgedMedia extends AutoCloseable {

    SecureLocal secureLocal();

    InetSocketAddress plainLocal();

    /**
     * The Jingle side's parameters; {@code remote.localRole()} is ACTIVE (we start the DTLS handshake) or PASSIVE.
     * Media flows once both sides are started.
     */
    void startSecure(SecureRemote remote);

    /**
     * The SIP side: RTP to and only from this address (its port latched to where packets really come from, RFC
     * 4961); payload type numbers renumbered secure → plain by the map (and back by its inverse). Numbers absent
     * from the map are the same on both sides.
     */
    void startPlain(InetSocketAddress remote, Map<Integer, Integer> payloadTypesSecureToPlain);

    /**
     * The SIP side moved (a re-INVITE's new address or codecs, RFC 3264 §8): from now on only the new address is
     * accepted, latched afresh, with the new payload type map. The plain leg must have been started.
     */
    void updatePlain(InetSocketAddress remote, Map<Integer, Integer> payloadTypesSecureToPlain);

    LegStats secureStats();

    LegStats plainStats();

    /** Frees both ports at once; idempotent. */
    @Override
    void close();
}
