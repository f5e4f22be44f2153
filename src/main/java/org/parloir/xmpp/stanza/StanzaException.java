package org.parloir.xmpp.stanza;

/** Thrown by stanza handlers to answer with a stanza error; mapped to the wire in one place (the router). */
public final class StanzaException extends RuntimeException {

    private final StanzaError error;

    public StanzaException(StanzaError error) {
        super(error.condition() + (error.text() == null ? "" : ": " + error.text()), null, false, false);
        this.error = error;
    }

    public StanzaException(StanzaError.Condition condition) {
        this(StanzaError.of(condition));
    }

    public StanzaException(StanzaError.Condition condition, String text) {
        this(StanzaError.of(condition, text));
    }

    public StanzaError error() {
        return error;
    }
}
