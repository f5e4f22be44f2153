package org.parloir.xmpp.stanza;

import java.util.Objects;

/** Character data (already unescaped). */
public record Text(String text) implements Node {

    public Text {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        Xml.escape(text, out, false);
    }
}
