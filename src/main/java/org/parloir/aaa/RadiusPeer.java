package org.parloir.aaa;

import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.core.packet.Packet;

/**
 * One port of one RADIUS server (its access or its accounting port). {@link #send} blocks until the server answered,
 * or every retransmission the underlying client was built with timed out.
 *
 * @param name   host:port, for logs and meter tags (never the secret)
 * @param client aaa4j client: encodes the request (filling in a Message-Authenticator attribute that is present),
 *               checks the response's identifier and Response Authenticator (RFC 2865 §3) and decodes it
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
