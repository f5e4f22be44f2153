package org.parloir.xmpp.stanza;

/** A node of an XML element tree: an element or a piece of character data. */
public sealed interface Node permits Element, Text {

    /** Appends this node's XML to {@code out}; {@code parentNamespace} is the default namespace in scope. */
    void writeTo(StringBuilder out, String parentNamespace);
}
