package org.parloir.sip.auth;

import org.parloir.aaa.api.DigestResponse;

/** The local half of RFC 5090 digest checking: is the response for a fresh nonce of ours, so it can be sent on? */
public sealed interface DelegatedDigest {

    /** Fresh, never used with this nonce count: the AAA server is to verify {@code response}. */
    record Ready(DigestResponse response) implements DelegatedDigest {
    }

    /** Missing, unknown, replayed or stale nonce: challenge again (stale per RFC 2617 §3.2.1). */
    record Challenge(boolean stale) implements DelegatedDigest {
    }
}
