package org.parloir.xmpp.stanza;

/**
 * A stanza error (RFC 6120 §8.3): the defined condition, its type and an optional human-readable text.
 *
 * @param type      {@code auth}, {@code cancel}, {@code continue}, {@code modify} or {@code wait}
 * @param condition element name of the defined condition, e.g. {@code service-unavailable}
 * @param text      optional explanation, or null
 * @param extra     an application-specific condition element (e.g. XEP-0191 {@code <blocked/>}), or null
 */
public record StanzaError(String type, String condition, String text, Element extra) {

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition.type, condition.wireName, null, null);
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition.type, condition.wireName, text, null);
    }

    public StanzaError withExtra(Element applicationCondition) {
        return new StanzaError(type, condition, text, applicationCondition);
    }

    /** The {@code <error/>} child. */
    public Element toElement() {
        Element.Builder error = Element.builder("error", Namespaces.CLIENT).attribute("type", type)
                .child(Element.of(condition, Namespaces.STANZA_ERRORS));
        if (text != null) {
            error.child(Element.builder("text", Namespaces.STANZA_ERRORS).attribute("xml:lang", "en").text(text)
                    .build());
        }
        return error.child(extra).build();
    }

    /** The defined conditions of RFC 6120 §8.3.3 we use, with their usual error type. */
    public enum Condition {
        BAD_REQUEST("bad-request", "modify"),
        CONFLICT("conflict", "cancel"),
        FEATURE_NOT_IMPLEMENTED("feature-not-implemented", "cancel"),
        FORBIDDEN("forbidden", "auth"),
        INTERNAL_SERVER_ERROR("internal-server-error", "cancel"),
        GONE("gone", "cancel"),
        ITEM_NOT_FOUND("item-not-found", "cancel"),
        JID_MALFORMED("jid-malformed", "modify"),
        NOT_ACCEPTABLE("not-acceptable", "modify"),
        NOT_ALLOWED("not-allowed", "cancel"),
        NOT_AUTHORIZED("not-authorized", "auth"),
        POLICY_VIOLATION("policy-violation", "modify"),
        RECIPIENT_UNAVAILABLE("recipient-unavailable", "wait"),
        REGISTRATION_REQUIRED("registration-required", "auth"),
        REMOTE_SERVER_NOT_FOUND("remote-server-not-found", "cancel"),
        RESOURCE_CONSTRAINT("resource-constraint", "wait"),
        SERVICE_UNAVAILABLE("service-unavailable", "cancel"),
        UNDEFINED_CONDITION("undefined-condition", "cancel"),
        UNEXPECTED_REQUEST("unexpected-request", "wait");

        private final String wireName;
        private final String type;

        Condition(String wireName, String type) {
            this.wireName = wireName;
            this.type = type;
        }

        public String wireName() {
            return wireName;
        }
    }
}
