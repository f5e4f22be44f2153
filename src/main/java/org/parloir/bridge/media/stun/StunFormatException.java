package org.parloir.bridge.media.stun;

/** Bytes that are not a well-formed STUN message (RFC 8489 §6.3: such a message is discarded, not answered). */
public final class StunFormatException extends Exception {

    public StunFormatException(String message) {
        super(message);
    }
}
