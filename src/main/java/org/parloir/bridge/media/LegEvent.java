package org.parloir.bridge.media;

/** What happens to the legs of a relayed call; delivered on relay threads: a listener must not block. */
public sealed interface LegEvent {

    enum Leg { SECURE, PLAIN }

    /** SECURE: DTLS finished and the fingerprint matched, media flows. PLAIN: the first RTP came from the peer. */
    record Connected(Leg leg) implements LegEvent {
    }

    /**
     * The leg cannot carry media: DTLS failed, timed out or was closed by the peer (close_notify: the client hung
     * up), no ICE check came, or a socket failed.
     */
    record Failed(Leg leg, String reason) implements LegEvent {
    }

    /** No valid connectivity check for the consent timeout: the browser is gone (RFC 7675 §5.1). */
    record ConsentExpired() implements LegEvent {
    }

    /** No RTP received on this leg for the inactivity timeout (reported once until RTP flows again). */
    record Inactive(Leg leg) implements LegEvent {
    }
}
