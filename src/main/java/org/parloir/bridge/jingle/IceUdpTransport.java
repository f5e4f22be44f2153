package org.parloir.bridge.jingle;

import java.util.List;

/**
 * An XEP-0176 ICE-UDP transport with its XEP-0320 DTLS fingerprint.
 *
 * @param ufrag       ICE username fragment, null in a transport-info that only carries candidates
 * @param pwd         ICE password, likewise
 * @param candidates  candidates (none when the sender trickles them later)
 * @param fingerprint the DTLS certificate fingerprint and setup role, or null
 */
public record IceUdpTransport(String ufrag, String pwd, List<Candidate> candidates, Fingerprint fingerprint) {

    public IceUdpTransport {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /**
     * One candidate (XEP-0176 §5.3; RFC 8445 §5.1).
     *
     * @param relAddr related address of a srflx/relay candidate, or null
     * @param relPort its port, or 0
     */
    public record Candidate(int component, String foundation, int generation, String id, String ip, int port,
                            long priority, String protocol, String type, String relAddr, int relPort) {
    }

    /**
     * XEP-0320: the hash function, the fingerprint as hex pairs separated by colons, and the setup role of the
     * sender (RFC 4145: actpass, active, passive).
     */
    public record Fingerprint(String hash, String setup, String value) {
    }
}
