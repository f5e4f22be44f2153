package org.parloir.bridge.media.dtls;

import java.io.IOException;

/** Where DTLS records go: the media port's socket, to the peer of the selected candidate pair. */
@FunctionalInterface
public interface PacketSender {

    void send(byte[] data, int offset, int length) throws IOException;
}
