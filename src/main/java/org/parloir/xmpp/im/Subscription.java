package org.parloir.xmpp.im;

import java.util.Locale;

/**
 * The {@code subscription} of a roster item (RFC 6121 §2.1.2.5): whether the user receives the contact's presence
 * ({@code to}) and whether the contact receives the user's ({@code from}). The pending flags of §3 and Appendix A
 * are kept beside it in {@link RosterItem}.
 */
public enum Subscription {
    NONE, TO, FROM, BOTH;

    public static Subscription of(boolean to, boolean from) {
        return to ? (from ? BOTH : TO) : (from ? FROM : NONE);
    }

    /** The state named by an attribute value; {@code remove} is a request (§2.5), not a state, and is refused. */
    public static Subscription fromWire(String value) {
        return switch (value) {
            case "none" -> NONE;
            case "to" -> TO;
            case "from" -> FROM;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("not a subscription state: " + value);
        };
    }

    /** The attribute value, e.g. {@code both}. */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The user receives the contact's presence. */
    public boolean hasTo() {
        return this == TO || this == BOTH;
    }

    /** The contact receives the user's presence. */
    public boolean hasFrom() {
        return this == FROM || this == BOTH;
    }

    public Subscription withTo(boolean to) {
        return of(to, hasFrom());
    }

    public Subscription withFrom(boolean from) {
        return of(hasTo(), from);
    }
}
