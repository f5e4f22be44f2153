package org.parloir.sip;

import java.time.Duration;
import org.parloir.testing.SharedServer;

/** The {@link SharedServer} profiles that several SIP test classes share, each defined once here. */
final class SipProfiles {

    /** How long a TCP/TLS connection may take to deliver its first complete message. */
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(3);
    /** Incomplete TCP/TLS connections kept at most; beyond, the oldest are closed. */
    static final int MAX_INCOMPLETE = 20;
    /** The SIP message size limit, low enough that a test can go over it over UDP and TCP. */
    static final int MAX_MESSAGE_SIZE = 8192;

    private SipProfiles() {
    }

    /**
     * SIP over TCP and TLS: a self-signed certificate for 127.0.0.1 that the server trusts too, a low message size
     * limit, and a short connection setup deadline.
     */
    static SharedServer tls() {
        return SharedServer.profile("sip-tls", s -> s.withSelfSignedSipTls()
                .with("parloir.sip.max-message-size", Integer.toString(MAX_MESSAGE_SIZE))
                .with("parloir.sip.connection-setup-timeout", SETUP_TIMEOUT.toMillis() + "ms")
                .with("parloir.sip.max-incomplete-connections", Integer.toString(MAX_INCOMPLETE)));
    }
}
