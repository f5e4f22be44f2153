package org.parloir.bridge.call;

import org.parloir.bridge.media.dtls.SetupRole;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The media of one bridged call as the signalling side drives it: an ICE-lite/DTLS-SRTP port towards the Jingle
 * client and a plain RTP port towards the SIP side, relaying between them once both are started. Implemented on
 * the relay of {@code bridge.media}.
 */
public interface MediaPath extends AutoCloseable {

    /**
     * What the bridge tells the Jingle client about its side.
     *
     * @param candidate       the one host candidate (ICE-lite, RFC 8445 §2.5)
     * @param fingerprintHash {@code sha-256}
     * @param fingerprint     the DTLS certificate fingerprint, hex pairs separated by colons (RFC 8122 §5)
     */
    record SecureLocal(String ufrag, String pwd, InetSocketAddress candidate, String fingerprintHash,
                       String fingerprint) {
    }

    SecureLocal secureLocal();

    /** Where the SIP side is to send RTP (the c= and m= of the bridge's SDP). */
    InetSocketAddress plainLocal();

    /** The Jingle client's ICE credentials and DTLS fingerprint; the handshake starts per {@code role}. */
    void startSecure(String ufrag, String pwd, String fingerprintHash, String fingerprint, SetupRole role);

    /** The SIP side's RTP address; payload types renumbered per {@code jingleToSip} (and back). */
    void startPlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip);

    /** The SIP side moved its media (a re-INVITE): RTP goes to and is accepted only from the new address. */
    void updatePlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip);

    /** Packets and bytes of each leg so far ({@code jingle}, {@code sip}), for the admin view. */
    default Map<String, Object> stats() {
        return Map.of();
    }

    /** Frees both ports; idempotent. */
    @Override
    void close();

    /**
     * Opens media paths; {@code failed} is told once, on a media thread, when ICE, DTLS or the RTP flow fails: the
     * XEP-0166 §7.4 reason (security-error for DTLS, connectivity-error for ICE and lost media) and a text.
     */
    interface Factory {

        MediaPath open(String label, java.util.function.BiConsumer<String, String> failed)
                throws java.io.IOException;
    }
}
