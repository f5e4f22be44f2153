package org.parloir.bridge.sdp;

/** A session description the bridge cannot use: the SIP side gets 488 (RFC 3261 §21.4.26). */
public final class SdpFormatException extends RuntimeException {

    public SdpFormatException(String message) {
        super(message);
    }
}
