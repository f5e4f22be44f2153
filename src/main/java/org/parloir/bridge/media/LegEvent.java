package org.parloir.bridge.media;

/** What happens to the legs of a relayed call; delivered on relay threads: a listener must not block. */
public sealed interface LegEvent {

    enum Leg { SECURE, PLAIN }

    /** SECURE: DTLS finished and the fingerprint matched, media flows. PLAIN: the first RTP came from the peer. */
    record Connected(Leg leg) implements LegEvent {
    }

    /** Why a leg failed, for the signalling side's reason (a DTLS failure is a security matter, XEP-0320). */
    enum Cause {
        /** The DTLS handshake failed or timed out, or the peer's certificate is not the signalled fingerprint. */
        DTLS,
        /** An established DTLS association was closed by the peer (close_notify: the client hung up). */
        CLOSED,
        /** No valid ICE connectivity check came. */
        ICE,
        /** A media socket failed. */
        SOCKET
    }

    /** The leg cannot carry media, for {@code cause}; {@code reason} says it for a log. */
    record Failed(Leg leg, Cause cause, String reason) implements LegEvent {
    }

    /** No valid connectivity check for the consent timeout: the browser is gone (RFC 7675 §5.1). */
    record ConsentExpired() implements LegEvent {
    }

    /** No RTP received on this leg for the inactivity timeout (reported once until RTP flows again). */
    record Inactive(Leg leg) implements LegEvent {
    }
}
