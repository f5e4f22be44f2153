package org.parloir.xmpp.stanza;

import java.util.List;

/** Building replies to stanzas (RFC 6120 §8.2.3 for IQ, §8.3 for errors). */
public final class Stanzas {

    private Stanzas() {
    }

    public static boolean isIq(Element e) {
        return e.is("iq", Namespaces.CLIENT);
    }

    public static boolean isMessage(Element e) {
        return e.is("message", Namespaces.CLIENT);
    }

    public static boolean isPresence(Element e) {
        return e.is("presence", Namespaces.CLIENT);
    }

    /** {@code type} attribute, or the RFC default ("normal" for message, "available" = null for presence). */
    public static String type(Element e) {
        return e.attribute("type");
    }

    /** An IQ result for {@code request}, addressed back to its sender, with an optional payload. */
    public static Element result(Element request, Element payload) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", "result")
                .attribute("id", request.attribute("id"))
                .attribute("from", request.attribute("to"))
                .attribute("to", request.attribute("from"))
                .child(payload).build();
    }

    /**
     * The error reply to {@code stanza} (RFC 6120 §8.3.1): addresses swapped, type error, the message/presence
     * content kept (not an IQ's payload), and the error element appended.
     */
    public static Element error(Element stanza, StanzaError error) {
        Element.Builder b = Element.builder(stanza.name(), Namespaces.CLIENT).attribute("type", "error")
                .attribute("id", stanza.attribute("id"))
                .attribute("from", stanza.attribute("to"))
                .attribute("to", stanza.attribute("from"));
        List<Node> kept = stanza.children().stream()
                .filter(n -> !(n instanceof Element e && e.is("error", Namespaces.CLIENT))).toList();
        if (!isIq(stanza)) {
            // an IQ error carries no payload: echoing it is optional (§8.3.1) and clients parse it as a result
            b.children(kept);
        }
        return b.child(error.toElement()).build();
    }

    /** A stream error element (RFC 6120 §4.9), written with the stream prefix by the stream writer. */
    public static Element streamError(String condition, String text) {
        Element.Builder b = Element.builder("error", Namespaces.STREAM)
                .child(Element.of(condition, Namespaces.STREAMS_ERRORS));
        if (text != null) {
            b.child(Element.builder("text", Namespaces.STREAMS_ERRORS).attribute("xml:lang", "en").text(text)
                    .build());
        }
        return b.build();
    }
}
