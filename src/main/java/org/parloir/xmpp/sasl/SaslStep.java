package org.parloir.xmpp.sasl;

import org.parloir.core.UserAddress;

/** The server's answer to one SASL message (RFC 6120 §6.4). */
public sealed interface SaslStep {

    /** Send {@code <challenge/>} with this data and wait for a response. */
    record Challenge(byte[] data) implements SaslStep {
    }

    /** Authenticated as {@code user}; {@code additionalData} goes into {@code <success/>} (may be null). */
    record Success(UserAddress user, byte[] additionalData) implements SaslStep {
    }

    /**
     * Refused with a RFC 6120 §6.5 condition ({@code not-authorized}, {@code malformed-request},
     * {@code invalid-authzid}, {@code encryption-required}, {@code temporary-auth-failure}...); {@code user} is the
     * account that was tried, when known (failures are counted per account).
     */
    record Failure(String condition, String text, UserAddress user) implements SaslStep {
    }
}
