package org.parloir.bridge.media.dtls;

/** How a DTLS-SRTP handshake ended. */
public sealed interface DtlsOutcome {

    /** The handshake finished, the peer's certificate matched the signalled fingerprint, SRTP keys are ready. */
    record Established(DtlsKeying keying) implements DtlsOutcome {
    }

    /** No association: timeout, fingerprint mismatch, no common SRTP profile, an alert, or closed meanwhile. */
    record Failed(String reason) implements DtlsOutcome {
    }
}
