package org.parloir.xmpp.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** Parses a stored element (offline messages, vCards) with the same restricted parser as the wire. */
public final class XmlParsing {

    private static final XmlLimits LIMITS = new XmlLimits(4 * 1024 * 1024, 64);

    private XmlParsing() {
    }

    /** Parses one element whose unqualified names are in {@code defaultNamespace}. */
    public static Element parse(String xml, String defaultNamespace) {
        XmlParser parser = new XmlParser(LIMITS);
        List<Element> out = new ArrayList<>(1);
        String wrapped = "<stream:stream xmlns='" + defaultNamespace + "' xmlns:stream='" + Namespaces.STREAM + "'>"
                + xml + "</stream:stream>";
        byte[] bytes = wrapped.getBytes(StandardCharsets.UTF_8);
        try {
            parser.feed(bytes, 0, bytes.length, frame -> {
                if (frame instanceof XmlFrame.Stanza s) {
                    out.add(s.element());
                }
            });
        } catch (XmlFramingException e) {
            throw new IllegalArgumentException(e.condition() + ": " + e.getMessage());
        }
        if (out.size() != 1) {
            throw new IllegalArgumentException("expected one element, found " + out.size());
        }
        return out.get(0);
    }
}
