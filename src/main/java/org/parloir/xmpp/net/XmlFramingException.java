package org.parloir.xmpp.net;

/**
 * The peer's bytes cannot be framed; {@code condition} is the RFC 6120 §4.9.3 stream error to answer with
 * ({@code not-well-formed}, {@code restricted-xml}, {@code policy-violation}, {@code unsupported-encoding}).
 */
public final class XmlFramingException extends Exception {

    private final String condition;

    public XmlFramingException(String condition, String message) {
        super(message, null, false, false);
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }
}
