package org.parloir.aaa;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RADIUS client over UDP on aaa4j's codec, in place of aaa4j's {@code UdpRadiusClient} (0.4.0), which gives up at
 * the first packet it cannot verify and does not look at an answer's Message-Authenticator. Here, as RFC 2865 §3
 * and RFC 3579 §3.2 say, an answer that fails a check is silently discarded and the client goes on waiting: from
 * another address or port (the socket is connected), with another Identifier, a wrong Response Authenticator, a
 * wrong Message-Authenticator, or none when {@code requireMessageAuthenticator}. Retransmissions resend the same
 * packet (same Identifier and Request Authenticator, RFC 2865 §2.5). One socket per request: concurrent sends
 * do not share state.
 */
final class VerifyingUdpClient implements RadiusClient {

    private static final Logger log = LoggerFactory.getLogger(VerifyingUdpClient.class);
    private static final int MAX_PACKET = 4096;

    private final InetSocketAddress server;
    private final byte[] secret;
    private final int attempts;
    private final Duration timeout;
    private final boolean requireMessageAuthenticator;
    private final PacketCodec codec;
    private final SecureRandom random = new SecureRandom();

    VerifyingUdpClient(InetSocketAddress server, byte[] secret, int attempts, Duration timeout,
                       boolean requireMessageAuthenticator) {
        this.server = server;
        this.secret = secret.clone();
        this.attempts = attempts;
        this.timeout = timeout;
        this.requireMessageAuthenticator = requireMessageAuthenticator;
        this.codec = new PacketCodec(new StandardDictionary());
    }

    @Override
    public Packet send(Packet request) throws RadiusClientException {
        byte[] authenticator = new byte[16];
        random.nextBytes(authenticator);
        byte[] wire;
        try {
            wire = codec.encodeRequest(request, secret, authenticator);
        } catch (PacketCodecException e) {
            throw new RadiusClientException(e);
        }
        // an Accounting-Request's authenticator is computed over the packet (RFC 2866 §3): read it back
        byte[] sentAuthenticator = Arrays.copyOfRange(wire, 4, 20);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            for (int attempt = 0; attempt < attempts; attempt++) {
                socket.send(new DatagramPacket(wire, wire.length));
                Packet reply = await(socket, wire[1], sentAuthenticator, request instanceof AccountingRequest);
                if (reply != null) {
                    return reply;
                }
            }
        } catch (IOException e) {
            throw new RadiusClientException(e);
        }
        throw new RadiusClientException("Timeout waiting for response");
    }

    /** The first acceptable answer within one attempt's timeout; null if none came. */
    private Packet await(DatagramSocket socket, byte identifier, byte[] requestAuthenticator, boolean accounting)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[MAX_PACKET];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] response = Arrays.copyOf(datagram.getData(), datagram.getLength());
            Packet reply = check(response, identifier, requestAuthenticator, accounting);
            if (reply != null) {
                return reply;
            }
        }
    }

    private Packet check(byte[] response, byte identifier, byte[] requestAuthenticator, boolean accounting) {
        if (response.length < 20 || response[1] != identifier) {
            return discard("another Identifier or a runt");
        }
        ResponseCheck.Verdict verdict = ResponseCheck.messageAuthenticator(response, requestAuthenticator, secret);
        if (verdict == ResponseCheck.Verdict.INVALID
                || verdict == ResponseCheck.Verdict.ABSENT && requireMessageAuthenticator && !accounting) {
            return discard("Message-Authenticator " + verdict.name().toLowerCase(Locale.ROOT));
        }
        try {
            return codec.decodeResponse(response, secret, requestAuthenticator); // checks the Response Authenticator
        } catch (PacketCodecException e) {
            return discard(e.getMessage());
        }
    }

    private Packet discard(String why) {
        log.warn("RADIUS answer from {} discarded: {}", server, why);
        return null;
    }

    @Override
    public void close() {
        // no socket outlives its request
    }
}
