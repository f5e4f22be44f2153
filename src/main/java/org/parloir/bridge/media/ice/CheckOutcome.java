package org.parloir.bridge.media.ice;

import java.net.InetSocketAddress;

/** What a lite agent does with a datagram that arrived on a media port and looked like STUN. */
public sealed interface CheckOutcome {

    /**
     * A valid connectivity check from {@code peer}: send {@code response} back to it. The pair is then valid (media
     * from {@code peer} may be accepted), and selected when {@code nominated} (USE-CANDIDATE, RFC 8445 §8.2.1).
     */
    record Answer(byte[] response, InetSocketAddress peer, boolean nominated) implements CheckOutcome {
    }

    /** A request refused with a STUN error response (400, 401, 487); the peer stays unvalidated. */
    record Refuse(byte[] response, int code) implements CheckOutcome {
    }

    /** Not a request we answer (malformed, wrong FINGERPRINT, a response or indication): discarded, §6.3. */
    record Drop(String why) implements CheckOutcome {
    }
}
