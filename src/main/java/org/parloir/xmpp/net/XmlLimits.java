package org.parloir.xmpp.net;

/**
 * Hard limits of the XML framer.
 *
 * @param maxStanzaBytes largest first-level element (and stream header) in bytes
 * @param maxDepth       deepest element nesting inside a stanza (the stanza itself is depth 1)
 */
public record XmlLimits(int maxStanzaBytes, int maxDepth) {
}
