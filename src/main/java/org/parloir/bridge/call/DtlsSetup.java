package org.parloir.bridge.call;

/**
 * The DTLS roles of RFC 4145 §4 as RFC 5763 §5 and XEP-0320 use them. The bridge answers an {@code actpass}
 * offer with {@code active} and then really starts the handshake (a bridge that announced a role and never acted
 * on it broke Dino, dino#1072); it offers {@code actpass} itself.
 */
public enum DtlsSetup {
    /** We connect: the DTLS client. */
    ACTIVE,
    /** We wait for the peer's ClientHello: the DTLS server. */
    PASSIVE;

    public static boolean valid(String offered) {
        return offered == null || "actpass".equals(offered) || "active".equals(offered) || "passive".equals(offered);
    }

    /** Our role in answer to the offerer's {@code setup} (absent means actpass, RFC 4145 §4). */
    public static DtlsSetup answering(String offered) {
        return "active".equals(offered) ? PASSIVE : ACTIVE;
    }

    /** Our role once the answerer told its own, after we offered actpass. */
    public static DtlsSetup offeredAndAnswered(String answered) {
        return "active".equals(answered) ? PASSIVE : ACTIVE;
    }

    public String attribute() {
        return this == ACTIVE ? "active" : "passive";
    }
}
