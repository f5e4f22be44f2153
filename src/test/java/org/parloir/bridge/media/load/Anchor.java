package org.parloir.bridge.media.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * A media relay under load: Parloir's (through {@link RelayHost}'s control port) or rtpengine (over ng). For each
 * call the generator gives its two ends, the relay answers with its own; the generator then does ICE, DTLS and
 * media itself. Signalling is not measured.
 */
interface Anchor extends AutoCloseable {

    /** The generator's ends of one call: a WebRTC client (ICE + DTLS-SRTP, rtcp-mux) and a plain RTP phone. */
    record ClientEnds(String callId, String iceUfrag, String icePwd, InetSocketAddress secure, Fingerprint fingerprint,
            InetSocketAddress plain) {
    }

    /**
     * The relay's ends of one call.
     *
     * @param clientRole the DTLS role the generator's WebRTC client takes (the relay took the other)
     */
    record RelayEnds(String iceUfrag, String icePwd, InetSocketAddress secure, Fingerprint fingerprint,
            SetupRole clientRole, InetSocketAddress plain) {
    }

    /** A short name for reports: {@code parloir}, {@code rtpengine}. */
    String name();

    RelayEnds open(ClientEnds client) throws IOException;

    void close(String callId) throws IOException;

    /** The relay's process, whose CPU time is measured. */
    long pid();

    @Override
    void close() throws IOException;
}
