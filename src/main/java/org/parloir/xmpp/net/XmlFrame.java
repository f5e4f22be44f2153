package org.parloir.xmpp.net;

import java.util.Map;
import org.parloir.xmpp.stanza.Element;

/** What the framer hands up the pipeline: the stream header, one complete top-level element, or the stream end. */
public sealed interface XmlFrame {

    /**
     * The opening {@code <stream:stream>} tag (RFC 6120 §4.2).
     *
     * @param namespace        the namespace of the root element (must be the streams namespace)
     * @param name             local name of the root element (must be {@code stream})
     * @param defaultNamespace the stream's content namespace ({@code jabber:client} for c2s), "" when undeclared
     * @param attributes       attributes by local name ({@code xml:lang} keeps its prefix)
     */
    record StreamOpen(String namespace, String name, String defaultNamespace, Map<String, String> attributes)
            implements XmlFrame {
    }

    /** A first-level child of the stream: a stanza or a negotiation element. */
    record Stanza(Element element) implements XmlFrame {
    }

    /** The closing {@code </stream:stream>} tag. */
    record StreamClose() implements XmlFrame {
    }

    /** Whitespace between stanzas, a keep-alive (RFC 6120 §4.6.1). */
    record KeepAlive() implements XmlFrame {
    }
}
