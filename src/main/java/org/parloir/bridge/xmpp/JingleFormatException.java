package org.parloir.bridge.xmpp;

/** A Jingle element the bridge cannot read: answered with bad-request (XEP-0166 §8), never thrown further. */
final class JingleFormatException extends RuntimeException {

    JingleFormatException(String message) {
        super(message);
    }
}
