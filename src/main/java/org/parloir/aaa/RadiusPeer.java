package org.parloir.aaa;

import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.core.packet.Packet;

/**
 * One port of one RADIUS server (its access or its accounting port). {@link #send} blocks until the server answered,
 * or every retransmission the underlying client was built with timed out.
 *
 * @param name   host:port, for logs and meter tags (never the secret)
 * @param client encodes the request (aaa4j fills in a Message-Authenticator attribute that is present), and returns
 *               the first answer that passes the checks of {@link VerifyingUdpClient}
 */
record RadiusPeer(String name, RadiusClient client) implements AutoCloseable {

    Packet send(Packet request) throws RadiusClientException {
        return client.send(request);
    }

    @Override
    public void close() {
        client.close();
    }
}
