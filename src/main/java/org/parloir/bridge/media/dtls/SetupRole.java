package org.parloir.bridge.media.dtls;

import java.util.Locale;

/**
 * The {@code a=setup} attribute (RFC 4145 §4, XEP-0320 {@code setup}) as DTLS-SRTP uses it (RFC 5763 §5): the
 * active endpoint is the DTLS client and starts the handshake, the passive one is the server; an offerer says
 * {@code actpass} and the answerer picks.
 */
public enum SetupRole {
    ACTIVE,
    PASSIVE,
    ACTPASS;

    /** Parses {@code active}, {@code passive} or {@code actpass} (case-insensitive); holdconn is not used here. */
    public static SetupRole parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            case "actpass" -> ACTPASS;
            default -> throw new IllegalArgumentException("setup is active, passive or actpass: " + value);
        };
    }

    /** The attribute value, lower case. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What an answerer says to this offered role (RFC 5763 §5: to {@code actpass} the answerer SHOULD be active,
     * so the handshake starts without waiting for the answer to arrive; RFC 4145 §4.1 otherwise).
     */
    public SetupRole answerTo() {
        return switch (this) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
        };
    }

    /** Our role once the peer answered with this one; an answer cannot be {@code actpass} (RFC 4145 §4.1). */
    public SetupRole counterpart() {
        return switch (this) {
            case ACTIVE -> PASSIVE;
            case PASSIVE -> ACTIVE;
            case ACTPASS -> throw new IllegalArgumentException("an answer is active or passive, never actpass");
        };
    }

    /** Whether this end is the DTLS client (RFC 5763 §5: the active one). Only ACTIVE and PASSIVE have a side. */
    public boolean isDtlsClient() {
        if (this == ACTPASS) {
            throw new IllegalStateException("actpass is not a side yet: the answer decides");
        }
        return this == ACTIVE;
    }
}
